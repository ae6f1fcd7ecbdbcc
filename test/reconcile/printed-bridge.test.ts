import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixed, money, sum, type Money } from '../../main/core/money/decimal.js';
import { allocateCents } from '../../main/core/reconcile/index.js';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
const amount = fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n }).map((n) => money(n.toString()).div(1e8));

describe('the printed 2-dp bridge', () => {
  it('a worked case: 1.005 + 1.005 + 1.005 = 3.015 printed as 3.02 places one cent back', () => {
    const exact = { a: money('1.005'), b: money('1.005'), c: money('1.005'), d: money(0), e: money(0), f: money(0) };
    const out = allocateCents(exact, KEYS, money('3.02'));
    expect(KEYS.map((k) => fixed(out[k], 2))).toEqual(['1.00', '1.01', '1.01', '0.00', '0.00', '0.00']);
  });

  it('always adds up to round(fee) − round(consumption), keeps zeros at zero and moves nothing by more than a cent', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 6, maxLength: 6 }), amount, (parts, consumption) => {
        const exact = Object.fromEntries(KEYS.map((k, i) => [k, i === 5 ? money(0) : parts[i]!])) as Record<(typeof KEYS)[number], Money>;
        const feeTotal = consumption.plus(sum(KEYS.map((k) => exact[k])));
        const target = money(fixed(feeTotal, 2)).minus(fixed(consumption, 2));
        const out = allocateCents(exact, KEYS, target);
        expect(sum(KEYS.map((k) => out[k])).equals(target)).toBe(true);
        expect(out.f.isZero()).toBe(true);
        for (const k of KEYS) expect(out[k].minus(exact[k]).abs().lte('0.015')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
