/**
 * A line's check verdict (bill/checks.ts) is a function of the bytes of the cells its checks read
 * (plan.ts, CHECK_CELLS) and of whether it is one of the vendor's pseudo-lines: nothing else of
 * the line goes in. The lines of one resource repeat the same list price, usage, duration,
 * discount and amounts hour after hour, so the importer keeps the verdicts (and the figures of
 * failed or not checkable checks) of the cells it checked lately, and reads and computes a line's
 * figures only when its cells are not among them. Same bytes, same verdict: a line whose cells
 * were refused never gets here, and equal bytes were read and refused alike.
 *
 * Bounded: a direct-mapped table of 4,096 slots of at most 256 bytes of cells (the last cells to
 * land in a slot stay); a line whose cells are longer, cells read from strings rather than bytes
 * (a sheet), and the lines of a stretch where cells seldom repeat are simply checked.
 */
import type { Cells } from './cells.js';
import type { CheckFailure } from './checks.js';

/**
 * Cells read from bytes (import/byte-cells.ts), which can key a set of their columns by those
 * bytes. `cellsKey` writes each cell's length, quoting and bytes into `to` from `from` and says
 * where they end (−1: they do not fit), `cellsEqual` compares the cells with such a key in place,
 * `cellsHash` hashes what `cellsKey` would write, without writing it.
 */
export interface KeyedCells extends Cells {
  cellsKey(cols: Int32Array, to: Uint8Array, from: number): number;
  cellsEqual(cols: Int32Array, key: Uint8Array, from: number, end: number): boolean;
  cellsHash(cols: Int32Array, seed: number): number;
}

const isKeyed = (cells: Cells): cells is KeyedCells => 'cellsHash' in cells;

const SLOTS = 4096;
const KEY_BYTES = 256;
/**
 * Keying costs about what checking does when nothing repeats: the memo judges itself every
 * `TRIAL` lookups, and rests for `REST` lines when fewer than `MIN_HITS` of them were found.
 */
const TRIAL = 4096;
const MIN_HITS = 1024;
const REST = 65_536;
const NONE: readonly CheckFailure[] = [];

export class CheckMemo {
  private readonly keyBytes = new Uint8Array(SLOTS * KEY_BYTES);
  /** Length of the key in each slot; 0 for an empty slot (a key holds at least its pseudo-line byte). */
  private readonly keyLength = new Int32Array(SLOTS);
  private readonly verdicts = new Int32Array(SLOTS);
  private readonly failureLists: (readonly CheckFailure[])[] = new Array<readonly CheckFailure[]>(SLOTS).fill(NONE);
  private pseudo = false;
  /** The slot of the line last looked up, −1 when it has no key. */
  private slot = -1;
  private tried = 0;
  private hits = 0;
  private resting = 0;

  constructor(private readonly cols: Int32Array) {}

  /**
   * The verdict kept for this line's check cells, or −1: then check the line and `keep` what it
   * gave. The cells are hashed and compared where they are; only a line checked anew is copied.
   */
  find(cells: Cells, pseudo: boolean): number {
    this.slot = -1;
    if (this.resting > 0) {
      this.resting--;
      return -1;
    }
    if (!isKeyed(cells)) return -1;
    const verdict = this.lookup(cells, pseudo);
    if (verdict >= 0) this.hits++;
    if (++this.tried === TRIAL) {
      if (this.hits < MIN_HITS) this.resting = REST;
      this.tried = 0;
      this.hits = 0;
    }
    return verdict;
  }

  private lookup(cells: KeyedCells, pseudo: boolean): number {
    const h = cells.cellsHash(this.cols, pseudo ? 0x9e3779b9 : 0x811c9dc5);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    this.slot = slot;
    this.pseudo = pseudo;
    const n = this.keyLength[slot]!;
    const at = slot * KEY_BYTES;
    if (n === 0 || this.keyBytes[at] !== (pseudo ? 1 : 0) || !cells.cellsEqual(this.cols, this.keyBytes, at + 1, at + n)) return -1;
    return this.verdicts[slot]!;
  }

  /** The failed and not checkable checks of the line `find` gave a verdict for. */
  failures(): readonly CheckFailure[] {
    return this.failureLists[this.slot]!;
  }

  /** The outcome of checking the line last looked up (`failures` is kept as it is: not reused by the caller). */
  keep(cells: Cells, verdict: number, failures: readonly CheckFailure[]): void {
    const slot = this.slot;
    if (slot < 0 || !isKeyed(cells)) return;
    const at = slot * KEY_BYTES;
    this.keyBytes[at] = this.pseudo ? 1 : 0;
    const end = cells.cellsKey(this.cols, this.keyBytes.subarray(at, at + KEY_BYTES), 1);
    this.keyLength[slot] = end < 0 ? 0 : end;
    this.verdicts[slot] = verdict;
    this.failureLists[slot] = failures.length === 0 ? NONE : failures;
  }
}

