import { describe, expect, it } from 'vitest';
import { money, sum } from '../../main/core/money/decimal.js';
import { lastRun, reconcileMonth, type ReconcileReport } from '../../main/core/reconcile/index.js';
import type { Mismatch } from '../../main/core/report/mismatch.js';
import { tempDb } from '../helpers/db.js';
import { addImport, cons, days, fee, t } from './helpers.js';
import { buildMay, daily, dailyCons } from './month.js';

function find(r: ReconcileReport, category: string, resourceId: string): Mismatch | undefined {
  return r.mismatches.find((m) => m.category === category && m.key.resourceId === resourceId);
}

describe('the fee-vs-consumption bridge on a hand-made May 2025', () => {
  const { db } = tempDb();
  buildMay(db);
  const r = reconcileMonth(db, { month: '2025-05', user: 'tester' });

  it('totals both bills', () => {
    // fee: 365 + 100 + 2.40 + 30×1.00 − 255 + 12.33926 + 30.005 + 3.006 + 0.01 (precision line)
    expect(r.fee).toEqual({ total: '287.76', lines: 38 });
    // consumption: 21 + 90 + 30×1.00 + 1.10 − 200 + 5 + 29.50 + 3.00
    expect(r.consumption).toEqual({ total: '-20.40', lines: 37 });
    expect(r.keys).toEqual(['month', 'product', 'resourceId', 'component']);
    expect(r.tolerance).toBe('0.01');
    expect(r.period).toBe('deduction');
  });

  it('assigns every difference to one category, exactly', () => {
    expect(r.bridgeExact).toEqual({
      prepaidTiming: '344.00000000', // 365.00 − 21.00 (21 of 365 days in May, verified against the summary)
      crossMonth: '1.30000000', // 30 April's 2.40 (in April's consumption) − 31 May's 1.10 (in June's fee bill)
      precision: '0.01600000', // the bill's line 0.01 + disk-y's 0.006 within tolerance
      refunds: '-55.00000000', // −255.00 refunded, consumption reduced by 200.00
      missing: '7.33926000', // COS 12.33926 on the fee bill only − disk-x 5.00 on the consumption bill only
      amountMismatch: '10.50500000', // ins-pre2 100.00 vs 90.00 (amortisation not verified) + CLB 30.005 vs 29.50
      explained: '290.31600000',
      unexplained: '17.84426000',
    });
    const exact = sum([r.bridgeExact.explained, r.bridgeExact.unexplained]);
    expect(exact.toFixed(8)).toBe('308.16026000'); // 287.76026 − (−20.40)
  });

  it('prints a 2-dp bridge that adds up to the printed totals (largest remainder)', () => {
    // Rounded one by one: 344.00 + 1.30 + 0.02 − 55.00 + 7.34 + 10.51 = 308.17, a cent more than
    // 287.76 − (−20.40) = 308.16; the cent comes off amountMismatch, rounded up furthest (10.505 → 10.51).
    expect(r.bridge).toEqual({
      prepaidTiming: '344.00',
      crossMonth: '1.30',
      precision: '0.02',
      refunds: '-55.00',
      missing: '7.34',
      amountMismatch: '10.50',
      explained: '290.32',
      unexplained: '17.84',
    });
    const printed = sum([r.bridge.explained, r.bridge.unexplained]);
    expect(printed.equals(money(r.fee.total).minus(r.consumption.total))).toBe(true);
    const parts = sum([r.bridge.prepaidTiming, r.bridge.crossMonth, r.bridge.precision, r.bridge.refunds]);
    expect(parts.toFixed(2)).toBe(r.bridge.explained);
  });

  it('lists each mismatch with its key, figures, sources and a stable id', () => {
    const pre = find(r, 'prepaidTiming', 'ins-pre')!;
    expect(pre).toMatchObject({ fee: '365.00000000', consumption: '21.00000000', difference: '344.00000000', explained: true, status: 'open' });
    expect(pre.key).toEqual({ month: '2025-05', product: '云服务器CVM', resourceId: 'ins-pre', component: null });
    expect(pre.feeSources).toEqual(['fee-2025-05.csv:2']);
    expect(pre.consumptionSources).toEqual(['消耗账单-资源汇总-2025-05.csv:2']);

    const cross = find(r, 'crossMonth', 'ins-pay')!;
    expect(cross).toMatchObject({ fee: '2.40000000', consumption: '1.10000000', difference: '1.30000000' });
    expect(cross.feeSources).toContain('fee-2025-06.csv:2'); // the evidence: 31 May deducted in June
    expect(cross.consumptionSources).toContain('消耗账单-2025-04.csv:3'); // 30 April in April's consumption
    expect(cross.consumptionSources).not.toContain('消耗账单-2025-04.csv:2'); // 29 April is not the carried-over day
    expect(r.mismatches.filter((m) => m.key.resourceId === 'ins-pay')).toHaveLength(1);

    expect(find(r, 'refunds', 'disk-r')).toMatchObject({ fee: '-255.00000000', consumption: '-200.00000000', difference: '-55.00000000' });
    expect(find(r, 'missing', 'media')).toMatchObject({ fee: '12.33926000', consumption: '0.00000000', note: 'not on the consumption bill' });
    expect(find(r, 'missing', 'disk-x')).toMatchObject({ fee: '0.00000000', consumption: '5.00000000', difference: '-5.00000000' });
    expect(find(r, 'amountMismatch', 'lb-1')).toMatchObject({ difference: '0.50500000', explained: false });
    const pre2 = find(r, 'amountMismatch', 'ins-pre2')!;
    expect(pre2.difference).toBe('10.00000000');
    expect(pre2.note).toBe('prepaid: expected amortisation 100.00, consumption shows 90.00');
    expect(find(r, 'precision', 'disk-y')).toMatchObject({ difference: '0.00600000', note: 'within tolerance 0.01' });
    expect(find(r, 'precision', 'billVirtualId')).toMatchObject({ fee: '0.01000000', difference: '0.01000000' });
    expect(r.mismatches.map((m) => m.category)).toEqual([
      'prepaidTiming', 'crossMonth', 'precision', 'precision', 'refunds', 'missing', 'missing', 'amountMismatch', 'amountMismatch',
    ]);
    expect(r.openUnexplained).toBe(4);

    const again = reconcileMonth(db, { month: '2025-05', user: 'tester' });
    expect(again.mismatches.map((m) => m.id)).toEqual(r.mismatches.map((m) => m.id));
    expect(new Set(r.mismatches.map((m) => m.id)).size).toBe(r.mismatches.length);
  });

  it('a larger tolerance turns the CLB difference into rounding, and is echoed', () => {
    const wide = reconcileMonth(db, { month: '2025-05', tolerance: '0.51' });
    expect(wide.tolerance).toBe('0.51');
    expect(find(wide, 'precision', 'lb-1')?.difference).toBe('0.50500000');
    expect(wide.bridgeExact.amountMismatch).toBe('10.00000000');
    reconcileMonth(db, { month: '2025-05' });
  });
});

