import { sum, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import {
  accountRange,
  meetingBook,
  meetingItemInfo,
  meetingUnitPrice,
  termMonths,
  termText,
  type MeetingBook,
  type MeetingItemInfo,
  type Term,
} from './meeting-catalog.js';
import { breach, CalcRefusal, refuseIfAny, type RuleBreach } from './rules.js';

/**
 * A Tencent Meeting order (SPEC-CALCULATORS 5A.2, 5A.3): its price, Σ quantity × unit price ×
 * term, and every rule that makes the vendor refuse it (Q1–Q7, quotes for unlisted prices).
 */

export interface MeetingLineInput {
  item: string;
  quantity: Money;
  /** The line's own term (Q4: lines may differ); absent: the order's. */
  term?: Term;
}

export interface MeetingOrderInput {
  items: MeetingLineInput[];
  /** The order's term, for lines without their own. */
  term?: Term;
  /** Absent: inferred from the premium-account line. */
  edition?: string;
  /** Contract unit prices (per year, per month or per pack, as the line is bought). */
  quotes?: ReadonlyMap<string, Money>;
  /** List prices in force on this day (default: the newest list). */
  pricesOn?: string;
}

export interface MeetingOrderLine {
  item: string;
  label: string;
  kind: MeetingItemInfo['kind'];
  quantity: Money;
  /** null for a phone pack: one-off, no term. */
  term: Term | null;
  unitPrice: Money;
  priceSource: 'list' | 'quote';
  amount: Money;
}

export interface MeetingOrder {
  lines: MeetingOrderLine[];
  total: Money;
  edition: string | null;
  editionInferred: boolean;
  /** Premium accounts in the order; null when it has none (an order of add-ons). */
  accounts: Money | null;
  /** Phone packs: the price is the face value, credited to the phone-service balance. */
  phoneCredit: Money;
  /** The rules checked, e.g. ['Q1', 'Q2', …]: an add-on order cannot check Q1–Q4. */
  checked: string[];
  pricesOn: string;
  catalog: string;
}

interface Line extends MeetingLineInput {
  info: MeetingItemInfo;
  /** The term the line is bought for; null for a phone pack. */
  lineTerm: Term | null;
  ownTerm: boolean;
}

/** Every line's item, quantity and term, before any rule is checked. */
export function resolveLines(book: MeetingBook, items: readonly MeetingLineInput[], orderTerm: Term | undefined, field = 'item'): Line[] {
  if (items.length === 0) throw new CalcInputError(field, 'an order needs at least one item');
  return items.map((l) => {
    const info = meetingItemInfo(book, l.item, field);
    if (!l.quantity.isInteger() || l.quantity.lessThan(1)) throw new CalcInputError(field, `${l.item}: quantity must be a whole number ≥ 1, got ${l.quantity.toString()}`);
    if (info.kind === 'phone-pack') {
      if (l.term) throw new CalcInputError(field, `${l.item}: a phone pack is bought once, it takes no term`);
      return { ...l, info, lineTerm: null, ownTerm: false };
    }
    const lineTerm = l.term ?? orderTerm;
    if (!lineTerm) throw new CalcInputError('years', `${l.item} needs a term: give --years or --months, or the line's own (${l.item}:QTY:1y)`);
    if (!Number.isInteger(lineTerm.count) || lineTerm.count < 1) throw new CalcInputError(lineTerm.unit === 'year' ? 'years' : 'months', `the term must be a whole number ≥ 1, got ${lineTerm.count}`);
    return { ...l, info, lineTerm, ownTerm: l.term !== undefined };
  });
}

/** The edition given, or the one of the premium-account line(s); null for add-ons alone. */
export function orderEdition(book: MeetingBook, lines: readonly { info: MeetingItemInfo }[], given: string | undefined): { edition: string | null; inferred: boolean } {
  if (given !== undefined) {
    if (!book.editions.has(given)) throw new CalcInputError('edition', `"${given}" is not one of ${[...book.editions.keys()].join(', ')}`);
    return { edition: given, inferred: false };
  }
  const editions = [...new Set(lines.map((l) => l.info.edition).filter((e): e is string => e !== null))];
  if (editions.length > 1) throw new CalcRefusal('item', [breach('Q1#one-edition', { items: editions.map((e) => `${e}-account`).join(', ') })]);
  return { edition: editions[0] ?? null, inferred: editions.length === 1 };
}

const quantityOf = (lines: readonly { info: MeetingItemInfo; quantity: Money }[], kind: MeetingItemInfo['kind']) =>
  sum(lines.filter((l) => l.info.kind === kind).map((l) => l.quantity));

/**
 * The rules a configuration (what an enterprise holds or orders) must keep whatever its terms:
 * availability (Q6, Q7), quantities (Q1–Q3, Q6), webinar size (Q5) and quotes (5A.1).
 */
export function configurationBreaches(book: MeetingBook, edition: string | null, lines: readonly { info: MeetingItemInfo; quantity: Money }[], quotes: ReadonlyMap<string, Money>): RuleBreach[] {
  const out: RuleBreach[] = [];
  const ed = edition === null ? null : book.editions.get(edition)!;
  for (const l of lines) {
    if (ed && !l.info.soldWith.includes(ed.id)) out.push(ed.accounts === null ? breach('Q6#items', { item: l.info.id }) : breach('Q7', { item: l.info.id, edition: ed.id }));
  }
  for (const [item, max] of Object.entries(ed?.maxQuantity ?? {})) {
    const got = sum(lines.filter((l) => l.info.id === item).map((l) => l.quantity));
    if (got.greaterThan(max)) out.push(breach('Q6', { edition: ed!.id, max, item, got: got.toString() }));
  }
  const hasAccounts = lines.some((l) => l.info.kind === 'account');
  if (ed && hasAccounts && ed.accounts) {
    const accounts = quantityOf(lines, 'account');
    if (accounts.lessThan(ed.accounts.min) || (ed.accounts.max !== null && accounts.greaterThan(ed.accounts.max)))
      out.push(breach('Q1', { edition: ed.id, range: accountRange(ed), got: accounts.toString() }));
  }
  if (hasAccounts) {
    const accounts = quantityOf(lines, 'account').toString();
    const large = quantityOf(lines, 'large');
    if (large.greaterThan(accounts)) out.push(breach('Q2', { got: large.toString(), accounts }));
    const webinars = quantityOf(lines, 'webinar');
    if (webinars.greaterThan(accounts)) out.push(breach('Q3', { got: webinars.toString(), accounts }));
  }
  for (const l of lines) {
    if (l.info.kind !== 'webinar' || l.info.size === null) continue;
    if (l.info.size > book.limits.webinarMaxViewers) out.push(breach('Q5#max', { item: l.info.id, max: book.limits.webinarMaxViewers }));
    else if (!l.info.entry && !quotes.has(l.info.id)) out.push(breach('Q5#quote', { item: l.info.id, listMax: book.limits.webinarQuoteAbove }));
  }
  if (ed && !ed.listPrices) for (const l of lines) if (!quotes.has(l.info.id)) out.push(breach('5A.1#quote', { edition: ed.id, item: l.info.id }));
  return out;
}

/** Q4: large meetings, recording, webinars and MRA must not outlive the premium accounts. */
function termBreaches(lines: readonly Line[]): RuleBreach[] {
  const accountTerms = lines.filter((l) => l.info.kind === 'account' && l.lineTerm).map((l) => l.lineTerm!);
  if (accountTerms.length === 0) return [];
  const shortest = accountTerms.reduce((a, b) => (termMonths(b) < termMonths(a) ? b : a));
  return lines
    .filter((l) => ['large', 'recording', 'webinar', 'mra'].includes(l.info.kind) && l.lineTerm && termMonths(l.lineTerm) > termMonths(shortest))
    .map((l) => breach('Q4', { item: l.item, term: termText(l.lineTerm!), accountTerm: termText(shortest) }));
}

function priceLine(l: Line, quotes: ReadonlyMap<string, Money>): MeetingOrderLine {
  const quote = quotes.get(l.item);
  const unit = l.lineTerm?.unit ?? 'one-off';
  const list = meetingUnitPrice(l.info, unit);
  const unitPrice = quote ?? list;
  if (unitPrice === null) {
    if (unit === 'month' && meetingUnitPrice(l.info, 'year')) throw new CalcRefusal(l.ownTerm ? 'item' : 'months', [breach('5A.2#monthly', { item: `${l.item} (${l.info.name})` })]);
    throw new CalcInputError('quote', `${l.item} has no list price: give its contract price with --quote ${l.item}:PRICE`);
  }
  const amount = l.lineTerm ? l.quantity.times(unitPrice).times(l.lineTerm.count) : l.quantity.times(unitPrice);
  return { item: l.item, label: l.info.name, kind: l.info.kind, quantity: l.quantity, term: l.lineTerm, unitPrice, priceSource: quote ? 'quote' : 'list', amount };
}

/** price = Σ quantity × unit price × term (years or months; a phone pack once). */
export function meetingOrder(input: MeetingOrderInput): MeetingOrder {
  const book = meetingBook(input.pricesOn);
  const quotes = input.quotes ?? new Map<string, Money>();
  const lines = resolveLines(book, input.items, input.term);
  const { edition, inferred } = orderEdition(book, lines, input.edition);
  const hasAccounts = lines.some((l) => l.info.kind === 'account');
  refuseIfAny('item', [...configurationBreaches(book, edition, lines, quotes), ...termBreaches(lines)]);
  for (const item of quotes.keys()) if (!lines.some((l) => l.item === item)) throw new CalcInputError('quote', `${item} is not an item of the order`);
  const priced = lines.map((l) => priceLine(l, quotes));
  const checked = [...(edition ? ['Q6', 'Q7'] : []), ...(hasAccounts ? ['Q1', 'Q2', 'Q3', 'Q4'] : []), 'Q5', ...(edition ? ['5A.1'] : [])];
  return {
    lines: priced,
    total: sum(priced.map((l) => l.amount)),
    edition,
    editionInferred: inferred,
    accounts: hasAccounts ? quantityOf(lines, 'account') : null,
    phoneCredit: sum(lines.filter((l) => l.info.kind === 'phone-pack').map((l) => l.quantity.times(l.info.size!))),
    checked: [...new Set(checked)].sort(),
    pricesOn: book.pricesOn,
    catalog: book.version,
  };
}
