/**
 * Issue 11 §9: the FOCUS CSV an international reseller customer receives
 * (bills/FOCUS-bill_details-200020002001-202503.CSV, the reseller bill's three charges) imported
 * as a fee bill with its columns mapped per FOCUS 1.x and every other column kept verbatim.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importArrival, previewArrival } from '../../main/core/import/package.js';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { linesOf } from './helpers/lines.js';

const BILLS = join(__dirname, '..', 'fixtures', 'vendor', 'bills');
const FOCUS = 'FOCUS-bill_details-200020002001-202503.CSV';

describe('FOCUS CSV (bills/FOCUS-bill_details-…)', () => {
  it('is a fee bill of 2025-03 in USD: 3 lines, ContractedCost 0.80 + 9.00 + 42.50 = 52.30 as the amounts, BilledCost Σ 46.0198 kept as written', async () => {
    const { db } = tempDb();
    const out = await importArrival(db, join(BILLS, FOCUS));
    expect(out.entries[0]!.outcome).toMatchObject({ kind: 'fee-detail', layout: 'FOCUS', kindReason: 'FOCUS 1.x headers', rows: 3 });
    const lines = linesOf(db, 'fee');
    expect(lines.map((l) => [l.month, l.product, l.resourceId, l.amount])).toEqual([
      ['2025-03', 'Cloud Virtual Machine', 'ins-example03', 80000000n],
      ['2025-03', 'Cloud Object Storage', 'example-1250000001', 9_00000000n],
      ['2025-03', 'Cloud Virtual Machine', 'ins-example04', 42_50000000n],
    ]);
    // The first charge: 2025-03-31T15:00:00Z is 23:00 on 31 March in Beijing, so March (BillingPeriodStart 2025-02-28T16:00:00Z is 1 March).
    expect(lines[0]).toMatchObject({ usageStart: '2025-03-31 23:00:00', payerUin: '200020002001', listPrice: '0.25', usage: '4', originalCost: '1.00000000', contractPrice: '0.2', currency: 'USD', actionType: 'Usage', payMode: 'Usage-Based' });
    expect(lines.map((l) => l.extra.BilledCost)).toEqual(['0.78480000', '9.81000000', '35.42500000']);
    expect(lines[0]!.extra).toMatchObject({ BillingPeriodStart: '2025-02-28T16:00:00Z', BillingPeriodEnd: '2025-03-31T15:59:59Z', ProviderName: 'Tencent Cloud' });
    const r = reconcileMonth(db, { month: '2025-03' });
    expect(r).toMatchObject({ fee: { total: '52.30', lines: 3 }, currency: 'USD' });
  });

  it('previews as FOCUS with the columns it reads', async () => {
    const p = await previewArrival(join(BILLS, FOCUS));
    expect(p).toMatchObject({ kind: 'fee-detail', layout: 'FOCUS', missing: [] });
    expect(p.mapping).toMatchObject({ product: 'ServiceName', discountedTotal: 'ContractedCost', usageStart: 'ChargePeriodStart', payerUin: 'BillingAccountId' });
  });
});
