/**
 * `npm run bench host [ROWS]`: the desktop app's core in its own process (main/host, started
 * with child_process.fork exactly as the tests and the e2e bridge do; Electron's utilityProcess
 * runs the same entry with the same protocol). Prints, for the generated month of
 * bench/fee-month.ts:
 *  - how late this (the "main") thread's event loop runs while the host imports the fee bill and
 *    the consumption bill and reconciles the month (perf_hooks.monitorEventLoopDelay; target p99 < 50 ms);
 *  - how long a cancel takes to reach the caller for an import, a reconcile, a rating and an
 *    export caught midway (target ≤ 1 s), and whether anything was stored (row counts and the
 *    database file's bytes before and after).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProgressEvent } from '../main/api/contract.js';
import type { HandlerTable } from '../main/api/handlers.js';
import { HostClient, relayTable } from '../main/host/client.js';
import { nodeHostSpawner } from '../main/host/node-host.js';
import { HostCallError } from '../main/host/protocol.js';
import { openDatabase, type Db } from '../main/core/store/index.js';
import { setTolerance } from '../main/core/reconcile/index.js';
import { ensureMonthCsvs } from './fee-month.js';

const MONTH = '2025-03';
const DELAY_TARGET_MS = 50;
const CANCEL_TARGET_MS = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ms = (n: number): string => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const s = (n: number): string => `${(n / 1000).toFixed(2)} s`;

interface Core {
  dbPath: string;
  client: HostClient;
  table: HandlerTable;
  events: ProgressEvent[];
  /** The bench's own connection to the same file, for counting and hashing. */
  db: Db;
}

async function startCore(dbPath: string): Promise<Core> {
  const client = new HostClient(nodeHostSpawner({ dbPath, user: 'bench' }));
  const events: ProgressEvent[] = [];
  client.onProgress((e) => events.push(e));
  await client.start();
  return { dbPath, client, table: relayTable(client), events, db: openDatabase(dbPath) };
}

async function stopCore(c: Core): Promise<void> {
  await c.client.close();
  c.db.close();
}

let failed = false;

/** Runs one job in the host while this thread's event-loop delay is recorded. */
async function underLoad<T>(label: string, c: Core, job: () => Promise<T>, describe: (v: T) => string): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const before = c.events.length;
  histogram.enable();
  const t = performance.now();
  const value = await job();
  const took = performance.now() - t;
  histogram.disable();
  const p99 = histogram.percentile(99) / 1e6;
  if (p99 >= DELAY_TARGET_MS) failed = true;
  console.log(
    `  ${label.padEnd(20)} ${s(took).padStart(8)}  main-thread delay p50 ${ms(histogram.percentile(50) / 1e6)}, p99 ${ms(p99)}, max ${ms(histogram.max / 1e6)}` +
      `  (${c.events.length - before} progress events relayed; ${describe(value)})`,
  );
  return took;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Stored {
  counts: Record<string, number>;
  sha256: string;
}

/** Row counts of every table and the file's bytes with the WAL folded in. */
async function stored(c: Core): Promise<Stored> {
  const tables = c.db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];
  const counts = Object.fromEntries(tables.map((t) => [t, c.db.prepare(`select count(*) from "${t}"`).pluck().get() as number]));
  c.db.pragma('wal_checkpoint(TRUNCATE)');
  return { counts, sha256: await sha256File(c.dbPath) };
}

/** '' when nothing changed, else what did. */
function changes(before: Stored, after: Stored): string {
  const tables = Object.keys({ ...before.counts, ...after.counts }).filter((t) => before.counts[t] !== after.counts[t]);
  if (tables.length > 0) return tables.map((t) => `${t} ${before.counts[t] ?? 0} → ${after.counts[t] ?? 0} rows`).join(', ');
  return before.sha256 === after.sha256 ? '' : 'same row counts, other bytes (rows rewritten)';
}

/** Resolves at the first matching progress event, or when the job ends without one. */
async function progressOrEnd(c: Core, job: Promise<unknown>, match: (e: ProgressEvent) => boolean): Promise<void> {
  let stop = (): void => undefined;
  const seen = new Promise<void>((resolve) => {
    stop = c.client.onProgress((e) => match(e) && resolve());
  });
  await Promise.race([seen, job.then(() => undefined, () => undefined)]);
  stop();
}

interface Cancelled {
  latency: number;
  outcome: string;
  restarted: boolean;
}

/** From the cancel call to the caller's answer; then whether the host had to be replaced. */
async function cancelAndWait(c: Core, job: Promise<unknown>, opId: string): Promise<Cancelled> {
  const pid = c.client.pid;
  const t = performance.now();
  const accepted = await c.table.cancel({ opId });
  let outcome = 'finished before the cancel';
  try {
    await job;
  } catch (err) {
    outcome = err instanceof HostCallError ? err.failure.type : String(err);
  }
  const latency = performance.now() - t;
  if (!accepted) outcome = `not running (${outcome})`;
  // The next call is answered by the host that is now running.
  await c.table.monthsAvailable(undefined);
  return { latency, outcome, restarted: c.client.pid !== pid };
}

