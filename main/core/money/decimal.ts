import Decimal from 'decimal.js';

/**
 * decimal.js configured for money: enough precision for 8-dp amounts of any realistic size,
 * and half-up (四舍五入) as the vendor's rounding rule. A private clone, so no other module can
 * change the global configuration under us.
 */
export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Money = Decimal;

export const ZERO = new Money(0);

export function money(text: string | number | Decimal): Decimal {
  return new Money(text);
}

/** Half-up rounding to `dp` decimals (the vendor rounds |x| away from zero at .5). */
export function roundHalfUp(value: Decimal, dp: number): Decimal {
  return value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** Fixed-point text with exactly `dp` decimals, half-up. */
export function fixed(value: Decimal, dp: number): string {
  const s = value.toFixed(dp, Decimal.ROUND_HALF_UP);
  // decimal.js prints "-0.00" for tiny negatives; an accountant reads that as a sign error.
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Sum of decimal texts (nulls count as zero). */
export function sum(values: Iterable<string | Decimal | null | undefined>): Decimal {
  let total = ZERO;
  for (const v of values) if (v !== null && v !== undefined) total = total.plus(v);
  return total;
}
