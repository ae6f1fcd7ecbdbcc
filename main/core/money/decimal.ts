/**
 * The names the calculators and the rating use for exact arithmetic (decimal.js's, which this
 * module once wrapped): `money(x)` is an `Exact`, `fixed` / `roundHalfUp` round half-up
 * (四舍五入, .5 away from zero), the vendor's rule.
 */
import { Exact, type ExactInput } from './exact.js';

export const Money = Exact;
export type Money = Exact;

export const ZERO = Exact.of(0);

export function money(value: ExactInput): Exact {
  return Exact.of(value);
}

/** Half-up rounding to `dp` decimals. */
export function roundHalfUp(value: Exact, dp: number): Exact {
  return value.toDecimalPlaces(dp, Exact.ROUND_HALF_UP);
}

/** Fixed-point text with exactly `dp` decimals, half-up; never "-0.00". */
export function fixed(value: Exact, dp: number): string {
  return value.toFixed(dp, Exact.ROUND_HALF_UP);
}

/** Sum of exact values or decimal texts (nulls count as zero). */
export function sum(values: Iterable<ExactInput | null | undefined>): Exact {
  let total = ZERO;
  for (const v of values) if (v !== null && v !== undefined) total = total.plus(v);
  return total;
}
