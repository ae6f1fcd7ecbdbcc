/**
 * `npm run bench floor [ROWS]`: what SQLite, better-sqlite3 and the parse worker each cost on
 * their own for the bench month, set against the import and reconcile targets of issues 2 and 3. It measures the floor under any importer that keeps the month in
 * this store (one SQLite file, every column kept, WAL, the same indexes) and under any
 * reconcile that reads it through better-sqlite3.
 *
 * 1. store: each bill's rows copied by SQLite itself (INSERT … SELECT from the imported file)
 *    into a fresh file, indexes built afterwards as the importer does for big files, committed;
 * 2. bind: the same fee rows handed to SQLite from JavaScript arrays, minus the SQL-only copy:
 *    what better-sqlite3 costs per bound value; and the importer's parse worker run over the fee
 *    CSV with nothing written: the parse on its own, and what receiving its batches costs the
 *    writer thread;
 * 3. read: the columns the reconcile passes read, iterated to JavaScript and dropped;
 * 4. SQL only: the job's groupings done inside SQLite, with the amounts already stored as
 *    integers of 10^-8 (added to the copy beforehand, not timed).
 *
 * BENCH_RECONCILE_DB=path reuses the month the reconcile bench imported there.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile, previewFile } from '../main/core/import/index.js';
import { startParseWorker, workerBatches } from '../main/core/import/parse-in-worker.js';
import { readHead, sniff } from '../main/core/import/sources.js';
import { plainI8Sql } from '../main/core/reconcile/sql-decimal.js';
import { insertColumns, suspendIndexes, valuesWriter, type SqlValue } from '../main/core/store/bills.js';
import { openDatabase, type Db } from '../main/core/store/index.js';
import { ensureMonthCsvs } from './fee-month.js';
import { duckdbSeconds } from './reconcile.js';

const MONTH = '2025-03';
const BIND_SAMPLE = 200_000;
/** The importer's batch size and batches in flight (main/core/import/index.ts BATCH_ROWS, IN_FLIGHT). */
const BATCH = 1_024;
const IN_FLIGHT = 4;

const seconds = (t: number): number => (performance.now() - t) / 1000;
const s2 = (x: number): string => `${x.toFixed(2)} s`;

function freshDb(dir: string, name: string): Db {
  const path = join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return openDatabase(path);
}

/** One bill table copied by SQLite from `src` into a fresh file: copy, index build, commit. */
function storeFloor(dir: string, src: string, table: 'fee_detail' | 'consumption'): { copy: number; index: number; commit: number; rows: number } {
  const db = freshDb(dir, `store-${table}.sqlite`);
  try {
    db.exec(`attach '${src.replaceAll("'", "''")}' as src`);
    const cols = (db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]).join(',');
    db.exec('BEGIN IMMEDIATE');
    db.exec(`insert into main.import select * from src.import`);
    const restore = suspendIndexes(db, table === 'fee_detail' ? 'fee-detail' : 'consumption');
    let t = performance.now();
    const rows = db.prepare(`insert into main.${table} (${cols}) select ${cols} from src.${table}`).run().changes;
    const copy = seconds(t);
    t = performance.now();
    restore();
    const index = seconds(t);
    t = performance.now();
    db.exec('COMMIT');
    return { copy, index, commit: seconds(t), rows };
  } finally {
    db.close();
  }
}

/** Seconds per million fee rows that binding from JavaScript adds to SQLite's own insert. */
function bindFloor(dir: string, src: string): { perMillion: number; values: number } {
  const from = new Database(src, { readonly: true });
  const db = freshDb(dir, 'bind.sqlite');
  try {
    const cols = insertColumns(db, 'fee-detail');
    const sample = from.prepare(`select ${cols.join(',')} from fee_detail limit ?`).raw().all(BIND_SAMPLE) as SqlValue[][];
    db.exec(`attach '${src.replaceAll("'", "''")}' as src`);
    db.exec('BEGIN');
    db.exec(`insert into main.import select * from src.import`);
    suspendIndexes(db, 'fee-detail');
    const write = valuesWriter(db, 'fee-detail');
    let t = performance.now();
    for (const r of sample) write(r);
    const bound = seconds(t);
    db.exec('delete from fee_detail');
    t = performance.now();
    db.prepare(`insert into fee_detail (${cols.join(',')}) select ${cols.join(',')} from src.fee_detail limit ?`).run(BIND_SAMPLE);
    const copied = seconds(t);
    db.exec('ROLLBACK');
    return { perMillion: ((bound - copied) * 1_000_000) / sample.length, values: cols.length };
  } finally {
    db.close();
    from.close();
  }
}

/**
 * The importer's parse worker over the fee CSV with nothing written: its wall time is the parse
 * on its own (the other core), and the writer thread's busy time is what receiving the batches
 * costs it.
 */
async function parseAlone(dir: string, path: string): Promise<{ rows: number; parse: number; receive: number }> {
  const db = freshDb(dir, 'columns.sqlite');
  const columns = insertColumns(db, 'fee-detail');
  db.close();
  const preview = await previewFile(path);
  const worker = startParseWorker();
  if (!worker) throw new Error('bench floor: no parse worker in this build');
  await new Promise((r) => setTimeout(r, 1000)); // its modules loaded, as the importer's hashing allows
  const job = {
    file: preview.file, path, sniffed: sniff(preview.file, await readHead(path)), headerRow: preview.headerRow ?? 1, headers: preview.headers,
    forcedKind: undefined, userMap: {}, importId: 1, columns, batchRows: BATCH, monthFromUsage: false, inFlight: IN_FLIGHT,
  };
  const busy0 = performance.eventLoopUtilization();
  const t = performance.now();
  let rows = 0;
  for await (const b of workerBatches(worker, job, () => {})) rows += b.rows.length;
  const parse = seconds(t);
  return { rows, parse, receive: performance.eventLoopUtilization(busy0).active / 1000 };
}

