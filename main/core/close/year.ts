/**
 * The year at a glance (issue 15 §3): one row per month, read from the persisted month reports
 * (a closed month's from its frozen record), never recomputed here. A month with bill lines and
 * no report says so; a report whose inputs changed since says it is out of date.
 */
import { closedMonth } from '../reconcile/closed.js';
import { lastRun, reportIsCurrent, type ProductTotals, type ReconcileRun, type WhiteboardTotals } from '../reconcile/index.js';
import { openUnexplainedCounts } from '../report/mismatch-store.js';
import { closedMonths } from '../store/closed-months.js';
import { linesInMonth, monthsWithLines, type Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { shiftMonth } from '../reconcile/bridge.js';

export interface YearRow {
  month: string;
  /** Live imports with rows in the month (bills and whiteboard usage). */
  files: number;
  /** 'current': the stored report describes the data; 'stale': imports changed since; 'none': never reconciled; 'closed': signed off. */
  report: 'current' | 'stale' | 'none' | 'closed';
  currency: string | null;
  fee: { total: string; lines: number } | null;
  consumption: { total: string; lines: number } | null;
  explained: string | null;
  unexplained: string | null;
  /** Unexplained mismatches still open (reviews counted), re-rating included. */
  openMismatches: number | null;
  mismatches: number | null;
  precision: { ours: string; billed: string | null; agrees: boolean | null } | null;
  /** null: no whiteboard lines to compare, or a report from before the figures were kept. */
  whiteboard: WhiteboardTotals | null;
  closed: { by: string; at: string; note: string | null } | null;
  /** Neighbouring months with no bill imported: cross-month differences with them cannot be verified. */
  missingNeighbours: string[];
  products: ProductTotals[];
}

/** Months with bill lines, a report or a close, oldest first; `year` keeps one year. */
export function yearMonths(db: Db, year?: string): string[] {
  const reported = db.prepare('select month from month_report').pluck().all() as string[];
  const all = new Set([...monthsWithLines(db), ...reported, ...closedMonths(db).keys()]);
  return [...all].filter((m) => /^\d{4}-\d{2}$/.test(m) && (year === undefined || m.startsWith(`${year}-`))).sort();
}

export function yearTable(db: Db, year?: string): YearRow[] {
  return db.transaction(() => yearMonths(db, year).map((m) => yearRow(db, m)))();
}

function filesIn(db: Db, month: string): number {
  return db
    .prepare(
      `select count(*) from (select importId from import_month where month = @month and ${LIVE_IMPORT}
       union select importId from tiw_transcode where substr(usageDay, 1, 7) = @month and ${LIVE_IMPORT}
       union select importId from tiw_recording where substr(usageDay, 1, 7) = @month and ${LIVE_IMPORT}
       union select importId from tiw_session where substr(joinTime, 1, 7) = @month and ${LIVE_IMPORT})`,
    )
    .pluck()
    .get({ month }) as number;
}

function yearRow(db: Db, month: string): YearRow {
  const closed = closedMonth(db, month);
  const run: ReconcileRun | undefined = closed
    ? { month, ranAt: closed.frozen.ranAt, tolerance: closed.frozen.report.tolerance, period: closed.frozen.report.period, summary: closed.frozen.report, inputs: closed.frozen.inputs }
    : lastRun(db, month);
  const base: YearRow = {
    month,
    files: filesIn(db, month),
    report: closed ? 'closed' : !run ? 'none' : reportIsCurrent(db, run) ? 'current' : 'stale',
    currency: null,
    fee: null,
    consumption: null,
    explained: null,
    unexplained: null,
    openMismatches: null,
    mismatches: null,
    precision: null,
    whiteboard: null,
    closed: closed ? { by: closed.frozen.closedBy, at: closed.frozen.closedAt, note: closed.frozen.note } : null,
    missingNeighbours: [shiftMonth(month, -1), shiftMonth(month, 1)].filter((m) => linesInMonth(db, m) === 0),
    products: [],
  };
  if (!run) return base;
  const r = run.summary;
  // A closed month's marks are frozen with it; an open one's move with reviews since the run.
  const open = closed ? 0 : [...openUnexplainedCounts(db, month, r.categories).values()].reduce((n, o) => n + o, 0);
  return {
    ...base,
    currency: r.currency,
    fee: r.fee,
    consumption: r.consumption,
    explained: r.bridge.explained,
    unexplained: r.bridge.unexplained,
    openMismatches: open,
    mismatches: r.mismatchCount,
    precision: { ours: r.precision.difference, billed: r.precision.billed, agrees: r.precision.agrees },
    whiteboard: r.whiteboard ?? null,
    products: r.products ?? [],
  };
}
