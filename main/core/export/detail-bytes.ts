/**
 * The Corrected detail's rows written from the lines' source bytes. Most cells of a bill line are
 * already what the sheet shows (plain text, a plain decimal, a vendor time) and are copied from
 * the source record into the row's XML: no string decoded per cell, no row of XML encoded back.
 * Any other cell gets its value as CorrectedDetail.row gives it and RowEncoder.cellXml's XML, so
 * a row's bytes are the text path's either way (test/export/detail-bytes.test.ts). A line whose
 * record is not valid UTF-8 (or missing, or in a file of another encoding) is not written here.
 */
import { isUtf8 } from 'node:buffer';
import { FEE_EXPORT_FIELDS, FIELDS, type FieldName } from '../bill/columns.js';
import { displayValue, vendorLocal } from '../bill/line-fields.js';
import { batchBuffer } from '../bill/csv-bytes.js';
import { isVendorTimeBytes, plainDecimalBytes } from '../bill/values.js';
import { recordCell, type RecordCursor, type SourceLayout } from '../store/line-source.js';
import { LINE_AMOUNTS, type CorrectedDetail, type DetailRow, type LineAmounts } from './corrected-detail.js';
import { instant, type DetailRecord, type MonthLines } from './month-lines.js';
import { shortDecimal, type ColumnKind, type RowEncoder, type XmlBytes } from './row-xml.js';
import { isPlainTextBytes } from './xml-text.js';

/** How a column's value comes from the line (CorrectedDetail.row and month-lines.ts detailLine). */
const HOW = { none: 0, trace: 1, product: 2, month: 3, text: 4, decimal: 5, decimalOrZero: 6, time: 7, field: 8, raw: 9 } as const;
type How = (typeof HOW)[keyof typeof HOW];

interface ColumnPlan {
  how: How;
  field: FieldName | null;
  /** The source cell, −1 when the file has no such column. */
  cell: number;
}

/** Where each detail column of one import's lines comes from; null when the header row names a column twice (the text path decides which). */
function importPlan(layout: SourceLayout, typed: readonly [FieldName, string][], extraKeys: readonly string[]): ColumnPlan[] | null {
  const headers = layout.headers;
  if (new Set(headers).size !== headers.length) return null;
  const mapped = new Set(Object.values(layout.mapping).map((h) => headers.indexOf(h)));
  const fieldPlan = (field: FieldName, cell: number): ColumnPlan => {
    const type = FIELDS[field].type;
    const how = field === 'discountedTotal' ? HOW.decimalOrZero : cell < 0 ? HOW.none : type === 'time' ? HOW.time : type === 'amount' || type === 'decimal' ? HOW.decimal : type === 'text' ? HOW.text : HOW.field;
    return { how, field, cell };
  };
  const plan: ColumnPlan[] = [{ how: HOW.trace, field: null, cell: -1 }];
  for (const f of FEE_EXPORT_FIELDS) {
    if (f === 'product') plan.push({ how: HOW.product, field: f, cell: -1 });
    else if (f === 'billMonth') plan.push({ how: HOW.month, field: f, cell: -1 });
    else plan.push(fieldPlan(f, f in layout.mapping ? headers.indexOf(layout.mapping[f]!) : -1));
  }
  for (const k of extraKeys) {
    const t = typed.find(([, h]) => h === k);
    const i = headers.indexOf(k);
    if (t) plan.push(fieldPlan(t[0], i));
    else plan.push(i >= 0 && !mapped.has(i) && k.trim() !== '' ? { how: HOW.raw, field: null, cell: i } : { how: HOW.none, field: null, cell: -1 });
  }
  return plan;
}

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const TEXT_END = ascii('</t></is></c>');
const NUMBER_END = ascii('</v></c>');
const ROW_END = ascii('</row>');
/** The most a cell adds to its value's bytes (its reference, style and tags). */
const CELL_OVERHEAD = 96;

/** The detail columns of the amounts a line's checks and the Summary read (after the trace). */
const AMOUNT_COLUMNS = LINE_AMOUNTS.map((k) => 1 + FEE_EXPORT_FIELDS.indexOf(k));

/** A column's fixed bytes: `<c r="X`, then after the row number, for a plain and a highlighted cell. */
interface ColumnBytes {
  head: Uint8Array;
  text: [Uint8Array, Uint8Array];
  number: [Uint8Array, Uint8Array];
  kind: ColumnKind;
  letter: string;
  style: [number, number];
  /** sameCell's tails by value, for a plain and a highlighted cell. */
  tails: [Map<string, Uint8Array>, Map<string, Uint8Array>];
}

