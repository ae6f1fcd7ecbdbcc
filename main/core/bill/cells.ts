/**
 * One bill row's cells, read as the types its columns declare (bill/columns.ts): what the
 * classifier reads a line through. The importer implements it over a CSV record's bytes and over
 * strings (bill/row-cells.ts, import/byte-cells.ts); a refused value names the file, the row, the column's own
 * header and the value (`fail`).
 */
import type { FastUnits, Qty, Units } from '../money/index.js';
import type { ByteTable } from './byte-table.js';
import type { FieldType } from './columns.js';
import type { TextArena } from './text-arena.js';

/** A vendor-local (UTC+8) moment as its day number (days since 1970-01-01) and second of the day. */
export interface VTime {
  day: number;
  sec: number;
}


export interface Cells {
  readonly row: number;
  /** Offset of the record in the import's source text. */
  readonly at: number;
  readonly count: number;
  /** The cell as written (decoded, quotes undone); '' for a column the file lacks (col < 0). */
  raw(col: number): string;
  /** Every cell of the row is empty or spaces (a blank line in a sheet). */
  empty(): boolean;
  /** Absent, empty or one of the vendor's "no value" marks ("-", "--", "—"). */
  blank(col: number): boolean;
  /** Trimmed text; null when blank. */
  text(col: number): string | null;
  /** Per-column id of the trimmed text, stable for the file; 0 when blank. */
  term(col: number): number;
  termText(col: number, id: number): string;
  /** Append the trimmed text as UTF-8 to `to`; false (nothing appended) when blank. */
  appendText(col: number, to: TextArena): boolean;
  /** The id of the trimmed text's bytes (UTF-8 for strings) in `table`, salted; -1 when blank. */
  intern(col: number, table: ByteTable, salt: number): number;
  amount(col: number): FastUnits | Units | null;
  quantity(col: number): Qty | null;
  time(col: number): VTime | null;
  /** Month index (year × 12 + month − 1). */
  month(col: number): number | null;
  /** Check a cell against its declared type without keeping the value. */
  check(col: number, type: FieldType): void;
  /** Refuse the row: file:row:column: reason (value); `col` is a column index or, for a column the file lacks, its name. */
  fail(col: number | string, reason: string, value?: string): never;
}

const DAY_MS = 86_400_000;
const VENDOR_OFFSET_MS = 8 * 3_600_000;

export function vtimeOfMs(ms: number): VTime {
  const local = ms + VENDOR_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, sec: Math.floor((local - day * DAY_MS) / 1000) };
}

export function monthIndexOfText(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthTextOfIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

