import { plainDecimal, significantDigits } from '../money/index.js';
import { openZipEntry, readZipDirectory, type ZipEntry } from './zip-entries.js';
import { LIMITS, packageWorkbookPart, readDateStyles, readSharedStrings, readWorkbookInfo, workbookRelated, type SheetRef } from './xlsx-parts.js';
import { XlsxError, attr, streamXml, type XmlSink } from './xml-stream.js';

export { XlsxError } from './xml-stream.js';
export { ZipFormatError } from './zip-entries.js';
export { LIMITS as XLSX_LIMITS } from './xlsx-parts.js';

export interface SheetRow {
  sheet: string;
  /** 1-based row number in the sheet, as the spreadsheet shows it. */
  row: number;
  cells: string[];
}

/** Significant digits Excel keeps and shows of a number. */
const EXCEL_DIGITS = 15;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A spreadsheet date serial as the wall-clock text the bill had ("YYYY-MM-DD HH:mm:ss", vendor
 * local time): days since 1899-12-30 (or 1904-01-01), to the millisecond as Excel stores it.
 */
export function serialDateText(serial: number, date1904: boolean): string {
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Column number of an A1 reference (A = 1), or null when it is not one. */
export function columnOf(ref: string): number | null {
  const m = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

interface Context {
  sheet: string;
  strings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
}

interface Cell {
  column: number;
  type: string;
  style: number;
  value: string;
}

/** A cell's value as the text the bill had, by its type (t=) and, for numbers, its style. */
function cellValue(c: Cell, ctx: Context, row: number): string {
  const where = `${ctx.sheet}!${columnName(c.column)}${row}`;
  switch (c.type) {
    case 's': {
      const s = /^\s*\d+\s*$/.test(c.value) ? ctx.strings[Number(c.value)] : undefined;
      if (s === undefined) throw new XlsxError(`refers to shared string ${JSON.stringify(c.value.slice(0, 20))}, but the workbook has ${ctx.strings.length} (a damaged file)`, row, where);
      return s;
    }
    case 'inlineStr':
    case 'str':
    case 'e':
      return c.value;
    case 'b':
      return /^\s*(0|false)?\s*$/i.test(c.value) ? 'FALSE' : 'TRUE';
    case 'd':
      return c.value.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z?$/, '$1 $2');
    default: {
      if (c.value.trim() === '') return '';
      // A numeric cell holds a double, written with up to 17 digits ("0.10000000000000001"): read
      // on its digits and rounded to Excel's 15 significant digits, the figure the cell shows,
      // without passing through a float. Only a date serial (a time, not money) is computed with one.
      const plain = plainDecimal(c.value);
      const text = plain === null ? null : significantDigits(plain, EXCEL_DIGITS);
      if (text === null) throw new XlsxError(`holds ${JSON.stringify(c.value.slice(0, 40))} where the file says a number is`, row, where);
      return ctx.dateStyles.has(c.style) ? serialDateText(Number(text), ctx.date1904) : text;
    }
  }
}

/**
 * Collects a sheet's rows from its XML events. Cells and rows without an `r=` reference (valid:
 * they then follow the previous one) are placed by position. Each row, cell and the sheet are
 * held to LIMITS, so a hostile file is refused as soon as it goes past one.
 */
class SheetSink implements XmlSink {
  readonly rows: SheetRow[] = [];
  private inData = false;
  private row: { number: number; cells: string[]; chars: number } | null = null;
  private cell: Cell | null = null;
  private capture = false;
  private phonetic = 0;
  private lastRow = 0;
  private lastColumn = 0;
  private count = 0;

  constructor(private readonly ctx: Context) {}

  open(name: string, a: Record<string, string>): void {
    if (name === 'sheetData') this.inData = true;
    else if (!this.inData) return;
    else if (name === 'row') this.openRow(attr(a, 'r'));
    else if (name === 'c' && this.row) this.openCell(a);
    else if (this.cell && (name === 'v' || (name === 't' && this.phonetic === 0))) this.capture = true;
    else if (name === 'rPh') this.phonetic++;
  }

  text(t: string): void {
    if (!this.capture || !this.cell || !this.row) return;
    this.cell.value += t;
    this.row.chars += t.length;
    if (this.cell.value.length > LIMITS.cellChars) {
      throw new XlsxError(`the cell holds more than ${LIMITS.cellChars.toLocaleString('en')} characters: refused`, this.row.number, `${this.ctx.sheet}!${columnName(this.cell.column)}${this.row.number}`);
    }
    if (this.row.chars > LIMITS.rowChars) throw new XlsxError(`the row holds more than ${LIMITS.rowChars.toLocaleString('en')} characters: refused`, this.row.number, null);
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.capture = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'c' && this.cell && this.row) {
      this.row.cells[this.cell.column - 1] = cellValue(this.cell, this.ctx, this.row.number);
      this.lastColumn = this.cell.column;
      this.cell = null;
    } else if (name === 'row' && this.row) {
      const cells = this.row.cells;
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = '';
      this.rows.push({ sheet: this.ctx.sheet, row: this.row.number, cells });
      this.lastRow = this.row.number;
      this.row = null;
    } else if (name === 'sheetData') this.inData = false;
  }

  private openRow(r: string | undefined): void {
    if (++this.count > LIMITS.rows) throw new XlsxError(`the sheet has more than ${LIMITS.rows.toLocaleString('en')} rows: refused`, null, this.ctx.sheet);
    const number = r === undefined ? this.lastRow + 1 : Number(r);
    if (!Number.isInteger(number) || number < 1 || number > LIMITS.rows) {
      throw new XlsxError(`row number ${r === undefined ? number : JSON.stringify(r.slice(0, 20))} is not between 1 and ${LIMITS.rows.toLocaleString('en')}`, null, this.ctx.sheet);
    }
    this.row = { number, cells: [], chars: 0 };
    this.lastColumn = 0;
  }

  private openCell(a: Record<string, string>): void {
    const ref = attr(a, 'r');
    const column = ref === undefined ? this.lastColumn + 1 : columnOf(ref);
    const row = this.row!.number;
    if (column === null) throw new XlsxError(`cell reference ${JSON.stringify(ref!.slice(0, 20))} is not an A1 reference`, row, this.ctx.sheet);
    if (column > LIMITS.columns) throw new XlsxError(`the row has a cell past column ${columnName(LIMITS.columns)} (${LIMITS.columns.toLocaleString('en')}): refused`, row, this.ctx.sheet);
    this.cell = { column, type: attr(a, 't') ?? 'n', style: Number(attr(a, 's') ?? 0), value: '' };
  }
}

