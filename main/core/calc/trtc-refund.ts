import type { Decimal } from 'decimal.js';
import { ZERO, money, roundHalfUp } from '../money/decimal.js';

/**
 * TRTC (实时音视频) package refund bands, CNY per minute (SPEC §5). One band prices the whole
 * consumed amount; it is not progressive. `from` is inclusive.
 */
export const TRTC_BANDS: readonly { from: Decimal; price: Decimal }[] = [
  { from: money(0), price: money('0.00700000') },
  { from: money(25_000), price: money('0.00672000') },
  { from: money(250_000), price: money('0.00635200') },
  { from: money(1_000_000), price: money('0.00596800') },
  { from: money(3_000_000), price: money('0.00562934') },
];

export function trtcUnitPrice(consumedMinutes: Decimal): Decimal {
  let price = TRTC_BANDS[0]!.price;
  for (const b of TRTC_BANDS) if (consumedMinutes.greaterThanOrEqualTo(b.from)) price = b.price;
  return price;
}

export interface TrtcRefundInput {
  paid: Decimal;
  usedMinutes: Decimal;
  /** Negotiated discount, 1 without one. */
  discount: Decimal;
}

export interface TrtcRefund {
  unitPrice: Decimal;
  usedValue: Decimal;
  unfloored: Decimal;
  refund: Decimal;
}

export function trtcRefund(input: TrtcRefundInput): TrtcRefund {
  const unitPrice = trtcUnitPrice(input.usedMinutes);
  const usedValue = roundHalfUp(input.usedMinutes.times(unitPrice).times(input.discount), 2);
  const unfloored = input.paid.minus(usedValue);
  return { unitPrice, usedValue, unfloored, refund: unfloored.isNegative() ? ZERO : unfloored };
}
