import type { Day, Month } from '../model.js';
import { money, roundHalfUp, ZERO, type Money } from '../money/decimal.js';
import type { Db } from '../store/index.js';
import type { TiwCatalog } from '../catalog/tiw-catalog.js';
import { traceNamer } from '../store/traces.js';
import type { DayItemRating } from './allocate.js';
import { classifyTiwLine, currencyOf, currencyOfLine, isPrepaid, monthCurrencySamples, type CurrencySample, isPurchase, packageOfLine, readMonthLines, vendorDay, type TiwBillLine, type TiwLineKind } from './bill-lines.js';
import type { DayRange } from './validity.js';
import { addDays } from '../calendar/days.js';
import { closeOf, MonthClosedError } from '../store/closed-months.js';

/**
 * Our rating against the fee bill's whiteboard lines of the same month, in the bill's currency.
 * Postpaid lines are matched by their usage day (so a deduction-period bill that deducts the last
 * day in the next month still meets its day), per day and item when the bill settles daily, per
 * month and item when it aggregates; purchases by their deduction month.
 */

export class RatingError extends Error {
  override name = 'RatingError';
  readonly isUserError = true;
}

export interface RatedPurchase {
  kind: 'monthlyFee' | 'package';
  date: Day;
  package: string | null;
  /** Catalog price × months / quantity, in the catalog's currency. */
  amount: Money;
}

export interface ComparisonLine {
  key: Record<string, string | null>;
  billed: Money;
  rated: Money;
  difference: Money;
  feeSources: string[];
}

export interface BillComparison {
  billCurrency: string;
  exchangeRate: { from: string; to: string; rate: string } | null;
  billed: Money;
  rated: Money;
  difference: Money;
  lines: ComparisonLine[];
}

export function getExchangeRate(db: Db, month: Month, from: string, to: string): string | null {
  return (
    (db.prepare('select rate from exchange_rate where month = ? and fromCurrency = ? and toCurrency = ?').pluck().get(month, from, to) as
      | string
      | undefined) ?? null
  );
}

/** The user's rate for a month: 1 `from` = rate `to`. */
export function setExchangeRate(db: Db, month: Month, from: string, to: string, rate: string, now = new Date().toISOString()): void {
  if (!/^\d+(\.\d+)?$/.test(rate) || money(rate).lte(0)) throw new RatingError(`exchange rate must be a positive decimal such as 7.1826, not '${rate}'`);
  if (!/^[A-Z]{3}$/.test(from) || !/^[A-Z]{3}$/.test(to)) throw new RatingError(`currencies must be ISO 4217 codes such as USD, CNY (got ${from}, ${to})`);
  // A closed month keeps the rate it was signed off with (the same rate again changes nothing).
  const closed = closeOf(db, month);
  if (closed) {
    if (getExchangeRate(db, month, from, to) !== rate) throw new MonthClosedError(month, closed.who, closed.at, `cannot change the ${from}/${to} exchange rate`);
    return;
  }
  db.prepare(
    `insert into exchange_rate (month, fromCurrency, toCurrency, rate, savedAt) values (?, ?, ?, ?, ?)
     on conflict(month, fromCurrency, toCurrency) do update set rate = excluded.rate, savedAt = excluded.savedAt`,
  ).run(month, from, to, rate, now);
}

function importHeadersSayYuan(db: Db): (importId: number) => boolean {
  const cache = new Map<number, boolean>();
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) {
      const headers = (db.prepare('select headers from import where id = ?').pluck().get(id) as string | undefined) ?? '[]';
      v = /\(元\)|（元）/.test(headers);
      cache.set(id, v);
    }
    return v;
  };
}

interface Bucket {
  key: Record<string, string | null>;
  billed: Money;
  rated: Money;
  feeSources: string[];
}

function keyText(k: Record<string, string | null>): string {
  return JSON.stringify(Object.keys(k).sort().map((x) => [x, k[x]]));
}

