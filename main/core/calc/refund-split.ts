import { ZERO, roundHalfUp, type Money } from '../money/decimal.js';

/**
 * How a refund comes back by payment method (SPEC-CALCULATORS 5B B7, also 5A.6 and C1):
 * vouchers never come back; the rest returns in the proportion the order was paid in.
 * Decision B7-SPLIT: cash part = round₂(refund × cash ÷ (cash + gift)); gift part = refund − cash part.
 */
export function splitByPayment(refund: Money, paid: Money, giftPaid: Money): { cash: Money; gift: Money } {
  if (paid.isZero()) return { cash: ZERO, gift: ZERO };
  const cash = roundHalfUp(refund.times(paid.minus(giftPaid)).dividedBy(paid), 2);
  return { cash, gift: refund.minus(cash) };
}
