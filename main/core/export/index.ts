/**
 * Exports of a month (issue 6): the corrected workbook, CSVs of the mismatches and the corrected
 * detail, and the fee-bill detail as FOCUS 1.2. Every writer streams and writes atomically.
 */
export { exportWorkbook, type WorkbookOptions, type WorkbookResult, type WorkbookTotals, type ReconcileForExport, type WhiteboardRatingRow } from './workbook.js';
export { exportDetailCsv, exportMismatchesCsv } from './csv-exports.js';
export { exportFocusCsv, FOCUS_COLUMNS, chargeCategory, billingPeriod, exclusiveEnd } from './focus.js';
export { reconcileForExport, storedMismatches } from './reconciled.js';
export { looksLikeFormula, csvSafeText } from './formula-injection.js';
export { writeAtomically } from './atomic-file.js';
export type { Lang } from './labels.js';
export { recordedWhiteboardRating } from './whiteboard.js';
export { exportMonth, type ExportMonthOptions, type ExportMonthResult } from './export-month.js';
