import { describe, expect, it } from 'vitest';
import { precision, reconcileMonth } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { addImport, fee } from './helpers.js';

const precisionLine = (amount: string, how: 'product' | 'code' = 'product') =>
  how === 'product'
    ? fee({ product: '月度计费精度差异', resourceId: 'billVirtualId', componentName: null, transactionId: null, discountedTotal: amount })
    : fee({ product: 'Monthly billing precision difference 精度', productCode: 'billVirtualId', resourceId: null, componentName: null, transactionId: null, discountedTotal: amount });

describe('precision: 8-dp rating, 2-dp deduction per transaction (SPEC §2)', () => {
  it('three transactions 0.12345679 / 1.005 / 2.99499999', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ transactionId: 'A', discountedTotal: '0.12345679' }),
      fee({ transactionId: 'B', discountedTotal: '1.005' }),
      fee({ transactionId: 'C', discountedTotal: '2.99499999' }),
    ]);
    const p = precision(db, '2025-05', { transactions: true });
    // rated 4.12345678; deducted 0.12 + 1.01 (half-up) + 2.99 (below the half) = 4.12
    expect(p).toMatchObject({ transactions: 3, rated: '4.12345678', deducted: '4.12', difference: '-0.00345678', billed: null, agrees: null });
    expect(p.transactionsDetail).toEqual([
      { transactionId: 'A', rated: '0.12345679', deducted: '0.12', difference: '-0.00345679' },
      { transactionId: 'B', rated: '1.00500000', deducted: '1.01', difference: '0.00500000' },
      { transactionId: 'C', rated: '2.99499999', deducted: '2.99', difference: '-0.00499999' },
    ]);
  });

  it('an amount with more than 8 non-zero decimals is refused at import, naming file, row and column', () => {
    const { db } = tempDb();
    const lines = [fee({ transactionId: 'B', discountedTotal: '1.005' }), fee({ transactionId: 'A', discountedTotal: '0.123456785' })];
    expect(() => addImport(db, 'fee-detail', 'f.csv', lines)).toThrow(
      'f.csv:3:优惠后总价: more than 8 decimals: the vendor bills with at most 8 (value "0.123456785")',
    );
    expect(db.prepare('select count(*) from bill_line').pluck().get()).toBe(0);
    // Zeros past the 8th decimal say nothing more: accepted.
    addImport(db, 'fee-detail', 'g.csv', [fee({ transactionId: 'A', discountedTotal: '1.0050000000' })]);
    expect(precision(db, '2025-05')).toMatchObject({ transactions: 1, rated: '1.00500000', deducted: '1.01' });
  });

  it('components of one transaction are summed before rounding', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ transactionId: 'T', componentName: 'CPU', discountedTotal: '0.004' }),
      fee({ transactionId: 'T', componentName: '内存', discountedTotal: '0.004' }),
    ]);
    // per transaction 0.008 → 0.01 (per line it would be 0.00 + 0.00)
    expect(precision(db, '2025-05')).toMatchObject({ transactions: 1, rated: '0.00800000', deducted: '0.01', difference: '0.00200000' });
  });

  it('a positive difference the bill agrees with', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ transactionId: 'A', discountedTotal: '1.005' }),
      fee({ transactionId: 'B', discountedTotal: '2.005' }),
      precisionLine('0.01'),
    ]);
    const p = precision(db, '2025-05');
    expect(p).toMatchObject({ transactions: 2, rated: '3.01000000', deducted: '3.02', difference: '0.01000000', billed: '0.01', agrees: true, pseudoLines: 1 });
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.bridgeExact.precision).toBe('0.01000000');
    expect(r.mismatches.find((m) => m.key.resourceId === 'billVirtualId')).toMatchObject({ category: 'precision', difference: '0.01000000', explained: true });
  });

  it('a negative difference, and a bill line that does not agree', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ transactionId: 'A', discountedTotal: '1.004' }),
      fee({ transactionId: 'B', discountedTotal: '2.004' }),
      precisionLine('0.00', 'code'),
    ]);
    const p = precision(db, '2025-05');
    // deducted 1.00 + 2.00 − rated 3.008 = −0.008 → the line should say −0.01
    expect(p).toMatchObject({ rated: '3.00800000', deducted: '3.00', difference: '-0.00800000', billed: '0.00', agrees: false });
    const agreeing = tempDb().db;
    addImport(agreeing, 'fee-detail', 'f.csv', [fee({ transactionId: 'A', discountedTotal: '1.004' }), fee({ transactionId: 'B', discountedTotal: '2.004' }), precisionLine('-0.01')]);
    expect(precision(agreeing, '2025-05')).toMatchObject({ billed: '-0.01', agrees: true });
  });

  it('a precision line named by its code, listed first, leaves the usage lines real transactions', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      precisionLine('0.00', 'code'),
      fee({ transactionId: 'A', discountedTotal: '1.004' }),
      fee({ transactionId: 'B', discountedTotal: '2.004' }),
    ]);
    expect(precision(db, '2025-05')).toMatchObject({ transactions: 2, rated: '3.00800000', deducted: '3.00', difference: '-0.00800000', billed: '0.00', agrees: false, pseudoLines: 1 });
  });

  it('a disagreeing bill line: only the rebuilt part is explained, the rest is an amount mismatch', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ resourceId: 'x', transactionId: 'A', discountedTotal: '1.005' }),
      fee({ resourceId: 'x', transactionId: 'B', discountedTotal: '2.005' }),
      precisionLine('0.05'),
    ]);
    const r = reconcileMonth(db, { month: '2025-05' });
    expect(r.precision).toMatchObject({ billed: '0.05', agrees: false, difference: '0.01000000' });
    const onLine = r.mismatches.filter((m) => m.key.resourceId === 'billVirtualId').map((m) => [m.category, m.difference]);
    expect(onLine).toEqual([
      ['precision', '0.01000000'],
      ['amountMismatch', '0.04000000'],
    ]);
  });

  it('month-aggregated lines (no 交易ID) and vendor pseudo-lines are left out and counted', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [
      fee({ transactionId: 'A', discountedTotal: '1.005' }),
      fee({ transactionId: null, aggregated: true, discountedTotal: '7.777' }),
      fee({ transactionId: null, aggregated: true, discountedTotal: '1.111' }),
      fee({ product: 'Other', productCode: 'billVirtualId', resourceId: 'billVirtualId', transactionId: null, discountedTotal: '9.99' }),
      precisionLine('0.00'),
    ]);
    expect(precision(db, '2025-05')).toMatchObject({ transactions: 1, rated: '1.00500000', aggregatedLines: 2, pseudoLines: 2, billed: '0.00', agrees: false });
  });

  it('lines of other months do not count', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', [fee({ transactionId: 'A', discountedTotal: '1.005' }), fee({ transactionId: 'B', discountedTotal: '2.005', billMonth: '2025-06' })]);
    expect(precision(db, '2025-05')).toMatchObject({ transactions: 1, rated: '1.00500000' });
  });
});
