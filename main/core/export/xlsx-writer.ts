import { cellDisplay, linesOf, NUMFMT, RowEncoder, rowHeight, styleKey, type Cell, type Column, type FrozenStyleTable, type RowEncoderSpec, type StyleLookup, type StyleSpec } from './row-xml.js';
import { columnLetter, displayWidth, sheetRef, xmlText } from './xml-text.js';
import type { AsideEntry, ZipEntry, ZipStream } from './zip-stream.js';

export { EXCEL_MAX_CELL, type Cell, type Column, type ColumnKind, type FormulaCell, type NumberCell, type TextCell } from './row-xml.js';

/**
 * A streaming .xlsx writer: rows go straight into a compressed zip entry, so a sheet costs the
 * same memory at 10 rows or 1,000,000. Only what Excel and LibreOffice need is written: inline
 * strings (no shared-string table to hold in memory), a style table built as styles are used,
 * frozen headers, autofilters, formulas with cached results, and cell comments.
 */

export interface RowOptions {
  /** 0-based columns whose cell is highlighted (a recomputed figure that differs). */
  highlight?: readonly number[];
  /** ARGB fill for the whole row (a mismatch category). */
  fill?: string;
  /** Notes on single cells; beyond MAX_CELL_COMMENTS per sheet only the highlight remains. */
  comments?: readonly { col: number; text: string }[];
}

export interface SheetOptions {
  autoFilter?: boolean;
  freezeHeader?: boolean;
  /** Rows per sheet including the header; the rest continues on "Name (2)". Excel's limit by default. */
  maxRows?: number;
  /** Fixed widths (characters) instead of fitting to the first rows. */
  widths?: readonly number[];
  /** No header row (a key/value sheet such as the Summary writes its own rows). */
  noHeader?: boolean;
  /**
   * Written while another sheet streams: its parts go aside (ZipStream.aside) and take their
   * place, in order, when placeAside() is called.
   */
  aside?: boolean;
}

export const EXCEL_MAX_ROWS = 1_048_576;
/** Comments are held in memory until their sheet ends; this bounds them. */
export const MAX_CELL_COMMENTS = 2000;
/** Rows a sheet's column widths are fitted to. */
export const FIT_SAMPLE_ROWS = 200;
const WRAP_WIDTH = 36;
const FLUSH_AT = 1 << 20;

/**
 * Every sheet prints on A4 landscape, scaled to the page's width and as many pages down as it
 * needs (fitToHeight 0), gridlines on, the sheet's name and "page N of M" in the footer. With
 * fitToPage in sheetPr and the header row as print titles (workbook.xml), an auditor's printout
 * keeps each row's columns on one page. Fixed text: the workbook's bytes stay the same.
 */
const PRINT_SETUP =
  '<printOptions gridLines="1"/>' +
  '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>' +
  '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
  '<headerFooter><oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter></headerFooter>';
const HIGHLIGHT = 'FFFFC7CE';
const HEADER_FILL = 'FFD9E1F2';

/** The workbook's cell styles, numbered in order of first use. */
class Styles implements StyleLookup {
  private readonly keys = new Map<string, number>();
  private readonly specs: StyleSpec[] = [{}];
  private readonly fills: string[] = [];
  private readonly numFmts: string[] = [];

  constructor() {
    // Plain cells take the default style and need no `s` attribute.
    this.keys.set(styleKey({}), 0);
  }

  id(spec: StyleSpec): number {
    const key = styleKey(spec);
    let id = this.keys.get(key);
    if (id === undefined) {
      id = this.specs.length;
      this.specs.push(spec);
      this.keys.set(key, id);
      if (spec.fill && !this.fills.includes(spec.fill)) this.fills.push(spec.fill);
      if (spec.numFmt && !this.numFmts.includes(spec.numFmt)) this.numFmts.push(spec.numFmt);
    }
    return id;
  }

  private readonly quoted = new Map<number, number>();

  /** The same style with quotePrefix set (kept as text if edited), keeping its fill. */
  quotedOf(id: number): number {
    let q = this.quoted.get(id);
    if (q === undefined) {
      q = this.id({ ...this.specs[id]!, quotePrefix: true });
      this.quoted.set(id, q);
    }
    return q;
  }

  /**
   * The styles so far as data, with the quoted variant of each of `ids` registered first: what a
   * worker encoding rows of a sheet whose styles are `ids` can look up.
   */
  freeze(ids: readonly number[]): FrozenStyleTable {
    const quoted: [number, number][] = [...new Set(ids)].map((id) => [id, this.quotedOf(id)]);
    return { ids: [...this.keys], quoted };
  }

