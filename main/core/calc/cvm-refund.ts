import { ZERO, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { billingRules } from './billing-rules.js';
import { fiveDayWindow } from './five-day-refund.js';
import { breach, type RuleBreach } from './rules.js';

/**
 * Refund of a CVM-style prepaid (包年包月) order (SPEC §5, SPEC-CALCULATORS C1, C2, C4, C5).
 * All amounts are money actually paid, after discount and vouchers: vouchers are never refunded,
 * so they never enter here.
 */
export interface CvmRefundInput {
  /** Cash (and gift money) paid for the current valid order. */
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
  /** Cash paid for an upgrade bought during the period, and the days of it left … */
  upgradePaid?: Money;
  upgradeDaysLeft?: Money;
  /** … or the hours since the upgrade (Decision C2-UPGRADE-DAY: a started day counts whole). */
  upgradeHours?: Money;
  /**
   * C1: asked as the account's first refund, within 5 days of a new purchase. Decision
   * C1-ACCOUNT (5G #8): one chance per account, for one instance; further instances, even of
   * the same order, take the normal refund.
   */
  firstRefund?: boolean;
  /** C1's window: delivery and request times ('YYYY-MM-DD[ HH:MM]'). */
  delivered?: string;
  requested?: string;
  /** C1: switched from postpaid to prepaid (no 5-day refund). */
  switchedFromPostpaid?: boolean;
  /** C1: activity rules exclude the no-reason refund. */
  activityNoRefund?: boolean;
  /** The gift-money part of what was paid (C1 returns it as gift money). */
  giftPaid?: Money;
  /** C4: the network was switched from bandwidth to traffic billing and settled then: its part of paid. */
  networkPaid?: Money;
  /** Decision C2-DISCOUNT (5G #6): the purchase discount the text applies throughout; said beside, not applied (the examples do not). */
  purchaseDiscount?: Money;
  /** C5: paid by an agent (代付): the refund goes to the agent. */
  agentPaid?: boolean;
}

export interface CvmRefund {
  monthsValue: Money;
  hoursValue: Money;
  bandwidthValue: Money;
  usedValue: Money;
  unstarted: Money;
  upgradeRefund: Money;
  upgradeDaysLeft: Money | null;
  /** paid less the network part settled by a C4 switch. */
  hostPaid: Money;
  /** Before the floor at 0. */
  unfloored: Money;
  refund: Money;
  paidBackAs: 'cash' | 'gift';
  paidBack: { cash: Money; gift: Money };
  rule: 'first-refund-within-5-days' | 'used-value';
  /** Why the 5-day refund was asked for but does not apply. */
  withheld: RuleBreach[];
  /** Said beside the figures: readings that disagree, an unchecked window, the discount reading. */
  flags: RuleBreach[];
  /** 5G #6: the used value and refund with the purchase discount applied throughout. */
  discounted: { usedValue: Money; refund: Money } | null;
}

/**
 * The unused share of an upgrade: upgrade paid × remaining days ÷ 365, rounded to the cent.
 * (The vendor's own example prints 99.49 for 100 ÷ 365 × 363; the arithmetic is 99.45: 5G #1.)
 */
export function upgradeRefund(upgradePaid: Money, daysLeft: Money): Money {
  return roundHalfUp(upgradePaid.times(daysLeft).dividedBy(billingRules().upgradeRefundDaysPerYear), 2);
}

function checkPairs(input: CvmRefundInput): void {
  const daysPerYear = billingRules().upgradeRefundDaysPerYear;
  const daysGiven = input.upgradeDaysLeft !== undefined || input.upgradeHours !== undefined;
  if (input.upgradeDaysLeft !== undefined && input.upgradeHours !== undefined) throw new CalcInputError('upgradeHours', 'give the upgrade days left or the hours since the upgrade, not both');
  if ((input.upgradePaid === undefined) !== !daysGiven) {
    throw new CalcInputError(input.upgradePaid === undefined ? 'upgradePaid' : 'upgradeDaysLeft', 'an upgrade needs both the amount paid and the days left');
  }
  if ((input.monthly === undefined) !== (input.monthsUsed === undefined)) {
    throw new CalcInputError(input.monthly === undefined ? 'monthly' : 'monthsUsed', 'whole months used need both the monthly price and the number of months');
  }
  if (input.upgradeDaysLeft !== undefined && input.upgradeDaysLeft.greaterThan(daysPerYear)) {
    throw new CalcInputError('upgradeDaysLeft', `upgradeDaysLeft cannot exceed ${daysPerYear}`);
  }
  if (input.networkPaid !== undefined && input.bandwidthHourly !== undefined) {
    throw new CalcInputError('bandwidthHourly', 'bandwidthHourly: the network was switched to traffic billing and settled then (C4); it is not counted again');
  }
  if (input.networkPaid?.greaterThan(input.paid)) throw new CalcInputError('networkPaid', 'networkPaid is more than paid');
  if (input.giftPaid?.greaterThan(input.paid.plus(input.unstarted ?? ZERO).plus(input.upgradePaid ?? ZERO))) throw new CalcInputError('giftPaid', 'giftPaid is more than paid');
}

/** Days of the upgrade left: given, or 365 − ⌈hours since the upgrade ÷ 24⌉. */
function upgradeDaysLeftOf(input: CvmRefundInput): Money | null {
  if (input.upgradeDaysLeft !== undefined) return input.upgradeDaysLeft;
  if (input.upgradeHours === undefined) return null;
  const daysUsed = input.upgradeHours.dividedBy(24).ceil();
  const left = daysUsed.neg().plus(billingRules().upgradeRefundDaysPerYear);
  if (left.isNegative()) throw new CalcInputError('upgradeHours', 'upgradeHours: more than a year since the upgrade');
  return left;
}

/** C1: why the no-reason refund asked for does not apply (empty: it applies). */
function fiveDayBlocks(input: CvmRefundInput, flags: RuleBreach[]): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (input.delivered !== undefined && input.requested !== undefined) {
    const w = fiveDayWindow('C1', input.delivered, input.requested);
    if (w.flag) flags.push(w.flag);
    if (w.missed) out.push(w.missed);
  } else flags.push(breach('C1#unchecked'));
  if (input.switchedFromPostpaid) out.push(breach('C1#postpaid'));
  if (input.activityNoRefund) out.push(breach('C1#activity'));
  return out;
}