/** A line's usage lies on one day: the vendor's daily settlement, not a month aggregate. */
function isSingleDay(l: TiwBillLine, day: Day): boolean {
  if (l.aggregated) return false;
  if (!l.usageEnd) return true;
  const end = vendorDay(l.usageEnd);
  // A day written as [00:00, next 00:00) is still one day.
  return end === day || (l.usageEnd.slice(11, 19) === '00:00:00' && end === addDays(day, 1));
}

/** The one currency of a month's whiteboard bill lines; an error names the line when it cannot be told. */
function currencyOfLines(db: Db, month: Month, lines: (TiwBillLine | CurrencySample)[], catalog: TiwCatalog): string {
  const trace = traceNamer(db);
  const yuan = importHeadersSayYuan(db);
  const currencies = new Set<string>();
  for (const l of lines) {
    const c = ('priceUnitSaysYuan' in l ? currencyOf(l) : currencyOfLine(l)) ?? (yuan(l.importId) ? 'CNY' : null);
    if (!c)
      throw new RatingError(
        `${trace(l.importId, l.sourceRow)}: the fee bill line has no currency (no Currency/币种 column, no 元 in its price unit or headers); ` +
          `cannot compare it with the ${catalog.currency} rating`,
      );
    currencies.add(c);
  }
  if (currencies.size > 1) throw new RatingError(`the whiteboard lines of the fee bill for ${month} mix currencies (${[...currencies].join(', ')})`);
  return [...currencies][0]!;
}

/** The fee-bill whiteboard lines that belong to a month: usage lines by usage day, the rest by bill month. */
export function monthLines(db: Db, month: Month, report: DayRange): TiwBillLine[] {
  return readMonthLines(db, month, report.from, report.until);
}

/**
 * The currency of the month's whiteboard bill lines, or null when the month has none: from the
 * lines when the caller has them, else from `monthCurrencySamples` (no line is read).
 */
export function tiwBillCurrency(
  db: Db,
  month: Month,
  report: DayRange,
  catalog: TiwCatalog,
  lines: (TiwBillLine | CurrencySample)[] = monthCurrencySamples(db, month, report.from, report.until),
): string | null {
  return lines.length === 0 ? null : currencyOfLines(db, month, lines, catalog);
}

/**
 * The month's rate from the catalog's currency to the bill's, or null when they are the same;
 * an error when the rate is missing (it is never assumed).
 */
export function billRate(db: Db, month: Month, catalog: TiwCatalog, billCurrency: string): Money | null {
  if (billCurrency === catalog.currency) return null;
  const text = getExchangeRate(db, month, catalog.currency, billCurrency);
  if (!text)
    throw new RatingError(
      `no ${catalog.currency}→${billCurrency} exchange rate for ${month}: the catalog ${catalog.version} is in ${catalog.currency} ` +
        `and the fee bill's whiteboard lines are in ${billCurrency}. Give the month's rate (${billCurrency} per 1 ${catalog.currency}); it is never assumed.`,
    );
  return money(text);
}

type Key = Record<string, string | null>;

/** A usage line (whiteboard minutes, transcoding, recording), not a prepaid purchase. */
function isUsageLine(l: TiwBillLine, kind: TiwLineKind): boolean {
  return (kind === 'whiteboard' || kind === 'transcode' || kind === 'recording') && !isPrepaid(l);
}

/** The usage items some line of the month bills for more than one day: those compare by month, not by day. */
function monthLevelItems(lines: readonly TiwBillLine[]): Set<TiwLineKind> {
  const items = new Set<TiwLineKind>();
  for (const l of lines) {
    const kind = classifyTiwLine(l);
    if (isUsageLine(l, kind) && !isSingleDay(l, vendorDay(l.usageStart) ?? vendorDay(l.payTime)!)) items.add(kind);
  }
  return items;
}

