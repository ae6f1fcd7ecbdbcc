import type { ImportRecord, Month } from '../model.js';
import { BRIDGE_CATEGORIES } from '../bill/terms.js';
import { formatUnits, parseUnits, UnitSum, type Units } from '../money/index.js';
import type { Mismatch } from '../report/mismatch.js';
import { isGroupBill, transactionPrecision, type ReconcileReport, type ScopeFilter } from '../reconcile/index.js';
import { writeAccountsSheet } from './group-sheet.js';
import { getImport, openReader, readerOf, type Db, type ReaderSpec } from '../store/index.js';
import { importsWithLines } from '../store/line-reader.js';
import { SIDE } from '../store/line-writer.js';
import { writeAtomically } from './atomic-file.js';
import { CorrectedDetail } from './corrected-detail.js';
import { CATEGORY_FILLS, CATEGORY_LABELS, L, label, TIW_ITEM_LABELS, type Lang } from './labels.js';
import { MISMATCH_HEADS, MISMATCH_MONEY, MISMATCH_WRAP, mismatchCells } from './mismatch-columns.js';
import { monthLines, type MonthLines } from './month-lines.js';
import { claimsSheet } from './claims-sheet.js';
import type { MonthClaims } from '../reconcile/claims.js';
import { FIT_SAMPLE_ROWS, sumFormula, XlsxWriter, type Cell, type ColumnKind, type SheetOptions, type SheetWriter } from './xlsx-writer.js';
import { DetailTally, planBlocks, sampleRows, type DetailBlockJob, type DetailFigures, type SumKey } from './detail-blocks.js';
import { encodeBlocks } from './detail-pool.js';
import { ZipStream } from './zip-stream.js';
import { SpillFile } from './spill-file.js';
import { auditSheet, signOffRows } from './sign-off.js';
import type { SignOff } from '../close/index.js';
import type { AuditEvent } from '../store/closed-months.js';

/** What the reconciliation of the month contributes, when it has been run (see reconciled.ts). */
export interface ReconcileForExport {
  report: Pick<ReconcileReport, 'currency' | 'tolerance' | 'period' | 'fee' | 'consumption' | 'precision' | 'bridge' | 'groups'>;
  /** The stored mismatches in their stable order, streamed. */
  mismatches(): Iterable<Mismatch>;
}


/** One day and item of the whiteboard rating (SPEC §4), when the month was rated. */
export interface WhiteboardRatingRow {
  day: string;
  item: string;
  usage: string;
  trial: string;
  free: string;
  package: string;
  postpaid: string;
  /** 8 dp */
  exactCost: string;
  /** 2 dp, what is deducted that day */
  cost: string;
  currency: string;
  source: string;
}

export interface WorkbookOptions {
  month: Month;
  lang: Lang;
  /** Default 0.01 (SPEC §3). */
  tolerance?: string;
  reconcile?: ReconcileForExport;
  /** Group accounts: the Mismatches are the scope's (reconciled.ts) and the Accounts sheet shows the scope's rows. */
  scope?: ScopeFilter;
  whiteboard?: Iterable<WhiteboardRatingRow>;
  /** Rows per sheet including the header (Excel's 1,048,576 by default; tests use less). */
  maxRowsPerSheet?: number;
  /** Called every 10,000 detail lines and at the end (done, total), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** A month closed, or closed once: its sign-off (null once reopened) on the Summary and its audit log as a sheet. */
  signOff?: { signOff: SignOff | null; events: readonly AuditEvent[] };
  /** What the vendor owes (reconcile/claims.ts), as a Claims sheet after the Mismatches. */
  claims?: MonthClaims;
  /** Tests only: leave formula results out, so a spreadsheet has to calculate them itself. */
  omitCachedResults?: boolean;
}

export interface WorkbookTotals {
  lines: number;
  linesWithDifferences: number;
  originalCost: string;
  discountedTotal: string;
  voucher: string;
  cash: string;
  gift: string;
  originalDiff: string;
  discountedDiff: string;
  paymentsDiff: string;
  transactions: number;
  rated: string;
  deducted: string;
  precisionOurs: string;
  precisionBilled: string;
}

export interface WorkbookResult {
  path: string;
  /** Sheet names in tab order. */
  sheets: string[];
  totals: WorkbookTotals;
}

