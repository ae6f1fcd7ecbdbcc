import { describe, expect, it } from 'vitest';
import { listMismatches, mismatchId, reconcileMonth, setReview, type MismatchSource } from '../../main/core/reconcile/index.js';
import type { Mismatch } from '../../main/core/report/mismatch.js';
import { tempDb } from '../helpers/db.js';
import { addImport, cons, fee } from './helpers.js';

function rating(difference: string, consumption: string): Mismatch {
  const key = { month: '2025-05', product: '互动白板', item: 'whiteboard minutes' };
  return {
    id: mismatchId('2025-05', 'rating', key), month: '2025-05', category: 'rating', explained: false, key, against: 'rated',
    fee: '15.00', consumption, difference, status: 'open', comment: null, reviewedBy: null, reviewedAt: null,
    reopenedBecause: null, feeSources: ['fee.csv:9'], consumptionSources: ['rating:test'],
  };
}

describe('mismatches from other checks (whiteboard re-rating)', () => {
  it('are stored, listed and reviewed with the bridge\'s, but stay out of the bridge', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [fee({ resourceId: 'x', discountedTotal: '5.00' })]);
    addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'x', day: '2025-05-02', amount: '5.00' })]);
    let figures: [string, string] = ['1.50', '13.50'];
    const source: MismatchSource = () => [rating(...figures)];
    const r = reconcileMonth(db, { month: '2025-05', sources: [source] });
    expect(r.bridgeExact).toMatchObject({ explained: '0.00000000', unexplained: '0.00000000' });
    expect(r.mismatches.map((m) => [m.category, m.difference, m.against])).toEqual([['rating', '1.50', 'rated']]);
    expect(r.openUnexplained).toBe(1);
    const listed = listMismatches(db, { month: '2025-05', category: 'rating', offset: 0, limit: 10 });
    expect(listed.total).toBe(1);
    expect(listed.rows[0]!.key).toEqual({ month: '2025-05', product: '互动白板', item: 'whiteboard minutes' });
    setReview(db, [r.mismatches[0]!.id], 'accepted', 'package bought late', 'bob');
    expect(reconcileMonth(db, { month: '2025-05', sources: [source] }).openUnexplained).toBe(0);
    figures = ['2.50', '12.50'];
    const moved = reconcileMonth(db, { month: '2025-05', sources: [source] });
    expect(moved.mismatches[0]).toMatchObject({ status: 'open', difference: '2.50' });
    expect(moved.mismatches[0]!.reopenedBecause).toContain('difference 1.50 → 2.50');
  });

  it('a check that cannot run is named in the notes and does not stop the reconciliation', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [fee({ resourceId: 'x', discountedTotal: '5.00' })]);
    const r = reconcileMonth(db, { month: '2025-05', sources: [() => { throw new Error('no exchange rate for 2025-05'); }] });
    expect(r.notes).toEqual([
      'no consumption bill is imported for 2025-05: every fee-bill key is listed as missing',
      'source 1 not included: no exchange rate for 2025-05',
    ]);
    expect(r.bridgeExact.missing).toBe('5.00000000');
  });
});
