import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money } from '../../main/core/money/decimal.js';
import { checkLine, lineChecks } from '../../main/core/reconcile/index.js';
import { bigIntLineCheck, fastLineCheck } from '../../main/core/reconcile/line-checks.js';
import { tempDb } from '../helpers/db.js';
import { addImport, fee } from './helpers.js';

const blank = { listPrice: null, usage: null, duration: null, originalCost: null, discount: null, cash: null, gift: null, voucher: null, transfer: null };

describe('line checks: each fee-bill line against its own columns', () => {
  it('the API sample: cash −80.43264806 + gift −0.45735194 pays −80.89', () => {
    const checks = checkLine({ ...blank, originalCost: '-80.89000000', discount: '1', discountedTotal: '-80.89000000', cash: '-80.43264806', gift: '-0.45735194', voucher: '0' });
    expect(checks).toEqual([
      { check: 'discountedTotal', stated: '-80.89000000', recomputed: '-80.89000000', difference: '0.00000000', ok: true },
      { check: 'payments', stated: '-80.89000000', recomputed: '-80.89000000', difference: '0.00000000', ok: true },
    ]);
  });

  it('original cost = list price × usage × duration; discounted = original × discount', () => {
    // the sample month's prepaid CVM: 150.00 × 1 × 12 = 1800.00; × 0.83 = 1494.00
    const ok = checkLine({ ...blank, listPrice: '150.00', usage: '1', duration: '12', originalCost: '1800.00000000', discount: '0.83', discountedTotal: '1494.00000000', cash: '1494.00000000' });
    expect(ok.map((c) => [c.check, c.recomputed, c.ok])).toEqual([
      ['originalCost', '1800.00000000', true],
      ['discountedTotal', '1494.00000000', true],
      ['payments', '1494.00000000', true],
    ]);
    // 0.11333333 × 22 × 1 = 2.49333326 exactly
    expect(checkLine({ ...blank, listPrice: '0.11333333', usage: '22', duration: '1', originalCost: '2.49333326', discountedTotal: '2.49333326' })[0]).toMatchObject({ ok: true, recomputed: '2.49333326' });
    // recomputation rounds half-up at 8 dp: 0.123456785 × 1 × 1 → 0.12345679
    expect(checkLine({ ...blank, listPrice: '0.123456785', usage: '1', duration: '1', originalCost: '0.12345679', discountedTotal: '0.12345679' })[0]).toMatchObject({ ok: true });
  });

  it('flags lines whose stated figures differ, with stated, recomputed and difference', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [
      fee({ listPrice: '0.02', usage: '1', duration: '1500', originalCost: '30.00', discount: '1', discountedTotal: '30.00', cash: '30.00' }),
      fee({ listPrice: '0.02', usage: '1', duration: '1500', originalCost: '30.10', discount: '0.9', discountedTotal: '27.00', cash: '26.00', gift: '0.99' }),
      fee({ discountedTotal: '5.00' }), // nothing to check against
    ]);
    const r = lineChecks(db, '2025-05');
    expect(r.checked).toBe(2);
    expect(r.failed).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]!.source).toBe('fee.csv:3');
    expect(r.lines[0]!.checks).toEqual([
      { check: 'originalCost', stated: '30.10000000', recomputed: '30.00000000', difference: '0.10000000', ok: false },
      { check: 'discountedTotal', stated: '27.00000000', recomputed: '27.09000000', difference: '-0.09000000', ok: false },
      { check: 'payments', stated: '26.99000000', recomputed: '27.00000000', difference: '-0.01000000', ok: false },
    ]);
    expect(lineChecks(db, '2025-05', { all: true }).lines).toHaveLength(2);
  });
});

describe('the BigInt line check agrees with decimal.js', () => {
  const num = (maxDp: number) =>
    fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: maxDp })).map(([m, s]) => money(m.toString()).div(10 ** s).toFixed(s));
  const maybe = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
  it('on random lines, including ones built to pass', () => {
    fc.assert(
      fc.property(
        maybe(num(4)), maybe(num(3)), maybe(num(2)), maybe(num(10)), maybe(num(2)), num(10), maybe(num(9)), maybe(num(9)), maybe(num(8)), maybe(num(8)), fc.boolean(),
        (listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, transfer, consistent) => {
          const row = { listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, transfer };
          if (consistent && listPrice && usage && duration) {
            row.originalCost = money(listPrice).times(usage).times(duration).toDecimalPlaces(8).toFixed();
            if (discount) row.discountedTotal = money(row.originalCost).times(discount).toDecimalPlaces(8).toFixed();
            row.cash = money(row.discountedTotal).toDecimalPlaces(8).toFixed();
            row.gift = row.voucher = row.transfer = null;
          }
          const slow = checkLine(row);
          expect(fastLineCheck(row)).toEqual({ checks: slow.length, ok: slow.every((c) => c.ok) });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('on bill-sized values (the exact-double path), and at the edge where doubles stop being exact', () => {
    // Mantissas up to 10^8 keep list price × usage × duration mostly below 2^53: the double path decides.
    const small = (maxDp: number) =>
      fc.tuple(fc.integer({ min: -1e8, max: 1e8 }), fc.integer({ min: 0, max: maxDp })).map(([m, s]) => money(m).div(10 ** s).toFixed(s));
    const maybe = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
    fc.assert(
      fc.property(
        maybe(small(8)), maybe(small(3)), maybe(small(2)), maybe(small(8)), maybe(small(2)), small(8), maybe(small(8)), maybe(small(8)), maybe(small(8)), fc.boolean(),
        (listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, consistent) => {
          const row = { listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, transfer: null };
          if (consistent && listPrice && usage && duration) {
            row.originalCost = money(listPrice).times(usage).times(duration).toDecimalPlaces(8).toFixed();
            if (discount) row.discountedTotal = money(row.originalCost).times(discount).toDecimalPlaces(8).toFixed();
            row.cash = money(row.discountedTotal).toDecimalPlaces(8).toFixed();
            row.gift = row.voucher = null;
          }
          const slow = checkLine(row);
          const verdict = { checks: slow.length, ok: slow.every((c) => c.ok) };
          expect(fastLineCheck(row)).toEqual(verdict);
          expect(bigIntLineCheck(row)).toEqual(verdict);
        },
      ),
      { numRuns: 5000 },
    );
    // 2^53 + 1 cannot be held by a double: the check must not be fooled by it.
    const row = { ...blank, listPrice: '9007199254740993', usage: '1', duration: '1', originalCost: '9007199254740992', discountedTotal: '1' };
    expect(fastLineCheck(row)).toEqual({ checks: 1, ok: false });
    const half = { ...blank, listPrice: '0.000000005', usage: '1', duration: '1', originalCost: '0.00000001', discountedTotal: '0.00000001', cash: '0.00000001' };
    expect(fastLineCheck(half)).toEqual({ checks: 2, ok: true });
  });
});
