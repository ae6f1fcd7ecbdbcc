/**
 * A worksheet row as SpreadsheetML: the cells of one row, each written by its column's kind, with
 * the style ids the workbook gave the sheet. The sheet writer uses it row by row; the corrected
 * detail's block workers (detail-blocks.ts) use the same encoder on a frozen copy of the styles,
 * so a block's rows are the bytes the sheet writer would have written.
 */
import { looksLikeFormula } from './formula-injection.js';
import { columnLetter, displayWidth, xmlText } from './xml-text.js';

/** How a column's plain values are written and formatted. */
/** `number` is an exact decimal in General format (quantities, discount multipliers). */
export type ColumnKind = 'text' | 'money2' | 'money8' | 'integer' | 'number';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** A note on the header cell: the rule behind a recomputed column. */
  comment?: string;
  /**
   * Long text (notes, source lists) wraps inside the column instead of running over the cells to
   * its right: printed, text running past the last column would widen the page to fit it.
   */
  wrap?: boolean;
}

/** A number in a text-kind column, or with its own decimals. */
export interface NumberCell {
  n: string;
  dp: 0 | 2 | 8;
}
/** A formula with the value we computed, so a viewer that does not recalculate still shows it. */
export interface FormulaCell {
  f: string;
  cached: string;
  dp: 0 | 2 | 8;
}
export interface TextCell {
  text: string;
  bold?: boolean;
}
/** A plain string is written by the column's kind (text, or a decimal for money columns). */
export type Cell = string | null | NumberCell | FormulaCell | TextCell;

export interface StyleSpec {
  numFmt?: string;
  fill?: string;
  bold?: boolean;
  quotePrefix?: boolean;
  wrap?: boolean;
}

export const NUMFMT: Record<number, string> = { 0: '0', 2: '0.00', 8: '0.00000000' };
export const EXCEL_MAX_CELL = 32_767;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Style ids by spec: the workbook's registry, or a frozen copy of it in a worker. */
export interface StyleLookup {
  id(spec: StyleSpec): number;
  /** The same style with quotePrefix set (kept as text if edited). */
  quotedOf(id: number): number;
}

export function styleKey(spec: StyleSpec): string {
  return JSON.stringify([spec.numFmt ?? '', spec.fill ?? '', spec.bold ?? false, spec.quotePrefix ?? false, spec.wrap ?? false]);
}

/** The style ids a worker may need, as plain data. */
export interface FrozenStyleTable {
  ids: [string, number][];
  quoted: [number, number][];
}

/** Styles looked up in a frozen table: a style the sheet did not prepare is a bug, not a new id. */
export class FrozenStyles implements StyleLookup {
  private readonly ids: Map<string, number>;
  private readonly quoted: Map<number, number>;

  constructor(table: FrozenStyleTable) {
    this.ids = new Map(table.ids);
    this.quoted = new Map(table.quoted);
  }

  id(spec: StyleSpec): number {
    const id = this.ids.get(styleKey(spec));
    if (id === undefined) throw new Error(`xlsx: style ${styleKey(spec)} was not prepared for this sheet`);
    return id;
  }

  quotedOf(id: number): number {
    const q = this.quoted.get(id);
    if (q === undefined) throw new Error(`xlsx: quoted style of ${id} was not prepared for this sheet`);
    return q;
  }
}

/** What a row encoder needs of its sheet, as plain data (it crosses to a worker). */
export interface RowEncoderSpec {
  kinds: ColumnKind[];
  letters: string[];
  widths: number[];
  wrapCols: number[];
  plainStyle: number[];
  highlightStyle: number[];
}

export class RowEncoder {
  constructor(
    readonly spec: RowEncoderSpec,
    private readonly styles: StyleLookup,
  ) {}

