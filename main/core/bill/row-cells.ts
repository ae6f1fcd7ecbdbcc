/**
 * The importer's readers of one bill row (bill/cells.ts `Cells`): over strings (XLSX sheets, API
 * JSON, UTF-16 text) and over a CSV record's bytes (byte-cells.ts). The byte reader takes a fast
 * path for what it recognises at a glance and hands anything else to these string parsers, so
 * both give the same values and the same errors.
 */
import { MoneyError, parseFastOrUnits, qtyOfText, type FastUnits, type Qty, type Units } from '../money/index.js';
import type { FieldType } from './columns.js';
import { monthIndexOfText, vtimeOfMs, type Cells, type VTime } from './cells.js';
import type { ByteTable } from './byte-table.js';
import { ImportError } from './errors.js';
import { isBlank, parseInteger, parseMonth, parseTime, ValueError } from './values.js';
import type { TextArena } from './text-arena.js';

/** The string parsers both sources end in: one definition of every cell type. */
export const parseCell = {
  amount(text: string): FastUnits | Units | null {
    return parseFastOrUnits(text);
  },
  quantity(text: string): Qty | null {
    return isBlank(text) ? null : qtyOfText(text);
  },
  time(text: string): VTime | null {
    const t = parseTime(text);
    return t === null ? null : vtimeOfMs(t.ms);
  },
  month(text: string): number | null {
    const m = parseMonth(text);
    return m === null ? null : monthIndexOfText(m);
  },
};

/** Runs a string parser, turning its refusal into an ImportError naming file:row:column. */
export class CellErrors {
  constructor(
    readonly file: string,
    readonly headers: readonly string[],
  ) {}

  fail(row: number, col: number | string, reason: string, value?: string): never {
    const column = typeof col === 'string' ? col : col >= 0 ? (this.headers[col] ?? `column ${col + 1}`) : null;
    throw new ImportError(this.file, row, column, reason, value);
  }

  parse<T>(row: number, col: number, text: string, parse: (t: string) => T): T {
    try {
      return parse(text);
    } catch (e) {
      if (e instanceof ValueError || e instanceof MoneyError) this.fail(row, col, e.reason, text);
      throw e;
    }
  }

  check(row: number, col: number, text: string, type: FieldType): void {
    if (type === 'text') return;
    if (type === 'amount') this.parse(row, col, text, parseCell.amount);
    else if (type === 'decimal') this.parse(row, col, text, parseCell.quantity);
    else if (type === 'time') this.parse(row, col, text, parseCell.time);
    else if (type === 'month') this.parse(row, col, text, parseCell.month);
    else this.parse(row, col, text, parseInteger);
  }
}

/** Texts interned per column: ids are by trimmed text, so two spellings of one text share an id. */
export class TextTerms {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [''];

  idOf(trimmed: string): number {
    let id = this.ids.get(trimmed);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(trimmed, id);
      this.texts.push(trimmed);
    }
    return id;
  }

  text(id: number): string {
    return this.texts[id]!;
  }
}

const encoder = new TextEncoder();

/** A text's UTF-8 bytes looked up in a byte table. */
export function internText(text: string, table: ByteTable, salt: number): number {
  const bytes = encoder.encode(text);
  return table.idOf(bytes, 0, bytes.length, salt);
}

/** Cells of a row held as strings (XLSX, JSON, UTF-16 text). */
export class StringCells implements Cells {
  row = 0;
  at = 0;
  private cells: readonly string[] = [];
  private readonly terms: TextTerms[] = [];

  constructor(private readonly errors: CellErrors) {}

  load(row: number, at: number, cells: readonly string[]): this {
    this.row = row;
    this.at = at;
    this.cells = cells;
    return this;
  }

  get count(): number {
    return this.cells.length;
  }
  empty(): boolean {
    for (const c of this.cells) if (c.trim() !== '') return false;
    return true;
  }
  raw(col: number): string {
    return col < 0 ? '' : (this.cells[col] ?? '');
  }
  blank(col: number): boolean {
    return isBlank(this.raw(col));
  }
  text(col: number): string | null {
    const v = this.raw(col);
    return isBlank(v) ? null : v.trim();
  }
  appendText(col: number, to: TextArena): boolean {
    const t = this.text(col);
    if (t !== null) to.appendText(t);
    return t !== null;
  }
  term(col: number): number {
    const t = this.text(col);
    if (t === null) return 0;
    return (this.terms[col] ??= new TextTerms()).idOf(t);
  }
  termText(col: number, id: number): string {
    return (this.terms[col] ??= new TextTerms()).text(id);
  }
  intern(col: number, table: ByteTable, salt: number): number {
    const t = this.text(col);
    return t === null ? -1 : internText(t, table, salt);
  }
  amount(col: number): FastUnits | Units | null {
    return col < 0 ? null : this.errors.parse(this.row, col, this.raw(col), parseCell.amount);
  }
  quantity(col: number): Qty | null {
    return col < 0 ? null : this.errors.parse(this.row, col, this.raw(col), parseCell.quantity);
  }
  time(col: number): VTime | null {
    return col < 0 ? null : this.errors.parse(this.row, col, this.raw(col), parseCell.time);
  }
  month(col: number): number | null {
    return col < 0 ? null : this.errors.parse(this.row, col, this.raw(col), parseCell.month);
  }
  check(col: number, type: FieldType): void {
    if (col >= 0) this.errors.check(this.row, col, this.raw(col), type);
  }
  fail(col: number | string, reason: string, value?: string): never {
    return this.errors.fail(this.row, col, reason, value);
  }
}
