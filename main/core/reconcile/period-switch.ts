/**
 * The switch month (SPEC §1, issue 11 §7). An account may switch its fee bill once from
 * deduction period (扣费周期) to billing period (计费周期), from a month on. That month's bill
 * carries the previous month's last settlement cycle (deducted on the 1st): the previous month's
 * bill, by deduction period, left it out, and by billing period it would not be this month's. The
 * switch is read from the bills' recorded periods (import --period, or the file name), month by
 * month and account by account; a bill of the month before by deduction period and this month's by
 * billing period is the switch, and the other way round is a switch back, which the vendor does
 * not allow: flagged, not explained.
 *
 * A bill of billing period files a line without 账单月份 under the month it was used in, so the
 * carried cycle is stored under the previous month: here it is taken back out of that month and
 * counted in the switch month, as cross-month postpaid like a deduction-period bill's, verified
 * against the previous month's consumption on its days.
 */
import { BUCKET } from '../bill/parts.js';
import { arrivalName } from '../import/bill-names.js';
import { addSigned, formatUnits, sumUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LINE_ID_SPAN, SIDE } from '../store/line-writer.js';
import { monthDays } from './carry-over.js';
import { monthParts, type MonthTotals, type PartRow } from './month-input.js';
import type { Period } from './types.js';

/** What the month report says about a switch of the statistic period in its month. */
export interface PeriodSwitchView {
  month: Month;
  from: Period;
  to: Period;
  /** deduction → billing is the vendor's one-way switch; billing → deduction is not allowed. */
  allowed: boolean;
  /** The accounts (UIN from the file names) that switched; empty when the names carry none. */
  accounts: string[];
  /** The previous month's last settlement cycle the switch month's bill carries (8 dp), and its lines. */
  carried: string;
  carriedLines: number;
}

declare module './types.js' {
  interface ReconcileReport {
    /** The fee bill's statistic period switched into this month; absent when it did not. (Declared with the switch it describes.) */
    periodSwitch?: PeriodSwitchView;
  }
}

interface FeeBill {
  id: number;
  month: Month;
  period: Period;
  account: string;
}

/** A switch between `prev` and `month`, for the imports that make it. */
interface Switch {
  from: Period;
  to: Period;
  accounts: string[];
  /** The imports of `month`'s bill of the accounts that switched. */
  imports: number[];
}

export interface MonthSwitches {
  /** The switch into this month (null: none). */
  here: PeriodSwitchView | null;
  /** Parts of this month's switch bill stored under the previous month: the cycle it carries, with its usage days. */
  arriving: PartRow[];
  /** Parts of next month's switch bill stored under this month: this month's last cycle, deducted with the next. */
  leaving: PartRow[];
  /** Imports whose carried lines count as deduction-period carry-over. */
  carrying: Set<number>;
  /** Imports whose lines of this month belong to next month's bill. */
  leavingImports: number[];
  /** The totals to add to this month's fee totals (arriving) and to take off (leaving). */
  arrivingTotals: MonthTotals | null;
  leavingTotals: MonthTotals | null;
  notes: string[];
}

export const NO_SWITCH: MonthSwitches = { here: null, arriving: [], leaving: [], carrying: new Set(), leavingImports: [], arrivingTotals: null, leavingTotals: null, notes: [] };