/** The comparison key a fee line's amount is billed under. */
function billedKey(l: TiwBillLine, catalog: TiwCatalog, usageKey: (item: TiwLineKind, day: Day) => Key): Key {
  const kind = classifyTiwLine(l);
  if (isUsageLine(l, kind)) return usageKey(kind, vendorDay(l.usageStart) ?? vendorDay(l.payTime)!);
  if (kind === 'monthlyFee' && isPurchase(l)) return { product: 'tiw', item: 'monthlyFee', date: vendorDay(l.payTime) ?? vendorDay(l.usageStart) };
  if (kind === 'package' && isPurchase(l)) return { product: 'tiw', item: 'package', package: packageOfLine(l, catalog) ?? null, date: vendorDay(l.payTime) ?? vendorDay(l.usageStart) };
  // Refunds, changes, adjustments and lines we cannot place: shown, never silently dropped.
  return { product: 'tiw', item: 'other', kind, action: l.actionType, component: l.componentName ?? l.subProduct, date: vendorDay(l.payTime) };
}

/**
 * null when the month has no whiteboard lines in any imported fee bill: there is nothing to
 * compare with, and no exchange rate is asked for.
 */
export function compareWithBill(
  db: Db,
  month: Month,
  report: DayRange,
  catalog: TiwCatalog,
  days: DayItemRating[],
  purchases: RatedPurchase[],
  lines: TiwBillLine[] = monthLines(db, month, report),
): BillComparison | null {
  if (lines.length === 0) return null;

  const trace = traceNamer(db);
  const billCurrency = currencyOfLines(db, month, lines, catalog);
  const rate = billRate(db, month, catalog, billCurrency);
  // Per day: the exact 8 dp cost converted, then deducted at 2 dp, as a bill in that currency would be.
  const convertDay = (d: DayItemRating): Money => (rate ? roundHalfUp(roundHalfUp(d.exactCost.times(rate), 8), 2) : d.cost);
  const convert = (amount: Money): Money => (rate ? roundHalfUp(amount.times(rate), 2) : amount);

  const monthLevel = monthLevelItems(lines);
  const usageKey = (item: TiwLineKind, day: Day): Key =>
    monthLevel.has(item) ? { product: 'tiw', item, month } : { product: 'tiw', item, date: day };

  const buckets = new Map<string, Bucket>();
  const bucket = (key: Key) => {
    const k = keyText(key);
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = { key, billed: ZERO, rated: ZERO, feeSources: [] }));
    return b;
  };

  for (const l of lines) {
    const b = bucket(billedKey(l, catalog, usageKey));
    b.billed = b.billed.plus(l.discountedTotal);
    b.feeSources.push(trace(l.importId, l.sourceRow));
  }
  for (const d of days) {
    if (d.exactCost.isZero()) continue;
    const b = bucket(usageKey(d.item, d.date));
    b.rated = b.rated.plus(convertDay(d));
  }
  for (const p of purchases) {
    const key: Key =
      p.kind === 'monthlyFee'
        ? { product: 'tiw', item: 'monthlyFee', date: p.date }
        : { product: 'tiw', item: 'package', package: p.package, date: p.date };
    const b = bucket(key);
    b.rated = b.rated.plus(convert(p.amount));
  }

  const out: ComparisonLine[] = [...buckets.values()]
    .map((b) => ({ key: b.key, billed: b.billed, rated: b.rated, difference: b.billed.minus(b.rated), feeSources: b.feeSources }))
    .sort((a, b) => (keyText(a.key) < keyText(b.key) ? -1 : 1));
  const billed = out.reduce((s, x) => s.plus(x.billed), ZERO);
  const rated = out.reduce((s, x) => s.plus(x.rated), ZERO);
  return {
    billCurrency,
    exchangeRate: rate ? { from: catalog.currency, to: billCurrency, rate: rate.toString() } : null,
    billed,
    rated,
    difference: billed.minus(rated),
    lines: out,
  };
}