interface Used {
  monthsValue: Money;
  hoursValue: Money;
  bandwidthValue: Money;
  usedValue: Money;
}

/** Each used item is rounded to the cent on its own, as the vendor's refund page itemises them. */
function usedValue(input: CvmRefundInput, factor?: Money): Used {
  const r = (x: Money) => roundHalfUp(factor ? x.times(factor) : x, 2);
  const monthsValue = input.monthly !== undefined && input.monthsUsed !== undefined ? r(input.monthly.times(input.monthsUsed)) : ZERO;
  const hoursValue = r(input.hourly.times(input.hours));
  const bandwidthValue = input.bandwidthHourly !== undefined ? r(input.bandwidthHourly.times(input.hours)) : ZERO;
  return { monthsValue, hoursValue, bandwidthValue, usedValue: monthsValue.plus(hoursValue).plus(bandwidthValue) };
}

export function cvmRefund(input: CvmRefundInput): CvmRefund {
  checkPairs(input);
  const unstarted = input.unstarted ?? ZERO;
  const hostPaid = input.paid.minus(input.networkPaid ?? ZERO);
  const used = usedValue(input);
  const daysLeft = upgradeDaysLeftOf(input);
  const upgrade = input.upgradePaid !== undefined && daysLeft !== null ? upgradeRefund(input.upgradePaid, daysLeft) : ZERO;
  const flags: RuleBreach[] = [];
  const withheld = input.firstRefund ? fiveDayBlocks(input, flags) : [];
  const base = { ...used, unstarted, upgradeDaysLeft: daysLeft, hostPaid, flags, withheld };

  if (input.firstRefund && withheld.length === 0) {
    // The 5-day no-reason refund gives back everything paid, used or not, each part as it was paid.
    const full = hostPaid.plus(unstarted).plus(input.upgradePaid ?? ZERO);
    const gift = input.giftPaid ?? ZERO;
    return { ...base, upgradeRefund: input.upgradePaid ?? ZERO, unfloored: full, refund: full, paidBackAs: 'cash', paidBack: { cash: full.minus(gift), gift }, rule: 'first-refund-within-5-days', discounted: null };
  }
  const unfloored = hostPaid.plus(unstarted).plus(upgrade).minus(used.usedValue);
  const refund = unfloored.isNegative() ? ZERO : unfloored;
  let discounted: CvmRefund['discounted'] = null;
  if (input.purchaseDiscount !== undefined) {
    const d = usedValue(input, input.purchaseDiscount).usedValue;
    const u = hostPaid.plus(unstarted).plus(upgrade).minus(d);
    discounted = { usedValue: d, refund: u.isNegative() ? ZERO : u };
  }
  return { ...base, upgradeRefund: upgrade, unfloored, refund, paidBackAs: 'gift', paidBack: { cash: ZERO, gift: refund }, rule: 'used-value', discounted };
}
