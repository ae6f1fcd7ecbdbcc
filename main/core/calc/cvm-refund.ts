import { ZERO, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';

/**
 * Refund of a CVM-style prepaid (包年包月) order (SPEC §5). All amounts are cash actually paid,
 * after discount and vouchers: vouchers are never refunded, so they never enter here.
 */
export interface CvmRefundInput {
  /** Cash paid for the current valid order. */
  paid: Money;
  /** Pay-as-you-go unit price per hour of the instance, for the partial month used. */
  hourly: Money;
  /** Hours used in the partial month. */
  hours: Money;
  /** Monthly price and whole months used, when more than a month has gone by. */
  monthly?: Money;
  monthsUsed?: Money;
  /** Separately billed bandwidth: pay-as-you-go price per hour, used for the same hours. */
  bandwidthHourly?: Money;
  /** Cash paid for renewals that have not started yet: returned whole. */
  unstarted?: Money;
  /** Cash paid for an upgrade bought during the period, and the days of it left. */
  upgradePaid?: Money;
  upgradeDaysLeft?: Money;
  /** The account's first refund, within 5 days of a new purchase. */
  firstRefund?: boolean;
}

export interface CvmRefund {
  monthsValue: Money;
  hoursValue: Money;
  bandwidthValue: Money;
  usedValue: Money;
  unstarted: Money;
  upgradeRefund: Money;
  /** Before the floor at 0. */
  unfloored: Money;
  refund: Money;
  paidBackAs: 'cash' | 'gift';
  rule: 'first-refund-within-5-days' | 'used-value';
}

const DAYS_PER_YEAR = 365;

/**
 * The unused share of an upgrade: upgrade paid × remaining days ÷ 365, rounded to the cent.
 * (The vendor's own example prints 99.49 for 100 ÷ 365 × 363; the arithmetic is 99.45.)
 */
export function upgradeRefund(upgradePaid: Money, daysLeft: Money): Money {
  return roundHalfUp(upgradePaid.times(daysLeft).dividedBy(DAYS_PER_YEAR), 2);
}

export function cvmRefund(input: CvmRefundInput): CvmRefund {
  const unstarted = input.unstarted ?? ZERO;
  if ((input.upgradePaid === undefined) !== (input.upgradeDaysLeft === undefined)) {
    throw new CalcInputError(input.upgradePaid === undefined ? 'upgradePaid' : 'upgradeDaysLeft', 'an upgrade needs both the amount paid and the days left');
  }
  if ((input.monthly === undefined) !== (input.monthsUsed === undefined)) {
    throw new CalcInputError(input.monthly === undefined ? 'monthly' : 'monthsUsed', 'whole months used need both the monthly price and the number of months');
  }
  if (input.upgradeDaysLeft !== undefined && input.upgradeDaysLeft.greaterThan(DAYS_PER_YEAR)) {
    throw new CalcInputError('upgradeDaysLeft', `upgradeDaysLeft cannot exceed ${DAYS_PER_YEAR}`);
  }
  // Each used item is rounded to the cent on its own, as the vendor's refund page itemises them.
  const monthsValue = input.monthly !== undefined && input.monthsUsed !== undefined ? roundHalfUp(input.monthly.times(input.monthsUsed), 2) : ZERO;
  const hoursValue = roundHalfUp(input.hourly.times(input.hours), 2);
  const bandwidthValue = input.bandwidthHourly !== undefined ? roundHalfUp(input.bandwidthHourly.times(input.hours), 2) : ZERO;
  const usedValue = monthsValue.plus(hoursValue).plus(bandwidthValue);
  const upgrade = input.upgradePaid !== undefined && input.upgradeDaysLeft !== undefined ? upgradeRefund(input.upgradePaid, input.upgradeDaysLeft) : ZERO;

  if (input.firstRefund === true) {
    // The 5-day no-questions refund gives back every cent of cash paid, used or not.
    const full = input.paid.plus(unstarted).plus(input.upgradePaid ?? ZERO);
    return { monthsValue, hoursValue, bandwidthValue, usedValue, unstarted, upgradeRefund: input.upgradePaid ?? ZERO, unfloored: full, refund: full, paidBackAs: 'cash', rule: 'first-refund-within-5-days' };
  }
  const unfloored = input.paid.plus(unstarted).plus(upgrade).minus(usedValue);
  const refund = unfloored.isNegative() ? ZERO : unfloored;
  return { monthsValue, hoursValue, bandwidthValue, usedValue, unstarted, upgradeRefund: upgrade, unfloored, refund, paidBackAs: 'gift', rule: 'used-value' };
}
