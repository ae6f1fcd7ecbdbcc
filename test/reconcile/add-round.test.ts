import { describe, expect, it } from 'vitest';
import { addUnits, negUnits, roundToCents, UnitSum } from '../../main/core/money/index.js';

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
});
