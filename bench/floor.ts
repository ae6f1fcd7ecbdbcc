/**
 * `npm run bench floor [ROWS]`: what each part of an import and a reconcile costs on its own for
 * the bench month, in the store's layout (store/migrations/005-lines.ts: one bill_line row of
 * integers per line, a month's per-key parts, the source compressed in pieces), set against the
 * targets of issue 10. The import's three threads are measured apart:
 *
 * 1. store: an import's rows copied by SQLite itself (INSERT … SELECT from the imported file)
 *    into a fresh file and committed: lines, keys, parts and source pieces;
 * 2. bind: the same fee lines handed to SQLite from JavaScript 64 rows a statement, as the
 *    writer does (store/bulk-insert.ts), minus the SQL-only copy;
 * 3. parse: the parse worker over the fee CSV with nothing written, and the source worker's
 *    compression of the same file;
 * 4. reconcile: the per-key sums of both bills over the stored parts, the pass every other one
 *    starts from.
 *
 * BENCH_RECONCILE_DB=path reuses the month the reconcile bench imported there.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile, previewFile } from '../main/core/import/index.js';
import { decideMapping } from '../main/core/import/headers.js';
import { startParseWorker, workerLines } from '../main/core/import/parse-in-worker.js';
import { startSourceWorker } from '../main/core/import/source-in-worker.js';
import { BulkInsert } from '../main/core/store/bulk-insert.js';
import { IN_FLIGHT } from '../main/core/import/table-import.js';
import { lineRange } from '../main/core/store/line-writer.js';
import { monthPacks, partAmount } from '../main/core/store/part-packs.js';
import { addUnits, type FastUnits, type Units } from '../main/core/money/index.js';
import { openDatabase, type Db } from '../main/core/store/index.js';
import { ensureMonthCsvs } from './fee-month.js';
import { duckdbSeconds } from './reconcile.js';

const MONTH = '2025-03';
const BIND_SAMPLE = 200_000;
const LINE_COLUMNS = ['id', 'key', 'scope', 'kind', 'verdict', 'day', 'amount', 'action', 'ref', 'at'];

const seconds = (t: number): number => (performance.now() - t) / 1000;
const s2 = (x: number): string => `${x.toFixed(2)} s`;
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')} rows/s`;

function freshDb(dir: string, name: string): Db {
  const path = join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return openDatabase(path);
}

/** One import's rows copied by SQLite from `src` into a fresh file, in one transaction. */
function storeFloor(dir: string, src: string, importId: number): { lines: number; rest: number; commit: number; rows: number } {
  const db = freshDb(dir, `store-${importId}.sqlite`);
  try {
    db.exec(`attach '${src.replaceAll("'", "''")}' as src`);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('insert into main.import select * from src.import where id = ?').run(importId);
    const [lo, hi] = lineRange(importId);
    let t = performance.now();
    const rows = db.prepare('insert into main.bill_line select * from src.bill_line where id between ? and ?').run(lo, hi).changes;
    const lines = seconds(t);
    t = performance.now();
    db.exec('insert or ignore into main.bill_key select * from src.bill_key');
    db.prepare('insert into main.part_pack select * from src.part_pack where importId = ?').run(importId);
    db.prepare('insert into main.prepaid_part select * from src.prepaid_part where importId = ?').run(importId);
    db.prepare('insert into main.source_chunk select * from src.source_chunk where importId = ?').run(importId);
    const rest = seconds(t);
    t = performance.now();
    db.exec('COMMIT');
    return { lines, rest, commit: seconds(t), rows };
  } finally {
    db.close();
  }
}

/** Seconds per million fee lines that binding from JavaScript adds to SQLite's own insert. */
function bindFloor(dir: string, src: string, importId: number): number {
  const from = new Database(src, { readonly: true });
  const db = freshDb(dir, 'bind.sqlite');
  try {
    const [lo, hi] = lineRange(importId);
    const sample = from.prepare('select * from bill_line where id between ? and ? limit ?').raw().all(lo, hi, BIND_SAMPLE) as (number | string | null)[][];
    db.exec(`attach '${src.replaceAll("'", "''")}' as src`);
    db.exec('BEGIN');
    const write = new BulkInsert(db, 'bill_line', LINE_COLUMNS);
    let t = performance.now();
    for (const r of sample) write.add(...r);
    write.flush();
    const bound = seconds(t);
    db.exec('delete from bill_line');
    t = performance.now();
    db.prepare('insert into main.bill_line select * from src.bill_line where id between ? and ? limit ?').run(lo, hi, BIND_SAMPLE);
    const copied = seconds(t);
    db.exec('ROLLBACK');
    return ((bound - copied) * 1_000_000) / sample.length;
  } finally {
    db.close();
    from.close();
  }
}