// The columns the reconcile passes read (main/core/reconcile/bridge.ts: the fee and consumption statements).
const KEY = `product || char(1) || ifnull(resourceId, '') || char(1) || ifnull(coalesce(componentName, componentType), '')`;
const FEE_READ = `select ${KEY}, discountedTotal, importId, sourceRow, payMode, actionType, id, transactionId, productCode, resourceId,
  usageStart, usageEnd, listPrice, usage, duration, originalCost, discount, cash, gift, voucher, transfer, transactionId is null
  from fee_detail where billMonth = ?`;
const CONS_READ = `select ${KEY}, amount, importId, sourceRow, layout, day, payMode, consumptionType, actionType, orderId
  from consumption where month = ?`;

function readFloor(db: Database.Database, sql: string): number {
  const t = performance.now();
  const stmt = db.prepare(sql).raw();
  for (const _ of stmt.iterate(MONTH)) void _;
  return seconds(t);
}

/** The job's groupings in SQL over integer amounts: per key on both sides, per transaction, duplicate days. */
function sqlFloor(path: string): { label: string; s: number }[] {
  const db = new Database(path);
  try {
    db.exec(`alter table fee_detail add column a8 integer; update fee_detail set a8 = ${plainI8Sql('discountedTotal')};
             alter table consumption add column a8 integer; update consumption set a8 = ${plainI8Sql('amount')};`);
    const time = (label: string, sql: string) => {
      const t = performance.now();
      db.prepare(sql).raw().all(MONTH);
      return { label, s: seconds(t) };
    };
    const byKey = (table: string, month: string) =>
      `select product, resourceId, coalesce(componentName, componentType), sum(a8), count(*) from ${table} where ${month} = ? group by 1, 2, 3`;
    return [
      time('fee per key', byKey('fee_detail', 'billMonth')),
      time('consumption per key', byKey('consumption', 'month')),
      time('fee per transaction', `select count(*), sum(s), sum((s + 500000) / 1000000) from (select sum(a8) as s from fee_detail where billMonth = ? group by transactionId)`),
      time('consumption duplicate days', `select count(*) from (select 1 from consumption where month = ? group by product, resourceId, componentName, day, actionType having count(*) > 1)`),
    ];
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
    console.log(`floor: what each part costs on its own for the ${rows.toLocaleString('en-US')}-row bench month (SQLite, the driver, the parse worker)`);

    const feeStore = storeFloor(dir, src, 'fee_detail');
    const consStore = storeFloor(dir, src, 'consumption');
    const total = (x: typeof feeStore) => x.copy + x.index + x.commit;
    for (const [name, x] of [['fee detail', feeStore], ['consumption', consStore]] as const) {
      console.log(`  store ${name.padEnd(12)} ${x.rows} rows: SQL copy ${s2(x.copy)} + indexes ${s2(x.index)} + commit ${s2(x.commit)} = ${s2(total(x))}`);
    }
    const bind = bindFloor(dir, src);
    const alone = await parseAlone(dir, fee);
    const scale = feeStore.rows / 1_000_000;
    const feeWriter = total(feeStore) + bind.perMillion * scale;
    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} rows/s`;
    console.log(
      `  bind from JavaScript: +${s2(bind.perMillion)} per million fee rows (${bind.values} values a row, ` +
        `${Math.round((bind.perMillion * 1e9) / 1_000_000 / bind.values)} ns a value)`,
    );
    console.log(
      `  → the fee import's writer thread: store + bind ${s2(feeWriter)} = ${rate(feeStore.rows, feeWriter)}; ` +
        `+ receiving the parsed rows ${s2(alone.receive)} = ${s2(feeWriter + alone.receive)} (target ≥ 150,000 rows/s end to end)`,
    );
    console.log(`  → the parse worker on its own, nothing written: ${alone.rows} rows in ${s2(alone.parse)} = ${rate(alone.rows, alone.parse)}`);

    const db = new Database(src, { readonly: true });
    const readFee = readFloor(db, FEE_READ);
    const readCons = readFloor(db, CONS_READ);
    db.close();
    console.log(`  read to JavaScript the columns reconcile's passes use: fee ${s2(readFee)} + consumption ${s2(readCons)} = ${s2(readFee + readCons)} (target < 3 s for the whole reconcile)`);

    const both = join(dir, 'sql.sqlite');
    copyFileSync(src, both);
    const passes = sqlFloor(both);
    const sqlTotal = passes.reduce((a, p) => a + p.s, 0);
    console.log(`  the job's groupings in SQL, amounts stored as integers: ${passes.map((p) => `${p.label} ${s2(p.s)}`).join(' + ')} = ${s2(sqlTotal)} on one connection`);
    const duck = duckdbSeconds(fee, consumption, MONTH);
    const storeBoth = total(feeStore) + total(consStore);
    console.log(
      `  → import end to end stores both bills: ≥ ${s2(storeBoth)} in SQLite alone; 3 × DuckDB's whole job (${s2(duck)}) = ${s2(3 * duck)}` +
        ` (target: import + reconcile within it)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