/** What a zip that is not an Excel workbook is, in words: the sentence's end. */
function notAWorkbook(entries: Map<string, ZipEntry>): XlsxError {
  const names = [...entries.keys()];
  if (entries.has('mimetype') || entries.has('content.xml')) return new XlsxError('an OpenDocument spreadsheet or text (.ods/.odt), not an Excel workbook: save it as .xlsx or CSV');
  if (entries.has('xl/workbook.bin')) return new XlsxError('a binary Excel workbook (.xlsb), not .xlsx: save it as .xlsx or CSV');
  if (entries.has('word/document.xml') || entries.has('ppt/presentation.xml')) return new XlsxError('a Word or PowerPoint file, not an Excel workbook');
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n.length > 60 ? n.slice(0, 60) + '…' : n));
  const listed = names.length === 0 ? 'no files' : `${names.length} file${names.length === 1 ? '' : 's'} (${shown.join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''})`;
  return new XlsxError(`a zip archive, but not an Excel workbook: it holds ${listed} and no xl/workbook.xml`);
}

/** The workbook part: named by the package relationships, else the usual xl/workbook.xml. */
async function workbookPart(path: string, entries: Map<string, ZipEntry>): Promise<string> {
  const named = await packageWorkbookPart(path, entries);
  const part = named && entries.has(named) ? named : 'xl/workbook.xml';
  if (!entries.has(part)) throw notAWorkbook(entries);
  return part;
}

async function* sheetRows(path: string, entries: Map<string, ZipEntry>, ref: SheetRef, ctx: Context): AsyncGenerator<SheetRow[]> {
  const e = entries.get(ref.part);
  if (!e) throw new XlsxError(`the workbook lists sheet ${JSON.stringify(ref.name)} at ${ref.part}, which is missing (a damaged file)`);
  const sink = new SheetSink(ctx);
  const stream = await openZipEntry(path, e);
  try {
    for await (const _ of streamXml(stream as AsyncIterable<Buffer>, `sheet ${JSON.stringify(ref.name)}`, sink, { maxBytes: LIMITS.sheetBytes, maxQuietChars: LIMITS.cellChars })) {
      void _;
      if (sink.rows.length > 0) yield sink.rows.splice(0);
    }
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
}

/**
 * Stream the rows of every worksheet, in the workbook's order, in chunks, with bounded memory:
 * billrecon's own reader of the zip and the sheet XML, so that limits apply before anything
 * large is held (one cell, one row, the shared strings).
 */
export async function* readXlsxRowChunks(path: string): AsyncGenerator<SheetRow[]> {
  const entries = await readZipDirectory(path);
  const part = await workbookPart(path, entries);
  const info = await readWorkbookInfo(path, entries, part);
  if (info.sheets.length === 0) throw new XlsxError('the workbook has no worksheets');
  const strings = await readSharedStrings(path, entries, await workbookRelated(path, entries, part, /\/sharedStrings$/));
  const dateStyles = await readDateStyles(path, entries, await workbookRelated(path, entries, part, /\/styles$/));
  for (const ref of info.sheets) yield* sheetRows(path, entries, ref, { sheet: ref.name, strings, dateStyles, date1904: info.date1904 });
}

/** Stream the rows of every worksheet, in order, without loading the workbook. */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  for await (const chunk of readXlsxRowChunks(path)) yield* chunk;
}
