/**
 * The additive sums an import keeps beside its lines, so that a reconciliation reads one row per
 * key and bucket instead of every line: per (key, bucket, days) the amount, the line count and
 * the source rows. Parts of different imports add up; undoing an import removes its parts. (A
 * line's scope — owner, project, tags — is kept on the line: narrowing by it reads lines.)
 *
 * Buckets (one small integer per line, decided by the classifier):
 * - fee lines: FEE_CLASS (other, negative, prepaid purchase, the precision line) | postpaid bit
 *   | a prepaid service that ends after midnight of its last day; `dayFrom`/`dayTo` are the
 *   service days [from, to) of a prepaid purchase, or the usage days [first, last] of a postpaid
 *   line used before its bill month (the last settlement cycle of a month, deducted on the 1st of
 *   the next), otherwise null.
 * - consumption lines: CONS_CLASS | summary bit | last-day bit | postpaid bit.
 *
 * Each line arrives with its bucket and days (bill/line-batch.ts); the store's writer collects the
 * parts as the batches come (store/line-writer.ts) and writes them, packed as typed arrays, at the end.
 */
import { addUnits, type FastUnits, type Units } from '../money/index.js';

export const FEE_CLASS = { other: 0, negative: 1, prepaid: 2, precisionLine: 3 } as const;
export const CONS_CLASS = { other: 0, prepaid: 1, negative: 2 } as const;
export const BUCKET = { classMask: 3, postpaid: 4, summary: 8, lastDay: 16, endsAfterMidnight: 32 } as const;

/** Parts as columns: part i is key[i], bucket[i] …; its rows are rows[rowsFrom[i] .. rowsFrom[i + 1]) (delta varints). */
export interface PackedParts {
  n: number;
  key: Int32Array;
  bucket: Int32Array;
  /** −1 for none. */
  dayFrom: Int32Array;
  dayTo: Int32Array;
  lines: Int32Array;
  /** Units as a safe-integer number; NaN where `big` holds the part. */
  amount: Float64Array;
  big: [number, Units][];
  rowsFrom: Int32Array;
  rows: Uint8Array;
}

const NO_DAY = -1;

/** Collects parts line by line; source rows are chained through growing arrays, not per-part lists. */
export class PartCollector {
  private readonly byText = new Map<string, number>();
  private firstOfKey: Int32Array = new Int32Array(1024).fill(-1);
  private nextOfKey = new Int32Array(1024);
  private n = 0;
  private key = new Int32Array(1024);
  private bucket = new Int32Array(1024);
  private dayFrom = new Int32Array(1024);
  private dayTo = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private fast = new Float64Array(1024);
  private readonly big = new Map<number, bigint>();
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  private rowOf = new Int32Array(1 << 16);
  private next = new Int32Array(1 << 16);
  private rowsUsed = 0;

  add(key: number, bucket: number, dayFrom: number | null, dayTo: number | null, amount: FastUnits | Units, row: number): void {
    const p = this.part(key, bucket, dayFrom ?? NO_DAY, dayTo ?? NO_DAY);
    // A part's sum stays a safe integer in `fast` until it cannot, then lives in `big`.
    const big = this.big.get(p);
    const s = addUnits(big ?? this.fast[p]!, amount);
    if (typeof s === 'number') this.fast[p] = s;
    else {
      this.big.set(p, s);
      this.fast[p] = 0;
    }
    this.lines[p]!++;
    const i = this.pushRow(row);
    if (this.head[p]! < 0) this.head[p] = i;
    else this.next[this.tail[p]!] = i;
    this.tail[p] = i;
  }

  private part(key: number, bucket: number, dayFrom: number, dayTo: number): number {
    if (dayFrom === NO_DAY) {
      // Keys are numbered densely: a key's few parts are a short list, found without hashing.
      if (key >= this.firstOfKey.length) this.firstOfKey = grownFilled(this.firstOfKey, key + 1);
      for (let p = this.firstOfKey[key]!; p >= 0; p = this.nextOfKey[p]!) if (this.bucket[p] === bucket && this.dayFrom[p] === NO_DAY) return p;
      const fresh = this.create(key, bucket, dayFrom, dayTo);
      this.nextOfKey[fresh] = this.firstOfKey[key]!;
      this.firstOfKey[key] = fresh;
      return fresh;
    }
    const id = `${key},${bucket},${dayFrom},${dayTo}`;
    const p = this.byText.get(id);
    if (p !== undefined) return p;
    const fresh = this.create(key, bucket, dayFrom, dayTo);
    this.byText.set(id, fresh);
    return fresh;
  }

  private create(key: number, bucket: number, dayFrom: number, dayTo: number): number {
    if (this.n === this.key.length) this.growParts();
    const p = this.n++;
    this.key[p] = key;
    this.bucket[p] = bucket;
    this.dayFrom[p] = dayFrom;
    this.dayTo[p] = dayTo;
    this.lines[p] = 0;
    this.fast[p] = 0;
    this.head[p] = -1;
    return p;
  }

  private growParts(): void {
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.key = grow(this.key);
    this.bucket = grow(this.bucket);
    this.dayFrom = grow(this.dayFrom);
    this.dayTo = grow(this.dayTo);
    this.lines = grow(this.lines);
    this.fast = grow(this.fast);
    this.head = grow(this.head);
    this.tail = grow(this.tail);
    this.nextOfKey = grow(this.nextOfKey);
  }

  private pushRow(row: number): number {
    if (this.rowsUsed === this.rowOf.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rowOf = grow(this.rowOf);
      this.next = grow(this.next);
    }
    this.rowOf[this.rowsUsed] = row;
    this.next[this.rowsUsed] = -1;
    return this.rowsUsed++;
  }

  /** The parts in the order they first appeared, each part's rows ascending and delta-packed. */
  packed(): PackedParts {
    const n = this.n;
    const rowsFrom = new Int32Array(n + 1);
    const rows = new Uint8Array(this.rowsUsed * 5);
    let k = 0;
    for (let p = 0; p < n; p++) {
      rowsFrom[p] = k;
      let prev = 0;
      for (let i = this.head[p]!; i >= 0; i = this.next[i]!) {
        let d = this.rowOf[i]! - prev;
        prev = this.rowOf[i]!;
        while (d >= 0x80) {
          rows[k++] = (d & 0x7f) | 0x80;
          d >>>= 7;
        }
        rows[k++] = d;
      }
    }
    rowsFrom[n] = k;
    const amount = this.fast.slice(0, n);
    for (const p of this.big.keys()) amount[p] = NaN;
    const big = [...this.big];
    return {
      n,
      key: this.key.slice(0, n),
      bucket: this.bucket.slice(0, n),
      dayFrom: this.dayFrom.slice(0, n),
      dayTo: this.dayTo.slice(0, n),
      lines: this.lines.slice(0, n),
      amount,
      big,
      rowsFrom,
      rows: rows.slice(0, k),
    };
  }
}

function grownFilled(a: Int32Array, atLeast: number): Int32Array {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new Int32Array(size).fill(-1);
  b.set(a);
  return b;
}

/** Ascending row numbers as delta varints (how a part, a duplicate and a check keep their rows). */
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
