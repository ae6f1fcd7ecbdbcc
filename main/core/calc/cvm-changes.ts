import { ZERO, money, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';

/**
 * Configuration and billing-mode changes of a prepaid CVM-type resource
 * (SPEC-CALCULATORS C3 downgrade, C4 bandwidth → traffic).
 */

/**
 * C3 (a) 降配折算时长: the remaining value buys days of the new configuration; no money moves.
 * Decision C3-TIME: remaining = the C2 refund value of the current orders;
 * days = ⌊remaining ÷ (new monthly × purchase discount ÷ (365 ÷ 12))⌋.
 */
export function downgradeDays(remaining: Money, newMonthly: Money, discount: Money): { exactDays: Money; days: Money } {
  const perYear = newMonthly.times(discount).times(12);
  if (perYear.isZero()) throw new CalcInputError('newMonthly', 'newMonthly × discount must be above 0');
  const exactDays = remaining.times(365).dividedBy(perYear);
  return { exactDays, days: exactDays.floor() };
}

/**
 * C3 (b) 降配退赠送金: release the old configuration (its C2 refund), re-buy the new one for the
 * rest of the term; paid as gift money. Decision C3-NEGATIVE: a negative result is what the
 * customer pays.
 */
export function downgradeGift(releaseRefund: Money, newPrice: Money): { refund: Money; toPay: Money } {
  const d = releaseRefund.minus(newPrice);
  return d.isNegative() ? { refund: ZERO, toPay: d.neg() } : { refund: d, toPay: ZERO };
}

/**
 * C4 bandwidth → traffic: the unused prepaid bandwidth comes back as gift money.
 * refund = max(0, bandwidth fee − hourly × hours), the used part rounded to the cent;
 * Decision C4-DISCOUNT: with a purchase discount, refund = max(0, (fee − used) × discount).
 */
export function bandwidthSwitchRefund(fee: Money, hourly: Money, hours: Money, discount: Money = money(1)): { used: Money; unfloored: Money; refund: Money } {
  const used = roundHalfUp(hourly.times(hours), 2);
  const unfloored = roundHalfUp(fee.minus(used).times(discount), 2);
  return { used, unfloored, refund: unfloored.isNegative() ? ZERO : unfloored };
}
