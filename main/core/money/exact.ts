/**
 * Exact numbers that are not amounts: rates, discounts, quantities, and the intermediate terms of
 * the vendor's formulas (amortisation A × days ÷ total days, refund × remaining ÷ 365, prices per
 * 1,000 units × an exchange rate). An `Exact` is a fraction of two bigints, so a division is never
 * approximated; a figure becomes text or an amount only through a half-up rounding here or in
 * units.ts. The method names follow decimal.js, which this replaces.
 */
import { MoneyError, parseDecimalParts, pow10, SCALE, type Units } from './units.js';

export type ExactInput = Exact | string | number | bigint;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const HALF_UP = 4;
const DOWN = 1;
const UP = 0;
const CEIL = 2;
const FLOOR = 3;

export class Exact {
  static readonly ROUND_UP = UP;
  static readonly ROUND_DOWN = DOWN;
  static readonly ROUND_CEIL = CEIL;
  static readonly ROUND_FLOOR = FLOOR;
  static readonly ROUND_HALF_UP = HALF_UP;

  /** numerator / denominator, denominator > 0, in lowest terms. */
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static fraction(n: bigint, d: bigint): Exact {
    if (d === 0n) throw new MoneyError('division by zero');
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n, d);
    return g === 1n || g === 0n ? new Exact(n, d) : new Exact(n / g, d / g);
  }

  static of(v: ExactInput): Exact {
    if (v instanceof Exact) return v;
    if (typeof v === 'bigint') return new Exact(v, 1n);
    if (typeof v === 'number') {
      if (Number.isInteger(v)) return new Exact(BigInt(v), 1n);
      if (!Number.isFinite(v)) throw new MoneyError(`not a finite number: ${v}`);
      v = String(v);
    }
    const [digits, decimals] = parseDecimalParts(v);
    return Exact.fraction(digits, pow10(decimals));
  }

  /** An amount (integer of 10^-8) as an exact number of currency units. */
  static units(u: Units): Exact {
    return Exact.fraction(u, pow10(SCALE));
  }

  static min(...v: ExactInput[]): Exact {
    return v.map(Exact.of).reduce((a, b) => (b.lt(a) ? b : a));
  }

  static max(...v: ExactInput[]): Exact {
    return v.map(Exact.of).reduce((a, b) => (b.gt(a) ? b : a));
  }

  plus(o: ExactInput): Exact {
    const b = Exact.of(o);
    return b.d === this.d ? Exact.fraction(this.n + b.n, this.d) : Exact.fraction(this.n * b.d + b.n * this.d, this.d * b.d);
  }
  minus(o: ExactInput): Exact {
    return this.plus(Exact.of(o).neg());
  }
  times(o: ExactInput): Exact {
    const b = Exact.of(o);
    return Exact.fraction(this.n * b.n, this.d * b.d);
  }
  div(o: ExactInput): Exact {
    const b = Exact.of(o);
    return Exact.fraction(this.n * b.d, this.d * b.n);
  }
  dividedBy(o: ExactInput): Exact {
    return this.div(o);
  }
  neg(): Exact {
    return new Exact(-this.n, this.d);
  }
  negated(): Exact {
    return this.neg();
  }
  abs(): Exact {
    return this.n < 0n ? this.neg() : this;
  }

  cmp(o: ExactInput): -1 | 0 | 1 {
    const b = Exact.of(o);
    const l = this.n * b.d;
    const r = b.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  equals(o: ExactInput): boolean {
    return this.cmp(o) === 0;
  }
  eq(o: ExactInput): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: ExactInput): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: ExactInput): boolean {
    return this.cmp(o) <= 0;
  }
  lessThanOrEqualTo(o: ExactInput): boolean {
    return this.lte(o);
  }
  greaterThanOrEqualTo(o: ExactInput): boolean {
    return this.gte(o);
  }
  comparedTo(o: ExactInput): -1 | 0 | 1 {
    return this.cmp(o);
  }
  gt(o: ExactInput): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: ExactInput): boolean {
    return this.cmp(o) >= 0;
  }
  lessThan(o: ExactInput): boolean {
    return this.lt(o);
  }
  greaterThan(o: ExactInput): boolean {
    return this.gt(o);
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  isNegative(): boolean {
    return this.n < 0n;
  }
  isNeg(): boolean {
    return this.n < 0n;
  }
  isPositive(): boolean {
    return this.n > 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }

  /** Rounded to `dp` decimals (half-up unless another mode is named), still exact. */
  toDecimalPlaces(dp: number, rounding: number = HALF_UP): Exact {
    return Exact.fraction(this.scaledInteger(dp, rounding), pow10(dp));
  }
  floor(): Exact {
    return this.toDecimalPlaces(0, FLOOR);
  }
  ceil(): Exact {
    return this.toDecimalPlaces(0, CEIL);
  }

  /** round(this × 10^dp) as an integer, by the given mode. */
  scaledInteger(dp: number, rounding: number = HALF_UP): bigint {
    const n = this.n * pow10(dp);
    const q = n / this.d; // truncated toward zero
    const r = n % this.d;
    if (r === 0n) return q;
    const away = n < 0n ? q - 1n : q + 1n;
    switch (rounding) {
      case DOWN:
        return q;
      case UP:
        return away;
      case FLOOR:
        return n < 0n ? q - 1n : q;
      case CEIL:
        return n < 0n ? q : q + 1n;
      default: {
        const twice = (r < 0n ? -r : r) * 2n;
        return twice >= this.d ? away : q;
      }
    }
  }

  /** Half-up to 8 decimals: the amount this figure is. */
  toUnits(): Units {
    return this.scaledInteger(SCALE);
  }

  /** Text with exactly `dp` decimals (half-up unless another mode is named); never "-0.00". */
  toFixed(dp: number, rounding: number = HALF_UP): string {
    const v = this.scaledInteger(dp, rounding);
    const negative = v < 0n;
    const digits = (negative ? -v : v).toString().padStart(dp + 1, '0');
    const body = dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
    return negative ? `-${body}` : body;
  }

  /**
   * The shortest exact decimal text ("0.8", "48", "-2.5"); a fraction without a finite decimal
   * form (1/3) is shown half-up at 20 decimals, trailing zeros dropped.
   */
  toString(): string {
    let d = this.d;
    let places = 0;
    while (d % 10n === 0n) {
      d /= 10n;
      places++;
    }
    while (d % 2n === 0n || d % 5n === 0n) {
      d /= d % 2n === 0n ? 2n : 5n;
      places++;
    }
    const text = this.toFixed(d === 1n ? places : 20);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  }

  /** For counts and ratios shown as JSON numbers (never money). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

/** An exact number from text, a number or a bigint. */
export function exact(v: ExactInput): Exact {
  return Exact.of(v);
}
