import { money, type Money } from '../money/decimal.js';

/**
 * Exact decimal arithmetic on scaled BigInts for the export's hot loop (a million lines): the
 * same results as decimal.js (test/export/scaled-decimal.test.ts proves it on random inputs),
 * without decimal.js's allocation per operation. A value is `int × 10^-scale`.
 */
export interface Scaled {
  int: bigint;
  scale: number;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** A plain decimal text ("-80.43264806"); null for anything else (the caller falls back to decimal.js). */
export function parseScaled(text: string): Scaled | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const int = BigInt(m[2]! + frac);
  return { int: m[1] ? -int : int, scale: frac.length };
}

export function mulScaled(a: Scaled, b: Scaled): Scaled {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}

/** Bring to `scale` decimals: exact when widening, half-up (away from zero at .5) when narrowing. */
export function toScale(v: Scaled, scale: number): bigint {
  if (v.scale <= scale) return v.int * pow10(scale - v.scale);
  const d = pow10(v.scale - scale);
  const neg = v.int < 0n;
  const abs = neg ? -v.int : v.int;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return neg ? -q : q;
}

/** `int × 10^-dp` as text with exactly dp decimals; never "-0.00…". */
export function scaledText(int: bigint, dp: number): string {
  const neg = int < 0n;
  const digits = (neg ? -int : int).toString().padStart(dp + 1, '0');
  const body = dp ? `${digits.slice(0, -dp)}.${digits.slice(-dp)}` : digits;
  return neg && int !== 0n ? `-${body}` : body;
}

/** An exact running total: BigInt at 8 decimals while inputs fit, decimal.js for any that do not. */
export class ExactSum {
  private scaled = 0n;
  private rest: Money | null = null;

  add(text: string | null | undefined): void {
    if (text === null || text === undefined || isZeroText(text)) return;
    const v = parseScaled(text);
    if (v && v.scale <= 8) this.scaled += v.int * pow10(8 - v.scale);
    else this.rest = (this.rest ?? money(0)).plus(money(text));
  }

  /** The total at 8 decimals as a scaled BigInt, or null when an input needed decimal.js. */
  scaled8(): bigint | null {
    return this.rest ? null : this.scaled;
  }

  value(): Money {
    const base = money(scaledText(this.scaled, 8));
    return this.rest ? base.plus(this.rest) : base;
  }
}

/** "0", "0.00000000", "-0.0": most voucher, gift and difference cells; skipping them saves a parse. */
const ZERO_TEXT = /^-?0+(?:\.0+)?$/;
function isZeroText(text: string): boolean {
  return ZERO_TEXT.test(text);
}