  /** Row `r` (1-based) with its cells; `styles` per column (the plain ones unless a fill is given). */
  row(cells: readonly Cell[], r: number, styles: readonly number[] = this.spec.plainStyle, highlight?: readonly number[]): string {
    const sp = this.spec;
    let x = `<row r="${r}"${sp.wrapCols.length ? rowHeight(this.wrappedLines(cells)) : ''}>`;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === null || c === undefined || c === '') continue;
      // Every cell names its place: the standard lets a cell without one follow the previous
      // cell, but readers such as exceljs refuse it.
      const ref = ` r="${sp.letters[i] ?? columnLetter(i)}${r}"`;
      const s = highlight && highlight.includes(i) ? sp.highlightStyle[i]! : (styles[i] ?? 0);
      x += this.cellXml(ref, c, sp.kinds[i] ?? 'text', s);
    }
    return x + '</row>';
  }

  /** How many lines the row's wrapped cells take (LibreOffice does not fit a row's height on opening). */
  private wrappedLines(cells: readonly Cell[]): number {
    let lines = 1;
    for (const i of this.spec.wrapCols) {
      const c = cells[i];
      if (c !== null && c !== undefined) lines = Math.max(lines, linesOf(cellDisplay(c, 'text'), this.spec.widths[i]!));
    }
    return lines;
  }

  /** `ref` is the cell's ` r="…"` attribute. */
  cellXml(ref: string, c: Exclude<Cell, null>, kind: ColumnKind, s: number): string {
    if (typeof c === 'string') {
      if (kind === 'text' || !DECIMAL.test(c)) return this.textXml(ref, c, s);
      return `<c${ref}${styleAttr(s)}><v>${shortDecimal(c)}</v></c>`;
    }
    if ('f' in c) {
      const st = this.styles.id({ numFmt: NUMFMT[c.dp]! });
      return `<c${ref}${styleAttr(st)}><f>${xmlText(c.f)}</f>${c.cached === '' ? '' : `<v>${c.cached}</v>`}</c>`;
    }
    if ('n' in c) {
      const st = this.styles.id({ numFmt: NUMFMT[c.dp]! });
      return `<c${ref}${styleAttr(st)}><v>${shortDecimal(c.n)}</v></c>`;
    }
    return this.textXml(ref, c.text, c.bold ? this.styles.id({ bold: true }) : s);
  }

  private textXml(ref: string, full: string, s: number): string {
    // Excel refuses a workbook with a cell longer than 32,767 characters.
    const text = full.length > EXCEL_MAX_CELL ? `${full.slice(0, EXCEL_MAX_CELL - 1)}…` : full;
    // A string cell is never evaluated on open; quotePrefix also keeps it text if someone edits
    // the cell and presses Enter.
    const first = text.charCodeAt(0);
    // Cheap first-character test before the full check: this runs for every text cell of a month.
    const st = (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) && looksLikeFormula(text) ? this.styles.quotedOf(s) : s;
    const space = first <= 32 || text.charCodeAt(text.length - 1) <= 32 || text.includes('\n') ? ' xml:space="preserve"' : '';
    return `<c${ref} t="inlineStr"${styleAttr(st)}><is><t${space}>${xmlText(text)}</t></is></c>`;
  }
}

function styleAttr(s: number): string {
  return s ? ` s="${s}"` : '';
}

/**
 * A decimal as the cell's value without trailing zeros ("0.30000000" → "0.3"): the same number,
 * and the cell's format still shows its decimals.
 */
export function shortDecimal(d: string): string {
  if (!d.includes('.')) return d;
  let end = d.length;
  while (d.charCodeAt(end - 1) === 48) end--;
  if (d.charCodeAt(end - 1) === 46) end--;
  const short = d.slice(0, end);
  return short === '-0' ? '0' : short;
}


/**
 * XML encoded into buffers as it is made: each row's string becomes garbage at once instead of
 * living, as thousands of rope pieces, until a join at the end; full buffers are kept, never grown.
 */
export class XmlBytes {
  private readonly full: Uint8Array[] = [];
  /** The piece being filled, and how much of it is: writers of raw bytes fill it after reserve(). */
  buf: Buffer;
  used = 0;

  constructor(private readonly chunk = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(chunk);
  }

  put(xml: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    this.reserve(xml.length * 3);
    this.used += this.buf.write(xml, this.used, 'utf8');
  }

  /** Room for `n` more bytes in buf from used: a new piece when this one is short of it. */
  reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    if (this.used > 0) this.full.push(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafeSlow(Math.max(this.chunk, n));
    this.used = 0;
  }

  /** The bytes so far, each piece on a buffer of its own (it can be transferred to another thread). */
  pieces(): Uint8Array[] {
    return this.used > 0 ? [...this.full, this.buf.subarray(0, this.used)] : [...this.full];
  }
}

/** Lines a text takes in a column of `width` characters (an estimate: breaks fall between words). */
export function linesOf(text: string, width: number): number {
  const usable = Math.max(1, width - 2);
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
}

/** A row's height for its lines of 11-point text; none for one line (the sheet's default). */
export function rowHeight(lines: number): string {
  return lines > 1 ? ` ht="${lines * 15}" customHeight="1"` : '';
}

export function cellDisplay(c: Cell, kind: ColumnKind): string {
  if (c === null) return '';
  if (typeof c === 'string') return kind === 'text' ? c : c.length > 14 ? c : c.padEnd(kind === 'money8' ? 14 : 10);
  if ('f' in c) return c.cached;
  if ('n' in c) return c.n;
  return c.text;
}

