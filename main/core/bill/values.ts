import type { DecimalText, Day, Month, VendorTime } from '../model.js';

/**
 * Cell values as the vendor writes them, parsed exactly. Anything ambiguous is rejected with a
 * reason rather than guessed: "1.234,50" (decimal comma), "12,34" (bad grouping), "(5.00)".
 */
export class ValueError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ValueError';
  }
}

/** Text the vendor uses for "no value". */
export function isBlank(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  // Most cells start and end with a printable ASCII character: nothing to trim, one compare.
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return n <= 2 && (text === '-' || text === '--');
  const t = text.trim();
  return t === '' || t === '-' || t === '--' || t === '—';
}

const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const EXPONENT = /^[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$/;
const CURRENCY = /^(?:¥|￥|\$|US\$|RMB|CNY|USD)\s*/i;

/** An exact decimal from bill text; null for the vendor's "no value" markers. */
export function parseDecimal(text: string): DecimalText | null {
  const plain = plainDecimal(text);
  if (plain !== undefined) return plain;
  if (isBlank(text)) return null;
  let t = text.trim();
  let negative = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    negative = t.startsWith('-');
    t = t.slice(1).trim();
  }
  t = t.replace(CURRENCY, '');
  if (t.startsWith('-') || t.startsWith('+')) {
    if (negative) throw new ValueError('two signs');
    negative = t.startsWith('-');
    t = t.slice(1);
  }
  if (t.endsWith('%')) throw new ValueError('a percentage where a plain number was expected');
  if (GROUPED.test(t)) t = t.replace(/,/g, '');
  else if (t.includes(',')) throw new ValueError('not a number (ambiguous thousands or decimal separator)');
  if (EXPONENT.test(t)) t = expandExponent(t);
  if (!PLAIN.test(t)) throw new ValueError('not a number');
  if (t.startsWith('.')) t = '0' + t;
  if (t.endsWith('.')) t = t.slice(0, -1);
  return (negative && !/^0*(\.0*)?$/.test(t) ? '-' : '') + t;
}

/**
 * The form on nearly every amount cell, "-?digits(.digits)?", read without regular expressions:
 * the same text back (a negative zero loses its sign, as in the general path). Anything else is
 * undefined and takes the general path.
 */
function plainDecimal(text: string): DecimalText | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let nonZero = false;
  let point = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) nonZero = true;
    } else if (c === 46 && point === -1) point = i;
    else return undefined;
  }
  if (n === start || point === start || point === n - 1) return undefined;
  if (start === 0 || nonZero) return text;
  return text.slice(1);
}

/** 1.5E-7 → 0.00000015, without passing through a float. */
function expandExponent(t: string): string {
  const [mant, expPart] = t.toLowerCase().split('e') as [string, string];
  const exp = Number.parseInt(expPart, 10);
  const [int, frac = ''] = mant.split('.') as [string, string?];
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}

/** A whole number (pages, milliseconds, video type). */
export function parseInteger(text: string): number | null {
  if (isBlank(text)) return null;
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new ValueError('not a whole number');
  const n = Number.parseInt(t, 10);
  if (!Number.isSafeInteger(n)) throw new ValueError('whole number out of range');
  return n;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1]!;
}

function checkDate(y: number, m: number, d: number): void {
  if (m < 1 || m > 12) throw new ValueError(`month ${m} does not exist`);
  if (d < 1 || d > daysInMonth(y, m)) throw new ValueError(`day ${y}-${pad(m)}-${pad(d)} does not exist`);
}

const VENDOR_OFFSET_MIN = 8 * 60;
const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms → vendor-local ISO text with +08:00. */
export function vendorTimeFromMs(ms: number): VendorTime {
  const d = new Date(ms + VENDOR_OFFSET_MIN * 60_000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
  );
}

export interface ParsedTime {
  text: VendorTime;
  ms: number;
}

/**
 * A time as the vendor writes it. Without an offset it is Beijing time (UTC+8), the vendor's
 * local time; with an offset (ISO 8601) it is converted. Stored as ISO 8601 with +08:00.
 */