/**
 * The corrected workbook of a month (issue 6): written as a stream into a temporary file beside
 * the target and renamed into place, so memory stays flat and a failure leaves nothing behind.
 * Its bytes depend only on the database and the options: timestamps come from the imports,
 * rows come in a fixed order.
 */
export async function exportWorkbook(db: Db, target: string, options: WorkbookOptions): Promise<WorkbookResult> {
  const { month } = options;
  const src = monthLines(db, month);
  return writeAtomically(target, async (out) => {
    const zip = new ZipStream(out);
    const book = new XlsxWriter(zip, { title: `billrecon ${month}`, timestamp: stableTimestamp(src.files, month) });
    const w = new WorkbookWriter(db, book, src, options);
    const { detail, precision } = await w.detailAndPrecision().finally(() => book.abandon());
    const tabs = [w.names.summary];
    if (options.reconcile) tabs.push(await w.mismatchSheet(options.reconcile));
    if (options.claims) tabs.push(await claimsSheet(book, options.lang, options.claims, { autoFilter: true, freezeHeader: true }));
    // A group bill's (or a scoped export's) figures per account, project and tag, as the report holds them.
    const groups = options.reconcile?.report.groups;
    if (groups && (isGroupBill(groups) || options.scope)) tabs.push(await writeAccountsSheet(book, options.lang, groups, options.scope, { autoFilter: true, freezeHeader: true }));
    tabs.push(w.names.detail, w.names.precision);
    if (options.whiteboard) tabs.push(await w.whiteboardSheet(options.whiteboard));
    if (options.signOff) tabs.push(await auditSheet(book, options.lang, options.signOff.events, w.auditSheetOptions));
    // The Summary is written last and shown first.
    await w.summarySheet(detail, precision);
    await book.finish(tabs);
    await zip.finish();
    return { path: target, sheets: tabs, totals: totalsOf(detail, precision) };
  });
}

interface DetailTotals extends DetailFigures {
  sheet: SheetWriter;
  layout: CorrectedDetail;
}

/** The Corrected detail with its columns fitted and its blocks planned. */
interface StartedDetail {
  layout: CorrectedDetail;
  sheet: SheetWriter;
  jobs: DetailBlockJob[];
}

interface PrecisionTotals {
  sheet: SheetWriter;
  transactions: number;
  rated: Units;
  deducted: Units;
}

function totalsOf(d: DetailTotals, p: PrecisionTotals): WorkbookTotals {
  const s = (k: SumKey) => formatUnits(d.sums[k], 8);
  return {
    lines: d.lines,
    linesWithDifferences: d.differing,
    originalCost: s('originalCost'),
    discountedTotal: s('discountedTotal'),
    voucher: s('voucher'),
    cash: s('cash'),
    gift: s('gift'),
    originalDiff: s('originalCostDiff'),
    discountedDiff: s('discountedTotalDiff'),
    paymentsDiff: s('paymentsDiff'),
    transactions: p.transactions,
    rated: formatUnits(p.rated, 8),
    deducted: formatUnits(p.deducted, 2),
    precisionOurs: formatUnits(p.deducted - p.rated, 8),
    precisionBilled: formatUnits(d.billedPrecision, 8),
  };
}

const units = (text: string | null): Units => (text === null ? 0n : (parseUnits(text) ?? 0n));

/** The sheets of one workbook, each written by its own method. */
class WorkbookWriter {
  readonly names;
  private readonly lang: Lang;
  private readonly sheetOpts;

  constructor(
    private readonly db: Db,
    private readonly book: XlsxWriter,
    private readonly src: MonthLines,
    private readonly options: WorkbookOptions,
  ) {
    const lang = (this.lang = options.lang);
    this.names = { summary: label(lang, L.summary), mismatches: label(lang, L.mismatches), detail: label(lang, L.detail), precision: label(lang, L.precision), whiteboard: label(lang, L.whiteboard) };
    this.sheetOpts = { autoFilter: true, freezeHeader: true, ...(options.maxRowsPerSheet ? { maxRows: options.maxRowsPerSheet } : {}) };
  }

  /** The options every table sheet gets (the audit log's too, sign-off.ts). */
  get auditSheetOptions(): SheetOptions {
    return this.sheetOpts;
  }

