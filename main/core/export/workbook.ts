import type { ImportRecord, Month } from '../model.js';
import { fixed, money, ZERO, type Money } from '../money/decimal.js';
import type { Mismatch } from '../report/mismatch.js';
import type { ReconcileReport } from '../reconcile/index.js';
import { getImport, LIVE, type Db } from '../store/index.js';
import { writeAtomically } from './atomic-file.js';
import { ExactSum } from './scaled-decimal.js';
import { CorrectedDetail } from './corrected-detail.js';
import { CATEGORY_FILLS, CATEGORY_LABELS, L, label, TIW_ITEM_LABELS, type Lang } from './labels.js';
import { isPrecisionLine } from '../reconcile/line-kinds.js';
import { monthLines } from './month-lines.js';
import { transactionPrecision } from './precision.js';
import { sumFormula, XlsxWriter, type Cell, type SheetWriter } from './xlsx-writer.js';
import { ZipStream } from './zip-stream.js';

/** What the reconciliation of the month contributes, when it has been run (see reconciled.ts). */
export interface ReconcileForExport {
  report: Pick<ReconcileReport, 'tolerance' | 'period' | 'fee' | 'consumption' | 'precision' | 'bridge'>;
  /** The stored mismatches in their stable order, streamed. */
  mismatches(): Iterable<Mismatch>;
}

