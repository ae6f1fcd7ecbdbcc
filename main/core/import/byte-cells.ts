/**
 * `Cells` over one record of a CSV scanned as bytes (csv-bytes.ts): the importer's hot path.
 * Plain amounts, quantities, times ("YYYY-MM-DD HH:mm:ss") and months ("YYYY-MM") are read from
 * their ASCII digits; repeated texts (product, resource, component, pay mode …) are interned by
 * their bytes and decoded once per file. Whatever the fast path does not recognise at a glance is
 * decoded and given to the string parsers of row-cells.ts: same values, same errors.
 */
import { P10, type FastUnits, type Qty, type Units } from '../money/index.js';
import type { FieldType } from '../bill/columns.js';
import type { VTime } from '../bill/cells.js';
import type { KeyedCells } from '../bill/check-memo.js';
import { ByteTable } from '../bill/byte-table.js';
import type { TextArena } from '../bill/text-arena.js';
import { civilDay } from '../calendar/days.js';
import { cellBytes, type CsvBytesBatch } from '../bill/csv-bytes.js';
import { CellErrors, internText, parseCell, TextTerms } from '../bill/row-cells.js';
import { byteDigits, isBlank, vendorTimeParts } from './values.js';

export type BytesDecoder = (bytes: Uint8Array) => string;

const utf8 = new TextDecoder('utf-8');
export function bytesDecoder(encoding: 'utf-8' | 'gb18030'): BytesDecoder {
  if (encoding === 'utf-8') return (b) => (b.length === 0 ? '' : utf8.decode(b));
  const gb = new TextDecoder('gb18030');
  return (b) => (b.length === 0 ? '' : gb.decode(b));
}

/**
 * Lead bytes of the non-ASCII characters String.trim() removes or the vendor writes for "no
 * value": U+00A0 (C2), U+2000–U+205F and U+2014 — (E2), U+3000 (E3), U+FEFF (EF), U+1680 (E1), and
 * GB18030's A1 row (A1A1 full-width space, A1AA —) and A8 row. Any other lead byte starts text.
 */
const MAY_START_BLANK = new Set([0xc2, 0xe1, 0xe2, 0xe3, 0xef, 0xa1, 0xa8]);

/** cellsKey's mark of a column the row lacks, where a cell's length would be (cells this long give no key). */
const ABSENT = 255;

/** Byte-keyed interning in front of a TextTerms: the cell is decoded only the first time its bytes appear. */
class ByteTerms {
  private readonly table = new ByteTable();
  private termOf = new Int32Array(64);
  readonly terms = new TextTerms();
  /** The last cell looked up (a column repeats its text line after line): its bytes and id. */
  private last = new Uint8Array(64);
  private lastLen = -1;
  private lastId = 0;

  /** The id of buf[s, e); the cell is decoded only the first time these bytes appear. */
  lookup(buf: Uint8Array, s: number, e: number, cells: ByteCells, col: number): number {
    const n = e - s;
    if (n === this.lastLen) {
      let i = 0;
      while (i < n && this.last[i] === buf[s + i]) i++;
      if (i === n) return this.lastId;
    }
    const id = this.table.idOf(buf, s, e);
    if (this.table.added) {
      if (id >= this.termOf.length) {
        const bigger = new Int32Array(this.termOf.length * 2);
        bigger.set(this.termOf);
        this.termOf = bigger;
      }
      this.termOf[id] = this.terms.idOf(cells.raw(col).trim());
    }
    if (n > this.last.length) this.last = new Uint8Array(n * 2);
    // A loop, not set(subarray): the file's chunk is a Buffer, and a view of it per cell costs more than the copy.
    const last = this.last;
    for (let i = 0; i < n; i++) last[i] = buf[s + i]!;
    this.lastLen = n;
    this.lastId = this.termOf[id]!;
    return this.lastId;
  }
}

export class ByteCells implements KeyedCells {
  row = 0;
  at = 0;
  count = 0;
  private b!: CsvBytesBatch;
  private first = 0;
  private readonly terms: ByteTerms[] = [];
  /** This row's terms, by column: valid where termStamp equals stamp (a count of rows loaded). */
  private stamp = 0;
  private readonly termStamp = new Int32Array(256);
  private readonly termOf = new Int32Array(256);

  constructor(
    private readonly errors: CellErrors,
    private readonly decode: BytesDecoder,
    /** Offset of this import's source text in the file (0: the source is the file itself). */
    private readonly sourceBase = 0,
  ) {}

  load(b: CsvBytesBatch, r: number): this {
    this.stamp++;
    this.b = b;
    this.row = b.row[r]!;
    this.at = b.base + b.start[r]! - this.sourceBase;
    this.first = b.first[r]!;
    this.count = b.first[r + 1]! - this.first;
    return this;
  }