  /**
   * The Corrected detail first: the Summary's totals are the sums taken while it streams. The
   * Precision sheet is written at the same time, aside, from a connection of its own (one runs a
   * statement at a time), and placed after it: the export's thread has time to spare while the
   * detail's worker encodes. A database in memory cannot be opened twice, and an entry cannot be
   * kept aside without a temporary folder: there it follows, with the same bytes.
   * The Precision sheet starts once the detail has started, so styles are numbered as before.
   */
  async detailAndPrecision(): Promise<{ detail: DetailTotals; precision: PrecisionTotals }> {
    const reader = SpillFile.available() ? readerOf(this.db) : null;
    const started = await this.startDetail();
    if (!reader) return { detail: await this.detailSheet(started), precision: await this.precisionSheet(null) };
    // Both run to their end before either's failure is thrown: nothing of the export runs after it.
    const [detail, precision] = await Promise.allSettled([this.detailSheet(started), this.precisionSheet(reader)]);
    if (detail.status === 'rejected') throw detail.reason;
    if (precision.status === 'rejected') throw precision.reason;
    await this.book.placeAside();
    return { detail: detail.value, precision: precision.value };
  }

  /** The Corrected detail's sheet, its columns fitted to its first rows, its blocks planned. */
  private async startDetail(): Promise<StartedDetail> {
    const layout = new CorrectedDetail(this.lang, this.src.extraKeys);
    const sheet = await this.book.addSheet(this.names.detail, layout.columns, this.sheetOpts);
    const blocks = [...planBlocks(this.src, sheet.nextRow, sheet.rowsPerPart)];
    await sheet.fit(sampleRows(this.src, blocks, layout, FIT_SAMPLE_ROWS));
    const base = { month: this.options.month, lang: this.lang, extraKeys: this.src.extraKeys, encoding: sheet.encoding() };
    return { layout, sheet, jobs: blocks.map((b) => ({ ...base, ...b })) };
  }

  /** The Corrected detail's rows, encoded in blocks (detail-blocks.ts) by worker threads where there are several. */
  private async detailSheet({ layout, sheet, jobs }: StartedDetail): Promise<DetailTotals> {
    const tally = new DetailTally();
    let i = 0;
    for await (const block of encodeBlocks(this.db, this.src, jobs)) {
      await sheet.appendRows(block.xml, block.lines, jobs[i++]!.firstRow, block.comments);
      tally.merge(block);
      this.options.onProgress?.(tally.lines, this.src.lineCount);
    }
    await sheet.close();
    if (jobs.length === 0) this.options.onProgress?.(0, this.src.lineCount);
    return { ...tally.figures(), sheet, layout };
  }

  /** Precision per transaction (SPEC §2); aside, read through a connection of its own, with a reader. */
  private async precisionSheet(reader: ReaderSpec | null): Promise<PrecisionTotals> {
    const lang = this.lang;
    const sheet = await this.book.addSheet(
      this.names.precision,
      [
        { header: label(lang, L.transactionId), kind: 'text' },
        { header: label(lang, L.lines), kind: 'integer' },
        { header: label(lang, L.rated), kind: 'money8' },
        { header: label(lang, L.deducted), kind: 'money2', comment: label(lang, L.ruleDeducted) },
        { header: label(lang, L.precisionDiff), kind: 'money8' },
        { header: label(lang, L.sources), kind: 'text' },
      ],
      { ...this.sheetOpts, aside: reader !== null },
    );
    const db = reader ? openReader(reader) : this.db;
    // Beside the detail's, this connection's page cache and sort stay at SQLite's own default
    // (2 MB, not better-sqlite3's 16): the same speed for this one sorted pass, and the export's
    // peak memory as it was when the sheets ran one after the other.
    if (db !== this.db) db.pragma('cache_size = -2000');
    try {
      const rated = new UnitSum();
      const deducted = new UnitSum();
      let transactions = 0;
      for (const t of transactionPrecision(db, this.options.month, this.src.trace)) {
        transactions++;
        rated.add(t.exact.rated);
        deducted.add(t.exact.deducted);
        await sheet.row([t.transactionId, String(t.lines), t.rated, t.deducted, t.difference, t.sources.join(', ')]);
      }
      await sheet.close();
      return { sheet, transactions, rated: rated.value(), deducted: deducted.value() };
    } finally {
      if (db !== this.db) db.close();
    }
  }

