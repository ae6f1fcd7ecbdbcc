import { ZERO, type Money } from '../money/decimal.js';

/**
 * How a consumption is paid from the account (SPEC §5): gift money (赠送金) is drawn first, cash
 * only for the rest. Cash may go below zero: that part is arrears.
 */
export interface ConsumptionDraw {
  fromGift: Money;
  fromCash: Money;
  giftLeft: Money;
  cashLeft: Money;
  /** The part neither gift nor cash covered (0 when cash sufficed). */
  arrears: Money;
}

export function drawConsumption(consumption: Money, gift: Money, cash: Money): ConsumptionDraw {
  const fromGift = smaller(consumption, gift.isNegative() ? ZERO : gift);
  const fromCash = consumption.minus(fromGift);
  const cashLeft = cash.minus(fromCash);
  return { fromGift, fromCash, giftLeft: gift.minus(fromGift), cashLeft, arrears: cashLeft.isNegative() ? cashLeft.neg() : ZERO };
}

function smaller(a: Money, b: Money): Money {
  return a.lessThan(b) ? a : b;
}
