/**
 * Issue 12 §2, two processes on one database file, with real processes: the `billrecon` command
 * (bin/billrecon.mjs) and test/helpers/write-holder.ts, which holds the write lock as an import
 * does until the test writes "go" to it. The test moves on when a process prints what it waits
 * for; nothing here sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { reconcileForExport } from '../../main/core/export/reconciled.js';
import { currentInputs } from '../../main/core/reconcile/month-report.js';
import { lastRun, reportIsCurrent } from '../../main/core/reconcile/index.js';
import { listImports, openDatabase } from '../../main/core/store/index.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES, feeRows } from '../helpers/files.js';
import { csvText } from '../../samples/lib/encode.js';
import { billrecon, killStarted, writeHolder } from '../helpers/processes.js';

const FEE = join(SAMPLES, 'fee-detail-2025-03.gbk.csv');
const CONSUMPTION = join(SAMPLES, '消耗账单-2025-03.csv');
const BY_RESOURCE = join(SAMPLES, '消耗账单-资源汇总-2025-03.csv');
const waiting = (db: string) => `waiting for another billrecon process to finish writing ${db}…\n`;

afterEach(killStarted);

/** A database holding March's fee bill and detailed consumption bill (imports #1 and #2), not the by-resource one. */
async function marchDb(): Promise<string> {
  const path = join(tempDir(), 'b.sqlite');
  const db = openDatabase(path);
  for (const f of [FEE, CONSUMPTION]) await importFile(db, f);
  db.close();
  return path;
}

interface ReportJson {
  fee: { total: string; lines: number };
  consumption: { total: string; lines: number };
  bridge: Record<string, string>;
  mismatches: { category: string }[];
}

describe('two processes, one database', () => {
  it('a reconcile started while another process imports waits, says so, and stores the figures of the snapshot it read', { timeout: 20_000 }, async () => {
    const path = await marchDb();
    const holder = writeHolder(path, BY_RESOURCE);
    await holder.waitFor('stdout', 'locked\n');
    const reconcile = billrecon(['reconcile', '--month', '2025-03', '--db', path, '--json']);
    // It has read its snapshot (the lock is not needed for that) and waits to write its result.
    await reconcile.waitFor('stderr', waiting(path));
    expect(reconcile.proc.exitCode).toBeNull();
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(holder.stdout()).toBe('locked\n{"status":"imported","id":3,"rows":2}\ncommitted\n');
    expect(await reconcile.exited()).toBe(1); // something unexplained is open
    expect(reconcile.stderr()).toBe(waiting(path));

    // The figures of the two bills it read: the by-resource consumption bill landed after its snapshot.
    const r = JSON.parse(reconcile.stdout()) as ReportJson;
    expect(r.fee).toEqual({ total: '2058.55', lines: 37 });
    expect(r.consumption).toEqual({ total: '-143.55', lines: 34 });
    expect(r.bridge).toMatchObject({ prepaidTiming: '0.00', precision: '0.03', missing: '2201.34', amountMismatch: '0.73', explained: '0.03', unexplained: '2202.07' });
    expect(r.mismatches).toHaveLength(7);

    // Stored with the inputs of that snapshot, so it is not taken as current: readers recompute.
    const db = openDatabase(path);
    const run = lastRun(db, '2025-03')!;
    expect(run.summary.consumption).toEqual({ total: '-143.55', lines: 34 });
    expect(run.inputs.imports.map((i) => i.id)).toEqual([1, 2]);
    expect(currentInputs(db, '2025-03', null).imports.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(reportIsCurrent(db, run)).toBe(false);
    const { forExport } = reconcileForExport(db, { month: '2025-03' });
    expect(forExport.report.consumption).toEqual({ total: '646.50', lines: 36 });
    expect(forExport.report.bridge).toMatchObject({ prepaidTiming: '1403.95', explained: '1403.98', unexplained: '8.07' });
    expect(reportIsCurrent(db, lastRun(db, '2025-03')!)).toBe(true);
    db.close();
  });

  it('two imports of the same file at once: one stores it, the other is told it is already imported; one import record', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    const path = join(dir, 'b.sqlite');
    openDatabase(path).close();
    // Both have hashed the file and found no record of it when they wait for the write turn.
    const holder = writeHolder(path);
    await holder.waitFor('stdout', 'locked\n');
    const a = billrecon(['import', '--db', path, FEE], dir);
    const b = billrecon(['import', '--db', path, FEE], dir);
    await Promise.all([a.waitFor('stderr', waiting(path)), b.waitFor('stderr', waiting(path))]);
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(await Promise.all([a.exited(), b.exited()])).toEqual([0, 0]);

    const said = [a.stdout(), b.stdout()].sort();
    expect(said).toEqual([
      `${FEE}: fee-detail (L3), gb18030, 37 rows — already imported as #1 (same sha256): nothing changed [kind from headers]\n`,
      `${FEE}: fee-detail (L3), gb18030, 37 rows — imported as #1 [kind from headers]\n`,
    ]);
    for (const p of [a, b]) {
      expect(p.stderr()).toBe(waiting(path));
      expect(p.stdout() + p.stderr()).not.toMatch(/--replace|locked|SQLITE/);
    }
    const db = openDatabase(path);
    expect(listImports(db).map((i) => [i.id, i.status, i.rowCount])).toEqual([[1, 'imported', 37]]);
    expect(db.prepare('select count(*) from bill_line').pluck().get()).toBe(37);
    db.close();
  });

  it('an import of a file another process is importing waits for it, then is the duplicate no-op', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    const path = join(dir, 'b.sqlite');
    openDatabase(path).close();
    const holder = writeHolder(path, FEE);
    await holder.waitFor('stdout', 'locked\n');
    const late = billrecon(['import', '--db', path, '--json', FEE], dir);
    await late.waitFor('stderr', waiting(path));
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(holder.stdout()).toBe('locked\n{"status":"imported","id":1,"rows":37}\ncommitted\n');
    expect(await late.exited()).toBe(0);
    const out = JSON.parse(late.stdout()) as { imports: { id: number; status: string; rows: number }[]; imported: number; duplicate: number; failed: number };
    expect(out.imports.map((i) => [i.id, i.status, i.rows])).toEqual([[1, 'duplicate', 37]]);
    expect([out.imported, out.duplicate, out.failed]).toEqual([0, 1, 0]);
    const db = openDatabase(path);
    expect(listImports(db).map((i) => [i.id, i.status])).toEqual([[1, 'imported']]);
    db.close();
  });

  it('the same with a bill big enough for the bulk path, whose sha256 is taken beside the parse: found under the write lock', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const path = join(dir, 'b.sqlite');
    openDatabase(path).close();
    const big = bigFeeBill(dir);
    const holder = writeHolder(path, big.file);
    await holder.waitFor('stdout', 'locked\n');
    // No import of this size is stored yet when it starts: it does not hash before parsing.
    const late = billrecon(['import', '--db', path, '--json', big.file], dir);
    await late.waitFor('stderr', waiting(path));
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(holder.stdout()).toBe(`locked\n{"status":"imported","id":1,"rows":${big.rows}}\ncommitted\n`);
    expect(await late.exited()).toBe(0);
    const out = JSON.parse(late.stdout()) as { imports: { id: number; status: string; rows: number; sha256: string }[] };
    expect(out.imports.map((i) => [i.id, i.status, i.rows, i.sha256])).toEqual([[1, 'duplicate', big.rows, big.sha256]]);
    const db = openDatabase(path);
    expect(db.prepare('select id, status, sha256 from import').raw().all()).toEqual([[1, 'imported', big.sha256]]);
    db.close();
  });
});

