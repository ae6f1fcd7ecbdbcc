/**
 * SPEC §2 at import: the vendor rates each line with 8 decimals and deducts each transaction
 * (交易ID) rounded half-up to 2. An import tallies its transactions per bill month: how many,
 * the exact rated total and the deducted total. A transaction never spans two live imports (the
 * importer refuses a file whose 交易IDs an earlier import holds), so the month's figures are the
 * sums of its imports' tallies. Also found here: the same transaction and component twice.
 */
import { roundFastToCents, roundUnits, UnitSum, type FastUnits, type Units } from '../money/index.js';
import type { ByteTable } from './byte-table.js';

export interface MonthTally {
  transactions: number;
  rated: Units;
  deducted: Units;
}

export interface TxDuplicate {
  month: number;
  tx: string;
  key: number;
  rows: number[];
  amount: Units;
}

/** Per transaction id (dense, from a ByteTable): its month, running total and the keys it touched. */
export class TxTally {
  private month = new Int32Array(1024);
  private sum = new Float64Array(1024);
  private readonly big = new Map<number, bigint>();
  /** Head of each transaction's list of (key, first row, amount) nodes. */
  private head = new Int32Array(1024);
  private nodeKey = new Int32Array(1024);
  private nodeRow = new Int32Array(1024);
  private nodeAmount = new Float64Array(1024);
  private nodeNext = new Int32Array(1024);
  private readonly nodeBig = new Map<number, bigint>();
  private nodes = 0;
  private count = 0;
  private readonly dups = new Map<string, TxDuplicate>();

  constructor(readonly table: ByteTable) {}

  /** A line of transaction `id` (its text `tx`), key and amount, at source row `row`. */
  add(id: number, tx: () => string, month: number, key: number, amount: FastUnits | Units, row: number): void {
    if (id >= this.count) this.open(id, month);
    if (typeof amount === 'bigint' || !Number.isSafeInteger(this.sum[id]! + amount)) {
      this.big.set(id, (this.big.get(id) ?? 0n) + BigInt(this.sum[id]!) + BigInt(amount));
      this.sum[id] = 0;
    } else this.sum[id] = this.sum[id]! + amount;
    for (let n = this.head[id]!; n >= 0; n = this.nodeNext[n]!) {
      if (this.nodeKey[n] === key) {
        this.duplicate(tx(), month, key, this.nodeRow[n]!, this.nodeBig.get(n) ?? BigInt(this.nodeAmount[n]!), row, amount);
        return;
      }
    }
    this.node(id, key, row, amount);
  }

  private open(id: number, month: number): void {
    while (id >= this.month.length) {
      this.month = grown(this.month);
      this.sum = grown(this.sum);
      this.head = grown(this.head);
    }
    for (let i = this.count; i <= id; i++) {
      this.month[i] = month;
      this.sum[i] = 0;
      this.head[i] = -1;
    }
    this.count = id + 1;
  }

  private node(id: number, key: number, row: number, amount: FastUnits | Units): void {
    if (this.nodes === this.nodeKey.length) {
      this.nodeKey = grown(this.nodeKey);
      this.nodeRow = grown(this.nodeRow);
      this.nodeAmount = grown(this.nodeAmount);
      this.nodeNext = grown(this.nodeNext);
    }
    const n = this.nodes++;
    this.nodeKey[n] = key;
    this.nodeRow[n] = row;
    if (typeof amount === 'bigint') this.nodeBig.set(n, amount);
    else this.nodeAmount[n] = amount;
    this.nodeNext[n] = this.head[id]!;
    this.head[id] = n;
  }

  private duplicate(tx: string, month: number, key: number, firstRow: number, firstAmount: Units, row: number, amount: FastUnits | Units): void {
    const id = `${month}\u0001${key}\u0001${tx}`;
    let d = this.dups.get(id);
    if (!d) {
      d = { month, tx, key, rows: [firstRow], amount: firstAmount };
      this.dups.set(id, d);
    }
    d.rows.push(row);
    d.amount += BigInt(amount);
  }

  /** Per bill month: transactions, rated (exact), deducted (each transaction half-up to 2 dp). */
  months(): Map<number, MonthTally> {
    const out = new Map<number, { transactions: number; rated: UnitSum; deducted: UnitSum }>();
    for (let id = 0; id < this.count; id++) {
      if (this.head[id]! < 0) continue;
      let t = out.get(this.month[id]!);
      if (!t) out.set(this.month[id]!, (t = { transactions: 0, rated: new UnitSum(), deducted: new UnitSum() }));
      t.transactions++;
      const big = this.big.get(id);
      if (big === undefined) {
        const s = this.sum[id]!;
        t.rated.add(s);
        t.deducted.add(Number.isSafeInteger(Math.abs(s) + 500_000) ? roundFastToCents(s) : roundUnits(BigInt(s), 2));
      } else {
        const total = big + BigInt(this.sum[id]!);
        t.rated.add(total);
        t.deducted.add(roundUnits(total, 2));
      }
    }
    return new Map([...out].map(([m, t]) => [m, { transactions: t.transactions, rated: t.rated.value(), deducted: t.deducted.value() }]));
  }

  duplicates(): TxDuplicate[] {
    return [...this.dups.values()];
  }
}

function grown<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