/** Bridge categories in SPEC §3 order; they add up to fee − consumption. */
const BRIDGE_ROWS = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch'] as const;

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
  whiteboard?: Iterable<WhiteboardRatingRow>;
  /** Rows per sheet including the header (Excel's 1,048,576 by default; tests use less). */
  maxRowsPerSheet?: number;
  /** Called every 10,000 detail lines and at the end (done, total), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
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
  const { month, lang } = options;
  const src = monthLines(db, month);
  const tolerance = options.reconcile?.report.tolerance ?? options.tolerance ?? '0.01';
  const names = {
    summary: label(lang, L.summary),
    mismatches: label(lang, L.mismatches),
    detail: label(lang, L.detail),
    precision: label(lang, L.precision),
    whiteboard: label(lang, L.whiteboard),
  };

  return writeAtomically(target, async (out) => {
    const zip = new ZipStream(out);
    const book = new XlsxWriter(zip, { title: `billrecon ${month}`, timestamp: stableTimestamp(src.files, month) });
    const cached = (v: string): string => (options.omitCachedResults ? '' : v);
    const sheetOpts = { autoFilter: true, freezeHeader: true, ...(options.maxRowsPerSheet ? { maxRows: options.maxRowsPerSheet } : {}) };

    // Corrected detail first: the Summary's totals are the sums taken while it streams.
    const layout = new CorrectedDetail(lang, src.extraKeys);
    const detail = await book.addSheet(names.detail, layout.columns, sheetOpts);
    const sums = {
      originalCost: new ExactSum(), discountedTotal: new ExactSum(), voucher: new ExactSum(), cash: new ExactSum(), gift: new ExactSum(),
      originalDiff: new ExactSum(), discountedDiff: new ExactSum(), paymentsDiff: new ExactSum(),
    };
    let billedPrecision = ZERO;
    let lines = 0;
    let differing = 0;
    for (const { line, trace } of src.lines()) {
      const row = layout.row(line, trace);
      lines++;
      if (options.onProgress && lines % 10_000 === 0) options.onProgress(lines, src.lineCount);
      sums.discountedTotal.add(line.discountedTotal);
      sums.originalCost.add(line.originalCost);
      sums.voucher.add(line.voucher);
      sums.cash.add(line.cash);
      sums.gift.add(line.gift);
      const d = row.differences;
      sums.originalDiff.add(d.originalCost);
      sums.discountedDiff.add(d.discountedTotal);
      sums.paymentsDiff.add(d.payments);
      if (isPrecisionLine(line)) billedPrecision = billedPrecision.plus(line.discountedTotal);
      if (row.highlight.length) {
        differing++;
        const comments = row.highlight.map((col) => ({ col, rule: layout.ruleOf(col, lang) })).filter((c): c is { col: number; rule: string } => c.rule !== null);
        await detail.row(row.cells, { highlight: row.highlight, comments: comments.map((c) => ({ col: c.col, text: c.rule })) });
      } else {
        await detail.row(row.cells);
      }
    }
    await detail.close();
    options.onProgress?.(lines, src.lineCount);
    const total = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.value()])) as Record<keyof typeof sums, Money>;

    // Precision per transaction (SPEC §2).
    const precision = await book.addSheet(
      names.precision,
      [
        { header: label(lang, L.transactionId), kind: 'text' },
        { header: label(lang, L.lines), kind: 'integer' },
        { header: label(lang, L.rated), kind: 'money8' },
        { header: label(lang, L.deducted), kind: 'money2', comment: label(lang, L.ruleDeducted) },
        { header: label(lang, L.precisionDiff), kind: 'money8' },
        { header: label(lang, L.sources), kind: 'text' },
      ],
      sheetOpts,
    );
    const ratedSum = new ExactSum();
    const deductedSum = new ExactSum();
    let transactions = 0;
    for (const t of transactionPrecision(db, month, src.trace)) {
      transactions++;
      ratedSum.add(t.rated);
      deductedSum.add(t.deducted);
      await precision.row([t.transactionId, String(t.lines), t.rated, t.deducted, t.difference, t.sources.join(', ')]);
    }
    await precision.close();
    const rated = ratedSum.value();
    const deducted = deductedSum.value();
    const ours = deducted.minus(rated);

    const tabs = [names.summary];
    if (options.reconcile) {
      tabs.push(names.mismatches);
      const mm = await book.addSheet(
        names.mismatches,
        [
          { header: label(lang, L.category), kind: 'text' },
          { header: label(lang, L.explained), kind: 'text' },
          { header: label(lang, L.key), kind: 'text' },
          { header: label(lang, L.fee), kind: 'money2' },
          { header: label(lang, L.consumption), kind: 'money2' },
          { header: label(lang, L.difference), kind: 'money2' },
          { header: label(lang, L.status), kind: 'text' },
          { header: label(lang, L.comment), kind: 'text' },
          { header: label(lang, L.note), kind: 'text' },
          { header: label(lang, L.feeSources), kind: 'text' },
          { header: label(lang, L.consumptionSources), kind: 'text' },
        ],
        sheetOpts,
      );
      for (const m of options.reconcile.mismatches()) {
        await mm.row(mismatchCells(m, lang), { fill: CATEGORY_FILLS[m.category] ?? 'FFFFFFFF' });
      }
      await mm.close();
    }
    tabs.push(names.detail, names.precision);

    if (options.whiteboard) {
      tabs.push(names.whiteboard);
      const wb = await book.addSheet(
        names.whiteboard,
        [
          { header: label(lang, L.day), kind: 'text' },
          { header: label(lang, L.item), kind: 'text' },
          { header: label(lang, L.usage), kind: 'number' },
          { header: label(lang, L.trialUse), kind: 'number' },
          { header: label(lang, L.freeQuota), kind: 'number' },
          { header: label(lang, L.packageUse), kind: 'number' },
          { header: label(lang, L.postpaid), kind: 'number' },
          { header: label(lang, L.rated), kind: 'money8' },
          { header: label(lang, L.deducted), kind: 'money2' },
          { header: label(lang, L.currency), kind: 'text' },
          { header: label(lang, L.sources), kind: 'text' },
        ],
        sheetOpts,
      );
      for (const r of options.whiteboard) {
        const item = label(lang, TIW_ITEM_LABELS[r.item] ?? [r.item, r.item]);
        await wb.row([r.day, item, r.usage, r.trial, r.free, r.package, r.postpaid, r.exactCost, r.cost, r.currency, r.source]);
      }
      await wb.close();
    }

    // The Summary is written last and shown first.
    const summary = await book.addSheet(
      names.summary,
      [
        { header: '', kind: 'text' },
        { header: '', kind: 'text' },
        { header: '', kind: 'text' },
        { header: '', kind: 'text' },
        { header: '', kind: 'text' },
      ],
      { noHeader: true, widths: [44, 26, 68, 28, 10] },
    );
    const bold = (text: string): Cell => ({ text, bold: true });
    const sumOf = (sheet: SheetWriter, col: number, value: Money, dp: 0 | 2 | 8): Cell => ({ f: sumFormula(sheet.columnRanges(col)), cached: cached(fixed(value, dp)), dp });
    const payers = [...new Set(src.files.length ? (db.prepare(`select distinct payerUin from fee_detail where billMonth = ? and payerUin is not null and importId in (${src.files.map((f) => f.id).join(',')}) order by payerUin`).pluck().all(month) as string[]) : [])];
    const periods = options.reconcile
      ? options.reconcile.report.period === 'mixed'
        ? (['deduction', 'billing'] as const)
        : [options.reconcile.report.period]
      : [...new Set(src.files.map((f) => f.period).filter((p): p is 'deduction' | 'billing' => p !== null))];

    await summary.row([bold(`billrecon — ${month}`)]);
    await summary.row([label(lang, L.account), payers.join(', ')]);
    await summary.row([label(lang, L.month), month]);
    await summary.row([label(lang, L.period), periods.map((p) => label(lang, p === 'deduction' ? L.periodDeduction : L.periodBilling)).join(', ')]);
    await summary.row([label(lang, L.tolerance), { n: fixed(money(tolerance), 2), dp: 2 }]);
    await summary.row([]);
    await summary.row([bold(label(lang, L.files)), bold(label(lang, L.kind)), bold('sha256'), bold(label(lang, L.importedAt)), bold(label(lang, L.rows))]);
    const consumptionIds = db.prepare(`select distinct importId from consumption where ${LIVE} and month = ? order by importId`).pluck().all(month) as number[];
    const used = [...src.files, ...consumptionIds.map((id) => getImport(db, id)).filter((f): f is ImportRecord => f !== undefined)];
    for (const f of used) await summary.row([f.fileName, f.kind, f.sha256, f.importedAt, { n: String(f.rowCount), dp: 0 }]);
    await summary.row([]);
    await summary.row([bold(label(lang, L.totals))]);
    await summary.row([label(lang, L.feeLines), { n: String(lines), dp: 0 }]);
    const i = layout.index;
    await summary.row([label(lang, L.detailOriginal), sumOf(detail, i.originalCost, total.originalCost, 8)]);
    await summary.row([label(lang, L.detailDiscounted), sumOf(detail, i.discountedTotal, total.discountedTotal, 8)]);
    await summary.row([label(lang, L.detailVoucher), sumOf(detail, i.voucher, total.voucher, 8)]);
    await summary.row([label(lang, L.detailCash), sumOf(detail, i.cash, total.cash, 8)]);
    await summary.row([label(lang, L.detailGift), sumOf(detail, i.gift, total.gift, 8)]);
    await summary.row([label(lang, L.originalDiff), sumOf(detail, i.originalDiff, total.originalDiff, 8)]);
    await summary.row([label(lang, L.discountedDiff), sumOf(detail, i.discountedDiff, total.discountedDiff, 8)]);
    await summary.row([label(lang, L.paymentsDiff), sumOf(detail, i.paymentsDiff, total.paymentsDiff, 8)]);
    await summary.row([label(lang, L.linesWithDiff), { n: String(differing), dp: 0 }]);
    await summary.row([]);
    await summary.row([bold(label(lang, L.precisionTitle))]);
    await summary.row([label(lang, L.transactions), { n: String(transactions), dp: 0 }]);
    await summary.row([label(lang, L.rated), sumOf(precision, 2, rated, 8)]);
    await summary.row([label(lang, L.deducted), sumOf(precision, 3, deducted, 2)]);
    const oursRow = summary.nextRow;
    await summary.row([label(lang, L.precisionOurs), sumOf(precision, 4, ours, 8)]);
    const billedRow = summary.nextRow;
    await summary.row([label(lang, L.precisionBilled), { n: fixed(billedPrecision, 8), dp: 8 }]);
    await summary.row([label(lang, L.precisionGap), { f: `B${oursRow}-B${billedRow}`, cached: cached(fixed(ours.minus(billedPrecision), 8)), dp: 8 }]);
    const agrees = options.reconcile?.report.precision.agrees;
    if (agrees !== undefined && agrees !== null) await summary.row([label(lang, L.agrees), label(lang, agrees ? L.yes : L.no)]);
    await summary.row([]);
    await summary.row([bold(label(lang, L.bridge))]);
    if (options.reconcile) {
      const r = options.reconcile.report;
      const feeRow = summary.nextRow;
      await summary.row([label(lang, L.feeTotal), { n: fixed(money(r.fee.total), 2), dp: 2 }]);
      await summary.row([label(lang, L.consumptionTotal), { n: fixed(money(r.consumption.total), 2), dp: 2 }]);
      await summary.row([label(lang, L.feeMinusConsumption), { f: `B${feeRow}-B${feeRow + 1}`, cached: cached(fixed(money(r.fee.total).minus(r.consumption.total), 2)), dp: 2 }]);
      const first = summary.nextRow;
      for (const c of BRIDGE_ROWS) await summary.row([label(lang, CATEGORY_LABELS[c]!), { n: fixed(money(r.bridge[c]), 2), dp: 2 }]);
      const bridgeSum = BRIDGE_ROWS.reduce((a, c) => a.plus(r.bridge[c]), ZERO);
      await summary.row([label(lang, L.bridgeTotal), { f: `SUM(B${first}:B${summary.nextRow - 1})`, cached: cached(fixed(bridgeSum, 2)), dp: 2 }]);
      await summary.row([label(lang, L.residual), { n: fixed(money(r.bridge.unexplained), 2), dp: 2 }]);
    } else {
      await summary.row([label(lang, L.notReconciled)]);
    }
    await summary.close();

    await book.finish(tabs);
    await zip.finish();
    return {
      path: target,
      sheets: tabs,
      totals: {
        lines,
        linesWithDifferences: differing,
        originalCost: fixed(total.originalCost, 8),
        discountedTotal: fixed(total.discountedTotal, 8),
        voucher: fixed(total.voucher, 8),
        cash: fixed(total.cash, 8),
        gift: fixed(total.gift, 8),
        originalDiff: fixed(total.originalDiff, 8),
        discountedDiff: fixed(total.discountedDiff, 8),
        paymentsDiff: fixed(total.paymentsDiff, 8),
        transactions,
        rated: fixed(rated, 8),
        deducted: fixed(deducted, 2),
        precisionOurs: fixed(ours, 8),
        precisionBilled: fixed(billedPrecision, 8),
      },
    };
  });
}

export function mismatchCells(m: Mismatch, lang: Lang): (string | null)[] {
  const key = Object.entries(m.key)
    .map(([k, v]) => `${k}=${v ?? '-'}`)
    .join('; ');
  return [
    label(lang, CATEGORY_LABELS[m.category] ?? [m.category, m.category]),
    label(lang, m.explained ? L.yes : L.no),
    key,
    fixed(money(m.fee), 2),
    fixed(money(m.consumption), 2),
    fixed(money(m.difference), 2),
    m.status,
    m.comment,
    m.note ?? null,
    traces(m.feeSources),
    traces(m.consumptionSources),
  ];
}

/** A mismatch over a whole month can have thousands of lines behind it; a cell shows the first ones. */
const MAX_TRACES = 50;
function traces(list: readonly string[]): string {
  return list.length <= MAX_TRACES ? list.join(', ') : `${list.slice(0, MAX_TRACES).join(', ')}, … (+${list.length - MAX_TRACES})`;
}

/** The newest import time of the files used, to the second: the workbook's created/modified date. */
function stableTimestamp(files: readonly ImportRecord[], month: Month): string {
  const times = files.map((f) => Date.parse(f.importedAt)).filter((t) => !Number.isNaN(t));
  const t = times.length ? Math.max(...times) : Date.parse(`${month}-01T00:00:00Z`);
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
