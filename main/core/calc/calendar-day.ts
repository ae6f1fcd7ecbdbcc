/**
 * Calendar days as 'YYYY-MM-DD' text, with no time zone: the vendor's validity dates are
 * calendar dates in the account's own day, so a JS Date (UTC or local) would only add ways to
 * be off by one.
 */

export class CalendarDayError extends Error {
  override name = 'CalendarDayError';
}

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Rejects days that do not exist (2025-02-30), which an accountant may well type. */
export function parseDay(text: string): YearMonthDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new CalendarDayError(`${text} is not a date in the form YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new CalendarDayError(`${text} is not a day of the calendar`);
  }
  return { year, month, day };
}

export function formatDay(d: YearMonthDay): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), for differences and day additions. */
export function dayNumber(text: string): number {
  const { year, month, day } = parseDay(text);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export function dayFromNumber(n: number): string {
  const d = new Date(n * 86_400_000);
  return formatDay({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(text: string, days: number): string {
  return dayFromNumber(dayNumber(text) + days);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The day `months` after a month, on the anchor day clamped to that month's length: the vendor's
 * monthly periods run from day T to day T and fall back to the month's last day when T does not
 * exist (31 → 30 in September, → 28/29 in February).
 */
export function anchoredMonthDay(year: number, month: number, anchorDay: number, months: number): string {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatDay({ year: y, month: m, day: Math.min(anchorDay, daysInMonth(y, m)) });
}

/**
 * A point in time in the account's own clock: 'YYYY-MM-DD' (midnight) or 'YYYY-MM-DD HH:MM[:SS]'
 * (a 'T' may stand for the space). Seconds since 1970-01-01 00:00 of that clock; no time zone,
 * for the same reason as the days above.
 */
export function momentSeconds(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) throw new CalendarDayError(`${text} is not a time in the form YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]`);
  const [hh, mm, ss] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) throw new CalendarDayError(`${text} is not a time of the day`);
  return dayNumber(m[1]!) * 86_400 + hh * 3600 + mm * 60 + ss;
}

/** The calendar day of a moment (its text's first ten characters, checked). */
export function dayOfMoment(text: string): string {
  const day = text.trim().slice(0, 10);
  parseDay(day);
  return day;
}

/** `months` calendar months after a day, on the same day of the month clamped to its length. */
export function addMonths(day: string, months: number): string {
  const d = parseDay(day);
  return anchoredMonthDay(d.year, d.month, d.day, months);
}

/** The first day of the month after `day`'s month, plus `dayOfMonth − 1` days (e.g. the 3rd). */
export function dayOfNextMonth(day: string, dayOfMonth: number): string {
  const d = parseDay(day);
  return anchoredMonthDay(d.year, d.month, dayOfMonth, 1);
}
