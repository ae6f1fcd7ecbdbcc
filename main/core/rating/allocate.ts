import type { Day } from '../model.js';
import { money, roundHalfUp, ZERO, type Money } from '../money/decimal.js';
import { entryOn, TIW_ITEMS, unitPriceOf, type PackageId, type TiwCatalog, type TiwCatalogEntry, type TiwItem } from '../catalog/tiw-catalog.js';
import { addMonths } from '../calendar/days.js';
import type { DayUsage, UsageByDay } from './usage.js';
import { feeMonthIndex, inRange, type DayRange, type TiwValidity } from './validity.js';

/**
 * The vendor's deduction order, day by day: the month-of-fee's free quota, then resource packages
 * earliest-expiry-first (each item on its own), then postpaid rated that day (8 dp) and deducted
 * (2 dp half-up). Trial days draw on nothing; days without a valid monthly fee are service-stopped.
 */

export interface PackagePurchase {
  package: PackageId;
  date: Day;
  quantity: number;
}

export interface RateRequest {
  catalog: TiwCatalog;
  validity: TiwValidity;
  packages: PackagePurchase[];
  /** Usage from `historyFrom(...)` to the end of the reported range: earlier days set balances. */
  usage: UsageByDay;
  report: DayRange;
}

export interface PackageDraw {
  package: PackageId;
  purchased: Day;
  used: Money;
}

export interface DayItemRating {
  date: Day;
  item: TiwItem;
  usage: Money;
  trial: Money;
  free: Money;
  package: Money;
  packages: PackageDraw[];
  postpaid: Money;
  /** 8 dp, in the catalog's currency. */
  exactCost: Money;
  /** exactCost rounded half-up to 2 dp: what is deducted that day. */
  cost: Money;
}

export interface StoppedUsage {
  date: Day;
  item: TiwItem;
  usage: Money;
}

export interface MixedStreamDay {
  date: Day;
  minutes: Money;
  exactCost: Money;
  cost: Money;
}

export interface PackageState {
  package: PackageId;
  purchased: Day;
  /** Last day of validity is the day before this. */
  expires: Day;
  quantity: number;
  purchasedAmount: Record<TiwItem, Money>;
  /** Drawn on inside the reported range. */
  used: Record<TiwItem, Money>;
  /** Balance at the end of the reported range (or at expiry, if earlier). */
  left: Record<TiwItem, Money>;
}

export interface RateResult {
  days: DayItemRating[];
  stopped: StoppedUsage[];
  mixedStream: MixedStreamDay[];
  packages: PackageState[];
}

/** The first day whose usage can change the reported range: its month of fee, and packages still valid in it. */
export function historyFrom(validity: TiwValidity, packages: PackagePurchase[], report: DayRange, catalog: TiwCatalog): Day {
  let from = report.from;
  const i = feeMonthIndex(validity, report.from);
  if (i >= 0 && validity.feeMonths[i]!.from < from) from = validity.feeMonths[i]!.from;
  for (const p of packages) {
    const expires = addMonths(p.date, entryOn(catalog, p.date).packageValidMonths);
    if (p.date < from && expires > report.from) from = p.date;
  }
  return from;
}

/** Usage of one item in the vendor's unit: minutes, or static-equivalent pages. */
export function itemUsage(u: DayUsage, item: TiwItem, entry: TiwCatalogEntry): Money {
  if (item === 'whiteboard') return money(u.whiteboard);
  if (item === 'transcode') return money(u.dynamicPages).times(entry.dynamicTranscodeRatio).plus(u.staticPages);
  return entry.recordingMinutes === 'ceilPerDay' ? money(u.recordingMs).div(60_000).ceil() : money(u.recordingMinutesPerVideo);
}

function mixedMinutes(u: DayUsage, entry: TiwCatalogEntry): Money {
  return entry.recordingMinutes === 'ceilPerDay' ? money(u.mixedMs).div(60_000).ceil() : money(u.mixedMinutesPerVideo);
}

function perItem(f: (item: TiwItem) => Money): Record<TiwItem, Money> {
  return { whiteboard: f('whiteboard'), transcode: f('transcode'), recording: f('recording') };
}

interface Balance {
  state: PackageState;
  balance: Record<TiwItem, Money>;
  order: number;
}

