import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatUnits, roundUnits, type Units } from '../../main/core/money/index.js';
import { allocateCents } from '../../main/core/reconcile/index.js';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
type Key = (typeof KEYS)[number];
/** Amounts in units of 10^-8: −100.00000000 … 100.00000000. */
const amount = fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n });
const CENT = 1_000_000n;
const sum = (values: readonly Units[]) => values.reduce((s, v) => s + v, 0n);
const abs = (u: Units) => (u < 0n ? -u : u);

describe('the printed 2-dp bridge', () => {
  it('a worked case: 1.005 + 1.005 + 1.005 = 3.015 printed as 3.02 places one cent back', () => {
    const exact: Record<Key, Units> = { a: 100_500_000n, b: 100_500_000n, c: 100_500_000n, d: 0n, e: 0n, f: 0n };
    // 3.015 rounds half-up to 3.02; each 1.005 to 1.01, 3.03 together: one cent too many.
    expect(roundUnits(sum(Object.values(exact)), 2)).toBe(302_000_000n);
    const out = allocateCents(exact, KEYS, 302_000_000n);
    expect(KEYS.map((k) => formatUnits(out[k], 2))).toEqual(['1.00', '1.01', '1.01', '0.00', '0.00', '0.00']);
  });

  it('always adds up to round(fee) − round(consumption), keeps zeros at zero and moves nothing by more than a cent', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 6, maxLength: 6 }), amount, (parts, consumption) => {
        const exact = Object.fromEntries(KEYS.map((k, i) => [k, i === 5 ? 0n : parts[i]!])) as Record<Key, Units>;
        const feeTotal = consumption + sum(KEYS.map((k) => exact[k]));
        const target = roundUnits(feeTotal, 2) - roundUnits(consumption, 2);
        const out = allocateCents(exact, KEYS, target);
        expect(sum(KEYS.map((k) => out[k]))).toBe(target);
        expect(out.f).toBe(0n);
        for (const k of KEYS) {
          expect(out[k] % CENT).toBe(0n);
          // 0.015: half a cent of its own rounding plus at most one cent placed.
          expect(abs(out[k] - exact[k]) <= 1_500_000n).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