/** A fee bill over the bulk path's 8 MB: the sample's lines repeated with 交易IDs of their own. */
function bigFeeBill(dir: string): { file: string; rows: number; sha256: string } {
  const [header, ...body] = feeRows();
  const rows: string[][] = [header!];
  for (let k = 0; rows.length <= 28_000; k++) rows.push(body[k % body.length]!.map((v, i) => (i === 13 ? `B${k}` : v)));
  const bytes = Buffer.from(csvText(rows));
  expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
  const file = join(dir, 'fee-detail-big.csv');
  writeFileSync(file, bytes);
  return { file, rows: rows.length - 1, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe('every writer that must wait says what it waits for, then does its work', () => {
  it('review, account set, imports --undo and a reconciling export, all started during an import', { timeout: 20_000 }, async () => {
    const path = await marchDb();
    const dir = tempDir();
    const db = openDatabase(path);
    const { forExport } = reconcileForExport(db, { month: '2025-03' });
    const lb = db.prepare(`select id from mismatch where month = '2025-03' and category = 'amountMismatch' order by seq limit 1`).pluck().get() as string;
    expect(forExport.report.fee).toEqual({ total: '2058.55', lines: 37 });
    db.close();
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ trialStart: '2025-01-01', monthlyFee: [], packages: [] }));

    const holder = writeHolder(path, join(SAMPLES, 'tiw-whiteboard-2025-03.csv'));
    await holder.waitFor('stdout', 'locked\n');
    const writers = [
      billrecon(['review', lb, '--status', 'accepted', '--comment', 'agreed', '--user', 'alice', '--db', path], dir),
      billrecon(['account', 'set', '--file', 'account.json', '--db', path], dir),
      billrecon(['export', '--month', '2025-03', '--out', 'march.xlsx', '--db', path], dir),
      // The holder's own import: whichever order the writers get the lock in, the mismatch the
      // review marks is there (undoing the consumption bill first would remove it).
      billrecon(['imports', '--undo', '3', '--db', path], dir),
    ];
    await Promise.all(writers.map((w) => w.waitFor('stderr', waiting(path))));
    for (const w of writers) expect(w.proc.exitCode).toBeNull();
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(await Promise.all(writers.map((w) => w.exited()))).toEqual([0, 0, 0, 0]);
    for (const w of writers) expect(w.stderr()).toBe(waiting(path));
    expect(writers[0]!.stdout()).toMatch(new RegExp(`^${lb} amountMismatch 0\\.\\d\\d: accepted by alice at `));
    expect(writers[1]!.stdout()).toBe('account saved from account.json: trial start 2025-01-01, 0 monthly-fee purchase(s), 0 package purchase(s)\n');
    expect(writers[2]!.stdout()).toMatch(/^workbook: .*march\.xlsx \(/);
    expect(writers[3]!.stdout()).toBe('import #3 undone\n');
    const after = openDatabase(path);
    expect(listImports(after).map((i) => [i.id, i.kind, i.status])).toEqual([
      [1, 'fee-detail', 'imported'],
      [2, 'consumption', 'imported'],
      [3, 'tiw-whiteboard', 'undone'],
    ]);
    expect(after.prepare('select status, reviewedBy from review where id = ?').get(lb)).toEqual({ status: 'accepted', reviewedBy: 'alice' });
    after.close();
  });
});