  private cell(col: number): number {
    return col >= 0 && col < this.count ? this.first + col : -1;
  }

  raw(col: number): string {
    const c = this.cell(col);
    return c < 0 ? '' : this.decode(cellBytes(this.b, c));
  }

  blank(col: number): boolean {
    const c = this.cell(col);
    if (c < 0) return true;
    const buf = this.b.buf;
    const s = this.b.cs[c]!;
    const n = this.b.ce[c]! - s;
    if (n === 0) return true;
    const first = buf[s]!;
    const last = buf[s + n - 1]!;
    if (first > 32 && first < 127 && last > 32 && last < 127) return n <= 2 && first === 45 && last === 45;
    // A cell that starts with a character other than a space or a dash (a Chinese name) has text:
    // only those starts need decoding to tell (a full-width space, an em dash, a BOM …).
    if (first >= 0x80 && !MAY_START_BLANK.has(first)) return false;
    return isBlank(this.raw(col));
  }

  text(col: number): string | null {
    return this.blank(col) ? null : this.raw(col).trim();
  }

  term(col: number): number {
    // The classifier reads some columns twice a row (the resource for the key and for the vendor's pseudo-lines).
    if (col >= 0 && this.termStamp[col] === this.stamp) return this.termOf[col]!;
    const id = this.lookupTerm(col);
    if (col >= 0 && col < this.termOf.length) {
      this.termStamp[col] = this.stamp;
      this.termOf[col] = id;
    }
    return id;
  }

  private lookupTerm(col: number): number {
    if (this.blank(col)) return 0;
    const c = this.first + col;
    const t = (this.terms[col] ??= new ByteTerms());
    if (this.b.cq[c] === 2) return t.terms.idOf(this.raw(col).trim());
    return t.lookup(this.b.buf, this.b.cs[c]!, this.b.ce[c]!, this, col);
  }

  appendText(col: number, to: TextArena): boolean {
    if (this.blank(col)) return false;
    const c = this.first + col;
    const buf = this.b.buf;
    const s = this.b.cs[c]!;
    const e = this.b.ce[c]!;
    let ascii = this.b.cq[c] !== 2 && buf[s]! > 32 && buf[e - 1]! > 32;
    for (let i = s; ascii && i < e; i++) ascii = buf[i]! < 0x80;
    // Plain ASCII reads the same in UTF-8 and GB18030; anything else is decoded and trimmed first.
    if (ascii) to.appendBytes(buf, s, e);
    else to.appendText(this.raw(col).trim());
    return true;
  }

  termText(col: number, id: number): string {
    return (this.terms[col] ??= new ByteTerms()).terms.text(id);
  }

  intern(col: number, table: ByteTable, salt: number): number {
    if (this.blank(col)) return -1;
    const c = this.first + col;
    const buf = this.b.buf;
    const s = this.b.cs[c]!;
    const e = this.b.ce[c]!;
    if (this.b.cq[c] !== 2 && buf[s]! > 32 && buf[e - 1]! > 32) return table.idOf(buf, s, e, salt);
    return internText(this.raw(col).trim(), table, salt);
  }

  amount(col: number): FastUnits | Units | null {
    const m = this.plain(col, 8);
    if (m !== null) {
      const u = m * P10[8 - this.decimals]!;
      if (Number.isSafeInteger(u)) return u;
    }
    return this.slow(col, parseCell.amount);
  }

  quantity(col: number): Qty | null {
    const m = this.plain(col, 15);
    if (m !== null) return { m, big: null, s: this.decimals };
    return this.slow(col, parseCell.quantity);
  }

  time(col: number): VTime | null {
    const c = this.cell(col);
    if (c >= 0 && this.b.ce[c]! - this.b.cs[c]! === 19) {
      const t = this.vendorTime(this.b.buf, this.b.cs[c]!);
      if (t) return t;
    }
    return this.slow(col, parseCell.time);
  }

  month(col: number): number | null {
    const c = this.cell(col);
    if (c >= 0 && this.b.ce[c]! - this.b.cs[c]! === 7) {
      const buf = this.b.buf;
      const s = this.b.cs[c]!;
      const y = byteDigits(buf, s, 4);
      const m = byteDigits(buf, s + 5, 2);
      if (buf[s + 4] === 45 && y >= 0 && m >= 1 && m <= 12) return y * 12 + m - 1;
    }
    return this.slow(col, parseCell.month);
  }