  xml(): string {
    const numFmtId = (f: string | undefined): number => (f === undefined ? 0 : f === '0' ? 1 : 164 + this.numFmts.indexOf(f));
    const custom = this.numFmts.filter((f) => f !== '0');
    const xfs = this.specs.map((s) => {
      const fmt = numFmtId(s.numFmt);
      const fill = s.fill ? 2 + this.fills.indexOf(s.fill) : 0;
      const font = s.bold ? 1 : 0;
      const open =
        `<xf numFmtId="${fmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"` +
        `${fmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}` +
        `${s.quotePrefix ? ' quotePrefix="1"' : ''}`;
      return s.wrap ? `${open} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` : `${open}/>`;
    });
    return (
      XML_DECL +
      `<styleSheet xmlns="${NS_MAIN}">` +
      (custom.length
        ? `<numFmts count="${custom.length}">${custom.map((f) => `<numFmt numFmtId="${numFmtId(f)}" formatCode="${xmlText(f)}"/>`).join('')}</numFmts>`
        : '') +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      `<fills count="${2 + this.fills.length}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
      this.fills.map((c) => `<fill><patternFill patternType="solid"><fgColor rgb="${c}"/><bgColor indexed="64"/></patternFill></fill>`).join('') +
      '</fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** One worksheet part as written to the zip. */
interface SheetPart {
  name: string;
  index: number;
  autoFilterRef: string | null;
  /** What prints: the sheet's columns and rows, so no text running past its last column widens the page. */
  printArea: string;
  /** The rows repeated at the top of every printed page (the header), e.g. `$1:$1`. */
  printTitles: string | null;
  hasComments: boolean;
}

export interface WorkbookInfo {
  title: string;
  /** ISO instant for docProps created/modified: derived from the data, never the clock. */
  timestamp: string;
}

/** A sheet part written aside, waiting for its place (and its index). */
interface AsidePart {
  part: Omit<SheetPart, 'index'>;
  comments: readonly SheetComment[];
  aside: AsideEntry;
}

export class XlsxWriter {
  readonly styles = new Styles();
  private readonly parts: SheetPart[] = [];
  private readonly asideParts: AsidePart[] = [];
  private readonly partNames = new Set<string>();
  private open: SheetWriter | null = null;

  constructor(
    private readonly zip: ZipStream,
    private readonly info: WorkbookInfo,
  ) {}

  /** Sheets are written one after another; the tab order is given to finish(). */
  async addSheet(name: string, columns: readonly Column[], options: SheetOptions = {}): Promise<SheetWriter> {
    if (this.open && !options.aside) throw new Error(`xlsx: sheet ${name} started before ${this.open.name} was closed`);
    const sheet = new SheetWriter(this, name, columns, options);
    if (!options.aside) this.open = sheet;
    return sheet;
  }

  /** @internal A part's entry: streamed with its index, or aside (its index comes with its place). */
  async openPart(name: string, aside: boolean): Promise<{ entry: ZipEntry; index: number; aside: AsideEntry | null }> {
    if (name.length > 31 || /[[\]:*?/\\]/.test(name)) throw new Error(`xlsx: invalid sheet name ${name}`);
    if (this.partNames.has(name)) throw new Error(`xlsx: duplicate sheet name ${name}`);
    this.partNames.add(name);
    if (aside) {
      const a = this.zip.aside(name);
      return { entry: a.entry, index: 0, aside: a };
    }
    const index = this.parts.length + 1;
    const entry = await this.zip.open(`xl/worksheets/sheet${index}.xml`);
    return { entry, index, aside: null };
  }

  /** @internal */
  async closePart(part: SheetPart, comments: readonly SheetComment[], aside: AsideEntry | null): Promise<void> {
    if (aside) {
      this.asideParts.push({ part, comments, aside });
      return;
    }
    this.parts.push(part);
    if (comments.length) {
      await this.zip.add(`xl/comments${part.index}.xml`, commentsXml(comments));
      await this.zip.add(`xl/drawings/vmlDrawing${part.index}.vml`, vmlXml(comments));
      await this.zip.add(
        `xl/worksheets/_rels/sheet${part.index}.xml.rels`,
        XML_DECL +
          `<Relationships xmlns="${NS_PKG_REL}">` +
          `<Relationship Id="rId1" Type="${NS_REL}/comments" Target="../comments${part.index}.xml"/>` +
          `<Relationship Id="rId2" Type="${NS_REL}/vmlDrawing" Target="../drawings/vmlDrawing${part.index}.vml"/>` +
          '</Relationships>',
      );
    }
  }

  /** @internal */
  sheetClosed(sheet: SheetWriter): void {
    if (this.open === sheet) this.open = null;
  }

  /** Place the parts written aside so far after the parts streamed, in the order they were written. */
  async placeAside(): Promise<void> {
    if (this.open) throw new Error(`xlsx: parts placed while sheet ${this.open.name} is still open`);
    for (const { part, comments, aside } of this.asideParts.splice(0)) {
      const index = this.parts.length + 1;
      await this.zip.place(`xl/worksheets/sheet${index}.xml`, aside);
      await this.closePart({ ...part, index }, comments, null);
    }
  }

  /** Give up the parts written aside (an export that failed): their spill files are closed. */
  abandon(): void {
    this.zip.discardAsides();
  }

  /** Write the workbook parts. `tabOrder` lists sheet names (continuations follow their sheet). */
  async finish(tabOrder: readonly string[]): Promise<void> {
    if (this.open) throw new Error(`xlsx: sheet ${this.open.name} is still open`);
    if (this.asideParts.length) throw new Error(`xlsx: sheet ${this.asideParts[0]!.part.name} was written aside and never placed`);
    const ordered: SheetPart[] = [];
    for (const name of tabOrder) {
      for (const p of this.parts) if ((p.name === name || p.name.startsWith(`${name} (`)) && !ordered.includes(p)) ordered.push(p);
    }
    for (const p of this.parts) if (!ordered.includes(p)) ordered.push(p);

    const z = this.zip;
    await z.add('xl/styles.xml', this.styles.xml());
    const filters = ordered
      .map(
        (p, i) =>
          (p.autoFilterRef ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(sheetRef(p.name))}!${absolute(p.autoFilterRef)}</definedName>` : '') +
          `<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xmlText(sheetRef(p.name))}!${absolute(p.printArea)}</definedName>` +
          (p.printTitles ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(sheetRef(p.name))}!${p.printTitles}</definedName>` : ''),
      )
      .join('');
    await z.add(
      'xl/workbook.xml',
      XML_DECL +
        `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
        ordered.map((p, i) => `<sheet name="${xmlText(p.name)}" sheetId="${i + 1}" r:id="rId${p.index}"/>`).join('') +
        '</sheets>' +
        (filters ? `<definedNames>${filters}</definedNames>` : '') +
        '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
    );
    const n = this.parts.length;
    await z.add(
      'xl/_rels/workbook.xml.rels',
      XML_DECL +
        `<Relationships xmlns="${NS_PKG_REL}">` +
        this.parts.map((p) => `<Relationship Id="rId${p.index}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${p.index}.xml"/>`).join('') +
        `<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    );
    await z.add(
      '[Content_Types].xml',
      XML_DECL +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        this.parts.map((p) => `<Override PartName="/xl/worksheets/sheet${p.index}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        this.parts
          .filter((p) => p.hasComments)
          .map((p) => `<Override PartName="/xl/comments${p.index}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`)
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
    );
    await z.add(
      '_rels/.rels',
      XML_DECL +
        `<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
        '</Relationships>',
    );
    await z.add(
      'docProps/core.xml',
      XML_DECL +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:title>${xmlText(this.info.title)}</dc:title><dc:creator>billrecon</dc:creator><cp:lastModifiedBy>billrecon</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${this.info.timestamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${this.info.timestamp}</dcterms:modified>` +
        '</cp:coreProperties>',
    );
    await z.add(
      'docProps/app.xml',
      XML_DECL +
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>billrecon</Application></Properties>',
    );
  }
}

