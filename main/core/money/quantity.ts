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
