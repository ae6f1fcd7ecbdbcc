/**
 * Exact sums for the hot loops over a million bill lines: amounts as BigInt scaled by 10^12
 * (the vendor rates with 8 decimals; 12 leaves room for hand-made inputs). decimal.js costs
 * about a microsecond per addition; a BigInt addition a tenth of that. Text with more decimals
 * than the scale holds is not approximated: `scaled` returns null and the caller keeps that
 * value in decimal.js. test/reconcile/scaled.test.ts proves these equal decimal.js.
 */
import { money, type Money } from '../money/decimal.js';

export const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);
const ZEROS = Array.from({ length: SCALE + 1 }, (_, i) => '0'.repeat(i));
const PLAIN = /^-?\d+(\.\d+)?$/;

/** The exact value of plain decimal text × 10^12, or null when it cannot be held exactly. */
export function scaled(text: string): bigint | null {
  if (!PLAIN.test(text)) return null;
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text) * ONE;
  const decimals = text.length - dot - 1;
  if (decimals > SCALE) return null;
  return BigInt(text.slice(0, dot) + text.slice(dot + 1) + ZEROS[SCALE - decimals]!);
}

export function fromScaled(value: bigint): Money {
  return money(value.toString()).div(ONE.toString());
}

/** Half-up (away from zero at .5) rounding of a scaled value to `dp` decimals, still scaled. */
export function roundScaled(value: bigint, dp: number): bigint {
  const unit = 10n ** BigInt(SCALE - dp);
  const half = unit / 2n;
  const abs = value < 0n ? -value : value;
  const q = ((abs + half) / unit) * unit;
  return value < 0n ? -q : q;
}

/** A running exact sum: BigInt while every term fits the scale, decimal.js for any that does not. */
export class ExactSum {
  big = 0n;
  rest: Money | null = null;

  add(text: string): void {
    this.addScaled(scaled(text), text);
  }

  /** `v` is `scaled(text)`, already computed by the caller. */
  addScaled(v: bigint | null, text: string): void {
    if (v !== null) this.big += v;
    else this.rest = this.rest ? this.rest.plus(text) : money(text);
  }

  value(): Money {
    const b = fromScaled(this.big);
    return this.rest ? b.plus(this.rest) : b;
  }
}