  async mismatchSheet(reconcile: ReconcileForExport): Promise<string> {
    const lang = this.lang;
    const sheet = await this.book.addSheet(this.names.mismatches, MISMATCH_HEADS.map((h) => ({ header: label(lang, h), kind: MISMATCH_MONEY.has(h) ? 'money2' : 'text', ...(MISMATCH_WRAP.has(h) ? { wrap: true } : {}) })), this.sheetOpts);
    for (const m of reconcile.mismatches()) await sheet.row(mismatchCells(m, lang), { fill: CATEGORY_FILLS[m.category] ?? 'FFFFFFFF' });
    await sheet.close();
    return this.names.mismatches;
  }

  async whiteboardSheet(rows: Iterable<WhiteboardRatingRow>): Promise<string> {
    const lang = this.lang;
    const heads = [L.day, L.item, L.usage, L.trialUse, L.freeQuota, L.packageUse, L.postpaid, L.rated, L.deducted, L.currency, L.sources];
    const kinds: ColumnKind[] = ['text', 'text', 'number', 'number', 'number', 'number', 'number', 'money8', 'money2', 'text', 'text'];
    const sheet = await this.book.addSheet(this.names.whiteboard, heads.map((h, i) => ({ header: label(lang, h), kind: kinds[i]! })), this.sheetOpts);
    for (const r of rows) {
      const item = label(lang, TIW_ITEM_LABELS[r.item] ?? [r.item, r.item]);
      await sheet.row([r.day, item, r.usage, r.trial, r.free, r.package, r.postpaid, r.exactCost, r.cost, r.currency, r.source]);
    }
    await sheet.close();
    return this.names.whiteboard;
  }

  async summarySheet(detail: DetailTotals, precision: PrecisionTotals): Promise<void> {
    const s = await this.book.addSheet(this.names.summary, Array.from({ length: 5 }, () => ({ header: '', kind: 'text' as const })), { noHeader: true, widths: [44, 26, 68, 28, 10] });
    await this.summaryHead(s, detail.payers);
    await this.summaryTotals(s, detail);
    await this.summaryPrecision(s, detail, precision);
    await this.summaryBridge(s);
    if (this.options.signOff) {
      await s.row([]);
      await signOffRows(s, this.lang, this.options.signOff.signOff);
    }
    await s.close();
  }

  private cached(v: string): string {
    return this.options.omitCachedResults ? '' : v;
  }

  private sumOf(sheet: SheetWriter, col: number, value: Units, dp: 0 | 2 | 8): Cell {
    return { f: sumFormula(sheet.columnRanges(col)), cached: this.cached(formatUnits(value, dp)), dp };
  }

  private async summaryHead(s: SheetWriter, payerSet: readonly string[]): Promise<void> {
    const { lang, src } = this;
    const month = this.options.month;
    const payers = [...payerSet].sort();
    const r = this.options.reconcile?.report;
    const periods = r ? (r.period === 'mixed' ? (['deduction', 'billing'] as const) : [r.period]) : [...new Set(src.files.map((f) => f.period).filter((p): p is 'deduction' | 'billing' => p !== null))];
    const tolerance = r?.tolerance ?? this.options.tolerance ?? '0.01';
    await s.row([bold(`billrecon — ${month}`)]);
    await s.row([label(lang, L.account), payers.join(', ')]);
    await s.row([label(lang, L.month), month]);
    await s.row([label(lang, L.period), periods.map((p) => label(lang, p === 'deduction' ? L.periodDeduction : L.periodBilling)).join(', ')]);
    await s.row([label(lang, L.tolerance), { n: formatUnits(units(tolerance), 2), dp: 2 }]);
    await s.row([]);
    await s.row([bold(label(lang, L.files)), bold(label(lang, L.kind)), bold('sha256'), bold(label(lang, L.importedAt)), bold(label(lang, L.rows))]);
    const consumptionIds = importsWithLines(this.db, SIDE.consumption, [month]);
    const used = [...src.files, ...consumptionIds.map((id) => getImport(this.db, id)).filter((f): f is ImportRecord => f !== undefined)];
    for (const f of used) await s.row([f.fileName, f.kind, f.sha256, f.importedAt, { n: String(f.rowCount), dp: 0 }]);
    await s.row([]);
  }