/** The packages bought, each with its balance per item, earliest expiry first (among equals, the older purchase). */
function openBalances(req: RateRequest): Balance[] {
  const { catalog } = req;
  const balances: Balance[] = req.packages.map((p, order) => {
    const entry = entryOn(catalog, p.date);
    const def = entry.packages.find((x) => x.id === p.package);
    if (!def) throw new Error(`catalog ${catalog.version} has no package ${p.package} on ${p.date}`);
    const purchasedAmount = perItem((item) => money(def[item]).times(p.quantity));
    return {
      state: {
        package: p.package,
        purchased: p.date,
        expires: addMonths(p.date, entry.packageValidMonths),
        quantity: p.quantity,
        purchasedAmount,
        used: perItem(() => ZERO),
        left: purchasedAmount,
      },
      balance: { ...purchasedAmount },
      order,
    };
  });
  return balances.sort((a, b) => (a.state.expires < b.state.expires ? -1 : a.state.expires > b.state.expires ? 1 : a.order - b.order));
}

/** Draws `rest` of an item from the packages valid on `date`, in their order; what is left is postpaid. */
function drawFromPackages(balances: Balance[], item: TiwItem, date: string, rest: Money, reported: boolean): { rest: Money; fromPackages: Money; draws: PackageDraw[] } {
  const draws: PackageDraw[] = [];
  let fromPackages = ZERO;
  for (const b of balances) {
    if (rest.isZero()) break;
    if (!(b.state.purchased <= date && date < b.state.expires)) continue;
    const take = least(rest, b.balance[item]);
    if (take.lte(0)) continue;
    b.balance[item] = b.balance[item].minus(take);
    rest = rest.minus(take);
    fromPackages = fromPackages.plus(take);
    if (reported) {
      b.state.used[item] = b.state.used[item].plus(take);
      draws.push({ package: b.state.package, purchased: b.state.purchased, used: take });
    }
  }
  return { rest, fromPackages, draws };
}

export function rateDays(req: RateRequest): RateResult {
  const { catalog, validity, report } = req;
  const balances = openBalances(req);
  const freeUsed = new Map<number, Record<TiwItem, Money>>();
  const out: RateResult = { days: [], stopped: [], mixedStream: [], packages: [] };
  const days = [...req.usage.keys()].filter((d) => d < report.until).sort();

  for (const date of days) {
    const u = req.usage.get(date)!;
    const entry = entryOn(catalog, date);
    const reported = date >= report.from;
    const trial = inRange(validity.trial, date);
    const fm = trial ? -1 : feeMonthIndex(validity, date);

    const mixed = mixedMinutes(u, entry);
    if (reported && mixed.gt(0)) {
      const exact = roundHalfUp(mixed.times(unitPriceOf(entry, 'mixedStream')), 8);
      out.mixedStream.push({ date, minutes: mixed, exactCost: exact, cost: roundHalfUp(exact, 2) });
    }

    for (const item of TIW_ITEMS) {
      const usage = itemUsage(u, item, entry);
      if (usage.isZero()) continue;
      if (!trial && fm < 0) {
        if (reported) out.stopped.push({ date, item, usage });
        continue;
      }
      let rest = usage;
      let free = ZERO;
      let draws: PackageDraw[] = [];
      let fromPackages = ZERO;
      if (!trial) {
        let used = freeUsed.get(fm);
        if (!used) freeUsed.set(fm, (used = perItem(() => ZERO)));
        const quota = money(entryOn(catalog, validity.feeMonths[fm]!.from).freeQuota[item]);
        free = least(rest, quota.minus(used[item]));
        if (free.isNeg()) free = ZERO;
        used[item] = used[item].plus(free);
        ({ rest, fromPackages, draws } = drawFromPackages(balances, item, date, rest.minus(free), reported));
      }
      const postpaid = trial ? ZERO : rest;
      const exactCost = roundHalfUp(postpaid.times(unitPriceOf(entry, item)), 8);
      if (reported)
        out.days.push({
          date,
          item,
          usage,
          trial: trial ? usage : ZERO,
          free,
          package: fromPackages,
          packages: draws,
          postpaid,
          exactCost,
          cost: roundHalfUp(exactCost, 2),
        });
    }
  }
  for (const b of balances) {
    b.state.left = { ...b.balance };
    if (b.state.purchased < report.until && b.state.expires > report.from) out.packages.push(b.state);
  }
  return out;
}

function least(a: Money, b: Money): Money {
  return a.lte(b) ? a : b;
}
