import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal.js';

/**
 * How a consumption is paid from the account (SPEC §5): gift money (赠送金) is drawn first, cash
 * only for the rest. Cash may go below zero: that part is arrears.
 */
export interface ConsumptionDraw {
  fromGift: Decimal;
  fromCash: Decimal;
  giftLeft: Decimal;
  cashLeft: Decimal;
  /** The part neither gift nor cash covered (0 when cash sufficed). */
  arrears: Decimal;
}

export function drawConsumption(consumption: Decimal, gift: Decimal, cash: Decimal): ConsumptionDraw {
  const fromGift = smaller(consumption, gift.isNegative() ? ZERO : gift);
  const fromCash = consumption.minus(fromGift);
  const cashLeft = cash.minus(fromCash);
  return { fromGift, fromCash, giftLeft: gift.minus(fromGift), cashLeft, arrears: cashLeft.isNegative() ? cashLeft.negated() : ZERO };
}

function smaller(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}
