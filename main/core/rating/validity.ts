import type { Day } from '../model.js';

/**
 * When the whiteboard service ran and under which month of monthly fee. The rule itself (anchored
 * day, clamping, renewals, trial first: SPEC §4) lives in main/core/calc/tiw-validity.ts; rating
 * only consumes its result through this shape, so there is one copy of the rule.
 */

/** Half-open: from ≤ day < until. */
export interface DayRange {
  from: Day;
  until: Day;
}

export interface TiwValidity {
  /** The free trial: unlimited usage that draws on no quota or package. */
  trial: DayRange | null;
  /** Each month of monthly fee, oldest first; the free quota renews with each. */
  feeMonths: DayRange[];
}

export interface MonthlyFeePurchase {
  date: Day;
  months: number;
}

export interface ValidityInput {
  trialStart: Day | null;
  monthlyFee: MonthlyFeePurchase[];
}

export type ValidityRule = (input: ValidityInput) => TiwValidity;

export function inRange(r: DayRange | null, day: Day): boolean {
  return r !== null && r.from <= day && day < r.until;
}

/** Index of the month of fee that covers a day, or -1 when the service was stopped. */
export function feeMonthIndex(v: TiwValidity, day: Day): number {
  // Fee months never overlap, so a binary search finds the one candidate.
  let lo = 0;
  let hi = v.feeMonths.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = v.feeMonths[mid]!;
    if (day < m.from) hi = mid - 1;
    else if (day >= m.until) lo = mid + 1;
    else return mid;
  }
  return -1;
}
