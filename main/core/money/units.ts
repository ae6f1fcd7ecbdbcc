/**
 * Money in billrecon: an integer count of 10^-8 of the bill's currency (the vendor rates with 8
 * decimals and deducts with 2, SPEC §2). Every amount the engine stores, sums, rounds or prints
 * passes through this module; nothing else in the core parses or rounds money.
 *
 * The exact type is `Units` (a bigint). Hot loops over a million bill lines may hold an amount
 * as a JavaScript number while it is a safe integer (|units| < 2^53, about 90 million yuan):
 * `fastUnits` gives that number or NaN, and `UnitSum` adds such numbers exactly, moving to bigint
 * only past 2^53. Nothing here ever goes through a floating-point fraction.
 */

/** Money: integer count of 10^-8. */
export type Units = bigint;
/** A Units value a hot loop keeps as a safe-integer number; NaN when it could not. */
export type FastUnits = number;

export const SCALE = 8;
export const UNITS_PER_CENT = 1_000_000n;
const CENT = 1_000_000;
export const MAX_UNITS = 9_223_372_036_854_775_807n;

/** Why bill text is not an amount: a sentence for `file:row:column: …`. */
export class MoneyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MoneyError';
  }
}

const POW10: bigint[] = [1n];
/** 10^n as a bigint (cached). */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10[i] = POW10[i - 1]! * 10n;
  return POW10[n]!;
}
/** 10^n for n ≤ 22 as an exact double. */
export const P10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * "-?digits(.digits)?" with at most 8 decimals as a safe-integer number of units, read character
 * by character; NaN for anything else (the caller then takes `parseUnits`).
 */
