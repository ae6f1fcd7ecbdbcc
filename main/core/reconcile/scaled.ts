/**
 * Exact sums for the hot loops over a million bill lines: amounts as BigInt scaled by 10^12
 * (the vendor rates with 8 decimals; 12 leaves room for hand-made inputs). decimal.js costs
 * about a microsecond per addition; a BigInt addition a tenth of that. Text with more decimals
 * than the scale holds is not approximated: `scaled` returns null and the caller keeps that
 * value in decimal.js. test/reconcile/scaled.test.ts proves these equal decimal.js.
 */
import { money, type Money } from '../money/decimal.js';

export const SCALE = 12;
const PLAIN = /^-?\d+(\.\d+)?$/;

const POW: bigint[] = [];
export function pow10(n: number): bigint {
  return (POW[n] ??= 10n ** BigInt(n));
}

/** Plain decimal text as [its digits, its number of decimals] ("-1.50" → [-150n, 2]); null when not plain. */
export function decimalParts(text: string): [bigint, number] | null {
  if (!PLAIN.test(text)) return null;
  const dot = text.indexOf('.');
  return dot < 0 ? [BigInt(text), 0] : [BigInt(text.slice(0, dot) + text.slice(dot + 1)), text.length - dot - 1];
}

/**
 * The same in a double: [mantissa, decimals], or null when the text is not plain or has more than
 * 15 digits (then the mantissa might not be exact and BigInt takes over). Written out by character
 * because a million lines go through here.
 */
export function decimalPartsNumber(text: string): [number, number] | null {
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0 && text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0 && digits > 0) decimals = 0;
    else return null;
  }
  if (digits === 0 || digits > 15 || decimals === 0) return null;
  return [negative ? -m : m, decimals < 0 ? 0 : decimals];
}

/** The exact value of plain decimal text × 10^12, or null when it cannot be held exactly. */
export function scaled(text: string): bigint | null {
  const p = decimalParts(text);
  if (p === null || p[1] > SCALE) return null;
  return p[0] * pow10(SCALE - p[1]);
}

export function fromScaled(value: bigint): Money {
  // Placing the point in the digits: a decimal.js division costs microseconds, a quarter of a million keys add up.
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  return money(`${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`);
}

/** Half-up (away from zero at .5) rounding of a scaled value to `dp` decimals, still scaled. */
export function roundScaled(value: bigint, dp: number): bigint {
  const unit = pow10(SCALE - dp);
  const half = unit / 2n;
  const abs = value < 0n ? -value : value;
  const q = ((abs + half) / unit) * unit;
  return value < 0n ? -q : q;
}

const I8_IN_SCALED = 10n ** BigInt(SCALE - 8);
/** 10^0 … 10^22: every one is exact in a double. */
export const P10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Plain decimal text as an exact integer number of 10^-8 units in a double, or NaN when that is
 * not exact (more than 8 decimals, more than 15 digits, |value| ≥ 2^53 units, not plain text).
 * A bill amount is almost always such a number; adding doubles costs a fraction of a BigInt
 * addition and allocates nothing.
 */
export function i8(text: string): number {
  const p = decimalPartsNumber(text);
  if (p === null || p[1] > 8) return NaN;
  const v = p[0] * P10[8 - p[1]]!;
  return Number.isSafeInteger(v) ? v : NaN;
}

/** A double sum of 10^-8 units as a scaled BigInt (scale 12). */
export function i8ToScaled(units: number): bigint {
  return BigInt(units) * I8_IN_SCALED;
}

/**
 * A running exact sum: exact doubles of 10^-8 units while they stay below 2^53, BigInt beyond
 * that and for terms with up to 12 decimals, decimal.js for any finer term.
 */
export class ExactSum {
  big = 0n;
  units = 0;
  rest: Money | null = null;

  add(text: string): void {
    const u = i8(text);
    if (u === u) this.addUnits(u);
    else this.addScaled(scaled(text), text);
  }

  /** `u` is `i8(text)`, not NaN. */
  addUnits(u: number): void {
    const s = this.units + u;
    if (Number.isSafeInteger(s)) this.units = s;
    else {
      this.big += i8ToScaled(this.units) + i8ToScaled(u);
      this.units = 0;
    }
  }

  /** `v` is `scaled(text)`, already computed by the caller. */
  addScaled(v: bigint | null, text: string): void {
    if (v !== null) this.big += v;
    else this.rest = this.rest ? this.rest.plus(text) : money(text);
  }

  value(): Money {
    const b = fromScaled(this.big + i8ToScaled(this.units));
    return this.rest ? b.plus(this.rest) : b;
  }
}
