import { ZERO, money, roundHalfUp, type Money } from '../money/decimal.js';
import { builtinTrtcRefundCatalog, entryInForce, trtcBandPrice, type DatedCatalog, type TrtcRefundEntry } from '../catalog/price-lists.js';

/**
 * TRTC (实时音视频) package refund bands, CNY per minute (SPEC §5), from the versioned catalog
 * main/core/catalog/trtc-refund-cny.json. One band prices the whole consumed amount; it is not
 * progressive. `from` is inclusive.
 */
export const TRTC_CATALOG: DatedCatalog<TrtcRefundEntry> = builtinTrtcRefundCatalog();

export function latestTrtcPriceDay(): string {
  return TRTC_CATALOG.entries[TRTC_CATALOG.entries.length - 1]!.effectiveFrom;
}

export function trtcBands(day: string = latestTrtcPriceDay()): { from: Money; price: Money }[] {
  return entryInForce(TRTC_CATALOG, day).bands.map((b) => ({ from: money(b.fromMinutes), price: money(b.price.amount) }));
}

export function trtcUnitPrice(consumedMinutes: Money, day?: string): Money {
  return trtcBandPrice(TRTC_CATALOG, day ?? latestTrtcPriceDay(), consumedMinutes);
}

export interface TrtcRefundInput {
  paid: Money;
  usedMinutes: Money;
  /** Negotiated discount, 1 without one. */
  discount: Money;
  /** Bands in force on this day (default: the newest). */
  pricesOn?: string;
}

export interface TrtcRefund {
  unitPrice: Money;
  usedValue: Money;
  unfloored: Money;
  refund: Money;
}

export function trtcRefund(input: TrtcRefundInput): TrtcRefund {
  const unitPrice = trtcUnitPrice(input.usedMinutes, input.pricesOn);
  const usedValue = roundHalfUp(input.usedMinutes.times(unitPrice).times(input.discount), 2);
  const unfloored = input.paid.minus(usedValue);
  return { unitPrice, usedValue, unfloored, refund: unfloored.isNegative() ? ZERO : unfloored };
}
