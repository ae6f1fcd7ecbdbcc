/**
 * Issue 12 §2 in the desktop app: the core's host process and a second process (a CLI import,
 * here test/helpers/write-holder.ts) on one database file. A write of the app that finds the
 * other one writing waits its turn and tells the window what it waits for (a 'waiting' progress
 * event naming the database, then a 'resumed' one when its turn came), then does its work. Before, a review or an undo read first and
 * failed at once with "… is busy … did not finish in time". No sleeps: the holder's pipes and
 * the relayed events say when to go on.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killStarted, writeHolder } from '../helpers/processes.js';
import { nextEvent, SAMPLES, startTestHost, type TestHost } from './host-helpers.js';

let h: TestHost | undefined;
afterEach(async () => {
  killStarted();
  await h?.close();
  h = undefined;
});

const waitingFor = (db: string) => `waiting for another billrecon process to finish writing ${db}…`;

describe('the app waits for another process’s write and says so', () => {
  it('a review, an undo and a reconcile sent during a CLI import wait, are told, and then succeed', { timeout: 20_000 }, async () => {
    h = await startTestHost();
    for (const [i, f] of ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv'].entries()) await h.table.commitImport({ path: join(SAMPLES, f), opId: `imp-${i}` });
    const before = await h.table.reconcile({ month: '2025-03', opId: 'rec-1' });
    expect(before.consumption).toEqual({ total: '-143.55', lines: 34 });
    const lb = (await h.table.mismatches({ month: '2025-03', offset: 0, limit: 50 })).rows.find((m) => m.category === 'amountMismatch')!;

    const holder = writeHolder(h.dbPath, join(SAMPLES, '消耗账单-资源汇总-2025-03.csv'));
    await holder.waitFor('stdout', 'locked\n');
    const waited = nextEvent(h.client, (e) => e.phase === 'waiting');
    const review = h.table.setReview({ ids: [lb.id], status: 'accepted', comment: 'agreed' });
    const undo = h.table.undoImport({ id: 2 });
    const reconcile = h.table.reconcile({ month: '2025-03', opId: 'rec-2' });
    // The review, first in the host's queue, is waiting for the write lock.
    expect(await waited).toEqual({ opId: 'setReview', phase: 'waiting', percent: 0, message: waitingFor(h.dbPath) });
    holder.send('go');
    expect(await holder.exited()).toBe(0);
    expect(holder.stdout()).toBe('locked\n{"status":"imported","id":3,"rows":2}\ncommitted\n');

    const [marked, imports, after] = await Promise.all([review, undo, reconcile]);
    expect(marked.map((m) => [m.id, m.status, m.reviewedBy, m.comment])).toEqual([[lb.id, 'accepted', 'host-test', 'agreed']]);
    expect(imports.map((i) => [i.id, i.status])).toEqual([
      [1, 'imported'],
      [2, 'undone'],
      [3, 'imported'],
    ]);
    // The fee bill and the by-resource consumption bill the other process imported (646.50 + 143.55).
    expect(after.fee).toEqual({ total: '2058.55', lines: 37 });
    expect(after.consumption).toEqual({ total: '790.05', lines: 2 });
    // Only the first call waited: the others found the lock free when their turn came.
    expect(h.events.filter((e) => e.phase === 'waiting')).toHaveLength(1);
    // Its wait ended once the other process committed: the window takes its waiting line down.
    const waitedAt = h.events.findIndex((e) => e.phase === 'waiting');
    expect(h.events.slice(waitedAt + 1).filter((e) => e.phase === 'resumed')).toEqual([{ opId: 'setReview', phase: 'resumed', percent: 0, message: `writing ${h.dbPath}` }]);
    expect(h.events.filter((e) => e.phase === 'failed')).toEqual([]);
  });
});