interface SheetComment {
  row: number;
  col: number;
  text: string;
}

/** Where a column's data lies, across continuation sheets: for SUM formulas. */
export interface ColumnRange {
  sheet: string;
  ref: string;
}

export class SheetWriter {
  private entry: ZipEntry | null = null;
  private aside: AsideEntry | null = null;
  private index = 0;
  private partName: string;
  private partNo = 1;
  private rowNo = 0;
  /** Encoded XML waiting for the zip entry: rows are encoded one by one (cheaper than one big string). */
  private out = Buffer.allocUnsafe(FLUSH_AT);
  private used = 0;
  private pending: { cells: Cell[]; options: RowOptions | undefined }[] = [];
  private widths: number[];
  private started = false;
  private comments: SheetComment[] = [];
  private cellComments = 0;
  private readonly maxRows: number;
  private readonly letters: string[];
  private readonly plainStyle: number[];
  private readonly highlightStyle: number[];
  private readonly fillStyles = new Map<string, number[]>();
  private readonly headerStyle: number;
  /** Columns whose text wraps: a row with more than a line in one of them gets its height. */
  private readonly wrapCols: number[];
  /** Set when the sheet starts (the widths are known then). */
  private encoder: RowEncoder | null = null;
  /** Data rows per part, for formulas over a column. */
  readonly ranges: { sheet: string; first: number; last: number }[] = [];

