import { ZERO, money, roundHalfUp, sum, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { addMonths, dayOfMoment, momentSeconds } from './calendar-day.js';
import { meetingBook, meetingItemInfo, meetingUnitPrice, termMonths, termText, type MeetingBook, type MeetingItemInfo, type Term, type TermUnit } from './meeting-catalog.js';
import { configurationBreaches, orderEdition, type MeetingLineInput } from './meeting-order.js';
import { breach, refuseIfAny, type RuleBreach } from './rules.js';
import { matchRung, type DiscountRung } from './upgrade-fee.js';

/**
 * A Tencent Meeting change during the term (服务变更 / 升配, SPEC-CALCULATORS 5A.4): what an
 * enterprise holds now, what it holds after, and the fee. Units added to an item already held
 * (and a larger recording space) run to the held expiry and cost
 * `(P_new × d − P_old × d) × upgrade days ÷ (365 ÷ 12)`; an item not held yet is bought for a
 * term the customer picks; phone packs cost their face value.
 */

export interface MeetingChangeInput {
  /** What the enterprise holds now. */
  held: MeetingLineInput[];
  /** The new quantity of each item that changes (others stay as held); a new item carries its term. */
  after: MeetingLineInput[];
  /** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]'. */
  now: string;
  /** When what is held expires (the premium accounts' term end). */
  expiry: string;
  /** Decision M-UNIT: held on yearly terms → monthly unit = yearly list ÷ 12; on monthly terms → the per-month list price. */
  heldTerm: TermUnit;
  /** Today's live discount ladder; empty: list price (100%). */
  discounts: readonly DiscountRung[];
  edition?: string;
  quotes?: ReadonlyMap<string, Money>;
  pricesOn?: string;
  /** What the vendor charged for the change, to classify. */
  vendorCharge?: Money;
}

export interface AlignedLine {
  item: string;
  held: Money;
  after: Money;
  /** The monthly unit (yearly ÷ 12 or per month), for display. */
  monthlyUnit: Money;
}

export interface NewLine {
  item: string;
  quantity: Money;
  /** null for a phone pack. */
  term: Term | null;
  unitPrice: Money;
  amount: Money;
}

export type VendorChargeClass = 'formula' | 'vendor whole-month method' | 'mismatch';

export interface MeetingChange {
  edition: string | null;
  aligned: AlignedLine[];
  /** P_new − P_old per month, unrounded (yearly ÷ 12 may repeat). */
  monthlyDifference: Money;
  upgradeDays: number;
  wholeMonths: number;
  discount: Money;
  rung: number | null;
  /** The formula value for the aligned part. */
  fee: Money;
  /** Whole months remaining × monthly difference × discount: the vendor's worked-example method. */
  wholeMonthFee: Money;
  newLines: NewLine[];
  total: Money;
  vendorCharge: { amount: Money; class: VendorChargeClass } | null;
  pricesOn: string;
  catalog: string;
}

interface Config {
  info: MeetingItemInfo;
  quantity: Money;
  term?: Term;
}

function configuration(book: MeetingBook, lines: readonly MeetingLineInput[], field: string): Config[] {
  const byItem = new Map<string, Config>();
  for (const l of lines) {
    const info = meetingItemInfo(book, l.item, field);
    if (!l.quantity.isInteger() || l.quantity.lessThan(field === 'held' ? 1 : 0)) throw new CalcInputError(field, `${l.item}: quantity must be a whole number, got ${l.quantity.toString()}`);
    if (field === 'held' && info.kind === 'phone-pack') throw new CalcInputError(field, `${l.item}: phone packs are bought once, not held`);
    const before = byItem.get(l.item);
    byItem.set(l.item, { info, quantity: (before?.quantity ?? ZERO).plus(l.quantity), ...(l.term ?? before?.term ? { term: l.term ?? before!.term! } : {}) });
  }
  return [...byItem.values()];
}

/**
 * What is held after the change: `--after` gives the new quantity of each item that changes;
 * the others stay as held. Decision M-REC: an enterprise has one cloud-recording space, so a
 * recording item in `--after` replaces the held one(s) (50G → 200G is a larger space).
 */
function afterConfiguration(held: readonly Config[], changed: readonly Config[]): Config[] {
  const recordingChanged = changed.some((c) => c.info.kind === 'recording');
  const kept = held.filter((h) => !changed.some((c) => c.info.id === h.info.id) && !(recordingChanged && h.info.kind === 'recording'));
  return [...kept, ...changed];
}

const recordingSpace = (c: readonly Config[]) => sum(c.filter((x) => x.info.kind === 'recording').map((x) => x.quantity.times(x.info.size!)));

/** 5A.4: adding is allowed, reducing (降配) is not; recording space may be swapped for a larger one. */
function reductionBreaches(held: readonly Config[], after: readonly Config[]): RuleBreach[] {
  const out: RuleBreach[] = [];
  for (const h of held) {
    if (h.info.kind === 'recording') continue;
    const a = after.find((x) => x.info.id === h.info.id)?.quantity ?? ZERO;
    if (a.lessThan(h.quantity)) out.push(breach('5A.4#reduce', { item: h.info.id, held: h.quantity.toString(), after: a.toString() }));
  }
  const [hs, as] = [recordingSpace(held), recordingSpace(after)];
  if (as.lessThan(hs)) out.push(breach('5A.4#recording', { held: `${hs.toString()} GB`, after: `${as.toString()} GB` }));
  return out;
}

/** Whole months n: the largest n with now + n months (same time of day) ≤ expiry. */
export function wholeMonthsUntil(now: string, expiry: string): number {
  const [start, end] = [momentSeconds(now), momentSeconds(expiry)];
  const timeOfDay = start % 86_400;
  let n = 0;
  while (momentSeconds(addMonths(dayOfMoment(now), n + 1)) + timeOfDay <= end) n += 1;
  return n;
}

/** One unit per month × 12, i.e. per year, so the monthly unit yearly ÷ 12 never repeats in a product. */
function yearlyUnit(c: Config, heldTerm: TermUnit, quotes: ReadonlyMap<string, Money>): Money {
  const unit = quotes.get(c.info.id) ?? meetingUnitPrice(c.info, heldTerm);
  if (unit === null) throw new CalcInputError(heldTerm === 'month' ? 'held-term' : 'quote', `${c.info.id} has no list price per ${heldTerm}${heldTerm === 'month' ? '' : `: give its contract price with --quote ${c.info.id}:PRICE`}`);
  return heldTerm === 'year' ? unit : unit.times(12);
}

/** An item not held yet: a phone pack at face value, anything else for the term picked (Q4). */
function newLine(c: Config, now: string, expiry: string, quotes: ReadonlyMap<string, Money>, out: RuleBreach[]): NewLine {
  const quantity = c.quantity;
  if (c.info.kind === 'phone-pack') {
    const unitPrice = quotes.get(c.info.id) ?? meetingUnitPrice(c.info, 'one-off')!;
    return { item: c.info.id, quantity, term: null, unitPrice, amount: quantity.times(unitPrice) };
  }
  if (!c.term) throw new CalcInputError('after', `${c.info.id} is not held yet: give the term the customer picks, ${c.info.id}:QTY:1y or :6m`);
  // Q4: the new item must not outlive what is held.
  if (momentSeconds(addMonths(dayOfMoment(now), termMonths(c.term))) > momentSeconds(expiry)) out.push(breach('Q4#expiry', { item: c.info.id, term: termText(c.term), now: dayOfMoment(now), expiry }));
  const unitPrice = quotes.get(c.info.id) ?? meetingUnitPrice(c.info, c.term.unit);
  if (unitPrice === null) throw new CalcInputError('after', `${c.info.id} has no list price per ${c.term.unit}`);
  return { item: c.info.id, quantity, term: c.term, unitPrice, amount: quantity.times(unitPrice).times(c.term.count) };
}

/** Each item held or aligned with what is held: its quantity before and after, and its yearly unit. */
function alignedLines(held: readonly Config[], alignedAfter: readonly Config[], heldTerm: TermUnit, quotes: ReadonlyMap<string, Money>) {
  const ids = [...new Set([...held.map((h) => h.info.id), ...alignedAfter.map((a) => a.info.id)])];
  const find = (list: readonly Config[], id: string) => list.find((x) => x.info.id === id);
  return ids.map((id) => ({
    item: id,
    held: find(held, id)?.quantity ?? ZERO,
    after: find(alignedAfter, id)?.quantity ?? ZERO,
    yearly: yearlyUnit((find(held, id) ?? find(alignedAfter, id))!, heldTerm, quotes),
  }));
}

function classify(vendor: Money | undefined, formula: Money, wholeMonth: Money): MeetingChange['vendorCharge'] {
  if (vendor === undefined) return null;
  return { amount: vendor, class: vendor.equals(formula) ? 'formula' : vendor.equals(wholeMonth) ? 'vendor whole-month method' : 'mismatch' };
}

export function meetingChange(input: MeetingChangeInput): MeetingChange {
  const book = meetingBook(input.pricesOn);
  const quotes = input.quotes ?? new Map<string, Money>();
  const upgradeSeconds = momentSeconds(input.expiry) - momentSeconds(input.now);
  if (upgradeSeconds <= 0) throw new CalcInputError('expiry', `expiry (${input.expiry}) must be after now (${input.now})`);
  const held = configuration(book, input.held, 'held');
  const after = afterConfiguration(held, configuration(book, input.after, 'after'));
  const { edition } = orderEdition(book, [...held, ...after], input.edition);
  const breaches = [...reductionBreaches(held, after), ...configurationBreaches(book, edition, after, quotes)];
  const heldRecording = held.some((h) => h.info.kind === 'recording');
  const isAligned = (c: Config) => held.some((h) => h.info.id === c.info.id) || (c.info.kind === 'recording' && heldRecording);
  const alignedAfter = after.filter(isAligned);
  const newLines = after
    .filter((a) => !isAligned(a))
    .filter((a) => a.quantity.greaterThan(0))
    .map((a) => newLine(a, input.now, input.expiry, quotes, breaches));
  refuseIfAny('after', breaches);
  const aligned = alignedLines(held, alignedAfter, input.heldTerm, quotes);
  const yearlyDifference = sum(aligned.map((l) => l.after.minus(l.held).times(l.yearly)));
  const upgradeDays = Math.ceil(upgradeSeconds / 86_400);
  const wholeMonths = wholeMonthsUntil(input.now, input.expiry);
  const rung = matchRung(input.discounts, wholeMonths);
  const discount = rung?.discount ?? money(1);
  // (P_new − P_old) × d × days ÷ (365 ÷ 12) with P per month = yearly ÷ 12: yearly × d × days ÷ 365.
  const fee = roundHalfUp(yearlyDifference.times(discount).times(upgradeDays).dividedBy(365), 2);
  const wholeMonthFee = roundHalfUp(yearlyDifference.times(discount).times(wholeMonths).dividedBy(12), 2);
  const newTotal = sum(newLines.map((l) => l.amount));
  const total = fee.plus(newTotal);
  return {
    edition,
    aligned: aligned.map((l) => ({ item: l.item, held: l.held, after: l.after, monthlyUnit: l.yearly.dividedBy(12) })),
    monthlyDifference: yearlyDifference.dividedBy(12),
    upgradeDays,
    wholeMonths,
    discount,
    rung: rung?.months ?? null,
    fee,
    wholeMonthFee,
    newLines,
    total,
    vendorCharge: classify(input.vendorCharge, total, wholeMonthFee.plus(newTotal)),
    pricesOn: book.pricesOn,
    catalog: book.version,
  };
}
