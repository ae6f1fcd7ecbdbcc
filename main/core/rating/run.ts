import type { Day, Month } from '../model.js';
import { fixed, money, ZERO, type Money } from '../money/decimal.js';
import type { Db } from '../store/index.js';
import { APP_VERSION } from '../version.js';
import { entryOn, TIW_ITEMS, type TiwCatalog, type TiwItem } from '../catalog/tiw-catalog.js';
import { activeTiwCatalog } from '../catalog/user-catalogs.js';
import type { Mismatch } from '../report/mismatch.js';
import { mismatchId } from '../report/mismatch.js';
import { resolveAccount, type TiwAccount } from './account.js';
import { historyFrom, rateDays, type DayItemRating, type RateResult } from './allocate.js';
import { billRate, compareWithBill, RatingError, tiwBillCurrency, type BillComparison, type RatedPurchase } from './compare.js';
import { monthCurrencySamples, readRunLines, type RunLines } from './bill-lines.js';
import { isMonth, monthDays } from '../calendar/days.js';
import { loadUsage } from './usage.js';
import type { TiwValidity, ValidityRule } from './validity.js';
import { defaultValidityRule } from './validity-rule.js';
import { closeOf, MonthClosedError } from '../store/closed-months.js';

/**
 * One month of whiteboard re-rating, end to end: the catalog in force, the account, the validity
 * periods, the stored usage, the daily allocation, and the comparison with the fee bill.
 */

export interface RateTiwOptions {
  /** The monthly-fee validity rule (SPEC §4); see validity.ts. */
  validityRule: ValidityRule;
  /** Record the run (catalog version, rate, result) in rating_run. */
  record?: boolean;
  now?: string;
}

export interface TiwRating {
  month: Month;
  catalog: TiwCatalog;
  account: TiwAccount;
  validity: TiwValidity;
  result: RateResult;
  purchases: RatedPurchase[];
  comparison: BillComparison | null;
  runId: number | null;
}

/**
 * `bill` is the fee bills' whiteboard lines the run reads (`readRunLines`), when the caller has
 * read them already; they are read once per run either way and passed along.
 */
export function rateTiwMonth(db: Db, month: Month, options: RateTiwOptions, bill?: RunLines): TiwRating {
  if (!isMonth(month)) throw new RatingError(`month must be YYYY-MM, not '${month}'`);
  const catalog = activeTiwCatalog(db);
  const report = monthDays(month);
  const lines = bill ?? readRunLines(db, month, report.from, report.until);
  // The cheap checks first: a bill whose currency cannot be told, or a missing exchange rate,
  // fails the run before any usage is loaded or rated.
  const billCurrency = tiwBillCurrency(db, month, report, catalog, lines.month);
  if (billCurrency !== null) billRate(db, month, catalog, billCurrency);
  const account = resolveAccount(db, catalog, lines.prepaid);
  const validity = options.validityRule({ trialStart: account.trialStart, monthlyFee: account.monthlyFee.map(({ date, months }) => ({ date, months })) });
  const from = historyFrom(validity, account.packages, report, catalog);
  const usage = loadUsage(db, from, report.until);
  const result = rateDays({ catalog, validity, packages: account.packages, usage, report });

  const purchases: RatedPurchase[] = [];
  for (const m of account.monthlyFee)
    if (m.date >= report.from && m.date < report.until)
      purchases.push({ kind: 'monthlyFee', date: m.date, package: null, amount: money(entryOn(catalog, m.date).monthlyFee.amount).times(m.months) });
  for (const p of account.packages)
    if (p.date >= report.from && p.date < report.until) {
      const def = entryOn(catalog, p.date).packages.find((x) => x.id === p.package)!;
      purchases.push({ kind: 'package', date: p.date, package: p.package, amount: money(def.price.amount).times(p.quantity) });
    }

  const comparison = compareWithBill(db, month, report, catalog, result.days, purchases, lines.month);
  const rating: TiwRating = { month, catalog, account, validity, result, purchases, comparison, runId: null };
  if (options.record) rating.runId = closeOf(db, month) ? unchangedRun(db, rating) : recordRun(db, rating, options.now ?? new Date().toISOString());
  return rating;
}

/**
 * A closed month keeps the rating it was signed off with: the same result again records nothing
 * and names that run; a different one (or a first one) would change the month and is refused.
 */