function columnBytes(encoder: RowEncoder): ColumnBytes[] {
  const sp = encoder.spec;
  return sp.kinds.map((kind, i) => {
    const style: [number, number] = [sp.plainStyle[i] ?? 0, sp.highlightStyle[i] ?? 0];
    const attr = (s: number): string => (s ? ` s="${s}"` : '');
    return {
      head: ascii(`<c r="${sp.letters[i]!}`),
      text: [ascii(`" t="inlineStr"${attr(style[0])}><is><t>`), ascii(`" t="inlineStr"${attr(style[1])}><is><t>`)],
      number: [ascii(`"${attr(style[0])}><v>`), ascii(`"${attr(style[1])}><v>`)],
      kind,
      letter: sp.letters[i]!,
      style,
      tails: [new Map(), new Map()],
    };
  });
}

/** What a row written here gives the block's tally and comments. */
export interface BytesRow {
  amounts: LineAmounts;
  checked: Pick<DetailRow, 'highlight' | 'differences'>;
}

export class DetailRowBytes {
  private readonly plans = new Map<number, ColumnPlan[] | null>();
  private readonly columns: ColumnBytes[];
  private readonly usable: boolean;
  private readonly fileNames = new Map<number, Uint8Array | null>();
  /** Filled per line; discountedTotal is never null (its plan reads a missing one as 0). */
  private readonly amounts: Record<(typeof LINE_AMOUNTS)[number], string | null> = Object.fromEntries(LINE_AMOUNTS.map((k) => [k, null])) as Record<(typeof LINE_AMOUNTS)[number], null>;
  private readonly rowDigits = new Uint8Array(16);
  private rowLen = 0;
  private out!: XmlBytes;
  private buf!: Buffer;
  private cur!: RecordCursor;
  private sourceLayout!: SourceLayout;
  private first = 0;
  private count = 0;

  constructor(
    private readonly layout: CorrectedDetail,
    private readonly encoder: RowEncoder,
    private readonly src: MonthLines,
  ) {
    this.columns = columnBytes(encoder);
    // Rows of more than one line (wrapped cells) and an encoder set up for other columns take the text path.
    this.usable = encoder.spec.wrapCols.length === 0 && this.columns.length === layout.columns.length;
  }

  /** Line `d` as sheet row `r` into `out`; null (nothing written) when its record must take the text path. */
  write(d: DetailRecord, r: number, out: XmlBytes): BytesRow | null {
    const c = d.rec.source;
    if (c === null || !this.usable || d.rec.layout.decoder.encoding !== 'utf-8') return null;
    const plan = this.planOf(d);
    if (plan === null) return null;
    const b = c.batch;
    this.first = b.first[c.r]!;
    this.count = b.first[c.r + 1]! - this.first;
    if (this.count > 0 && !isUtf8(b.buf.subarray(b.cs[this.first]!, b.ce[this.first + this.count - 1]!))) return null;
    this.buf = batchBuffer(b);
    this.cur = c;
    this.sourceLayout = d.rec.layout;
    this.out = out;
    for (let j = 0; j < LINE_AMOUNTS.length; j++) this.amounts[LINE_AMOUNTS[j]!] = this.figureText(plan[AMOUNT_COLUMNS[j]!]!, d);
    const amounts = this.amounts as LineAmounts;
    const checked = this.layout.checks(amounts, d.verdict, d.failures);
    this.startRow(r);
    for (let i = 0; i < plan.length; i++) this.cell(plan[i]!, i, d, checked.highlight.includes(i) ? 1 : 0);
    for (let j = 0; j < checked.cells.length; j++) this.computed(plan.length + j, checked.cells[j]!, checked.highlight.includes(plan.length + j) ? 1 : 0);
    this.out.reserve(ROW_END.length);
    this.bytes(ROW_END);
    return { amounts, checked };
  }

  private planOf(d: DetailRecord): ColumnPlan[] | null {
    const id = d.rec.importId;
    let plan = this.plans.get(id);
    if (plan === undefined) {
      plan = importPlan(d.rec.layout, d.typed, this.layout.extraKeys);
      this.plans.set(id, plan);
    }
    return plan;
  }

