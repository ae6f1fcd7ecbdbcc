import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { getTolerance, lastRun, listMismatches, reconcileMonth, reportIsCurrent, type Period, type ScopeFilter } from '../reconcile/index.js';
import type { Db } from '../store/index.js';
import type { ReconcileForExport } from './workbook.js';

const PAGE = 1000;

/** The stored mismatches of a month in their stable order, a page at a time; a group account's scope narrows them. */
export function* storedMismatches(db: Db, month: Month, scope: ScopeFilter = {}): Generator<Mismatch> {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = listMismatches(db, { month, ...scope, sort: 'seq', dir: 'asc', offset, limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) return;
  }
}

/**
 * The month report an export reads: the stored one while it is current and was made with the
 * same tolerance and period; otherwise the month is reconciled first (which stores the report,
 * review marks kept), so a workbook never shows stale figures.
 */
export function reconcileForExport(db: Db, options: { month: Month; tolerance?: string; period?: Period }, scope: ScopeFilter = {}): { forExport: ReconcileForExport } {
  const run = lastRun(db, options.month);
  const tolerance = options.tolerance ?? getTolerance(db);
  const fits = run && reportIsCurrent(db, run, options.period ?? null) && run.tolerance === tolerance;
  const report = fits ? run.summary : reconcileMonth(db, options);
  return { forExport: { report, mismatches: () => storedMismatches(db, options.month, scope) } };
}
