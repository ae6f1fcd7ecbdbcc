import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { listMismatches, reconcileMonth, type Period, type ReconcileReport } from '../reconcile/index.js';
import type { Db } from '../store/index.js';
import type { ReconcileForExport } from './workbook.js';

const PAGE = 1000;

/** The stored mismatches of a month in their stable order, a page at a time. */
export function* storedMismatches(db: Db, month: Month): Generator<Mismatch> {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = listMismatches(db, { month, sort: 'seq', dir: 'asc', offset, limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) return;
  }
}

/**
 * Reconcile the month now (so the workbook never shows stale figures; review marks are kept by
 * the engine) and hand the export its report and a stream over the stored mismatches.
 */
export function reconcileForExport(db: Db, options: { month: Month; tolerance?: string; period?: Period }): { report: ReconcileReport; forExport: ReconcileForExport } {
  const report = reconcileMonth(db, options);
  return { report, forExport: { report, mismatches: () => storedMismatches(db, options.month) } };
}