export function parseTime(text: string): ParsedTime | null {
  const fast = parseVendorTimeFast(text);
  if (fast) return fast;
  if (isBlank(text)) return null;
  const t = text.trim();
  const o = WITH_OFFSET.exec(t);
  if (o) {
    const [, y, mo, d, h, mi, s, off] = o as unknown as [string, string, string, string, string, string, string | undefined, string];
    checkDate(+y, +mo, +d);
    if (+h > 23 || +mi > 59 || +(s ?? 0) > 59) throw new ValueError('time of day does not exist');
    let offsetMin = 0;
    if (off !== 'Z') {
      const sign = off.startsWith('-') ? -1 : 1;
      const digits = off.slice(1).replace(':', '');
      offsetMin = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
    }
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +(s ?? 0)) - offsetMin * 60_000;
    return { text: vendorTimeFromMs(ms), ms };
  }
  const m = LOCAL.exec(t);
  if (!m) throw new ValueError('not a date/time (expected YYYY-MM-DD HH:mm:ss, Beijing time, or ISO 8601 with an offset)');
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m as unknown as [string, string, string, string, string?, string?, string?];
  checkDate(+y, +mo, +d);
  if (+h > 23 || +mi > 59 || +s > 59) throw new ValueError('time of day does not exist');
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - VENDOR_OFFSET_MIN * 60_000;
  return { text: vendorTimeFromMs(ms), ms };
}

function digits(t: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The vendor's own form, "YYYY-MM-DD HH:mm:ss", read without regular expressions or Date
 * objects: it is on every line of a million-line bill. Anything else takes the general path.
 */
function parseVendorTimeFast(t: string): ParsedTime | null {
  if (t.length !== 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - VENDOR_OFFSET_MIN * 60_000;
  return { text: `${t.slice(0, 10)}T${t.slice(11)}+08:00`, ms };
}

/**
 * The vendor's own time form "YYYY-MM-DD HH:mm:ss" read from the 19 bytes at buf[s] into `out`
 * (year, month, day, hour, minute, second): whether they are that form with a real date and time
 * of day, the rule parseVendorTimeFast applies to text. The importer and the export read it here.
 */
export function vendorTimeParts(buf: Uint8Array, s: number, out: Int32Array): boolean {
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 10] !== 32 || buf[s + 13] !== 58 || buf[s + 16] !== 58) return false;
  const y = (out[0] = byteDigits(buf, s, 4));
  const mo = (out[1] = byteDigits(buf, s + 5, 2));
  const d = (out[2] = byteDigits(buf, s + 8, 2));
  const h = (out[3] = byteDigits(buf, s + 11, 2));
  const mi = (out[4] = byteDigits(buf, s + 14, 2));
  const sec = (out[5] = byteDigits(buf, s + 17, 2));
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59;
}

const TIME_PARTS = new Int32Array(6);

/** Whether buf[s, e) is the vendor's own time form with a real date and time of day. */
export function isVendorTimeBytes(buf: Uint8Array, s: number, e: number): boolean {
  return e - s === 19 && vendorTimeParts(buf, s, TIME_PARTS);
}

/** The whole number of `n` ASCII digits at buf[s]; −1 when one is not a digit. */
export function byteDigits(buf: Uint8Array, s: number, n: number): number {
  let v = 0;
  for (let i = s; i < s + n; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Where the decimal text parseDecimal gives for buf[s, e) starts, when the bytes are the form
 * plainDecimal reads ("-?digits(.digits)?"): s, or s + 1 for a negative zero, which loses its
 * sign. −1 for any other form.
 */
export function plainDecimalBytes(buf: Uint8Array, s: number, e: number): number {
  let i = buf[s] === 45 ? s + 1 : s;
  const start = i;
  let nonZero = false;
  let point = -1;
  for (; i < e; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      if (c !== 48) nonZero = true;
    } else if (c === 46 && point === -1) point = i;
    else return -1;
  }
  if (e === start || point === start || point === e - 1) return -1;
  return start === s || nonZero ? s : start;
}

/** 2025-03 / 202503 / 2025-03-01 / 2025年03月 → "2025-03". */
export function parseMonth(text: string): Month | null {
  if (isBlank(text)) return null;
  const t = text.trim();
  const m = /^(\d{4})[-/年]?(\d{1,2})(?:月)?(?:[-/]\d{1,2}(?:[ T].*)?)?$/.exec(t);
  if (!m) throw new ValueError('not a month (expected YYYY-MM)');
  const month = +m[2]!;
  if (month < 1 || month > 12) throw new ValueError(`month ${month} does not exist`);
  return `${m[1]}-${pad(month)}`;
}

export function parseDay(text: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new ValueError('not a day (expected YYYY-MM-DD)');
  checkDate(+m[1]!, +m[2]!, +m[3]!);
  return text.trim();
}

export function dayOf(time: VendorTime): Day {
  return time.slice(0, 10);
}

export function monthOf(time: VendorTime | Day): Month {
  return time.slice(0, 7);
}
