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
import { addUnits, roundToCents, toUnits, UnitSum, type FastUnits, type Units } from '../money/index.js';
import { grown } from './byte-table.js';

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

/**
 * 2^26 bits (8 MB) and 6 probes: about 0.1 false suspect per million runs, where 2^25 bits and 4
 * probes gave dozens — and any suspect costs the store a pass over the import's stored lines.
 */
const BLOOM_BITS = 1 << 26;
const PROBES = 6;

/** Two 32-bit hashes of (month, the 交易ID's bytes) for the Bloom filter's probes, into `out` (once a run: no array made). */
function hashes(month: number, tx: Uint8Array, n: number, out: Uint32Array): void {
  let a = Math.imul(0x811c9dc5 ^ month, 16777619);
  let b = Math.imul(0x9e3779b9 ^ month, 0x85ebca6b);
  for (let i = 0; i < n; i++) {
    const c = tx[i]!;
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x85ebca6b);
  }
  out[0] = a;
  out[1] = b ^ (b >>> 15);
}


const utf8 = new TextDecoder();

export class TxTally {
  private readonly bloom = new Int32Array(BLOOM_BITS / 32);
  private readonly hash = new Uint32Array(2);
  private readonly months = new Map<number, { transactions: number; rated: UnitSum; deducted: UnitSum }>();
  private readonly suspects = new Map<string, Suspect>();
  private readonly dups = new Map<string, TxDuplicate>();
  /** The run's 交易ID: its bytes in `txBytes[0, txLen)`, −1 before the first run. */
  private txBytes = new Uint8Array(64);
  private txLen = -1;
  private month = 0;
  private firstRow = 0;
  /** The run's amount so far. */
  private readonly sum = new UnitSum();
  /** The run's lines as (key, row, amount), for the same-component check: the first `runLines` of these, reused run after run. */
  private keys: Int32Array = new Int32Array(16);
  private rows: Int32Array = new Int32Array(16);
  private readonly amounts: (FastUnits | Units)[] = [];
  private runLines = 0;

  /** A line of transaction `bytes[s, s + n)` (its 交易ID as UTF-8). */
  add(bytes: Uint8Array, s: number, n: number, month: number, key: number, amount: FastUnits | Units, row: number): void {
    if (!this.sameRun(bytes, s, n, month)) this.close(bytes, s, n, month, row);
    this.sum.add(amount);
    const lines = this.runLines;
    for (let i = 0; i < lines; i++) {
      if (this.keys[i] !== key) continue;
      this.duplicate(key, this.rows[i]!, this.amounts[i]!, row, amount);
      break;
    }
    if (lines === this.keys.length) [this.keys, this.rows] = [grown(this.keys, lines + 1), grown(this.rows, lines + 1)];
    this.keys[lines] = key;
    this.rows[lines] = row;
    this.amounts[lines] = amount;
    this.runLines = lines + 1;
  }

  private sameRun(bytes: Uint8Array, s: number, n: number, month: number): boolean {
    if (n !== this.txLen || month !== this.month) return false;
    const t = this.txBytes;
    for (let i = 0; i < n; i++) if (t[i] !== bytes[s + i]) return false;
    return true;
  }

  private get tx(): string {
    return utf8.decode(this.txBytes.subarray(0, this.txLen));
  }

  /** Ends the run in hand (tallied, or a suspect) and starts the next. */
  private close(next: Uint8Array | null, s: number, n: number, nextMonth: number, nextRow: number): void {
    if (this.txLen >= 0) {
      hashes(this.month, this.txBytes, this.txLen, this.hash);
      const a = this.hash[0]!;
      const b = this.hash[1]!;
      if (this.probe(a, b)) {
        const tx = this.tx;
        const id = `${this.month}\u0001${tx}`;
        if (!this.suspects.has(id)) this.suspects.set(id, { tx, month: this.month, fromRow: this.firstRow });
      } else {
        this.mark(a, b);
        this.tallyRun();
      }
    }
    if (next === null) this.txLen = -1;
    else {
      if (n > this.txBytes.length) this.txBytes = new Uint8Array(n * 2);
      this.txBytes.set(next.subarray(s, s + n));
      this.txLen = n;
    }
    this.month = nextMonth;
    this.firstRow = nextRow;
    this.sum.reset();
    this.runLines = 0;
  }

  private tallyRun(): void {
    let t = this.months.get(this.month);
    if (!t) this.months.set(this.month, (t = { transactions: 0, rated: new UnitSum(), deducted: new UnitSum() }));
    t.transactions++;
    const total = this.sum.amount();
    t.rated.add(total);
    t.deducted.add(roundToCents(total));
  }

  private probe(a: number, b: number): boolean {
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + Math.imul(i, b)) & (BLOOM_BITS - 1);
      if ((this.bloom[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private mark(a: number, b: number): void {
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + Math.imul(i, b)) & (BLOOM_BITS - 1);
      this.bloom[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  private duplicate(key: number, firstRow: number, firstAmount: FastUnits | Units, row: number, amount: FastUnits | Units): void {
    const tx = this.tx;
    const id = `${this.month}\u0001${key}\u0001${tx}`;
    let d = this.dups.get(id);
    if (!d) this.dups.set(id, (d = { month: this.month, tx, key, rows: [firstRow], amount: toUnits(firstAmount) }));
    d.rows.push(row);
    d.amount = toUnits(addUnits(d.amount, amount));
  }

  /** Per bill month: transactions, rated (exact), deducted (each transaction half-up to 2 dp), suspects not included. */
  finish(): { months: Map<number, MonthTally>; suspects: Suspect[]; duplicates: TxDuplicate[] } {
    this.close(null, 0, 0, 0, 0);
    const months = new Map([...this.months].map(([m, t]) => [m, { transactions: t.transactions, rated: t.rated.value(), deducted: t.deducted.value() }]));
    // A suspect's duplicates are found again over all its lines, with its figures.
    const suspect = (d: TxDuplicate) => this.suspects.has(`${d.month}\u0001${d.tx}`);
    return { months, suspects: [...this.suspects.values()], duplicates: [...this.dups.values()].filter((d) => !suspect(d)) };
  }
}
