import { ZERO, money, roundHalfUp, type Money } from '../money/decimal.js';
import { fiveDayWindow } from './five-day-refund.js';
import { splitByPayment } from './refund-split.js';
import { breach, type RuleBreach } from './rules.js';
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

export type TrtcPackageOrigin = 'bought' | 'trial' | 'gift';
export type TrtcPackageState = 'valid' | 'expired' | 'used-up' | 'refunded';

export interface TrtcRefundInput {
  /** Cash + gift money actually paid for the order (B4); vouchers and discounts are not part of it. */
  paid: Money;
  usedMinutes: Money;
  /** The exclusive discount in effect on the request date (B5), 1 without one. */
  discount: Money;
  /** Bands in force on this day (default: the newest). */
  pricesOn?: string;
  /** The gift-money part of paid (B7 split); 0 when absent. */
  giftPaid?: Money;
  /** B2: trial and gifted packages were not bought and never come back. */
  origin?: TrtcPackageOrigin;
  /** B3: only a valid package has residual value. */
  state?: TrtcPackageState;
  /** B2: activity rules exclude a refund. */
  activityNoRefund?: boolean;
  /** B1: the account's one full no-reason refund is asked for (with the times to check its window). */
  full?: { delivered?: string; requested?: string };
}

export interface TrtcRefund {
  unitPrice: Money;
  usedValue: Money;
  unfloored: Money;
  refund: Money;
  /** Which rule priced the refund. */
  rule: 'full-refund' | 'used-value' | 'none';
  /** Why a refund is withheld or not full (the rules broken). */
  withheld: RuleBreach[];
  /** Readings that disagree, the window unchecked: said, not decisive. */
  flags: RuleBreach[];
  paidBack: { cash: Money; gift: Money };
}

/** B1: the full refund applies, or the rules that keep it from applying. */
function fullRefundBlocks(input: TrtcRefundInput, flags: RuleBreach[]): RuleBreach[] {
  const f = input.full!;
  const out: RuleBreach[] = [];
  if (f.delivered !== undefined && f.requested !== undefined) {
    const w = fiveDayWindow('B1', f.delivered, f.requested);
    if (w.flag) flags.push(w.flag);
    if (w.missed) out.push(w.missed);
  } else flags.push(breach('C1#unchecked'));
  return out;
}

/** B2/B3: a package that has nothing to give back. */
function nothingBack(input: TrtcRefundInput): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (input.origin === 'trial') out.push(breach('B2#trial'));
  if (input.origin === 'gift') out.push(breach('B2#gift'));
  if (input.activityNoRefund) out.push(breach('B2#activity'));
  if (input.state === 'refunded') out.push(breach('B3#state', { state: 'refunded already' }));
  return out;
}

export function trtcRefund(input: TrtcRefundInput): TrtcRefund {
  const unitPrice = trtcUnitPrice(input.usedMinutes, input.pricesOn);
  const usedValue = roundHalfUp(input.usedMinutes.times(unitPrice).times(input.discount), 2);
  const unfloored = input.paid.minus(usedValue);
  const gift = input.giftPaid ?? ZERO;
  const flags: RuleBreach[] = [];
  const none = nothingBack(input);
  const base = { unitPrice, usedValue, unfloored, flags };
  if (none.length > 0) return { ...base, refund: ZERO, rule: 'none', withheld: none, paidBack: { cash: ZERO, gift: ZERO } };
  const blocks = input.full ? fullRefundBlocks(input, flags) : [];
  if (input.full && blocks.length === 0) return { ...base, refund: input.paid, rule: 'full-refund', withheld: [], paidBack: { cash: input.paid.minus(gift), gift } };
  if (input.state === 'expired' || input.state === 'used-up') {
    return { ...base, refund: ZERO, rule: 'none', withheld: [...blocks, breach('B3#state', { state: input.state })], paidBack: { cash: ZERO, gift: ZERO } };
  }
  const refund = unfloored.isNegative() ? ZERO : unfloored;
  return { ...base, refund, rule: 'used-value', withheld: blocks, paidBack: splitByPayment(refund, input.paid, gift) };
}
