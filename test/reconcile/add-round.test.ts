import { describe, expect, it } from 'vitest';
import { addSigned, addUnits, isZeroQty, negUnits, qtyOfText, roundToCents, toUnits, UnitSum } from '../../main/core/money/index.js';

describe('the money module’s sums on safe integers and beyond', () => {
  it('addUnits stays a number while the sum is a safe integer, then is exact as a bigint', () => {
    expect(addUnits(150_000_000, -49_999_999)).toBe(100_000_001);
    expect(addUnits(Number.MAX_SAFE_INTEGER, 1)).toBe(9_007_199_254_740_992n);
    expect(addUnits(1n, 2)).toBe(3n);
    expect(negUnits(-5)).toBe(5);
    expect(negUnits(5n)).toBe(-5n);
  });

  it('roundToCents rounds half up on both paths (SPEC §2: 8 decimals to 2 per transaction)', () => {
    expect(roundToCents(250_000)).toBe(0); // 0.0025 → 0.00
    expect(roundToCents(500_000)).toBe(1_000_000); // 0.005 → 0.01
    expect(roundToCents(-500_000)).toBe(-1_000_000); // −0.005 → −0.01
    expect(roundToCents(9_007_199_254_740_991)).toBe(9_007_199_255_000_000n);
  });

  it('UnitSum gives a number while it can, resets, and crosses into bigint exactly', () => {
    const s = new UnitSum();
    s.add(Number.MAX_SAFE_INTEGER);
    s.add(10);
    expect(s.amount()).toBe(9_007_199_254_741_001n);
    s.reset();
    s.add(12_345_678);
    expect(s.amount()).toBe(12_345_678);
  });

  it('toUnits widens either form exactly; addSigned adds or takes away (a month’s totals moved between months)', () => {
    expect(toUnits(123_456_789)).toBe(123_456_789n);
    expect(toUnits(9_007_199_254_740_993n)).toBe(9_007_199_254_740_993n);
    expect(addSigned(1_000_000_000n, 30_000_000n, 1)).toBe(1_030_000_000n); // 10.00 + 0.30
    expect(addSigned(1_000_000_000n, 30_000_000n, -1)).toBe(970_000_000n); // 10.00 − 0.30
  });

  it('isZeroQty on quantities of any size and on amounts (a hidden list-price cell)', () => {
    expect([isZeroQty(qtyOfText('0.000')), isZeroQty(qtyOfText('0.001')), isZeroQty(qtyOfText('100000000000000000000')), isZeroQty(qtyOfText('0'.repeat(30)))]).toEqual([true, false, false, true]);
    expect([isZeroQty(0), isZeroQty(0n), isZeroQty(1), isZeroQty(-1n)]).toEqual([true, true, false, false]);
  });
});