async function report(label: string, c: Core, after: number, r: Cancelled, before: Stored, extra = ''): Promise<void> {
  const changed = changes(before, await stored(c));
  if (r.latency > CANCEL_TARGET_MS || r.outcome !== 'cancelled' || changed !== '') failed = true;
  const how = r.restarted ? 'host terminated, a new one answers' : 'stopped on its signal, same host';
  console.log(`  ${label.padEnd(28)} cancelled ${s(after)} in: ${r.outcome} after ${ms(r.latency)} (${how}); stored nothing: ${changed === '' ? 'yes' : `NO (${changed})`}${extra}`);
}

async function cancelImport(dir: string, fee: string): Promise<void> {
  const c = await startCore(join(dir, 'cancel-import.sqlite'));
  try {
    const before = await stored(c);
    const started = performance.now();
    const job = c.table.commitImport({ path: fee, opId: 'imp' });
    await progressOrEnd(c, job, (e) => e.opId === 'imp' && e.phase === 'import' && e.percent >= 20);
    await report('import (fee bill, 20% read)', c, performance.now() - started, await cancelAndWait(c, job, 'imp'), before);
  } finally {
    await stopCore(c);
  }
}

async function cancelReconcile(c: Core, reconcileMs: number): Promise<void> {
  const before = await stored(c);
  const job = c.table.reconcile({ month: MONTH, opId: 'rec-cancel' });
  await sleep(reconcileMs / 2);
  await report('reconcile (half way)', c, reconcileMs / 2, await cancelAndWait(c, job, 'rec-cancel'), before);
}

async function cancelRating(c: Core): Promise<void> {
  // Without the month's rate the comparison (the long part) is left out; it is stored before the baseline.
  await c.table.setExchangeRate({ month: MONTH, rate: '7' });
  const t = performance.now();
  await c.client.call('rating', { month: MONTH });
  const full = performance.now() - t;
  const before = await stored(c);
  // The rating contract has no opId yet: the relay takes one beside the call.
  const job = c.client.call('rating', { month: MONTH }, { opId: 'rate-cancel' });
  await sleep(full / 2);
  await report('rating (half way)', c, full / 2, await cancelAndWait(c, job, 'rate-cancel'), before, `; a whole rating took ${s(full)}`);
}

async function cancelExport(c: Core, dir: string, label: string): Promise<void> {
  const outDir = mkdtempSync(join(dir, 'export-'));
  const before = await stored(c);
  const opId = `exp-${outDir.slice(-6)}`;
  const job = c.table.exportMonth({ month: MONTH, format: 'xlsx', lang: 'en', path: join(outDir, 'bench.xlsx'), opId });
  await sleep(1000);
  // A partial file at the cancel says the writer had begun.
  const writing = readdirSync(outDir).length;
  const r = await cancelAndWait(c, job, opId);
  const left = readdirSync(outDir);
  if (left.length > 0) failed = true;
  const files = `; at the cancel ${writing} file(s) being written, after it ${left.length === 0 ? 'none' : left.join(', ')}`;
  await report(label, c, 1000, r, before, files);
}

export async function benchHost(rows = 1_000_000): Promise<void> {
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-host-'));
  const c = await startCore(join(dir, 'bench.sqlite'));
  try {
    console.log(`host: this thread's event loop while the core works in its own process (interval of a 1 ms timer; target p99 < ${DELAY_TARGET_MS} ms)`);
    const rowsOf = (o: { rows: number; kind: string }) => `${o.rows.toLocaleString('en-US')} ${o.kind} rows`;
    await underLoad('import fee bill', c, () => c.table.commitImport({ path: fee, opId: 'fee' }), rowsOf);
    await underLoad('import consumption', c, () => c.table.commitImport({ path: consumption, opId: 'consumption' }), rowsOf);
    const reconcileMs = await underLoad('reconcile', c, () => c.table.reconcile({ month: MONTH, opId: 'rec' }), (r) => `${r.mismatchCount.toLocaleString('en-US')} mismatches`);
    console.log(`host: cancel (target ≤ ${CANCEL_TARGET_MS} ms from the cancel to the caller's answer, nothing stored)`);
    await cancelImport(dir, fee);
    await cancelReconcile(c, reconcileMs);
    await cancelRating(c);
    // A changed tolerance makes the stored report not fit: the export reconciles first (stored before the baseline).
    setTolerance(c.db, '0.02');
    await cancelExport(c, dir, 'export (in its reconcile)');
    await c.table.reconcile({ month: MONTH });
    await cancelExport(c, dir, 'export (writing the xlsx)');
  } finally {
    await stopCore(c);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

const invoked = process.argv[1] && /bench\/host\.[cm]?[jt]s$/.test(process.argv[1].replace(/\\/g, '/'));
if (invoked) void benchHost(Number(process.argv[2] ?? 1_000_000));