describe('cross-month postpaid is explained only when the other month confirms it', () => {
  it('without April consumption and June fee bill the carried-over days stay unexplained, with notes', () => {
    const { db } = tempDb();
    buildMay(db, { withoutApril: true, withoutJune: true });
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.bridgeExact.crossMonth).toBe('0.00000000');
    const m = find(r, 'amountMismatch', 'ins-pay')!;
    expect(m.difference).toBe('1.30000000');
    expect(m.note).toContain('2.40 of 2025-04 usage deducted in 2025-05; no 2025-04 consumption for those days is imported');
    expect(m.note).toContain("2025-06's fee bill is not imported");
    expect(r.bridgeExact.amountMismatch).toBe('11.80500000'); // 10.00 + 0.505 + 1.30
  });

  it('April consumption that disagrees does not verify', () => {
    const { db } = tempDb();
    buildMay(db, { withoutJune: true, april30: '2.30' });
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.bridgeExact.crossMonth).toBe('0.00000000');
    expect(find(r, 'amountMismatch', 'ins-pay')?.note).toContain('2025-04 consumption shows 2.30');
  });

  it('deduction period vs billing period on the same usage', () => {
    // Deduction-period May bill: 30 April in, 31 May out → cross-month 2.40 − 1.10.
    const a = tempDb().db;
    addImport(a, 'fee-detail', 'fee-05.csv', [daily('2025-04-30', '2.40', '2025-05'), ...days('2025-05', 1, 30).map((d) => daily(d, '1.00', '2025-05'))], { period: 'deduction' });
    addImport(a, 'fee-detail', 'fee-06.csv', [daily('2025-05-31', '1.10', '2025-06')], { period: 'deduction' });
    addImport(a, 'consumption', 'c-04.csv', [dailyCons('2025-04-30', '2.40')]);
    addImport(a, 'consumption', 'c-05.csv', [...days('2025-05', 1, 30).map((d) => dailyCons(d, '1.00')), dailyCons('2025-05-31', '1.10')]);
    const ded = reconcileMonth(a, { month: '2025-05' });
    expect(ded.period).toBe('deduction');
    expect(ded.fee.total).toBe('32.40');
    expect(ded.consumption.total).toBe('31.10');
    expect(ded.bridgeExact.crossMonth).toBe('1.30000000');
    expect(ded.bridgeExact.unexplained).toBe('0.00000000');
    expect(ded.openUnexplained).toBe(0);

    // Told the same bills are by billing period, nothing is carried over: the 1.30 is unexplained.
    const asBilling = reconcileMonth(a, { month: '2025-05', period: 'billing' });
    expect(asBilling.period).toBe('billing');
    expect(asBilling.bridgeExact.crossMonth).toBe('0.00000000');
    expect(asBilling.bridgeExact.amountMismatch).toBe('1.30000000');

    // A billing-period May bill holds 1–31 May (31 May deducted on 1 June): it equals consumption.
    const b = tempDb().db;
    addImport(b, 'fee-detail', 'fee-05-billing.csv', [...days('2025-05', 1, 30).map((d) => daily(d, '1.00', '2025-05')), daily('2025-05-31', '1.10', '2025-05')], { period: 'billing' });
    addImport(b, 'consumption', 'c-05.csv', [...days('2025-05', 1, 30).map((d) => dailyCons(d, '1.00')), dailyCons('2025-05-31', '1.10')]);
    const bil = reconcileMonth(b, { month: '2025-05' });
    expect(bil.period).toBe('billing');
    expect(bil.fee.total).toBe('31.10');
    expect(bil.bridgeExact).toMatchObject({ crossMonth: '0.00000000', explained: '0.00000000', unexplained: '0.00000000' });
    expect(bil.mismatches).toEqual([]);
  });
});

