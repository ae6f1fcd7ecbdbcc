import { join } from 'node:path';
import type { Month } from '../model.js';
import { hasScopeFilter, type Period, type ScopeFilter } from '../reconcile/index.js';
import type { Db } from '../store/index.js';
import { exportDetailCsv, exportMismatchesCsv } from './csv-exports.js';
import { exportFocusCsv } from './focus.js';
import type { Lang } from './labels.js';
import { reconcileForExport } from './reconciled.js';
import { recordedWhiteboardRating } from './whiteboard.js';
import { monthClaims } from '../reconcile/claims.js';
import { signOffOf } from '../close/index.js';
import { auditEvents } from '../store/closed-months.js';
import { exportWorkbook, type WorkbookTotals } from './workbook.js';

export interface ExportMonthOptions {
  month: Month;
  lang: Lang;
  /** The workbook path (.xlsx). */
  workbook?: string;
  /** A folder for corrected-detail-YYYY-MM.csv and mismatches-YYYY-MM.csv. */
  csvDir?: string;
  /** The corrected detail as one CSV file (the app's Export dialog names it). */
  detailCsv?: string;
  /** The mismatches as one CSV file. */
  mismatchesCsv?: string;
  /** The FOCUS 1.2 CSV path. */
  focus?: string;
  tolerance?: string;
  period?: Period;
  /** False leaves the reconciliation out (only the fee bill's own sheets and CSV). */
  reconcile?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Group accounts: only this owner's, project's or tag's mismatches (workbook and CSV) and figures; the detail stays the month's. */
  scope?: ScopeFilter;
}

export interface ExportMonthResult {
  month: Month;
  workbook?: { path: string; sheets: string[]; totals: WorkbookTotals };
  detailCsv?: { path: string; rows: number };
  mismatchesCsv?: { path: string; rows: number };
  focus?: { path: string; rows: number };
}

/** Everything `billrecon export` (and the app's Export dialog) writes for a month, in one call. */
export async function exportMonth(db: Db, o: ExportMonthOptions): Promise<ExportMonthResult> {
  const { month, lang } = o;
  const scope = o.scope && hasScopeFilter(o.scope) ? o.scope : undefined;
  const rec = o.reconcile === false ? undefined : reconcileForExport(db, { month, ...(o.tolerance ? { tolerance: o.tolerance } : {}), ...(o.period ? { period: o.period } : {}) }, scope);
  const out: ExportMonthResult = { month };
  if (o.workbook) {
    const whiteboard = recordedWhiteboardRating(db, month);
    const events = auditEvents(db, month);
    const r = await exportWorkbook(db, o.workbook, {
      month,
      lang,
      ...(o.tolerance ? { tolerance: o.tolerance } : {}),
      ...(rec ? { reconcile: rec.forExport } : {}),
      ...(scope ? { scope } : {}),
      ...(whiteboard ? { whiteboard } : {}),
      ...(rec ? { claims: monthClaims(db, { month, ...rec.forExport.report }) } : {}),
      // A month closed (or closed once) carries its sign-off and audit log; others are as before.
      ...(events.length > 0 ? { signOff: { signOff: signOffOf(db, month), events } } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    out.workbook = { path: r.path, sheets: r.sheets, totals: r.totals };
  }
  const detailCsv = o.detailCsv ?? (o.csvDir ? join(o.csvDir, `corrected-detail-${month}.csv`) : undefined);
  const mismatchesCsv = o.mismatchesCsv ?? (o.csvDir ? join(o.csvDir, `mismatches-${month}.csv`) : undefined);
  if (detailCsv) out.detailCsv = await exportDetailCsv(db, detailCsv, { month, lang });
  if (mismatchesCsv && rec) out.mismatchesCsv = await exportMismatchesCsv(mismatchesCsv, rec.forExport.mismatches(), lang);
  if (o.focus) out.focus = await exportFocusCsv(db, o.focus, { month });
  return out;
}
