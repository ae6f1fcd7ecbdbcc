/**
 * Cancel through the relay, against the real host process and a real SQLite file: the caller is
 * told 'cancelled' and nothing is stored (row counts and the file's bytes unchanged). An import
 * stops on its signal; a reconcile, an export or a rating ends with the host being terminated
 * in the middle of its transaction, and a new host answers the next call.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFeeMonth } from '../../bench/fee-month.js';
import { CANCELLED } from '../../main/host/protocol.js';
import { failureOf, nextEvent, reportTable, SAMPLES, slowReconcileCommit, snapshot, startTestHost, writerInside, type TestHost } from './host-helpers.js';

const MONTH = '2025-03';
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function seedSampleMonth(h: TestHost): Promise<void> {
  await h.table.commitImport({ path: join(SAMPLES, 'fee-detail-2025-03.gbk.csv'), opId: 'seed-fee' });
  await h.table.commitImport({ path: join(SAMPLES, '消耗账单-2025-03.csv'), opId: 'seed-consumption' });
}

/** Starts a reconcile and resolves once the host is inside its write transaction (boxed: awaiting a bare promise would wait for the job). */
async function reconcileInside(h: TestHost, opId: string): Promise<{ job: Promise<unknown> }> {
  const job = h.table.reconcile({ month: MONTH, opId });
  await writerInside(h.db);
  return { job };
}

describe('cancel through the host', () => {
  let h: TestHost;

  beforeAll(async () => {
    // A long grace: the import test checks that the import stops by itself, not how fast.
    h = await startTestHost({ graceMs: 10_000 });
    await seedSampleMonth(h);
  });
  afterAll(() => h?.close());

  it('an import stops on its signal: cancelled, the same host lives on, nothing stored', async () => {
    const file = join(h.dir, 'fee-detail-big.csv');
    await writeFeeMonth(file, 120_000);
    const before = snapshot(h);
    const pid = h.client.pid;
    const started = nextEvent(h.client, (e) => e.opId === 'big' && e.phase === 'import');
    const job = h.table.commitImport({ path: file, opId: 'big' });
    expect((await started).percent).toBeLessThan(100);
    expect(await h.table.cancel({ opId: 'big' })).toBe(true);
    expect(await failureOf(job)).toEqual(CANCELLED);
    expect(h.client.pid).toBe(pid);
    expect(snapshot(h)).toEqual(before);
    expect(h.events.filter((e) => e.opId === 'big').at(-1)?.phase).toBe('cancelled');
  });

  it('a reconcile is ended inside its transaction: cancelled, nothing stored, a new host answers', async () => {
    const restore = slowReconcileCommit(h.db);
    try {
      const before = snapshot(h);
      expect(before.counts[reportTable(h.db)]).toBe(0);
      const pid = h.client.pid;
      const { job } = await reconcileInside(h, 'rec');
      // Sent behind it and not cancelled: its answer comes from the next host.
      const queued = h.table.listImports(undefined);
      await tick();
      expect(await h.table.cancel({ opId: 'rec' })).toBe(true);
      expect(await failureOf(job)).toEqual(CANCELLED);
      expect((await queued).map((r) => r.fileName)).toEqual(['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv']);
      expect(h.client.pid).not.toBe(pid);
      expect(snapshot(h)).toEqual(before);
      expect(h.events.filter((e) => e.opId === 'rec').at(-1)?.phase).toBe('cancelled');
    } finally {
      restore();
    }
    const report = await h.table.reconcile({ month: MONTH });
    expect(report.fee).toEqual({ total: '2058.55', lines: 37 });
    expect(report.mismatchCount).toBeGreaterThan(0);
  });

  it('an export that must reconcile first is ended there: cancelled, no file and no partial file, nothing stored', async () => {
    // No stored report: the export reconciles the month before it writes.
    h.db.exec(`delete from ${reportTable(h.db)}`);
    const restore = slowReconcileCommit(h.db);
    try {
      const outDir = join(h.dir, 'exports');
      mkdirSync(outDir);
      const before = snapshot(h);
      expect(before.counts[reportTable(h.db)]).toBe(0);
      const job = h.table.exportMonth({ month: MONTH, format: 'xlsx', lang: 'en', path: join(outDir, 'march.xlsx'), opId: 'exp' });
      await writerInside(h.db);
      expect(await h.table.cancel({ opId: 'exp' })).toBe(true);
      expect(await failureOf(job)).toEqual(CANCELLED);
      expect(readdirSync(outDir)).toEqual([]);
      expect(snapshot(h)).toEqual(before);
    } finally {
      restore();
    }
  });

  it('a rating sent to a busy host is cancelled with it, and the job it waited behind too', async () => {
    const restore = slowReconcileCommit(h.db);
    try {
      const before = snapshot(h);
      const { job: busy } = await reconcileInside(h, 'busy');
      // The rating contract has no opId yet: the relay takes one beside the call.
      const rating = h.client.call('rating', { month: MONTH }, { opId: 'rate' });
      await tick();
      expect(await h.table.cancel({ opId: 'rate' })).toBe(true);
      expect(await h.table.cancel({ opId: 'busy' })).toBe(true);
      expect(await failureOf(rating)).toEqual(CANCELLED);
      expect(await failureOf(busy)).toEqual(CANCELLED);
      expect(snapshot(h)).toEqual(before);
    } finally {
      restore();
    }
    // The next host rates the month (the sample bill is in CNY, the catalog in USD: a rate is needed).
    await h.table.setExchangeRate({ month: MONTH, rate: '7' });
    expect(await h.table.rating({ month: MONTH })).toMatchObject({ month: MONTH, currency: 'USD' });
  });

  it('a host that dies on its own fails its calls, and the next call starts a new one', async () => {
    const restore = slowReconcileCommit(h.db);
    try {
      const before = snapshot(h);
      const { job } = await reconcileInside(h, 'crash');
      process.kill(h.client.pid!, 'SIGKILL');
      const failure = await failureOf(job);
      expect(failure).toMatchObject({ type: 'internal' });
      expect(failure !== 'resolved' && failure.message).toMatch(/stopped unexpectedly \(exit code -1\) during reconcile/);
      expect(snapshot(h)).toEqual(before);
    } finally {
      restore();
    }
    expect(await h.table.monthsAvailable(undefined)).toEqual([MONTH]);
  });
});

describe('cancel when the host is ended with SIGTERM (what Electron’s utilityProcess.kill sends)', () => {
  let h: TestHost;

  beforeAll(async () => {
    h = await startTestHost({ killSignal: 'SIGTERM' });
    await seedSampleMonth(h);
  });
  afterAll(() => h?.close());

  it('a host busy inside SQLite still ends, and nothing is stored', async () => {
    const restore = slowReconcileCommit(h.db);
    const pid = h.client.pid;
    try {
      const before = snapshot(h);
      const { job } = await reconcileInside(h, 'term');
      expect(await h.table.cancel({ opId: 'term' })).toBe(true);
      expect(await failureOf(job)).toEqual(CANCELLED);
      expect(snapshot(h)).toEqual(before);
    } finally {
      restore();
    }
    expect(await h.table.monthsAvailable(undefined)).toEqual([MONTH]);
    expect(h.client.pid).not.toBe(pid);
  });
});
