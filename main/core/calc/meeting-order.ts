import { money, sum, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { MEETING_LIST_PRICES, isMeetingItem, meetingListPrices } from './meeting-prices.js';

export interface MeetingOrderInput {
  items: { item: string; quantity: Money }[];
  term: { unit: 'year' | 'month'; count: number };
  /** List prices in force on this day (default: the newest list). */
  pricesOn?: string;
}

export interface MeetingOrderLine {
  item: string;
  label: string;
  quantity: Money;
  listPrice: Money;
  amount: Money;
}

export interface MeetingOrder {
  lines: MeetingOrderLine[];
  total: Money;
}

/** price = Σ quantity × list price × years (or months for a monthly term). */
export function meetingOrder(input: MeetingOrderInput): MeetingOrder {
  const { unit, count } = input.term;
  if (!Number.isInteger(count) || count < 1) throw new CalcInputError(unit === 'year' ? 'years' : 'months', `the term must be a whole number ≥ 1, got ${count}`);
  if (input.items.length === 0) throw new CalcInputError('item', 'an order needs at least one item');
  const prices = input.pricesOn === undefined ? MEETING_LIST_PRICES : meetingListPrices(input.pricesOn);
  const lines = input.items.map(({ item, quantity }) => {
    if (!isMeetingItem(item)) throw new CalcInputError('item', `unknown item "${item}"; known: ${Object.keys(MEETING_LIST_PRICES).join(', ')}`);
    if (!quantity.isInteger() || quantity.lessThan(1)) throw new CalcInputError('item', `${item}: quantity must be a whole number ≥ 1, got ${quantity.toString()}`);
    const price = prices[item];
    if (!price) throw new CalcInputError('item', `${item} has no list price on ${input.pricesOn ?? 'the newest list'}`);
    const list = unit === 'year' ? price.yearly : price.monthly;
    if (list === null) throw new CalcInputError('months', `${item} (${price.label}) is sold by the year only; it has no monthly price`);
    const listPrice = money(list);
    return { item, label: price.label, quantity, listPrice, amount: quantity.times(listPrice).times(count) };
  });
  return { lines, total: sum(lines.map((l) => l.amount)) };
}
