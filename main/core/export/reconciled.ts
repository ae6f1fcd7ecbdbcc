import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { getTolerance, hasScopeFilter, lastRun, listMismatches, reconcileMonth, reportIsCurrent, type Period, type ScopeFilter } from '../reconcile/index.js';
import { closedMonth, type ClosedMonth } from '../reconcile/closed.js';
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
  const closed = closedMonth(db, options.month);
  if (closed) return { forExport: frozenForExport(db, closed, options, scope) };
  const run = lastRun(db, options.month);
  const tolerance = options.tolerance ?? getTolerance(db);
  const fits = run && reportIsCurrent(db, run, options.period ?? null) && run.tolerance === tolerance;
  const report = fits ? run.summary : reconcileMonth(db, options);
  return { forExport: { report, mismatches: () => storedMismatches(db, options.month, scope) } };
}

/**
 * A closed month exports what was signed off: the frozen report and mismatches (the stored list,
 * which no write can change while it is closed, when a group account's scope narrows it). A
 * tolerance or period other than the frozen one is a reconciliation, refused if it changes anything.
 */
function frozenForExport(db: Db, c: ClosedMonth, options: { month: Month; tolerance?: string; period?: Period }, scope: ScopeFilter): ReconcileForExport {
  if ((options.tolerance !== undefined && options.tolerance !== c.frozen.report.tolerance) || options.period !== undefined) reconcileMonth(db, options);
  const mismatches = hasScopeFilter(scope) ? () => storedMismatches(db, options.month, scope) : () => c.frozen.mismatches;
  return { report: c.frozen.report, mismatches };
}