  constructor(
    private readonly book: XlsxWriter,
    readonly name: string,
    private readonly columns: readonly Column[],
    private readonly options: SheetOptions,
  ) {
    this.partName = name;
    this.maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
    if (this.maxRows < 2) throw new Error('xlsx: maxRows must leave room for data');
    this.letters = columns.map((_, i) => columnLetter(i));
    this.widths = columns.map((c) => headerWidth(c.header) + 2);
    this.wrapCols = columns.flatMap((c, i) => (c.wrap ? [i] : []));
    this.plainStyle = columns.map((c) => book.styles.id(withFormat(c, {})));
    this.highlightStyle = columns.map((c) => book.styles.id(withFormat(c, { fill: HIGHLIGHT })));
    // Headers wrap (two lines at most, at a word where there is one): a column is as wide as its
    // figures, not as its name, so the printed page keeps a readable scale.
    this.headerStyle = book.styles.id({ bold: true, fill: HEADER_FILL, wrap: true });
    if (options.widths) this.widths = [...options.widths];
  }

  /** Append a row; resolves when the writer can take more. */
  async row(cells: Cell[], options?: RowOptions): Promise<void> {
    if (!this.started) {
      this.pending.push({ cells, options });
      if (this.pending.length >= FIT_SAMPLE_ROWS) await this.start();
      return;
    }
    await this.emit(cells, options);
  }

  /** Ranges of data cells of a column over all parts, e.g. for `SUM(...)`. */
  columnRanges(col: number): ColumnRange[] {
    const L = this.letters[col]!;
    return this.ranges.filter((r) => r.last >= r.first).map((r) => ({ sheet: r.sheet, ref: `${L}${r.first}:${L}${r.last}` }));
  }

  /** The row number (1-based) the next row will get on the current part. */
  get nextRow(): number {
    return this.started ? this.rowNo + 1 : this.pending.length + (this.options.noHeader ? 1 : 2);
  }

  async close(): Promise<void> {
    if (!this.started) await this.start();
    await this.endPart();
    this.book.sheetClosed(this);
  }

  /**
   * Start the sheet with its columns fitted to `sample` (the first rows), which is not written:
   * the rows come afterwards as encoded blocks (appendRows).
   */
  async fit(sample: readonly (readonly Cell[])[]): Promise<void> {
    if (this.started || this.pending.length) throw new Error(`xlsx: sheet ${this.name} already has rows`);
    this.pending = sample.slice(0, FIT_SAMPLE_ROWS).map((cells) => ({ cells: [...cells], options: undefined }));
    await this.start(false);
  }

  /** What a worker needs to encode this sheet's rows as this writer would (after fit). */
  encoding(): { spec: RowEncoderSpec; styles: FrozenStyleTable } {
    if (!this.encoder) throw new Error(`xlsx: sheet ${this.name} has not started`);
    return { spec: this.encoder.spec, styles: this.book.styles.freeze([...this.plainStyle, ...this.highlightStyle]) };
  }

  /** Data rows a part holds (the header takes a row). */
  get rowsPerPart(): number {
    return this.maxRows - (this.options.noHeader ? 0 : 1);
  }

