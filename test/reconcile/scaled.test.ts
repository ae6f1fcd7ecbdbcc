import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money, roundHalfUp, sum } from '../../main/core/money/decimal.js';
import { ExactSum, fromScaled, roundScaled, scaled } from '../../main/core/reconcile/scaled.js';

/** Plain decimal text with up to `dp` decimals, as the importer stores amounts. */
const text = (dp: number) =>
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: dp })).map(([m, s]) => money(m.toString()).div(10 ** s).toFixed(s));

describe('scaled BigInt sums equal decimal.js', () => {
  it('parses exactly, and declines what the scale cannot hold', () => {
    expect(scaled('-80.43264806')).toBe(-80432648060000n);
    expect(scaled('0.03')).toBe(30000000000n);
    expect(scaled('-0')).toBe(0n);
    expect(scaled('7')).toBe(7000000000000n);
    expect(scaled('0.1234567890123')).toBeNull(); // 13 decimals
    expect(scaled('1e-5')).toBeNull();
    expect(fromScaled(scaled('-80.43264806')!).plus(fromScaled(scaled('-0.45735194')!)).toFixed(8)).toBe('-80.89000000');
  });

  it('sums (with terms finer than the scale kept in decimal.js) equal decimal.js sums', () => {
    fc.assert(
      fc.property(fc.array(text(15), { maxLength: 40 }), (terms) => {
        const s = new ExactSum();
        for (const t of terms) s.add(t);
        expect(s.value().equals(sum(terms))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('half-up rounding to 2 dp equals roundHalfUp, including the .5 cases both signs', () => {
    for (const [t, r] of [['1.005', '1.01'], ['-1.005', '-1.01'], ['2.994999995', '2.99'], ['-0.004', '0'], ['0.125', '0.13']] as const) {
      expect(fromScaled(roundScaled(scaled(t)!, 2)).equals(r)).toBe(true);
    }
    fc.assert(
      fc.property(text(12), fc.integer({ min: 0, max: 8 }), (t, dp) => {
        expect(fromScaled(roundScaled(scaled(t)!, dp)).equals(roundHalfUp(money(t), dp))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
