import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money } from '../../main/core/money/decimal.js';
import { drawConsumption } from '../../main/core/calc/consumption-draw.js';

/** Amounts in cents, as decimal text: never through a JS float. */
const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => money(c).dividedBy(100));

describe('consumption draws gift before cash, over random balances', () => {
  it('gift + cash paid is the consumption; cash pays only once gift is used up; nothing is lost', () => {
    fc.assert(
      fc.property(cents, cents, cents, (consumption, gift, cash) => {
        const d = drawConsumption(consumption, gift, cash);
        expect(d.fromGift.plus(d.fromCash).equals(consumption)).toBe(true);
        expect(d.fromGift.lte(gift)).toBe(true);
        if (d.fromCash.greaterThan(0)) expect(d.giftLeft.isZero()).toBe(true);
        expect(d.giftLeft.plus(d.fromGift).equals(gift)).toBe(true);
        expect(d.cashLeft.plus(d.fromCash).equals(cash)).toBe(true);
        expect(d.arrears.equals(d.cashLeft.isNegative() ? d.cashLeft.neg() : 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
