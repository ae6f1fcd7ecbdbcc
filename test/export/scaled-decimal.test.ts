import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastCheckLine } from '../../main/core/export/fast-line-checks.js';
import { ExactSum, parseScaled, scaledText, toScale } from '../../main/core/export/scaled-decimal.js';
import { fixed, money, roundHalfUp, sum } from '../../main/core/money/decimal.js';
import { checkLine } from '../../main/core/reconcile/index.js';

/** Plain decimals as bills write them: signs, up to 12 decimals (more than the 8 the vendor uses). */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 12 }))
  .map(([neg, digits, scale]) => {
    const t = scaledText(digits, scale);
    return neg && digits !== 0n ? `-${t}` : t;
  });
const maybe = fc.option(decimalText, { nil: null });

describe('scaled BigInt arithmetic equals decimal.js', () => {
  it('half-up rounding to any scale, and the 8-dp text', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 10 }), (t, dp) => {
        expect(scaledText(toScale(parseScaled(t)!, dp), dp)).toBe(fixed(roundHalfUp(money(t), dp), dp));
      }),
      { numRuns: 2000 },
    );
  });

  it('exact sums, falling back to decimal.js past 8 decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.option(decimalText, { nil: null }), { maxLength: 30 }), (values) => {
        const s = new ExactSum();
        for (const v of values) s.add(v);
        expect(s.value().equals(sum(values))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('fastCheckLine gives reconcile checkLine figures and verdicts exactly', () => {
    fc.assert(
      fc.property(maybe, maybe, maybe, maybe, maybe, decimalText, maybe, maybe, maybe, maybe, (listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, transfer) => {
        const line = { listPrice, usage, duration, originalCost, discount, discountedTotal, cash, gift, voucher, transfer };
        expect(fastCheckLine(line)).toEqual(checkLine(line));
      }),
      { numRuns: 3000 },
    );
  });

  it('worked line: 22 core-hours × 0.11333333 rates 2.49333326; a bill saying 2.49333330 differs by 0.00000004', () => {
    const line = { listPrice: '0.11333333', usage: '22', duration: '1', originalCost: '2.49333330', discount: '1', discountedTotal: '2.49333330', cash: '2.49333330', gift: null, voucher: null, transfer: null };
    const checks = fastCheckLine(line);
    expect(checks[0]).toEqual({ check: 'originalCost', stated: '2.49333330', recomputed: '2.49333326', difference: '0.00000004', ok: false });
    expect(checks.slice(1).every((c) => c.ok)).toBe(true);
    expect(checks).toEqual(checkLine(line));
  });

  it('inputs that are not plain decimals go to decimal.js unchanged', () => {
    const line = { listPrice: '1e2', usage: '2', duration: '1', originalCost: '200', discount: '0.5', discountedTotal: '100', cash: '100', gift: null, voucher: null, transfer: null };
    expect(fastCheckLine(line)).toEqual(checkLine(line));
    expect(fastCheckLine(line)[0]!.recomputed).toBe('200.00000000');
  });
});