describe('duplicate keys', () => {
  it('are reported on both sides, not silently summed away', () => {
    const { db } = tempDb();
    const line = fee({ resourceId: 'ins-d', componentName: 'CPU', transactionId: 'tx-dup', usageStart: t('2025-05-03'), discountedTotal: '4.00' });
    addImport(db, 'fee-detail', 'fee.csv', [line, { ...line }]);
    addImport(db, 'consumption', 'c.csv', [
      cons({ resourceId: 'ins-d', day: '2025-05-03', amount: '4.00' }),
      cons({ resourceId: 'ins-d', day: '2025-05-03', amount: '4.00' }),
      cons({ resourceId: 'ins-d', day: '2025-05-04', amount: '1.00' }),
    ]);
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.duplicates).toEqual([
      {
        side: 'fee',
        reason: 'the same transaction (交易ID) and component more than once',
        key: { month: '2025-05', product: '云服务器CVM', resourceId: 'ins-d', component: 'CPU', transactionId: 'tx-dup' },
        count: 2,
        amount: '8.00000000',
        sources: ['fee.csv:2', 'fee.csv:3'],
      },
      {
        side: 'consumption',
        reason: 'the same day and component more than once',
        key: { month: '2025-05', product: '云服务器CVM', resourceId: 'ins-d', component: 'CPU', day: '2025-05-03' },
        count: 2,
        amount: '8.00000000',
        sources: ['c.csv:2', 'c.csv:3'],
      },
    ]);
    // both sides still count every row: 8.00 vs 9.00
    expect(r.fee.total).toBe('8.00');
    expect(r.consumption.total).toBe('9.00');
    expect(find(r, 'amountMismatch', 'ins-d')?.difference).toBe('-1.00000000');
  });

  it('a resource in both consumption layouts is reported', () => {
    const { db } = tempDb();
    addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'ins-b', day: '2025-05-03', amount: '4.00' })]);
    addImport(db, 'consumption', 's.csv', [cons({ layout: 'summary', resourceId: 'ins-b', componentName: null, amount: '4.00' })], { layout: 'summary' });
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.duplicates.map((d) => [d.side, d.reason, d.count, d.amount])).toEqual([
      ['consumption', 'the resource is in both the component bill and the resource summary', 2, '8.00000000'],
    ]);
  });
});

describe('undone imports do not count', () => {
  it('only live imports are reconciled', () => {
    const { db } = tempDb();
    const id = addImport(db, 'fee-detail', 'fee.csv', [fee({ resourceId: 'x', discountedTotal: '5.00' })]);
    addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'x', day: '2025-05-02', amount: '5.00' })]);
    expect(reconcileMonth(db, { month: '2025-05' }).mismatches).toEqual([]);
    db.prepare(`update import set status = 'undone' where id = ?`).run(id);
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.fee).toEqual({ total: '0.00', lines: 0 });
    expect(r.mismatches.map((m) => [m.category, m.difference])).toEqual([['missing', '-5.00000000']]);
  });
});

