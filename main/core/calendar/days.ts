import type { Day, Month } from '../model.js';

/**
 * Calendar arithmetic on vendor-local (UTC+8) days. Days are handled as "YYYY-MM-DD" text or as
 * day numbers since 1970-01-01 (UTC+8), so counting never depends on the machine's time zone.
 */

export const VENDOR_OFFSET_MINUTES = 8 * 60;
export const MINUTES_PER_DAY = 24 * 60;

export function isRealDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** Day number (days since 1970-01-01) of a "YYYY-MM-DD". */
export function dayNumber(day: Day): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
}

export function dayOfNumber(n: number): Day {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return dayOfNumber(dayNumber(day) + n);
}

export function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/** Same day n months later, clamped to the target month's length (2024-02-29 + 12 → 2025-02-28). */
export function addMonths(day: Day, n: number): Day {
  const y = Number(day.slice(0, 4));
  const m0 = Number(day.slice(5, 7)) - 1 + n;
  const ty = y + Math.floor(m0 / 12);
  const tm = ((m0 % 12) + 12) % 12;
  const d = Math.min(Number(day.slice(8, 10)), daysInMonth(ty, tm + 1));
  return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** [first day of the month, first day of the next month) */
export function monthDays(month: Month): { from: Day; until: Day } {
  const from = `${month}-01`;
  return { from, until: addMonths(from, 1) };
}

/** Vendor-local day number of an epoch-millisecond instant's minute. */
export function dayNumberOfMinute(minute: number): number {
  return Math.floor((minute + VENDOR_OFFSET_MINUTES) / MINUTES_PER_DAY);
}

/** Epoch minute at which a vendor-local day begins (00:00 UTC+8). */
export function firstMinuteOfDay(dayNo: number): number {
  return dayNo * MINUTES_PER_DAY - VENDOR_OFFSET_MINUTES;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (H. Hinnant's days_from_civil). */
export function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number of the first day of a month given as its index (year × 12 + month − 1). */
export function firstDayOfMonthIndex(index: number): number {
  return civilDay(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** Month index (year × 12 + month − 1) of a day number. */
export function monthIndexOfDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