/** The parse worker over the fee CSV with nothing written: its wall time, and what receiving the batches costs this thread. */
async function parseAlone(path: string): Promise<{ rows: number; parse: number; receive: number }> {
  const preview = await previewFile(path);
  const m = decideMapping(preview.headers, { fileName: preview.file });
  const worker = startParseWorker();
  if (!worker) throw new Error('bench floor: no parse worker in this build');
  await new Promise((r) => setTimeout(r, 1000)); // its modules loaded, as the importer's header search allows
  const job = {
    file: preview.file, path, encoding: 'utf-8' as const, bomLength: 3, headerRow: preview.headerRow ?? 1, headers: preview.headers,
    kind: m.spec.kind as 'fee-detail', layout: m.spec.layout, columns: m.columns, monthFromUsage: false, inFlight: IN_FLIGHT,
  };
  const busy0 = performance.eventLoopUtilization();
  const t = performance.now();
  let rows = 0;
  await workerLines(worker, job, (b) => void (rows += b.n));
  return { rows, parse: seconds(t), receive: performance.eventLoopUtilization(busy0).active / 1000 };
}

/** The source worker's compression of the file, alone. */
async function sourceAlone(path: string): Promise<number> {
  const w = startSourceWorker(path);
  if (!w) throw new Error('bench floor: no source worker in this build');
  const t = performance.now();
  await w.archive;
  return seconds(t);
}

/** Both bills' per-key sums over the stored parts: what every reconcile pass starts from. */
function keySums(src: string): number {
  const db = new Database(src, { readonly: true });
  try {
    const t = performance.now();
    const sums = new Map<number, FastUnits | Units>();
    for (const side of [0, 1]) {
      for (const { parts } of monthPacks(db, MONTH, side, '1=1')) for (let i = 0; i < parts.n; i++) sums.set(parts.key[i]!, addUnits(sums.get(parts.key[i]!) ?? 0, partAmount(parts, i)));
    }
    return seconds(t);
  } finally {
    db.close();
  }
}

export async function benchFloor(rows = 1_000_000): Promise<void> {
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-floor-'));
  try {
    const keep = process.env.BENCH_RECONCILE_DB;
    const src = keep && existsSync(keep) ? keep : join(dir, 'month.sqlite');
    if (src !== keep) {
      const db = openDatabase(src);
      for (const path of [fee, consumption]) await importFile(db, path);
      db.close();
    }
    const ids = new Database(src, { readonly: true }).prepare("select id from import where status = 'imported' order by id").pluck().all() as number[];
    console.log(`floor: what each part costs on its own for the ${rows.toLocaleString('en-US')}-row bench month (SQLite, the driver, the workers)`);
    const stores = ids.slice(0, 2).map((id) => storeFloor(dir, src, id));
    stores.forEach((x, i) => {
      const all = x.lines + x.rest + x.commit;
      console.log(`  store ${['fee detail ', 'consumption'][i]} ${x.rows} lines: SQL copy ${s2(x.lines)} + keys, parts, source ${s2(x.rest)} + commit ${s2(x.commit)} = ${s2(all)} = ${rate(x.rows, all)}`);
    });
    const bind = bindFloor(dir, src, ids[0]!);
    console.log(`  bind from JavaScript, 64 rows a statement: +${s2(bind)} per million lines (${LINE_COLUMNS.length} values a line)`);
    const alone = await parseAlone(fee);
    const source = await sourceAlone(fee);
    console.log(`  parse worker alone, nothing written: ${alone.rows} lines in ${s2(alone.parse)} = ${rate(alone.rows, alone.parse)}; receiving them costs the writer ${s2(alone.receive)}`);
    console.log(`  source worker alone: compression ${s2(source)}`);
    const fee0 = stores[0]!;
    const writer = fee0.lines + fee0.rest + fee0.commit + (bind * fee0.rows) / 1_000_000 + alone.receive;
    console.log(
      `  → fee import, writer thread: ${s2(writer)} = ${rate(fee0.rows, writer)}; parse thread ${rate(alone.rows, alone.parse)}; ` +
        `the slower one is the floor of the import on two cores (target ≥ 200,000 rows/s)`,
    );
    const sums = keySums(src);
    const duck = duckdbSeconds(fee, consumption, MONTH);
    console.log(`  reconcile's per-key sums of both bills over the stored parts: ${s2(sums)}; DuckDB's whole job ${s2(duck)} (target: reconcile ≤ 1.0 × DuckDB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