  check(col: number, type: FieldType): void {
    if (type === 'amount') this.amount(col);
    else if (type === 'decimal') this.quantity(col);
    else if (type === 'time') this.time(col);
    else if (type === 'month') this.month(col);
    else if (type === 'integer' && this.cell(col) >= 0) this.errors.check(this.row, col, this.raw(col), type);
  }

  fail(col: number | string, reason: string, value?: string): never {
    return this.errors.fail(this.row, col, reason, value);
  }

  cellsKey(cols: Int32Array, to: Uint8Array, from: number): number {
    const { buf, cs, ce, cq } = this.b;
    let o = from;
    for (let k = 0; k < cols.length; k++) {
      const c = this.cell(cols[k]!);
      if (c < 0) {
        if (o === to.length) return -1;
        to[o++] = ABSENT;
        continue;
      }
      const s = cs[c]!;
      const n = ce[c]! - s;
      if (n >= ABSENT || o + 2 + n > to.length) return -1;
      to[o++] = n;
      to[o++] = cq[c]!;
      for (let i = 0; i < n; i++) to[o++] = buf[s + i]!;
    }
    return o;
  }

  cellsHash(cols: Int32Array, seed: number): number {
    const { buf, cs, ce, cq } = this.b;
    let h = seed;
    for (let k = 0; k < cols.length; k++) {
      const c = this.cell(cols[k]!);
      if (c < 0) {
        h = Math.imul(h ^ ABSENT, 16777619);
        continue;
      }
      const s = cs[c]!;
      const e = ce[c]!;
      h = Math.imul(h ^ ((e - s) | (cq[c]! << 8)), 16777619);
      for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 16777619);
    }
    return h;
  }

  cellsEqual(cols: Int32Array, key: Uint8Array, from: number, end: number): boolean {
    const { buf, cs, ce, cq } = this.b;
    let o = from;
    for (let k = 0; k < cols.length; k++) {
      const c = this.cell(cols[k]!);
      if (c < 0) {
        if (key[o++] !== ABSENT) return false;
        continue;
      }
      const s = cs[c]!;
      const n = ce[c]! - s;
      if (n >= ABSENT || key[o] !== n || key[o + 1] !== cq[c] || o + 2 + n > end) return false;
      o += 2;
      for (let i = 0; i < n; i++) if (key[o++] !== buf[s + i]) return false;
    }
    return o === end;
  }

  empty(): boolean {
    const buf = this.b.buf;
    for (let c = this.first; c < this.first + this.count; c++) {
      for (let i = this.b.cs[c]!; i < this.b.ce[c]!; i++) {
        const x = buf[i]!;
        if (x !== 32 && x !== 9) return x < 128 ? false : this.raw(c - this.first).trim() === '' ? this.emptyFrom(c + 1) : false;
      }
    }
    return true;
  }

  private emptyFrom(cell: number): boolean {
    for (let c = cell; c < this.first + this.count; c++) if (this.raw(c - this.first).trim() !== '') return false;
    return true;
  }

  private slow<T>(col: number, parse: (t: string) => T | null): T | null {
    if (this.cell(col) < 0) return null;
    return this.errors.parse(this.row, col, this.raw(col), parse);
  }

  /** The decimals of the last number `plain` read (a field, not a pair per cell: a bill has a dozen numbers a line). */
  private decimals = 0;

  /** "-?digits(.digits)?" with at most `maxDecimals` decimals and 15 digits: its mantissa, its decimals in `decimals`. */
  private plain(col: number, maxDecimals: number): number | null {
    const c = this.cell(col);
    if (c < 0) return null;
    const buf = this.b.buf;
    let i = this.b.cs[c]!;
    const e = this.b.ce[c]!;
    let negative = false;
    if (i < e && buf[i] === 45) {
      negative = true;
      i++;
    }
    let v = 0;
    let n = 0;
    let decimals = -1;
    for (; i < e; i++) {
      const d = buf[i]! - 48;
      if (d >= 0 && d <= 9) {
        v = v * 10 + d;
        n++;
        if (decimals >= 0) decimals++;
      } else if (d === -2 && decimals < 0 && n > 0) decimals = 0;
      else return null;
    }
    if (n === 0 || n > 15 || decimals === 0 || decimals > maxDecimals) return null;
    this.decimals = decimals < 0 ? 0 : decimals;
    return negative && v !== 0 ? -v : v;
  }

  private readonly timeParts = new Int32Array(6);

  private vendorTime(buf: Uint8Array, s: number): VTime | null {
    const p = this.timeParts;
    if (!vendorTimeParts(buf, s, p)) return null;
    return { day: civilDay(p[0]!, p[1]!, p[2]!), sec: p[3]! * 3600 + p[4]! * 60 + p[5]! };
  }
}