function shift(month: Month, by: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + m - 1 + by;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * Live fee-detail imports holding lines of these months, each with the month its bill is of: the
 * month its file name says, else the latest month it holds lines of (a bill holds its own month and,
 * by billing period without 账单月份, the previous month's last cycle).
 */
function feeBills(db: Db, months: Month[]): FeeBill[] {
  const rows = db
    .prepare(
      `select i.id, i.fileName, i.package, i.period, max(m.month) as latest, json_group_array(m.month) as months
       from import i join import_month m on m.importId = i.id and m.side = ${SIDE.fee}
       where i.status = 'imported' and i.kind = 'fee-detail' and i.id in (select importId from import_month where month in (${months.map(() => '?').join(',')}))
       group by i.id order by i.id`,
    )
    .all(...months) as { id: number; fileName: string; package: string | null; period: string | null; latest: Month; months: string }[];
  return rows.map((r) => {
    const name = arrivalName(r.fileName, r.package);
    const held = JSON.parse(r.months) as Month[];
    const month = name && held.includes(name.month) ? name.month : r.latest;
    return { id: r.id, month, period: r.period === 'billing' ? 'billing' : 'deduction', account: name?.account ?? '' };
  });
}

/** The switch between `prev` and `month`, account by account: each month's bills of one period, and the two differ. */
function switchBetween(bills: FeeBill[], prev: Month, month: Month): Switch | null {
  const accounts = new Set(bills.map((b) => b.account));
  const found: Switch[] = [];
  for (const a of accounts) {
    const periods = (m: Month) => new Set(bills.filter((b) => b.account === a && b.month === m).map((b) => b.period));
    const [before, after] = [periods(prev), periods(month)];
    if (before.size !== 1 || after.size !== 1) continue;
    const [from, to] = [[...before][0]!, [...after][0]!];
    if (from === to) continue;
    found.push({ from, to, accounts: a ? [a] : [], imports: bills.filter((b) => b.account === a && b.month === month).map((b) => b.id) });
  }
  if (found.length === 0) return null;
  // Accounts switch on their own; the month's report names them together when they switched the same way.
  const first = found[0]!;
  const same = found.filter((s) => s.from === first.from);
  return { from: first.from, to: first.to, accounts: same.flatMap((s) => s.accounts), imports: same.flatMap((s) => s.imports) };
}

/** `parts` with the usage days of their lines: from the first usage day to the end of the month they were used in. */
function withUsageDays(db: Db, parts: PartRow[], usedIn: Month): PartRow[] {
  const lastDay = monthDays(usedIn).next - 1;
  const dayOf = db.prepare('select day from bill_line where id = ?').pluck();
  return parts.map((p) => {
    let first = lastDay;
    for (const r of p.rows) {
      const d = dayOf.get(p.importId * LINE_ID_SPAN + r) as number | null | undefined;
      if (typeof d === 'number' && d >= 0 && d < first) first = d;
    }
    return { ...p, dayFrom: first, dayTo: lastDay };
  });
}

function importTotals(db: Db, ids: number[], month: Month): MonthTotals {
  const r = db
    .prepare(
      `select ifnull(sum(lines), 0), ifnull(sum(amount), 0), ifnull(sum(transactions), 0), ifnull(sum(rated), 0), ifnull(sum(deducted), 0),
         ifnull(sum(aggregatedLines), 0), ifnull(sum(pseudoLines), 0), ifnull(sum(checked), 0), ifnull(sum(failed), 0)
       from import_month where month = ? and side = ${SIDE.fee} and importId in (${ids.join(',')})`,
    )
    .safeIntegers(true)
    .raw()
    .get(month) as bigint[];
  const n = (i: number) => Number(r[i]);
  return { lines: n(0), amount: r[1]!, transactions: n(2), rated: r[3]!, deducted: r[4]!, aggregatedLines: n(5), pseudoLines: n(6), checked: n(7), failed: n(8) };
}

/** `a` + sign × `b`, field by field. */
export function addTotals(a: MonthTotals, b: MonthTotals | null, sign: 1 | -1): MonthTotals {
  if (!b) return a;
  return {
    lines: a.lines + sign * b.lines,
    amount: addSigned(a.amount, b.amount, sign),
    transactions: a.transactions + sign * b.transactions,
    rated: addSigned(a.rated, b.rated, sign),
    deducted: addSigned(a.deducted, b.deducted, sign),
    aggregatedLines: a.aggregatedLines + sign * b.aggregatedLines,
    pseudoLines: a.pseudoLines + sign * b.pseudoLines,
    checked: a.checked + sign * b.checked,
    failed: a.failed + sign * b.failed,
  };
}

const fmt = (u: Units): string => formatUnits(u, 2);

/**
 * Which imports' lines move between months because of a switch, for the readers of a month's
 * lines (the exports): this month's switch bill's lines stored under the previous month, and
 * next month's switch bill's lines stored under this one.
 */
export function switchedBills(db: Db, month: Month): { prev: Month; arriving: number[]; leaving: number[] } {
  const [prev, next] = [shift(month, -1), shift(month, 1)];
  const bills = feeBills(db, [prev, month, next]);
  const here = switchBetween(bills, prev, month);
  const after = switchBetween(bills, month, next);
  return { prev, arriving: here?.from === 'deduction' ? here.imports : [], leaving: after?.from === 'deduction' ? after.imports : [] };
}

/** The switches around a month: into it (its bill carries the previous month's cycle) and into the next. */
export function monthSwitches(db: Db, month: Month): MonthSwitches {
  const [prev, next] = [shift(month, -1), shift(month, 1)];
  const bills = feeBills(db, [prev, month, next]);
  const here = switchBetween(bills, prev, month);
  const after = switchBetween(bills, month, next);
  const out: MonthSwitches = { ...NO_SWITCH, carrying: new Set(), notes: [] };
  if (here) {
    const oneWay = here.from === 'deduction';
    const arriving = oneWay ? withUsageDays(db, monthParts(db, prev, SIDE.fee, (p) => here.imports.includes(p.importId)), prev) : [];
    const totals = arriving.length > 0 ? importTotals(db, here.imports, prev) : null;
    // A bill with 账单月份 files the carried cycle under the switch month itself, used before it.
    const filedHere = oneWay ? monthParts(db, month, SIDE.fee, (p) => here.imports.includes(p.importId) && p.dayFrom !== null && (p.bucket & BUCKET.postpaid) !== 0) : [];
    const carried = sumUnits([totals?.amount, ...filedHere.map((p) => p.amount)]);
    const carriedLines = (totals?.lines ?? 0) + filedHere.reduce((s, p) => s + p.lines, 0);
    out.here = { month, from: here.from, to: here.to, allowed: oneWay, accounts: here.accounts, carried: formatUnits(carried, 8), carriedLines };
    out.arriving = arriving;
    out.arrivingTotals = totals;
    if (oneWay) for (const id of here.imports) out.carrying.add(id);
    out.notes.push(
      oneWay
        ? `the fee bill switched from deduction period to billing period in ${month}${names(here.accounts)}: it carries ${prev}'s last settlement cycle (${fmt(carried)}, ${lines(carriedLines)}, deducted on ${month}-01), counted in ${month} and checked as cross-month postpaid against ${prev}'s consumption`
        : `the fee bill is by deduction period in ${month} after billing period in ${prev}${names(here.accounts)}: the vendor does not allow switching back (the switch to billing period is one way). Check the period each bill was exported with (billrecon import --period)`,
    );
  }
  if (after && after.from === 'deduction') {
    out.leaving = withUsageDays(db, monthParts(db, month, SIDE.fee, (p) => after.imports.includes(p.importId)), month);
    out.leavingImports = after.imports;
    for (const id of after.imports) out.carrying.add(id);
    if (out.leaving.length > 0) {
      out.leavingTotals = importTotals(db, after.imports, month);
      out.notes.push(`${next}'s fee bill (switched to billing period) carries ${month}'s last settlement cycle (${fmt(out.leavingTotals.amount)}, ${lines(out.leavingTotals.lines)}): left out of ${month}'s fee total and checked against ${month}'s consumption`);
    }
  }
  return out;
}

const lines = (n: number): string => `${n} line${n === 1 ? '' : 's'}`;

function names(accounts: string[]): string {
  return accounts.length > 0 ? ` (account ${accounts.join(', ')})` : '';
}
