/**
 * Exact decimal quantities that are not amounts (usage, prices, discount multipliers), as read
 * from a bill's cells: mantissa × 10^-scale, any number of decimals. The line checks multiply
 * them into amounts; the product is exact and rounded half-up once, at 8 decimals, the vendor's
 * rating precision. A safe-integer mantissa is multiplied as a number while the product stays
 * safe; anything larger goes through bigint.
 */
import { P10, parseDecimalParts, pow10, SCALE, type FastUnits, type Units } from './units.js';

export interface Qty {
  /** The mantissa; NaN when only `big` holds it. */
  m: number;
  big: bigint | null;
  s: number;
}

export function qtyOfText(text: string): Qty {
  const [digits, s] = parseDecimalParts(text);
  const m = Number(digits);
  return Number.isSafeInteger(m) && BigInt(m) === digits ? { m, big: null, s } : { m: NaN, big: digits, s };
}

/** Whether a quantity or an amount is zero. */
export function isZeroQty(v: Qty | FastUnits | Units): boolean {
  if (typeof v !== 'object') return v === 0 || v === 0n;
  return v.big === null ? v.m === 0 : v.big === 0n;
}

/** An amount as a quantity of scale 8. */
export function qtyOfUnits(u: FastUnits | Units): Qty {
  return typeof u === 'bigint' ? { m: NaN, big: u, s: SCALE } : { m: u, big: null, s: SCALE };
}

function bigOf(q: Qty): bigint {
  return q.big ?? BigInt(q.m);
}

/** m × 10^-s rounded half-up (away from zero) to 8 decimals, in units. */
function at8Big(m: bigint, s: number): Units {
  if (s <= SCALE) return m * pow10(SCALE - s);
  const unit = pow10(s - SCALE);
  const a = m < 0n ? -m : m;
  const q = (a + unit / 2n) / unit;
  return m < 0n ? -q : q;
}

function at8Number(m: number, s: number): number {
  if (s <= SCALE) {
    const r = m * P10[SCALE - s]!;
    return Number.isSafeInteger(r) ? r : NaN;
  }
  if (s - SCALE > 15) return NaN;
  const unit = P10[s - SCALE]!;
  const a = (m < 0 ? -m : m) + unit / 2;
  if (!Number.isSafeInteger(a)) return NaN;
  // a − a mod unit is an exact multiple of unit: the division is exact in doubles.
  const q = (a - (a % unit)) / unit;
  return m < 0 ? -q : q;
}

/** The product of quantities rounded half-up to 8 decimals, in units: a number when safe. */
export function productAt8(factors: readonly Qty[]): FastUnits | Units {
  let m = 1;
  let s = 0;
  let fast = true;
  for (const f of factors) {
    s += f.s;
    if (fast && f.big === null) {
      const p = m * f.m;
      if (Number.isSafeInteger(p)) {
        m = p;
        continue;
      }
    }
    fast = false;
  }
  if (fast) {
    const r = at8Number(m, s);
    if (r === r) return r;
  }
  let big = 1n;
  for (const f of factors) big *= bigOf(f);
  return at8Big(big, s);
}

/** a = b for amounts held as numbers or bigints. */
export function sameUnits(a: FastUnits | Units, b: FastUnits | Units): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return BigInt(a) === BigInt(b);
}

/** a − b, exact. */
export function minusUnits(a: FastUnits | Units, b: FastUnits | Units): Units {
  return BigInt(a) - BigInt(b);
}

/** numer ÷ denom rounded half-up (away from zero) to a whole number; denom ≠ 0. */
function ratioHalfUp(numer: bigint, denom: bigint): bigint {
  const negative = numer < 0n !== denom < 0n;
  const n = numer < 0n ? -numer : numer;
  const d = denom < 0n ? -denom : denom;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * The product of quantities divided by a whole number (a price unit's multiplier, 元/100个/小时),
 * rounded half-up once at 8 decimals. A power of ten only moves the decimal point.
 */
export function productAt8Over(factors: readonly Qty[], divisor: number): FastUnits | Units {
  if (divisor === 1) return productAt8(factors);
  let k = 0;
  for (let x = divisor; x % 10 === 0; x /= 10) k++;
  if (divisor === 10 ** k) return productAt8([...factors, { m: 1, big: null, s: k }]);
  let m = 1n;
  let s = 0;
  for (const f of factors) {
    m *= bigOf(f);
    s += f.s;
  }
  const d = BigInt(divisor);
  return s <= SCALE ? ratioHalfUp(m * pow10(SCALE - s), d) : ratioHalfUp(m, d * pow10(s - SCALE));
}

/** a ÷ b rounded half-up at 8 decimals, in units (a blended discount, an amount before a discount); null when b is 0. */
export function quotientAt8(a: Qty, b: Qty): Units | null {
  const bm = bigOf(b);
  if (bm === 0n) return null;
  const e = b.s - a.s + SCALE;
  return e >= 0 ? ratioHalfUp(bigOf(a) * pow10(e), bm) : ratioHalfUp(bigOf(a), bm * pow10(-e));
}