  private startRow(r: number): void {
    const digits = String(r);
    for (let i = 0; i < digits.length; i++) this.rowDigits[i] = digits.charCodeAt(i);
    this.rowLen = digits.length;
    this.out.reserve(16 + digits.length);
    this.ascii(`<row r="${digits}">`);
  }

  /** The value CorrectedDetail.row shows in a planned column, through the text path's conversions. */
  private valueText(p: ColumnPlan, d: DetailRecord): string | null {
    switch (p.how) {
      case HOW.none:
        return null;
      case HOW.trace:
        return this.src.trace(d.rec.importId, d.rec.row);
      case HOW.product:
        return d.rec.key.product;
      case HOW.month:
        return this.src.month;
      case HOW.raw:
        return this.raw(p.cell);
      default: {
        const v = displayValue(p.field!, this.raw(p.cell));
        if (p.how === HOW.decimalOrZero) return v ?? '0';
        return p.how === HOW.time && v !== null && v !== '' ? vendorLocal(instant(v)!) : v;
      }
    }
  }

  /** valueText of an amount or the payer, read from the bytes when they are plain. */
  private figureText(p: ColumnPlan, d: DetailRecord): string | null {
    const b = this.cur.batch;
    const k = p.cell >= 0 && p.cell < this.count ? this.first + p.cell : -1;
    if (k >= 0 && b.cq[k] !== 2 && b.ce[k]! > b.cs[k]!) {
      const s = b.cs[k]!;
      const e = b.ce[k]!;
      if (p.how === HOW.decimal || p.how === HOW.decimalOrZero) {
        const from = plainDecimalBytes(this.buf, s, e);
        if (from >= 0) return this.buf.toString('latin1', from, e);
      } else if (p.how === HOW.text && isPlainTextBytes(this.buf, s, e)) return this.buf.toString('utf8', s, e);
    }
    return this.valueText(p, d);
  }

  private raw(cell: number): string {
    return cell >= 0 && cell < this.count ? recordCell(this.cur, cell, this.sourceLayout) : '';
  }

  /** One planned column: its source bytes copied when they are what the sheet shows, else the text path's cell. */
  private cell(p: ColumnPlan, i: number, d: DetailRecord, hl: 0 | 1): void {
    const col = this.columns[i]!;
    const k = p.cell >= 0 && p.cell < this.count ? this.first + p.cell : -1;
    const b = this.cur.batch;
    if (p.how === HOW.none) return;
    if (p.how === HOW.trace) return this.traceCell(col, d, hl);
    if (p.how === HOW.product || p.how === HOW.month) return this.sameCell(col, hl, p.how === HOW.product ? d.rec.key.product : this.src.month);
    // An empty cell is no value (displayValue), and a missing payment total 0 (detailLine).
    if (k < 0 || b.ce[k] === b.cs[k]) return p.how === HOW.decimalOrZero ? this.textPath(col, hl, '0') : undefined;
    // A cell of doubled quotes is decoded (its bytes are not its text).
    const s = b.cq[k] === 2 ? -1 : b.cs[k]!;
    const e = b.ce[k]!;
    if (s >= 0) {
      // "-" and "--" are the vendor's "no value" (isBlank) in a typed column, and a plain "-" in an unmapped one.
      const dashes = (e - s === 1 || (e - s === 2 && this.buf[s + 1] === 45)) && this.buf[s] === 45;
      if (dashes && p.how !== HOW.decimalOrZero && p.how !== HOW.raw) return;
      if (dashes && p.how === HOW.raw && e - s === 1) return this.textCell(col, hl, s, e);
      if ((p.how === HOW.text || p.how === HOW.raw) && isPlainTextBytes(this.buf, s, e)) return this.textCell(col, hl, s, e);
      if (p.how === HOW.time && isVendorTimeBytes(this.buf, s, e)) return this.textCell(col, hl, s, e);
      if (p.how === HOW.decimal || p.how === HOW.decimalOrZero) {
        const from = plainDecimalBytes(this.buf, s, e);
        if (from >= 0 && col.kind !== 'text') return this.numberCell(col, hl, from, e);
        if (from === s && this.buf[s] !== 45) return this.textCell(col, hl, s, e);
      }
    }
    this.textPath(col, hl, this.valueText(p, d));
  }

