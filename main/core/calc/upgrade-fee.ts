import { money, roundHalfUp, type Money } from '../money/decimal.js';
import { anchoredMonthDay, daysBetween, parseDay } from './calendar-day.js';
import { CalcInputError } from './calc-input.js';

/** One rung of a purchase-term discount ladder: buying `months` months costs `discount` × list. */
export interface DiscountRung {
  months: number;
  discount: Money;
}

export interface UpgradeFeeInput {
  /** Monthly list price at purchase. */
  oldMonthly: Money;
  /** Today's monthly list price of the new configuration. */
  newMonthly: Money;
  /** Today (the upgrade day) and the expiry date, which an upgrade does not change. */
  from: string;
  to: string;
  discounts: DiscountRung[];
}

export interface UpgradeFee {
  days: number;
  /** Whole calendar months from `from` that fit before `to`. */
  months: number;
  /** The ladder rung applied, null when the upgrade is shorter than every rung (no discount). */
  rung: number | null;
  discount: Money;
  priceDifference: Money;
  /** 365 ÷ 12: the vendor's average month in days. */
  daysPerMonth: Money;
  fee: Money;
}

/** Whole months: the largest k with (from + k months, same day clamped) ≤ to. */
export function wholeMonthsBetween(from: string, to: string): number {
  const f = parseDay(from);
  let k = 0;
  while (anchoredMonthDay(f.year, f.month, f.day, k + 1) <= to) k += 1;
  return k;
}

/**
 * The discount of a purchase-term ladder for an upgrade that covers `months` whole months:
 * matched downwards, the longest rung not longer than them (SPEC §5, SPEC-CALCULATORS C6).
 * Decision C6-N0: less than one whole month (n = 0) takes the 1-month rung. No rung at all:
 * list price (1).
 */
export function matchRung(ladder: readonly DiscountRung[], months: number): DiscountRung | null {
  const n = Math.max(months, 1);
  let best: DiscountRung | null = null;
  for (const r of ladder) if (r.months <= n && (best === null || r.months > best.months)) best = r;
  return best;
}

/** Prepaid upgrade fee (升配, SPEC §5, SPEC-CALCULATORS C6). */
export function upgradeFee(input: UpgradeFeeInput): UpgradeFee {
  parseDay(input.from);
  parseDay(input.to);
  const days = daysBetween(input.from, input.to);
  if (days <= 0) throw new CalcInputError('to', `to (${input.to}) must be after from (${input.from})`);
  if (input.newMonthly.lessThan(input.oldMonthly)) throw new CalcInputError('newMonthly', 'newMonthly is below oldMonthly: that is a downgrade, not an upgrade');
  const months = wholeMonthsBetween(input.from, input.to);
  const best = matchRung(input.discounts, months);
  const discount = best?.discount ?? money(1);
  const priceDifference = input.newMonthly.minus(input.oldMonthly);
  const daysPerMonth = money(365).dividedBy(12);
  // × 12 ÷ 365 rather than ÷ (365 ÷ 12), and the one division last, so no repeating decimal is
  // carried into the product; 365 ÷ 12 stays exact.
  const fee = roundHalfUp(priceDifference.times(days).times(12).times(discount).dividedBy(365), 2);
  return { days, months, rung: best?.months ?? null, discount, priceDifference, daysPerMonth, fee };
}

/** "1:1,2:0.9,3:0.8" → the ladder. */
export function parseDiscountLadder(field: string, text: string): DiscountRung[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(\d+(?:\.\d+)?|\.\d+)\s*$/.exec(part);
    if (!m) throw new CalcInputError(field, `${field}: "${part}" is not MONTHS:DISCOUNT (e.g. 12:0.83)`);
    const months = Number(m[1]);
    const discount = money(m[2]!);
    if (months < 1) throw new CalcInputError(field, `${field}: months must be ≥ 1 in "${part}"`);
    if (discount.lte(0) || discount.greaterThan(1)) throw new CalcInputError(field, `${field}: discount must be in (0, 1] in "${part}"`);
    return { months, discount };
  });
}
