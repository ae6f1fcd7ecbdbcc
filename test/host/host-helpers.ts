/**
 * A real host process (main/host/server.ts under child_process.fork, as the bench and the e2e
 * bridge run it) over a real SQLite file, and what the cancel tests need to catch a job in the
 * middle of its transaction.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../../main/api/contract.js';
import type { HandlerTable } from '../../main/api/handlers.js';
import { HostClient, relayTable, type HostClientOptions } from '../../main/host/client.js';
import { nodeHostSpawner, type NodeHostOptions } from '../../main/host/node-host.js';
import { HostCallError } from '../../main/host/protocol.js';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { fingerprint, tempDir } from '../helpers/db.js';

export const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));

export interface TestHost {
  dir: string;
  dbPath: string;
  client: HostClient;
  table: HandlerTable;
  /** Every progress event the relay passed on, in order. */
  events: ProgressEvent[];
  /** The test's own connection to the same file. */
  db: Db;
  close(): Promise<void>;
}

export async function startTestHost(options: HostClientOptions & NodeHostOptions = {}): Promise<TestHost> {
  const dir = tempDir('billrecon-host-');
  const dbPath = join(dir, 'host.sqlite');
  const client = new HostClient(nodeHostSpawner({ dbPath, user: 'host-test' }, options), options);
  const events: ProgressEvent[] = [];
  client.onProgress((e) => events.push(e));
  await client.start();
  const db = openDatabase(dbPath);
  return {
    dir,
    dbPath,
    client,
    table: relayTable(client),
    events,
    db,
    async close() {
      await client.close();
      db.close();
    },
  };
}

/** Resolves at the first progress event that matches. */
export function nextEvent(client: HostClient, match: (e: ProgressEvent) => boolean): Promise<ProgressEvent> {
  return new Promise((resolve) => {
    const stop = client.onProgress((e) => {
      if (!match(e)) return;
      stop();
      resolve(e);
    });
  });
}

/** The failure a call ended with (or 'resolved' when it did not fail). */
export async function failureOf(p: Promise<unknown>): Promise<HostCallError['failure'] | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    if (err instanceof HostCallError) return err.failure;
    throw err;
  }
}

/** Rows per table, every table of the schema (what a job could have stored anywhere). */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'burn' order by name`).pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get() as number]));
}

/** Row counts and the file's bytes (WAL folded in): what "nothing was stored" is checked against. */
export function snapshot(h: TestHost): { counts: Record<string, number>; sha256: string } {
  return { counts: rowCounts(h.db), sha256: fingerprint(h.db, h.dbPath) };
}

/**
 * Resolves once another connection holds the database's write lock (a job is inside its write
 * transaction). A progress message is no such sign: a host busy in a synchronous job may not
 * have flushed it to the pipe yet.
 */
export async function writerInside(db: Db, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  db.pragma('busy_timeout = 0');
  try {
    while (Date.now() < until) {
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no writer took the database within ${timeoutMs} ms`);
  } finally {
    db.pragma('busy_timeout = 5000');
  }
}

/**
 * Where reconcile writes its month report, the last write of its transaction: month_report from
 * schema 5 on (main/core/reconcile/month-report.ts), reconcile_run before.
 */
export function reportTable(db: Db): string {
  const names = db.prepare(`select name from sqlite_master where type = 'table' and name in ('month_report', 'reconcile_run')`).pluck().all() as string[];
  return names.includes('month_report') ? 'month_report' : 'reconcile_run';
}

/**
 * Makes the last write of a reconcile (its month report, after the mismatch rows) take as long
 * as the test needs: a trigger that counts an 8e9-row cross join. A reconcile caught there has
 * written its mismatches inside its open transaction; only the cancel ends it.
 */
export function slowReconcileCommit(db: Db): () => void {
  const table = reportTable(db);
  db.exec(`
    create table burn (x integer);
    with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000) insert into burn select x from c;
    create trigger burn_on_report_insert after insert on ${table} begin select count(*) from burn a, burn b, burn c; end;
    create trigger burn_on_report_update after update on ${table} begin select count(*) from burn a, burn b, burn c; end;
  `);
  return () => db.exec('drop trigger burn_on_report_insert; drop trigger burn_on_report_update; drop table burn;');
}