function unchangedRun(db: Db, r: TiwRating): number {
  const c = closeOf(db, r.month)!;
  const last = db.prepare(`select id, result from rating_run where product = 'tiw' and month = ? order by id desc limit 1`).get(r.month) as { id: number; result: string } | undefined;
  const same = (doc: unknown) => JSON.stringify({ ...(doc as object), runId: null });
  if (last && same(JSON.parse(last.result)) === same(tiwRatingJson(r))) return last.id;
  throw new MonthClosedError(r.month, c.who, c.at, last ? 're-rating would change its whiteboard figures' : 'a first whiteboard rating would change it');
}

function recordRun(db: Db, r: TiwRating, now: string): number {
  const info = db
    .prepare(
      `insert into rating_run (product, month, ranAt, appVersion, catalogVersion, catalogSha256, catalogOrigin, currency, billCurrency,
        exchangeRate, accountSource, result) values ('tiw', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.month,
      now,
      APP_VERSION,
      r.catalog.version,
      r.catalog.sha256,
      r.catalog.origin,
      r.catalog.currency,
      r.comparison?.billCurrency ?? null,
      r.comparison?.exchangeRate?.rate ?? null,
      JSON.stringify(r.account.from),
      JSON.stringify(tiwRatingJson(r)),
    );
  return Number(info.lastInsertRowid);
}

export interface RatingRunRecord {
  id: number;
  month: Month;
  ranAt: string;
  appVersion: string;
  catalogVersion: string;
  catalogSha256: string;
  catalogOrigin: string;
  currency: string;
  billCurrency: string | null;
  exchangeRate: string | null;
}

export function listRatingRuns(db: Db, month?: Month): RatingRunRecord[] {
  const cols = 'id, month, ranAt, appVersion, catalogVersion, catalogSha256, catalogOrigin, currency, billCurrency, exchangeRate';
  return (month
    ? db.prepare(`select ${cols} from rating_run where month = ? order by id`).all(month)
    : db.prepare(`select ${cols} from rating_run order by id`).all()) as RatingRunRecord[];
}

/** Whole-number quantities as JSON numbers; a fractional one (a user catalog's ratio) keeps its digits. */
function qty(d: Money): number {
  return d.toNumber();
}

function sumOf<T>(rows: T[], f: (r: T) => Money): Money {
  return rows.reduce((s, r) => s.plus(f(r)), ZERO);
}

interface ItemJson {
  usage: number;
  trial: number;
  free: number;
  packages: { package: string; purchased: Day; expires: Day; used: number; left: number }[];
  postpaid: number;
  exactCost: string;
  cost: string;
  mixedStream?: { usage: number; cost: string };
}

/** The `billrecon rate tiw --json` document (issue 4 §4), with the catalog's currency beside every cost. */
export function tiwRatingJson(r: TiwRating) {
  const items = {} as Record<TiwItem, ItemJson>;
  for (const item of TIW_ITEMS) {
    const rows = r.result.days.filter((d) => d.item === item);
    const it: ItemJson = {
      usage: qty(sumOf(rows, (d) => d.usage)),
      trial: qty(sumOf(rows, (d) => d.trial)),
      free: qty(sumOf(rows, (d) => d.free)),
      packages: r.result.packages.map((p) => ({
        package: p.package,
        purchased: p.purchased,
        expires: p.expires,
        used: qty(p.used[item]),
        left: qty(p.left[item]),
      })),
      postpaid: qty(sumOf(rows, (d) => d.postpaid)),
      exactCost: fixed(sumOf(rows, (d) => d.exactCost), 8),
      cost: fixed(sumOf(rows, (d) => d.cost), 2),
    };
    if (item === 'recording')
      it.mixedStream = { usage: qty(sumOf(r.result.mixedStream, (m) => m.minutes)), cost: fixed(sumOf(r.result.mixedStream, (m) => m.cost), 2) };
    items[item] = it;
  }
  const c = r.comparison;
  return {
    month: r.month,
    catalog: r.catalog.version,
    catalogOrigin: r.catalog.origin,
    catalogSha256: r.catalog.sha256,
    currency: r.catalog.currency,
    account: { from: r.account.from, trialStart: r.account.trialStart, monthlyFee: r.account.monthlyFee, packages: r.account.packages },
    validity: r.validity,
    items,
    days: r.result.days.map((d: DayItemRating) => ({
      date: d.date,
      item: d.item,
      usage: qty(d.usage),
      trial: qty(d.trial),
      free: qty(d.free),
      package: qty(d.package),
      packages: d.packages.map((p) => ({ package: p.package, purchased: p.purchased, used: qty(p.used) })),
      postpaid: qty(d.postpaid),
      exactCost: fixed(d.exactCost, 8),
      cost: fixed(d.cost, 2),
    })),
    purchases: r.purchases.map((p) => ({ kind: p.kind, date: p.date, package: p.package, amount: fixed(p.amount, 2) })),
    vsBill: c
      ? {
          billed: fixed(c.billed, 2),
          rated: fixed(c.rated, 2),
          difference: fixed(c.difference, 2),
          currency: c.billCurrency,
          exchangeRate: c.exchangeRate,
          lines: c.lines.map((l) => ({
            key: l.key,
            billed: fixed(l.billed, 2),
            rated: fixed(l.rated, 2),
            difference: fixed(l.difference, 2),
            feeSources: l.feeSources,
          })),
        }
      : {
          billed: null,
          rated: null,
          difference: null,
          currency: null,
          exchangeRate: null,
          lines: [],
          note: `no whiteboard lines in the imported fee bills for ${r.month}: nothing to compare`,
        },
    serviceStopped: r.result.stopped.map((s) => ({ date: s.date, item: s.item, usage: qty(s.usage) })),
    notes: r.account.notes,
    runId: r.runId,
  };
}

/** Each difference between the bill and our rating, in the shared mismatch model (category `rating`). */
export function mismatchesOf(r: TiwRating): Mismatch[] {
  if (!r.comparison) return [];
  return r.comparison.lines
    .filter((l) => !l.difference.isZero())
    .map((l) => ({
      id: mismatchId(r.month, 'rating', l.key),
      month: r.month,
      category: 'rating' as const,
      explained: false,
      key: l.key,
      against: 'rated' as const,
      fee: fixed(l.billed, 2),
      consumption: fixed(l.rated, 2),
      difference: fixed(l.difference, 2),
      status: 'open' as const,
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
      reopenedBecause: null,
      feeSources: l.feeSources,
      consumptionSources: [`rating:${r.catalog.version}`],
    }));
}

/**
 * The month's rating mismatches for the reconciliation's list. Nothing to compare (no whiteboard
 * usage and no whiteboard bill lines) gives none; a missing exchange rate is an error that says so.
 */
export function ratingMismatches(db: Db, month: Month, validityRule: ValidityRule = defaultValidityRule): Mismatch[] {
  return ratingCheck(db, month, validityRule).mismatches;
}

/** The whiteboard lines of a month's bill against our rating, in total (2 dp, the bill's currency). */
export interface WhiteboardTotals {
  billed: string;
  rated: string;
  difference: string;
  currency: string | null;
}

/**
 * ratingMismatches with the totals they come from, which the month report keeps (the Year table
 * reads them there); null totals when the month has no whiteboard lines to compare.
 */
export function ratingCheck(db: Db, month: Month, validityRule: ValidityRule = defaultValidityRule): { mismatches: Mismatch[]; totals: WhiteboardTotals | null } {
  if (!isMonth(month)) throw new RatingError(`month must be YYYY-MM, not '${month}'`);
  // No whiteboard lines in the month's bills: nothing to compare, so no account, rule or rate is needed.
  const report = monthDays(month);
  // The cheap checks before any line is read: whether the month has whiteboard lines at all, and
  // their currency and its exchange rate (the samples group the month's lines inside SQLite).
  const samples = monthCurrencySamples(db, month, report.from, report.until);
  if (samples.length === 0) return { mismatches: [], totals: null };
  const catalog = activeTiwCatalog(db);
  billRate(db, month, catalog, tiwBillCurrency(db, month, report, catalog, samples)!);
  const rating = rateTiwMonth(db, month, { validityRule }, readRunLines(db, month, report.from, report.until));
  const c = rating.comparison;
  const totals = c ? { billed: fixed(c.billed, 2), rated: fixed(c.rated, 2), difference: fixed(c.difference, 2), currency: c.billCurrency } : null;
  return { mismatches: mismatchesOf(rating), totals };
}