export function fastUnits(text: string): FastUnits {
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0 && text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let v = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0 && digits > 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15 || decimals === 0 || decimals > SCALE) return NaN;
  const u = v * P10[SCALE - (decimals < 0 ? 0 : decimals)]!;
  if (!Number.isSafeInteger(u)) return NaN;
  return negative && u !== 0 ? -u : u;
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d*)?$/;
const EXPONENT = /^(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$/;
const PLAIN = /^(\d+(\.\d*)?|\.\d+)$/;
const CURRENCY = /^(?:¥|￥|\$|US\$|RMB|CNY|USD)\s*/i;

/** The vendor's "no value" markers. */
export function isBlankAmount(text: string): boolean {
  const t = text.trim();
  return t === '' || t === '-' || t === '--' || t === '—';
}

/**
 * A decimal written the ways bills write it, as [digits, decimals] exactly: "1,234.50",
 * "¥12.00", "-0.5", "1.5E-7". Ambiguous text is refused, never guessed: "1.234,50" (decimal
 * comma), "12,34" (bad grouping), "(5.00)", "12%".
 */
export function parseDecimalParts(text: string): [bigint, number] {
  let t = text.trim();
  let negative = false;
  const sign = () => {
    if (t.startsWith('-') || t.startsWith('+')) {
      negative = t.startsWith('-');
      t = t.slice(1).trim();
      return true;
    }
    return false;
  };
  const signed = sign();
  t = t.replace(CURRENCY, '');
  if (sign() && signed) throw new MoneyError('two signs');
  if (t.endsWith('%')) throw new MoneyError('a percentage where a plain number was expected');
  if (GROUPED.test(t)) t = t.replace(/,/g, '');
  else if (t.includes(',')) throw new MoneyError('not a number (ambiguous thousands or decimal separator)');
  let shift = 0;
  if (EXPONENT.test(t)) {
    const e = t.search(/[eE]/);
    shift = Number.parseInt(t.slice(e + 1), 10);
    t = t.slice(0, e);
  }
  if (!PLAIN.test(t)) throw new MoneyError('not a number');
  const dot = t.indexOf('.');
  const intPart = dot < 0 ? t : t.slice(0, dot);
  const frac = dot < 0 ? '' : t.slice(dot + 1);
  let digits = BigInt((intPart || '0') + frac);
  let decimals = frac.length - shift;
  if (decimals < 0) {
    digits *= pow10(-decimals);
    decimals = 0;
  }
  return [negative ? -digits : digits, decimals];
}

/** [digits, decimals] as units when exact at 8 decimals and inside 64 bits. */
export function unitsOfParts(digits: bigint, decimals: number): Units {
  let u: bigint;
  if (decimals <= SCALE) u = digits * pow10(SCALE - decimals);
  else {
    const unit = pow10(decimals - SCALE);
    if (digits % unit !== 0n) throw new MoneyError(`more than ${SCALE} decimals: the vendor bills with at most ${SCALE}`);
    u = digits / unit;
  }
  if (u > MAX_UNITS || u < -MAX_UNITS) throw new MoneyError('beyond the range an amount can have (±92,233,720,368.54775807)');
  return u;
}

/** An amount from bill text; null for the vendor's "no value" markers; MoneyError when not an amount. */
export function parseUnits(text: string): Units | null {
  const f = fastUnits(text);
  if (f === f) return BigInt(f);
  if (isBlankAmount(text)) return null;
  const [digits, decimals] = parseDecimalParts(text);
  return unitsOfParts(digits, decimals);
}

/** Like parseUnits, for a hot loop: a number while it is a safe integer, else the bigint. */
export function parseFastOrUnits(text: string): FastUnits | Units | null {
  const f = fastUnits(text);
  if (f === f) return f;
  return parseUnits(text);
}

/** Half-up (四舍五入: .5 away from zero) to `dp` decimals, still in units. */
export function roundUnits(u: Units, dp: number): Units {
  if (dp >= SCALE) return u;
  const unit = pow10(SCALE - dp);
  const half = unit / 2n;
  const a = u < 0n ? -u : u;
  const q = ((a + half) / unit) * unit;
  return u < 0n ? -q : q;
}

/** Half-up to 2 decimals for a safe-integer number of units (exact: no fraction is ever formed). */
export function roundFastToCents(u: FastUnits): FastUnits {
  const a = (u < 0 ? -u : u) + CENT / 2;
  const q = a - (a % CENT);
  return u < 0 ? -q : q;
}

/** Text with exactly `dp` decimals, half-up; never "-0.00". */
export function formatUnits(u: Units | FastUnits, dp = SCALE): string {
  let v = roundUnits(typeof u === 'bigint' ? u : BigInt(u), dp);
  const negative = v < 0n;
  if (negative) v = -v;
  const digits = (v / pow10(SCALE - Math.min(dp, SCALE))).toString().padStart(dp + 1, '0');
  const body = dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
  const text = dp > SCALE ? body + '0'.repeat(dp - SCALE) : body;
  return negative && v !== 0n ? `-${text}` : text;
}

/** The shortest text of an amount: "1494", "0.03", "-2.49333326" (for formats that want no padding). */
export function plainUnits(u: Units | FastUnits): string {
  const t = formatUnits(u, SCALE);
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

/** Exact sum of amounts held as safe-integer numbers (or bigints): bigint only past 2^53. */
/** SQLite's largest integer: no stored amount or sum of a month's amounts goes past it. */
export const MAX_STORED_UNITS: Units = 2n ** 63n - 1n;

export class UnitSum {
  private fast = 0;
  private big = 0n;

  add(u: FastUnits | Units): void {
    if (typeof u === 'bigint') {
      this.big += u;
      return;
    }
    const s = this.fast + u;
    if (Number.isSafeInteger(s)) this.fast = s;
    else {
      this.big += BigInt(this.fast) + BigInt(u);
      this.fast = 0;
    }
  }

  value(): Units {
    return this.big + BigInt(this.fast);
  }

  /** The sum as a safe integer while it is one (no BigInt per sum on the hot path). */
  amount(): FastUnits | Units {
    return this.big === 0n ? this.fast : this.big + BigInt(this.fast);
  }

  reset(): void {
    this.fast = 0;
    this.big = 0n;
  }
}

/** a + b: a safe integer while it stays one. */
export function addUnits(a: FastUnits | Units, b: FastUnits | Units): FastUnits | Units {
  return typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a + b) ? a + b : BigInt(a) + BigInt(b);
}

/** Exponents beyond this are not a bill's number (a hostile cell): refused, not expanded. */
const MAX_EXPONENT = 1000;

/**
 * A spreadsheet's number text (`<v>` of a numeric cell: "12.5", "1.2E-3", "+007") as a plain
 * decimal, digit for digit, never through a float: "0.0012", "7". Null when it is not a number.
 * Leading zeros, trailing fraction zeros and a "+" go; "-0" is "0".
 */
export function plainDecimal(text: string): string | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (Math.abs(exp) > MAX_EXPONENT) return null;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + exp;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const int = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(at).replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * A plain decimal rounded half-up to `digits` significant digits, on its digits (no float):
 * "1.1000000000000001" → "1.1" at 15, Excel's precision, the figure its cell shows.
 */
export function significantDigits(plain: string, digits: number): string {
  const negative = plain.startsWith('-');
  const [int = '', frac = ''] = (negative ? plain.slice(1) : plain).split('.');
  const all = int + frac;
  const first = all.search(/[1-9]/);
  if (first < 0 || all.length - first <= digits) return plain;
  const keep = first + digits;
  let kept = BigInt(all.slice(0, keep)) + (all.charCodeAt(keep) >= 53 ? 1n : 0n);
  const scale = all.length - int.length;
  const dropped = all.length - keep;
  kept *= 10n ** BigInt(Math.max(0, dropped - scale));
  const fracDigits = Math.max(0, scale - dropped);
  const text = kept.toString().padStart(fracDigits + 1, '0');
  const rounded = fracDigits ? `${text.slice(0, -fracDigits)}.${text.slice(-fracDigits)}` : text;
  return plainDecimal((negative ? '-' : '') + rounded)!;
}

const MAX_FAST = BigInt(Number.MAX_SAFE_INTEGER);

/** An amount as a safe-integer number when it is one (what hot loops and packed arrays keep), else as it is. */
export function fastOrUnits(u: Units): FastUnits | Units {
  return u >= -MAX_FAST && u <= MAX_FAST ? Number(u) : u;
}

/** An amount as bigint units, whichever form it was kept in (exact either way). */
export function toUnits(a: FastUnits | Units): Units {
  return BigInt(a);
}

/** a + sign × b. */
export function addSigned(a: Units, b: Units, sign: 1 | -1): Units {
  return sign > 0 ? a + b : a - b;
}

export function negUnits(a: FastUnits | Units): FastUnits | Units {
  return -a;
}

/** Half-up to cents (SPEC §2), on safe integers while the rounding stays one. */
export function roundToCents(u: FastUnits | Units): FastUnits | Units {
  return typeof u === 'number' && Number.isSafeInteger(Math.abs(u) + 500_000) ? roundFastToCents(u) : roundUnits(BigInt(u), 2);
}

/** Σ of amounts. */
export function sumUnits(values: Iterable<Units | FastUnits | null | undefined>): Units {
  const s = new UnitSum();
  for (const v of values) if (v !== null && v !== undefined) s.add(v);
  return s.value();
}

export function absUnits(u: Units): Units {
  return u < 0n ? -u : u;
}