describe('progress', () => {
  it('reports 0 before the passes over the stored parts and 100 once the report is stored', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', Array.from({ length: 7_000 }, (_, i) => fee({ resourceId: `r${i % 50}`, discountedTotal: '1.00' })));
    addImport(db, 'consumption', 'c.csv', Array.from({ length: 7_000 }, (_, i) => cons({ resourceId: `r${i % 50}`, day: `2025-05-${String(1 + (i % 28)).padStart(2, '0')}`, amount: '1.00' })));
    const seen: [string, number, number][] = [];
    const r = reconcileMonth(db, {
      month: '2025-05',
      onProgress: (p) => {
        // Reported from inside the run: at 100 the month's report is already stored.
        if (p.percent === 100) expect(lastRun(db, '2025-05')?.summary.fee).toEqual({ total: '7000.00', lines: 7000 });
        seen.push([p.phase, p.rows, p.percent]);
      },
    });
    expect(r.fee).toEqual({ total: '7000.00', lines: 7000 });
    expect(r.consumption).toEqual({ total: '7000.00', lines: 7000 });
    expect(r.mismatches).toEqual([]);
    // The engine reads import's per-key sums, not the lines: no per-line steps in between.
    expect(seen).toEqual([
      ['fee bill', 0, 0],
      ['mismatches', 14_000, 100],
    ]);
  });
});

describe('prepaid purchases of earlier months and refunds without a counterpart', () => {
  it('a yearly purchase from January explains May\'s amortisation, as a negative prepaid timing', () => {
    /** Bought 1 January for 365 days; May's consumption bill amortises `may` of it. */
    const yearly = (may: string) => {
      const { db } = tempDb();
      addImport(db, 'fee-detail', 'fee-2025-01.csv', [
        fee({ resourceId: 'ins-y', componentName: null, payMode: '包年包月', actionType: '包年包月新购', usageStart: t('2025-01-01'), usageEnd: t('2026-01-01'), discountedTotal: '365.00', billMonth: '2025-01' }),
      ]);
      addImport(db, 'fee-detail', 'fee-2025-05.csv', [fee({ resourceId: 'other', discountedTotal: '1.00' })]);
      addImport(db, 'consumption', 'c.csv', [
        cons({ layout: 'summary', resourceId: 'ins-y', componentName: null, payMode: '包年包月', consumptionType: '包年包月', amount: may }),
        cons({ resourceId: 'other', day: '2025-05-03', amount: '1.00' }),
      ], { layout: 'summary' });
      return reconcileMonth(db, { month: '2025-05' });
    };
    // May has 31 of the 365 days → 365.00 × 31 / 365 = 31.00
    const r = yearly('31.00');
    expect(r.bridgeExact).toMatchObject({ prepaidTiming: '-31.00000000', unexplained: '0.00000000' });
    expect(find(r, 'prepaidTiming', 'ins-y')).toMatchObject({ fee: '0.00000000', consumption: '31.00000000' });

    // A consumption bill that amortises 30.00 instead does not verify.
    const off = yearly('30.00');
    expect(off.bridgeExact).toMatchObject({ prepaidTiming: '0.00000000', missing: '-30.00000000' });
    expect(find(off, 'missing', 'ins-y')?.note).toBe('prepaid: expected amortisation 31.00, consumption shows 30.00');
  });

  it('a refund with no reduction on the consumption side is not explained', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ resourceId: 'disk', payMode: '包年包月', actionType: '包年包月退款', discountedTotal: '-10.00' }),
      fee({ resourceId: 'disk', payMode: '按量计费', discountedTotal: '4.00' }),
    ]);
    addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'disk', day: '2025-05-02', amount: '4.00' }), cons({ resourceId: 'vm', day: '2025-05-02', amount: '-2.00' }), cons({ resourceId: 'vm', day: '2025-05-03', amount: '3.00' })]);
    addImport(db, 'fee-detail', 'f2.csv', [fee({ resourceId: 'vm', discountedTotal: '3.00' })]);
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.bridgeExact).toMatchObject({ refunds: '0.00000000', amountMismatch: '-8.00000000' });
    expect(find(r, 'amountMismatch', 'disk')).toMatchObject({ difference: '-10.00000000', note: 'refund: -10.00 on the fee bill; consumption shows a reduction of 0.00' });
    expect(find(r, 'amountMismatch', 'vm')).toMatchObject({ difference: '2.00000000', note: 'refund: consumption shows a reduction of -2.00 without a negative fee line' });
  });
});
