/**
 * SPEC §2 at import: the vendor rates each line with 8 decimals and deducts each transaction
 * (交易ID) rounded half-up to 2. An import tallies its transactions per bill month: how many, the
 * exact rated total and the deducted total. A transaction never spans two live imports (the
 * importer refuses a file whose 交易IDs an earlier import holds), so a month's figures are the sums
 * of its imports' tallies. Also found here: the same transaction and component twice.
 *
 * The vendor lists a transaction's components one after another, so transactions are tallied as
 * runs of consecutive lines; nothing is kept per transaction. A Bloom filter remembers the runs
 * seen: a transaction whose run it may have seen before is a suspect, and the store settles the
 * suspects exactly from the stored lines (`Suspect`), so the figures never depend on the order.
 */
import { roundFastToCents, roundUnits, UnitSum, type FastUnits, type Units } from '../money/index.js';

export interface MonthTally {
  transactions: number;
  rated: Units;
  deducted: Units;
}

/**
 * A transaction the filter may have seen before this run: all its lines are summed again from
 * the stored lines. Its lines before `fromRow`, if any, are the one run of it tallied already
 * (once a run is in the filter, every later run of it is a suspect).
 */
export interface Suspect {
  tx: string;
  month: number;
  fromRow: number;
}

export interface TxDuplicate {
  month: number;
  tx: string;
  key: number;
  rows: number[];
  amount: Units;
}

const BLOOM_BITS = 1 << 25;

function hashes(tx: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < tx.length; i++) {
    const c = tx.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x85ebca6b);
  }
  return [a >>> 0, (b ^ (b >>> 15)) >>> 0];
}

export class TxTally {
  private readonly bloom = new Int32Array(BLOOM_BITS / 32);
  private readonly months = new Map<number, { transactions: number; rated: UnitSum; deducted: UnitSum }>();
  private readonly suspects = new Map<string, Suspect>();
  private readonly dups = new Map<string, TxDuplicate>();
  private tx: string | null = null;
  private month = 0;
  private firstRow = 0;
  private fast = 0;
  private big: bigint | null = null;
  /** The run's lines as (key, row, amount), for the same-component check. */
  private keys: number[] = [];
  private rows: number[] = [];
  private amounts: (FastUnits | Units)[] = [];

  add(tx: string, month: number, key: number, amount: FastUnits | Units, row: number): void {
    if (tx !== this.tx || month !== this.month) this.close(tx, month, row);
    if (this.big === null && typeof amount === 'number' && Number.isSafeInteger(this.fast + amount)) this.fast += amount;
    else this.big = (this.big ?? 0n) + BigInt(this.fast) + BigInt(amount), (this.fast = 0);
    const seen = this.keys.indexOf(key);
    if (seen >= 0) this.duplicate(key, this.rows[seen]!, this.amounts[seen]!, row, amount);
    this.keys.push(key);
    this.rows.push(row);
    this.amounts.push(amount);
  }

  /** Ends the run in hand (tallied, or a suspect) and starts the next. */
  private close(nextTx: string | null, nextMonth: number, nextRow: number): void {
    const tx = this.tx;
    if (tx !== null) {
      const [a, b] = hashes(`${this.month}\u0001${tx}`);
      if (this.probe(a, b)) {
        const id = `${this.month}\u0001${tx}`;
        if (!this.suspects.has(id)) this.suspects.set(id, { tx, month: this.month, fromRow: this.firstRow });
      } else {
        this.mark(a, b);
        this.tallyRun();
      }
    }
    this.tx = nextTx;
    this.month = nextMonth;
    this.firstRow = nextRow;
    this.fast = 0;
    this.big = null;
    this.keys = [];
    this.rows = [];
    this.amounts = [];
  }

  private tallyRun(): void {
    let t = this.months.get(this.month);
    if (!t) this.months.set(this.month, (t = { transactions: 0, rated: new UnitSum(), deducted: new UnitSum() }));
    t.transactions++;
    if (this.big === null && Number.isSafeInteger(Math.abs(this.fast) + 500_000)) {
      t.rated.add(this.fast);
      t.deducted.add(roundFastToCents(this.fast));
    } else {
      const total = (this.big ?? 0n) + BigInt(this.fast);
      t.rated.add(total);
      t.deducted.add(roundUnits(total, 2));
    }
  }

  private probe(a: number, b: number): boolean {
    for (let i = 0; i < 4; i++) {
      const bit = (a + Math.imul(i, b)) & (BLOOM_BITS - 1);
      if ((this.bloom[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private mark(a: number, b: number): void {
    for (let i = 0; i < 4; i++) {
      const bit = (a + Math.imul(i, b)) & (BLOOM_BITS - 1);
      this.bloom[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  private duplicate(key: number, firstRow: number, firstAmount: FastUnits | Units, row: number, amount: FastUnits | Units): void {
    const id = `${this.month}\u0001${key}\u0001${this.tx}`;
    let d = this.dups.get(id);
    if (!d) this.dups.set(id, (d = { month: this.month, tx: this.tx!, key, rows: [firstRow], amount: BigInt(firstAmount) }));
    d.rows.push(row);
    d.amount += BigInt(amount);
  }

  /** Per bill month: transactions, rated (exact), deducted (each transaction half-up to 2 dp), suspects not included. */
  finish(): { months: Map<number, MonthTally>; suspects: Suspect[]; duplicates: TxDuplicate[] } {
    this.close(null, 0, 0);
    const months = new Map([...this.months].map(([m, t]) => [m, { transactions: t.transactions, rated: t.rated.value(), deducted: t.deducted.value() }]));
    // A suspect's duplicates are found again over all its lines, with its figures.
    const suspect = (d: TxDuplicate) => this.suspects.has(`${d.month}\u0001${d.tx}`);
    return { months, suspects: [...this.suspects.values()], duplicates: [...this.dups.values()].filter((d) => !suspect(d)) };
  }
}
