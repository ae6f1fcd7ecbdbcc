import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billingPeriod, chargeCategory, exclusiveEnd, exportFocusCsv, FOCUS_COLUMNS } from '../../main/core/export/index.js';
import { importFile } from '../../main/core/import/index.js';
import { fixed, sum } from '../../main/core/money/decimal.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';
import { parseCsv } from './libreoffice.js';

describe('FOCUS 1.2 export of the fee-bill detail', () => {
  it('billing period: the Beijing month in UTC, end exclusive (FORMATS §5)', () => {
    expect(billingPeriod('2025-03')).toEqual({ start: '2025-02-28T16:00:00Z', end: '2025-03-31T16:00:00Z' });
    expect(billingPeriod('2025-12')).toEqual({ start: '2025-11-30T16:00:00Z', end: '2025-12-31T16:00:00Z' });
    // Tencent's own FOCUS example: 2025-11-30 23:59:59 Beijing is 15:59:59Z inclusive; exclusive it is 16:00:00Z.
    expect(exclusiveEnd('2025-11-30T23:59:59+08:00')).toBe('2025-11-30T16:00:00Z');
    expect(exclusiveEnd('2025-03-02T00:00:00+08:00')).toBe('2025-03-01T16:00:00Z');
  });

  it('charge categories from the transaction type', () => {
    const base = { payMode: '按量计费', product: '云服务器CVM', productCode: null, resourceId: 'ins-1' };
    expect(chargeCategory({ ...base, actionType: '按量计费日结' })).toBe('Usage');
    expect(chargeCategory({ ...base, payMode: '包年包月', actionType: '包年包月新购' })).toBe('Purchase');
    expect(chargeCategory({ ...base, payMode: '包年包月', actionType: '包年包月退款' })).toBe('Adjustment');
    expect(chargeCategory({ ...base, actionType: '调账补偿' })).toBe('Adjustment');
    expect(chargeCategory({ ...base, product: '月度计费精度差异', resourceId: 'billVirtualId', actionType: null })).toBe('Adjustment');
  });

  it('the sample month: one row per line, costs that add up to the bill, UTC periods', async () => {
    const { db } = tempDb();
    await importFile(db, join(SAMPLES, 'fee-detail-2025-03.gbk.csv'));
    const target = join(tempDir('billrecon-focus-'), 'focus.csv');
    const r = await exportFocusCsv(db, target, { month: '2025-03' });
    expect(r.rows).toBe(37);
    const raw = readFileSync(target);
    expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(raw.toString('utf8'));
    expect(rows[0]).toEqual(FOCUS_COLUMNS);
    const col = (name: string) => rows[0]!.indexOf(name);
    const data = rows.slice(1);
    expect(data).toHaveLength(37);
    // No vouchers in the sample: BilledCost sums to the bill's 优惠后总价 total.
    expect(fixed(sum(data.map((r) => r[col('BilledCost')])), 8)).toBe('2058.54925773');
    const first = data[0]!;
    expect(first[col('ChargeCategory')]).toBe('Purchase');
    expect(first[col('ChargePeriodStart')]).toBe('2025-03-10T02:21:09Z');
    expect(first[col('BillingPeriodStart')]).toBe('2025-02-28T16:00:00Z');
    expect(first[col('BillingPeriodEnd')]).toBe('2025-03-31T16:00:00Z');
    expect(first[col('ListCost')]).toBe('1800');
    expect(first[col('ContractedCost')]).toBe('1494');
    expect(first[col('BillingCurrency')]).toBe('CNY');
    expect(first[col('ServiceCategory')]).toBe('Compute');
    expect(first[col('Tags')]).toBe('{"env":"prod"}');
    expect(first[col('x_SourceTrace')]).toBe('fee-detail-2025-03.gbk.csv:2');
    // A daily postpaid line used 2025-02-28 00:00:00–23:59:59 Beijing: [16:00Z the day before, 16:00Z) exclusive.
    const daily = data.find((r) => r[col('x_TransactionId')] === '20250228400000428122')!;
    expect(daily[col('ChargeCategory')]).toBe('Usage');
    expect(daily[col('ChargeFrequency')]).toBe('Usage-Based');
    expect(daily[col('ChargePeriodStart')]).toBe('2025-02-27T16:00:00Z');
    expect(daily[col('ChargePeriodEnd')]).toBe('2025-02-28T16:00:00Z');
    expect(daily[col('ListCost')]).toBe('2.49333326');
    expect(daily[col('PricingQuantity')]).toBe('22');
    expect(daily[col('ConsumedQuantity')]).toBe('22');
    const refund = data.find((r) => r[col('x_TransactionType')] === '包年包月退款')!;
    expect(refund[col('ChargeCategory')]).toBe('Adjustment');
    expect(refund[col('BilledCost')]).toBe('-255');
    for (const r of data) {
      for (const c of ['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart', 'BillingPeriodEnd']) expect(r[col(c)]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r[col('ChargePeriodEnd')]! >= r[col('ChargePeriodStart')]!).toBe(true);
      expect(['Usage', 'Purchase', 'Adjustment']).toContain(r[col('ChargeCategory')]);
    }
  });
});