  /**
   * Append `rows` rows encoded elsewhere (RowEncoder, numbered from `firstRow`), continuing on a
   * new part first when this one is full; their cell comments are numbered like the rows. The
   * rows are handed to the deflater without waiting for it to read them, so the caller can encode
   * the next block meanwhile; the next append (or any other write) waits for them first.
   */
  async appendRows(xml: readonly Uint8Array[], rows: number, firstRow: number, comments: readonly { row: number; col: number; text: string }[]): Promise<void> {
    if (!this.started) throw new Error(`xlsx: sheet ${this.name} has not started`);
    if (this.rowNo >= this.maxRows) await this.nextPart();
    if (firstRow !== this.rowNo + 1 || this.rowNo + rows > this.maxRows) throw new Error(`xlsx: rows ${firstRow}–${firstRow + rows - 1} do not follow row ${this.rowNo} of ${this.partName}`);
    await this.flush();
    for (const x of xml) this.entry!.queue(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
    this.queued = true;
    this.rowNo += rows;
    this.ranges[this.ranges.length - 1]!.last = this.rowNo;
    for (const cm of comments) this.addComment(cm.row, cm.col, cm.text);
  }

  private addComment(row: number, col: number, text: string): void {
    if (this.cellComments >= MAX_CELL_COMMENTS) return;
    this.cellComments++;
    this.comments.push({ row: row - 1, col, text });
  }

  private async nextPart(): Promise<void> {
    await this.endPart();
    this.partNo++;
    const suffix = ` (${this.partNo})`;
    this.partName = this.name.slice(0, 31 - suffix.length) + suffix;
    await this.beginPart();
  }

  private async start(emitPending = true): Promise<void> {
    this.started = true;
    if (!this.options.widths) {
      for (const { cells } of this.pending) {
        cells.forEach((c, i) => {
          if (i < this.widths.length) this.widths[i] = Math.max(this.widths[i]!, displayWidth(cellDisplay(c, this.columns[i]!.kind)) + 2);
        });
      }
      // Wrapped text grows down, not across: a narrower column keeps the printed page's scale up.
      this.widths = this.widths.map((w, i) => Math.min(w, this.columns[i]!.wrap ? WRAP_WIDTH : 60));
    }
    const spec = { kinds: this.columns.map((c) => c.kind), letters: this.letters, widths: this.widths, wrapCols: this.wrapCols, plainStyle: this.plainStyle, highlightStyle: this.highlightStyle };
    this.encoder = new RowEncoder(spec, this.book.styles);
    await this.beginPart();
    const rows = this.pending;
    this.pending = [];
    if (emitPending) for (const r of rows) await this.emit(r.cells, r.options);
  }

  private async beginPart(): Promise<void> {
    const { entry, index, aside } = await this.book.openPart(this.partName, this.options.aside ?? false);
    this.entry = entry;
    this.aside = aside;
    this.index = index;
    this.rowNo = 0;
    this.comments = [];
    const freeze = this.options.freezeHeader && !this.options.noHeader;
    this.put(
      XML_DECL +
      `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      // Printed to fit the page's width (as many pages down as it takes): an auditor's printout
      // must not split a row's columns over several pages (issue 15 §5).
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
      '<sheetViews><sheetView workbookViewId="0">' +
      (freeze ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' : '') +
      '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
      `<cols>${this.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
      '<sheetData>',
    );
    if (!this.options.noHeader) {
      this.rowNo = 1;
      const lines = Math.max(1, ...this.columns.map((c, i) => linesOf(c.header, this.widths[i]!)));
      let x = `<row r="1"${rowHeight(lines)}>`;
      this.columns.forEach((c, i) => {
        x += `<c r="${this.letters[i]}1" t="inlineStr" s="${this.headerStyle}"><is><t>${xmlText(c.header)}</t></is></c>`;
        if (c.comment) this.comments.push({ row: 0, col: i, text: c.comment });
      });
      this.put(x + '</row>');
    }
    this.ranges.push({ sheet: this.partName, first: this.rowNo + 1, last: this.rowNo });
  }

  private async endPart(): Promise<void> {
    const entry = this.entry!;
    const lastCol = this.letters[this.letters.length - 1] ?? 'A';
    const autoFilterRef = this.options.autoFilter && !this.options.noHeader ? `A1:${lastCol}${Math.max(this.rowNo, 1)}` : null;
    let tail = '</sheetData>';
    if (autoFilterRef) tail += `<autoFilter ref="${autoFilterRef}"/>`;
    tail += PRINT_SETUP;
    if (this.comments.length) tail += '<legacyDrawing r:id="rId2"/>';
    this.put(tail + '</worksheet>');
    await this.flush();
    await entry.close();
    this.entry = null;
    const printTitles = this.options.noHeader ? null : '$1:$1';
    const printArea = `A1:${lastCol}${Math.max(this.rowNo, 1)}`;
    await this.book.closePart({ name: this.partName, index: this.index, autoFilterRef, printArea, printTitles, hasComments: this.comments.length > 0 }, this.comments, this.aside);
    this.aside = null;
  }

  private async emit(cells: Cell[], options: RowOptions | undefined): Promise<void> {
    if (this.rowNo >= this.maxRows) await this.nextPart();
    const r = ++this.rowNo;
    this.ranges[this.ranges.length - 1]!.last = r;
    let styles = this.plainStyle;
    if (options?.fill) {
      let s = this.fillStyles.get(options.fill);
      if (!s) {
        const fill = options.fill;
        s = this.columns.map((c) => this.book.styles.id(withFormat(c, { fill })));
        this.fillStyles.set(fill, s);
      }
      styles = s;
    }
    this.put(this.encoder!.row(cells, r, styles, options?.highlight));
    for (const cm of options?.comments ?? []) this.addComment(r, cm.col, cm.text);
    if (this.used >= FLUSH_AT >> 1) await this.flush();
  }

  /** Encode XML into the pending buffer (a UTF-16 unit is at most 3 UTF-8 bytes). */
  private put(xml: string): void {
    const need = xml.length * 3;
    if (this.used + need > this.out.length) {
      if (this.used > 0) this.filled.push(this.out.subarray(0, this.used));
      this.out = Buffer.allocUnsafe(Math.max(FLUSH_AT, need));
      this.used = 0;
    }
    this.used += this.out.write(xml, this.used, 'utf8');
  }

  private filled: Buffer[] = [];

  /** Whether rows were queued (appendRows) that the deflater may not have read yet. */
  private queued = false;

  private async flush(): Promise<void> {
    if (this.queued) {
      this.queued = false;
      await this.entry!.settled();
    }
    const chunks = this.filled;
    this.filled = [];
    if (this.used > 0) chunks.push(this.out.subarray(0, this.used));
    // The zip entry keeps the buffers until zlib has read them: start a fresh one.
    this.out = Buffer.allocUnsafe(FLUSH_AT);
    this.used = 0;
    for (const c of chunks) await this.entry!.write(c);
  }

}

/** A header's narrowest width over two lines: half of it, or its longest word. */
function headerWidth(header: string): number {
  const longestWord = Math.max(0, ...header.split(/\s+/).map(displayWidth));
  return Math.max(longestWord, Math.ceil(displayWidth(header) / 2));
}

function withFormat({ kind, wrap }: Column, given: StyleSpec): StyleSpec {
  const spec = wrap ? { ...given, wrap } : given;
  const numFmt = kind === 'money2' ? NUMFMT[2] : kind === 'money8' ? NUMFMT[8] : kind === 'integer' ? NUMFMT[0] : undefined;
  return numFmt ? { ...spec, numFmt } : spec;
}

function absolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}

function commentsXml(comments: readonly SheetComment[]): string {
  return (
    XML_DECL +
    `<comments xmlns="${NS_MAIN}"><authors><author>billrecon</author></authors><commentList>` +
    comments
      .map((c) => `<comment ref="${columnLetter(c.col)}${c.row + 1}" authorId="0"><text><r><t xml:space="preserve">${xmlText(c.text)}</t></r></text></comment>`)
      .join('') +
    '</commentList></comments>'
  );
}

function vmlXml(comments: readonly SheetComment[]): string {
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    // Shape ids come in blocks of 1,024 (block 1 = 1024–2047); list every block the ids use.
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${Array.from({ length: Math.ceil((comments.length + 1) / 1024) }, (_, i) => i + 1).join(',')}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    comments
      .map(
        (c, i) =>
          `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:80pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
          '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
          '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
          `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c.col + 1}, 15, ${c.row}, 2, ${c.col + 4}, 15, ${c.row + 5}, 16</x:Anchor>` +
          `<x:AutoFill>False</x:AutoFill><x:Row>${c.row}</x:Row><x:Column>${c.col}</x:Column></x:ClientData></v:shape>`,
      )
      .join('') +
    '</xml>'
  );
}

/** SUM over a column's ranges, e.g. SUM('Corrected detail'!AC2:AC9,'Corrected detail (2)'!AC2:AC5). */
export function sumFormula(ranges: readonly ColumnRange[]): string {
  return ranges.length ? `SUM(${ranges.map((r) => `${sheetRef(r.sheet)}!${r.ref}`).join(',')})` : '0';
}