  /** The trace `file:row`: the file name's bytes when they are plain text, else the text path. */
  private traceCell(col: ColumnBytes, d: DetailRecord, hl: 0 | 1): void {
    let name = this.fileNames.get(d.rec.importId);
    if (name === undefined) {
      const bytes = Buffer.from(this.src.trace(d.rec.importId, 0).slice(0, -2), 'utf8');
      name = isPlainTextBytes(bytes, 0, bytes.length) ? bytes : null;
      this.fileNames.set(d.rec.importId, name);
    }
    if (name === null) return this.textPath(col, hl, this.valueText({ how: HOW.trace, field: null, cell: -1 }, d));
    this.out.reserve(name.length + CELL_OVERHEAD);
    this.cellStart(col, col.text[hl]);
    this.bytes(name);
    this.ascii(`:${d.rec.row}`);
    this.bytes(TEXT_END);
  }

  /**
   * A value many lines share (the key's product, the month): its cell after the row number
   * encoded once per column. A text cell's attributes start after the reference, so the text
   * path's XML for an empty reference is that tail.
   */
  private sameCell(col: ColumnBytes, hl: 0 | 1, value: string): void {
    if (value === '') return;
    const cache = col.tails[hl];
    let tail = cache.get(value);
    if (tail === undefined) {
      tail = Buffer.from(`"${this.encoder.cellXml('', value, col.kind, col.style[hl]).slice(2)}`, 'utf8');
      if (cache.size < 256) cache.set(value, tail);
    }
    this.out.reserve(tail.length + CELL_OVERHEAD);
    this.bytes(col.head);
    this.digits();
    this.bytes(tail);
  }

  private textCell(col: ColumnBytes, hl: 0 | 1, s: number, e: number): void {
    this.out.reserve(e - s + CELL_OVERHEAD);
    this.cellStart(col, col.text[hl]);
    this.copy(s, e);
    this.bytes(TEXT_END);
  }

  /** A plain decimal's bytes as the sheet's number: without trailing fraction zeros (shortDecimal). */
  private numberCell(col: ColumnBytes, hl: 0 | 1, s: number, e: number): void {
    // Past the point, the value ends after its last digit other than 0 (or before the point).
    const b = this.buf;
    let end = e;
    let point = s;
    while (point < e && b[point] !== 46) point++;
    if (point < e) {
      end = point;
      for (let i = point + 1; i < e; i++) if (b[i] !== 48) end = i + 1;
    }
    this.out.reserve(end - s + CELL_OVERHEAD);
    this.cellStart(col, col.number[hl]);
    this.copy(s, end);
    this.bytes(NUMBER_END);
  }

  /** A recomputed figure (formatUnits text, ASCII) or its difference. */
  private computed(i: number, value: string | null, hl: 0 | 1): void {
    if (value === null) return;
    const col = this.columns[i]!;
    const short = shortDecimal(value);
    this.out.reserve(short.length + CELL_OVERHEAD);
    this.cellStart(col, col.number[hl]);
    this.ascii(short);
    this.bytes(NUMBER_END);
  }

  private textPath(col: ColumnBytes, hl: 0 | 1, value: string | null): void {
    if (value === null || value === '') return;
    const ref = ` r="${col.letter}${String.fromCharCode(...this.rowDigits.subarray(0, this.rowLen))}"`;
    this.out.put(this.encoder.cellXml(ref, value, col.kind, col.style[hl]));
  }

  private cellStart(col: ColumnBytes, mid: Uint8Array): void {
    this.bytes(col.head);
    this.digits();
    this.bytes(mid);
  }

  /** The row's number. */
  private digits(): void {
    const o = this.out.buf;
    let u = this.out.used;
    for (let i = 0; i < this.rowLen; i++) o[u++] = this.rowDigits[i]!;
    this.out.used = u;
  }

  // Loops, not set(subarray): a view per cell costs more than copying a cell's few bytes.
  private bytes(a: Uint8Array): void {
    const o = this.out.buf;
    let u = this.out.used;
    for (let i = 0; i < a.length; i++) o[u++] = a[i]!;
    this.out.used = u;
  }

  private copy(s: number, e: number): void {
    const o = this.out.buf;
    const src = this.buf;
    let u = this.out.used;
    for (let i = s; i < e; i++) o[u++] = src[i]!;
    this.out.used = u;
  }

  private ascii(text: string): void {
    const o = this.out.buf;
    let u = this.out.used;
    for (let i = 0; i < text.length; i++) o[u++] = text.charCodeAt(i);
    this.out.used = u;
  }
}
