/**
 * The Corrected detail sheet in blocks: the month's lines cut into runs of one import, each
 * encoded to its rows' XML on its own (in a worker, detail-pool.ts, or in this thread) with the
 * figures the Summary needs of it. A million-line month is most of an export's work; blocks let
 * two cores share it while the rows still reach the sheet in order, numbered as one sheet.
 */
import { UnitSum, parseFastOrUnits, type FastUnits, type Units } from '../money/index.js';
import type { Db } from '../store/index.js';
import { CorrectedDetail, type DetailRow, type LineAmounts } from './corrected-detail.js';
import { DetailRowBytes, type BytesRow } from './detail-bytes.js';
import type { Lang } from './labels.js';
import { monthLines, type DetailLine, type LineRange, type MonthLines } from './month-lines.js';
import { FrozenStyles, RowEncoder, XmlBytes, type FrozenStyleTable, type RowEncoderSpec } from './row-xml.js';
import type { Month } from '../model.js';

export const SUM_KEYS = ['originalCost', 'discountedTotal', 'voucher', 'cash', 'gift', 'originalCostDiff', 'discountedTotalDiff', 'paymentsDiff'] as const;
export type SumKey = (typeof SUM_KEYS)[number];

/** Lines per block: big enough that a worker's round trip is noise, small enough that the blocks in flight stay a few MB. */
export const BLOCK_LINES = 4096;

export interface DetailBlockJob extends LineRange {
  month: Month;
  lang: Lang;
  extraKeys: string[];
  /** The rows the block holds and the sheet row of its first. */
  rows: number;
  firstRow: number;
  encoding: { spec: RowEncoderSpec; styles: FrozenStyleTable };
}

/** What the Summary totals of the detail lines; additive over blocks. */
export interface DetailFigures {
  lines: number;
  differing: number;
  sums: Record<SumKey, Units>;
  billedPrecision: Units;
  payers: string[];
}

export interface DetailBlock extends DetailFigures {
  /** The rows' XML, in pieces. */
  xml: Uint8Array[];
  comments: { row: number; col: number; text: string }[];
}

const units = (text: string | null): FastUnits | Units => (text === null ? 0 : (parseFastOrUnits(text) ?? 0));

/** The detail figures summed over the blocks. */
export class DetailTally {
  lines = 0;
  differing = 0;
  readonly sums = Object.fromEntries(SUM_KEYS.map((k) => [k, new UnitSum()])) as Record<SumKey, UnitSum>;
  readonly billedPrecision = new UnitSum();
  readonly payers = new Set<string>();

  addLine(line: LineAmounts, precisionLine: boolean, row: Pick<DetailRow, 'highlight' | 'differences'>): void {
    this.lines++;
    if (row.highlight.length > 0) this.differing++;
    for (const k of ['originalCost', 'discountedTotal', 'voucher', 'cash', 'gift'] as const) this.sums[k].add(units(line[k]));
    for (const [check, diff] of Object.entries(row.differences)) this.sums[`${check}Diff` as SumKey].add(diff);
    if (precisionLine) this.billedPrecision.add(units(line.discountedTotal));
    if (line.payerUin !== null) this.payers.add(line.payerUin);
  }

  merge(f: DetailFigures): void {
    this.lines += f.lines;
    this.differing += f.differing;
    for (const k of SUM_KEYS) this.sums[k].add(f.sums[k]);
    this.billedPrecision.add(f.billedPrecision);
    for (const p of f.payers) this.payers.add(p);
  }

  figures(): DetailFigures {
    return {
      lines: this.lines,
      differing: this.differing,
      sums: Object.fromEntries(SUM_KEYS.map((k) => [k, this.sums[k].value()])) as Record<SumKey, Units>,
      billedPrecision: this.billedPrecision.value(),
      payers: [...this.payers],
    };
  }
}

/** The first `n` rows of the detail (read block by block), for the sheet's column widths. */
export function sampleRows(src: MonthLines, blocks: readonly LineRange[], layout: CorrectedDetail, n: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const block of blocks) {
    for (const d of src.lines(block)) {
      if (rows.length >= n) return rows;
      rows.push(layout.row(d).cells);
    }
  }
  return rows;
}

/**
 * The month's lines cut into blocks of at most `size` lines of one import, numbered from
 * `firstRow`; a block never runs past the end of a sheet part (a part holds `rowsPerPart` rows
 * after its header, the next part starts again at `firstRow`).
 */
export function* planBlocks(src: MonthLines, firstRow: number, rowsPerPart: number, size = BLOCK_LINES): Generator<LineRange & { rows: number; firstRow: number }> {
  let inPart = 0;
  for (const { importId, ids } of src.lineIds()) {
    for (let i = 0; i < ids.length; ) {
      if (inPart === rowsPerPart) inPart = 0;
      const rows = Math.min(size, rowsPerPart - inPart, ids.length - i);
      yield { importId, from: ids[i]!, to: ids[i + rows - 1]!, rows, firstRow: firstRow + inPart };
      inPart += rows;
      i += rows;
    }
  }
}

/** One block's rows as XML with its figures and cell comments: the same in a worker and here. */
export function encodeBlock(db: Db, job: DetailBlockJob, src: MonthLines = monthLines(db, job.month)): DetailBlock {
  const layout = new CorrectedDetail(job.lang, job.extraKeys);
  const encoder = new RowEncoder(job.encoding.spec, new FrozenStyles(job.encoding.styles));
  const fromBytes = new DetailRowBytes(layout, encoder, src);
  const tally = new DetailTally();
  const xml = new XmlBytes();
  const comments: DetailBlock['comments'] = [];
  for (const d of src.records(job)) {
    const r = job.firstRow + tally.lines;
    const row = fromBytes.write(d, r, xml) ?? textRow(src.lineOf(d), r, layout, encoder, xml);
    tally.addLine(row.amounts, d.precisionLine, row.checked);
    for (const col of row.checked.highlight) {
      const rule = layout.ruleOf(col);
      if (rule !== null) comments.push({ row: r, col, text: rule });
    }
  }
  // The sheet was planned from the same lines: a different count means the month changed meanwhile.
  if (tally.lines !== job.rows) throw new Error(`export: the month's fee lines changed while it was exported (${tally.lines} lines where ${job.rows} were planned); export again`);
  return { ...tally.figures(), xml: xml.pieces(), comments };
}

/** A line the byte path does not write (detail-bytes.ts): its cells as text, encoded as the other sheets' rows are. */
function textRow(d: DetailLine, r: number, layout: CorrectedDetail, encoder: RowEncoder, xml: XmlBytes): BytesRow {
  const row = layout.row(d);
  xml.put(encoder.row(row.cells, r, undefined, row.highlight.length ? row.highlight : undefined));
  return { amounts: d.line, checked: row };
}
