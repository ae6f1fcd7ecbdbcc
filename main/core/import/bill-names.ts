/**
 * What the vendor's file names say about a bill (FORMATS.md §1.1): the account, the month, whether
 * it is a daily cumulative file and as of which day, and which part of a split month it is.
 *
 *   100010445724-202405-by_used_time-bill_details.zip      monthly (COS, international)
 *   100010445724-20240504-by_used_time-bill_details.zip    daily: the month from the 1st to 05-03
 *   909619400-202307-按扣费周期-明细账单.zip                  monthly (COS, domestic)
 *   FOCUS-bill_details-200020002001-202503.CSV             monthly FOCUS (reseller)
 *   …-bill_details-1.csv, …-bill_details-2.csv             the parts of a month split in several files
 *
 * Files of one series (the same name but for the date and the part number) and one month are the
 * same bill delivered again: a later daily file holds more of the month than an earlier one, and
 * the monthly file holds all of it.
 */
import type { Day, Month } from '../model.js';

export interface BillName {
  /** The account (UIN) the name carries, if any. */
  account: string | null;
  /** The bill month the file holds. */
  month: Month;
  /** A daily cumulative file: the day it was written (it holds the month up to the day before). */
  asOf: Day | null;
  /** The name without its date, part number and extension, lower case. */
  series: string;
  /** 1, 2 … for the parts of a split month. */
  part: number | null;
}

const DATE_TOKEN = /(?<!\d)(\d{8}|\d{6})(?!\d)/g;
const ACCOUNT_TOKEN = /(?<!\d)\d{5,12}(?!\d)/g;
const PART_SUFFIX = /(?:[-_ ](?:part)?|\()(\d{1,3})\)?$/i;

function dayOfToken(t: string): Day | null {
  const [y, m, d] = [Number(t.slice(0, 4)), Number(t.slice(4, 6)), Number(t.slice(6, 8))];
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 ? date.toISOString().slice(0, 10) : null;
}

function monthOfToken(t: string): Month | null {
  const [y, m] = [Number(t.slice(0, 4)), Number(t.slice(4, 6))];
  return y >= 2000 && y <= 2099 && m >= 1 && m <= 12 ? `${t.slice(0, 4)}-${t.slice(4, 6)}` : null;
}

/** The day before `day`, whose month a daily file written on `day` holds. */
export function dayBefore(day: Day): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The last date token of a name that is a valid month (6 digits) or day (8 digits). */
function dateToken(stem: string): { at: number; text: string; month: Month; asOf: Day | null } | null {
  let found: { at: number; text: string; month: Month; asOf: Day | null } | null = null;
  for (const m of stem.matchAll(DATE_TOKEN)) {
    const text = m[1]!;
    const asOf = text.length === 8 ? dayOfToken(text) : null;
    const month = text.length === 8 ? (asOf ? dayBefore(asOf).slice(0, 7) : null) : monthOfToken(text);
    if (month) found = { at: m.index, text, month, asOf };
  }
  return found;
}

/** The last segment of a path or of `package.zip/inner.csv`, without its extension. */
function stemOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}

/** The part number of a split month's file (`…-1.csv`, `…_2.csv`, `…(3).csv`) and the name without it, dated or not. */
export function splitPart(name: string): { stem: string; part: number | null } {
  const stem = stemOf(name);
  const p = PART_SUFFIX.exec(stem);
  return p && p.index > 0 ? { stem: stem.slice(0, p.index).toLowerCase(), part: Number(p[1]) } : { stem: stem.toLowerCase(), part: null };
}

/** What a file name says, or null when it carries no month. */
export function parseBillName(name: string): BillName | null {
  const stem = stemOf(name);
  const date = dateToken(stem);
  if (!date) return null;
  let rest = stem.slice(date.at + date.text.length);
  let part: number | null = null;
  const p = PART_SUFFIX.exec(rest);
  if (p && p.index > 0) {
    part = Number(p[1]);
    rest = rest.slice(0, p.index);
  }
  const before = stem.slice(0, date.at);
  const account = [...before.matchAll(ACCOUNT_TOKEN), ...rest.matchAll(ACCOUNT_TOKEN)][0]?.[0] ?? null;
  return { account, month: date.month, asOf: date.asOf, series: `${before}{date}${rest}`.toLowerCase(), part };
}

/** The name a stored import is known by for these rules: its package's when it came in one. */
export function arrivalName(fileName: string, packageName: string | null | undefined): BillName | null {
  const pkg = packageName ? parseBillName(packageName) : null;
  // The part number is the inner file's: the package is the whole month.
  return pkg ? { ...pkg, part: splitPart(fileName).part } : parseBillName(fileName);
}
