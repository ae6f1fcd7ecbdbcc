/**
 * Normalized lines on their way to the store, a batch at a time, as typed arrays (a worker
 * transfers them without copying; 交易IDs as UTF-8 bytes) plus the few texts: the keys, scopes
 * and transaction types first seen in the batch (lines refer to them by local number).
 */
import type { FastUnits, Units } from '../money/index.js';
import type { Cells } from './cells.js';
import type { CheckFailure } from './checks.js';
import type { KeyText, ScopeText } from './dictionary.js';
import { TextArena } from './text-arena.js';

export const BATCH_ROWS = 1024;

export interface LineBatch {
  n: number;
  row: Int32Array;
  /** Offset of the line in the import's source text. */
  at: Float64Array;
  key: Int32Array;
  scope: Int32Array;
  kind: Int32Array;
  verdict: Int32Array;
  /** Fee: usage start day; consumption: usage day; −1 when none. */
  day: Int32Array;
  /** Units as a safe-integer number; NaN where `big` holds the line (index → units). */
  amount: Float64Array;
  big: [number, Units][];
  /** Local id of the line's transaction type (0: none). */
  action: Int32Array;
  /** The part the line adds to (bill/parts.ts): its bucket and days, −1 for no day. */
  bucket: Int32Array;
  partFrom: Int32Array;
  partTo: Int32Array;
  /**
   * Fee: 交易ID; consumption summary: order and service start; else none. As UTF-8 bytes in
   * `refs`: line i's are refs[refFrom[i], refFrom[i] + refLen[i]), refLen −1 for none.
   */
  refs: Uint8Array;
  refFrom: Int32Array;
  refLen: Int32Array;
  keys: KeyText[];
  scopes: ScopeText[];
  /** Transaction types first seen in this batch: [local id, text]. */
  actions: [number, string][];
  failures: (CheckFailure & { row: number })[];
}

export class LineBatchBuilder {
  private b = LineBatchBuilder.empty();
  private readonly seenActions = new Set<number>();
  /** The batch's refs; the next line's is staged at the end (refCell / refText) before push. */
  arena = new TextArena();
  private refFrom = 0;
  private refLen = -1;

  /** Stage the next line's ref from a cell (its trimmed text); its byte length, −1 when the cell is blank. */
  refCell(cells: Cells, col: number): number {
    this.refFrom = this.arena.used;
    this.refLen = col >= 0 && cells.appendText(col, this.arena) ? this.arena.used - this.refFrom : -1;
    return this.refLen;
  }

  /** Stage the next line's ref from a text (null: none). */
  refText(text: string | null): number {
    this.refFrom = this.arena.used;
    if (text !== null) this.arena.appendText(text);
    this.refLen = text === null ? -1 : this.arena.used - this.refFrom;
    return this.refLen;
  }

  private bucket = 0;
  private partFrom = -1;
  private partTo = -1;

  /** Stage the next line's part: its bucket and days (null: none). */
  part(bucket: number, from: number | null, to: number | null): void {
    this.bucket = bucket;
    this.partFrom = from ?? -1;
    this.partTo = to ?? -1;
  }

  /** Where the staged ref starts in `arena.buf`. */
  get stagedRef(): number {
    return this.refFrom;
  }

  private static empty(): LineBatch {
    const n = BATCH_ROWS;
    return {
      n: 0,
      row: new Int32Array(n),
      at: new Float64Array(n),
      key: new Int32Array(n),
      scope: new Int32Array(n),
      kind: new Int32Array(n),
      verdict: new Int32Array(n),
      day: new Int32Array(n),
      amount: new Float64Array(n),
      big: [],
      action: new Int32Array(n),
      bucket: new Int32Array(n),
      partFrom: new Int32Array(n),
      partTo: new Int32Array(n),
      refs: new Uint8Array(0),
      refFrom: new Int32Array(n),
      refLen: new Int32Array(n),
      keys: [],
      scopes: [],
      actions: [],
      failures: [],
    };
  }

  get full(): boolean {
    return this.b.n === BATCH_ROWS;
  }

  /**
   * The line, with the ref and the part staged last. `action` is the line's transaction-type term in `cells`
   * column `actionCol` (its text is read once per file).
   */
  push(row: number, at: number, key: number, scope: number, kind: number, verdict: number, day: number, amount: FastUnits | Units, action: number, cells: Cells, actionCol: number): void {
    const b = this.b;
    const i = b.n++;
    b.row[i] = row;
    b.at[i] = at;
    b.key[i] = key;
    b.scope[i] = scope;
    b.kind[i] = kind;
    b.verdict[i] = verdict;
    b.day[i] = day;
    if (typeof amount === 'bigint') {
      b.amount[i] = NaN;
      b.big.push([i, amount]);
    } else b.amount[i] = amount;
    b.action[i] = action;
    b.refFrom[i] = this.refFrom;
    b.refLen[i] = this.refLen;
    this.refLen = -1;
    b.bucket[i] = this.bucket;
    b.partFrom[i] = this.partFrom;
    b.partTo[i] = this.partTo;
    if (action !== 0 && !this.seenActions.has(action)) {
      this.seenActions.add(action);
      b.actions.push([action, cells.termText(actionCol, action)]);
    }
  }

  failure(f: CheckFailure & { row: number }): void {
    this.b.failures.push(f);
  }

  /** The batch so far with the dictionary entries it introduces; null when it is empty. */
  take(keys: KeyText[], scopes: ScopeText[]): LineBatch | null {
    const b = this.b;
    if (b.n === 0 && keys.length === 0 && scopes.length === 0) return null;
    b.keys = keys;
    b.scopes = scopes;
    // The bytes used, copied: a view of the arena would take all of it along when the parse
    // worker's batch is copied to the importer; the arena is filled again for the next batch.
    b.refs = this.arena.buf.slice(0, this.arena.used);
    this.arena.used = 0;
    this.b = LineBatchBuilder.empty();
    return b;
  }
}
