/**
 * The additive sums an import keeps beside its lines, so that a reconciliation reads one row per
 * key and bucket instead of every line: per (key, scope, bucket, days) the amount, the line count
 * and the source rows. Parts of different imports add up; undoing an import removes its parts.
 *
 * Buckets (one small integer per line, decided by the classifier):
 * - fee lines: FEE_CLASS (other, negative, prepaid purchase, the precision line) | postpaid bit
 *   | a prepaid service that ends after midnight of its last day;
 *   `dayFrom`/`dayTo` are the service days [from, to) of a prepaid purchase, or the usage days
 *   [first, last] of a postpaid line used before its bill month (the last settlement cycle of a
 *   month, deducted on the 1st of the next), otherwise null.
 * - consumption lines: CONS_CLASS | summary bit | last-day bit | postpaid bit.
 */
import type { FastUnits, Units } from '../money/index.js';

export const FEE_CLASS = { other: 0, negative: 1, prepaid: 2, precisionLine: 3 } as const;
export const CONS_CLASS = { other: 0, prepaid: 1, negative: 2 } as const;
export const BUCKET = { classMask: 3, postpaid: 4, summary: 8, lastDay: 16, endsAfterMidnight: 32 } as const;

export interface Part {
  key: number;
  scope: number;
  bucket: number;
  dayFrom: number | null;
  dayTo: number | null;
  amount: Units;
  lines: number;
  /** Source rows, ascending. */
  rows: number[];
}

interface Acc {
  key: number;
  scope: number;
  bucket: number;
  dayFrom: number | null;
  dayTo: number | null;
  /** The sum while it is a safe integer; `big` takes over past 2^53 (UnitSum's rule, kept inline: a part per key). */
  fast: number;
  big: bigint;
  lines: number;
  head: number;
  tail: number;
}

/** Collects parts line by line; source rows are chained through two growing arrays, not per-part lists. */
export class PartCollector {
  private readonly byId = new Map<number, Acc>();
  private readonly byText = new Map<string, Acc>();
  private readonly order: Acc[] = [];
  private rowOf = new Int32Array(1 << 16);
  private next = new Int32Array(1 << 16);
  private n = 0;

  add(key: number, scope: number, bucket: number, dayFrom: number | null, dayTo: number | null, amount: FastUnits | Units, row: number): void {
    const acc = this.acc(key, scope, bucket, dayFrom, dayTo);
    const s = typeof amount === 'number' ? acc.fast + amount : NaN;
    if (Number.isSafeInteger(s)) acc.fast = s;
    else {
      acc.big += BigInt(acc.fast) + BigInt(amount);
      acc.fast = 0;
    }
    acc.lines++;
    const i = this.push(row);
    if (acc.head < 0) acc.head = i;
    else this.next[acc.tail] = i;
    acc.tail = i;
  }

  private acc(key: number, scope: number, bucket: number, dayFrom: number | null, dayTo: number | null): Acc {
    let acc: Acc | undefined;
    if (dayFrom === null && scope < 4096 && key < 1 << 30) {
      const id = (key * 4096 + scope) * 32 + bucket;
      acc = this.byId.get(id);
      if (!acc) this.byId.set(id, (acc = this.create(key, scope, bucket, null, null)));
      return acc;
    }
    const id = `${key},${scope},${bucket},${dayFrom},${dayTo}`;
    acc = this.byText.get(id);
    if (!acc) this.byText.set(id, (acc = this.create(key, scope, bucket, dayFrom, dayTo)));
    return acc;
  }

  private create(key: number, scope: number, bucket: number, dayFrom: number | null, dayTo: number | null): Acc {
    const acc: Acc = { key, scope, bucket, dayFrom, dayTo, fast: 0, big: 0n, lines: 0, head: -1, tail: -1 };
    this.order.push(acc);
    return acc;
  }

  private push(row: number): number {
    if (this.n === this.rowOf.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rowOf = grow(this.rowOf);
      this.next = grow(this.next);
    }
    this.rowOf[this.n] = row;
    this.next[this.n] = -1;
    return this.n++;
  }

  parts(): Part[] {
    return this.order.map((a) => {
      const rows: number[] = [];
      for (let i = a.head; i >= 0; i = this.next[i]!) rows.push(this.rowOf[i]!);
      return { key: a.key, scope: a.scope, bucket: a.bucket, dayFrom: a.dayFrom, dayTo: a.dayTo, amount: a.big + BigInt(a.fast), lines: a.lines, rows };
    });
  }
}

/** Ascending row numbers as delta varints: a key's thousand rows in a few kilobytes. */
export function packRows(rows: readonly number[]): Uint8Array {
  const out = new Uint8Array(rows.length * 5);
  let k = 0;
  let prev = 0;
  for (const r of rows) {
    let d = r - prev;
    prev = r;
    while (d >= 0x80) {
      out[k++] = (d & 0x7f) | 0x80;
      d >>>= 7;
    }
    out[k++] = d;
  }
  return out.slice(0, k);
}

export function unpackRows(bytes: Uint8Array): number[] {
  const rows: number[] = [];
  let prev = 0;
  for (let i = 0; i < bytes.length; ) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++]!;
      d |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += d;
    rows.push(prev);
  }
  return rows;
}