  private async summaryTotals(s: SheetWriter, d: DetailTotals): Promise<void> {
    const lang = this.lang;
    const i = d.layout.index;
    const v = (k: SumKey) => d.sums[k];
    await s.row([bold(label(lang, L.totals))]);
    await s.row([label(lang, L.feeLines), { n: String(d.lines), dp: 0 }]);
    await s.row([label(lang, L.detailOriginal), this.sumOf(d.sheet, i.originalCost, v('originalCost'), 8)]);
    await s.row([label(lang, L.detailDiscounted), this.sumOf(d.sheet, i.discountedTotal, v('discountedTotal'), 8)]);
    await s.row([label(lang, L.detailVoucher), this.sumOf(d.sheet, i.voucher, v('voucher'), 8)]);
    await s.row([label(lang, L.detailCash), this.sumOf(d.sheet, i.cash, v('cash'), 8)]);
    await s.row([label(lang, L.detailGift), this.sumOf(d.sheet, i.gift, v('gift'), 8)]);
    await s.row([label(lang, L.originalDiff), this.sumOf(d.sheet, i.originalCostDiff, v('originalCostDiff'), 8)]);
    await s.row([label(lang, L.discountedDiff), this.sumOf(d.sheet, i.discountedTotalDiff, v('discountedTotalDiff'), 8)]);
    await s.row([label(lang, L.paymentsDiff), this.sumOf(d.sheet, i.paymentsDiff, v('paymentsDiff'), 8)]);
    await s.row([label(lang, L.linesWithDiff), { n: String(d.differing), dp: 0 }]);
    await s.row([]);
  }

  private async summaryPrecision(s: SheetWriter, d: DetailTotals, p: PrecisionTotals): Promise<void> {
    const lang = this.lang;
    const ours = p.deducted - p.rated;
    const billed = d.billedPrecision;
    await s.row([bold(label(lang, L.precisionTitle))]);
    await s.row([label(lang, L.transactions), { n: String(p.transactions), dp: 0 }]);
    await s.row([label(lang, L.rated), this.sumOf(p.sheet, 2, p.rated, 8)]);
    await s.row([label(lang, L.deducted), this.sumOf(p.sheet, 3, p.deducted, 2)]);
    const oursRow = s.nextRow;
    await s.row([label(lang, L.precisionOurs), this.sumOf(p.sheet, 4, ours, 8)]);
    const billedRow = s.nextRow;
    await s.row([label(lang, L.precisionBilled), { n: formatUnits(billed, 8), dp: 8 }]);
    await s.row([label(lang, L.precisionGap), { f: `B${oursRow}-B${billedRow}`, cached: this.cached(formatUnits(ours - billed, 8)), dp: 8 }]);
    const agrees = this.options.reconcile?.report.precision.agrees;
    if (agrees !== undefined && agrees !== null) await s.row([label(lang, L.agrees), label(lang, agrees ? L.yes : L.no)]);
    await s.row([]);
  }

  private async summaryBridge(s: SheetWriter): Promise<void> {
    const lang = this.lang;
    await s.row([bold(label(lang, L.bridge))]);
    const r = this.options.reconcile?.report;
    if (!r) return void (await s.row([label(lang, L.notReconciled)]));
    const cents = (text: string): Cell => ({ n: formatUnits(units(text), 2), dp: 2 });
    const feeRow = s.nextRow;
    await s.row([label(lang, L.feeTotal), cents(r.fee.total)]);
    await s.row([label(lang, L.consumptionTotal), cents(r.consumption.total)]);
    await s.row([label(lang, L.feeMinusConsumption), { f: `B${feeRow}-B${feeRow + 1}`, cached: this.cached(formatUnits(units(r.fee.total) - units(r.consumption.total), 2)), dp: 2 }]);
    const first = s.nextRow;
    for (const c of BRIDGE_CATEGORIES) await s.row([label(lang, CATEGORY_LABELS[c]!), cents(r.bridge[c])]);
    const bridgeSum = BRIDGE_CATEGORIES.reduce((a, c) => a + units(r.bridge[c]), 0n);
    await s.row([label(lang, L.bridgeTotal), { f: `SUM(B${first}:B${s.nextRow - 1})`, cached: this.cached(formatUnits(bridgeSum, 2)), dp: 2 }]);
    await s.row([label(lang, L.residual), cents(r.bridge.unexplained)]);
  }
}

function bold(text: string): Cell {
  return { text, bold: true };
}

/** The newest import time of the files used, to the second: the workbook's created/modified date. */
function stableTimestamp(files: readonly ImportRecord[], month: Month): string {
  const times = files.map((f) => Date.parse(f.importedAt)).filter((t) => !Number.isNaN(t));
  const t = times.length ? Math.max(...times) : Date.parse(`${month}-01T00:00:00Z`);
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
