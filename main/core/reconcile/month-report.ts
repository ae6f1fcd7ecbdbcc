/**
 * The one persisted month report: what `reconcileMonth` found, typed and versioned, with the
 * inputs it was computed from (the live imports and their sha256, the tolerance and period, the
 * latest whiteboard rating run). The CLI, the screens and every export read it; a report whose
 * inputs changed since (an import, an undo, a rating) says it is no longer current.
 */
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import type { ReconcileReport } from './types.js';

/** Bumped when the stored report's shape changes; an older one is recomputed rather than read. 3: per-account groups, mismatch scope. */
export const REPORT_VERSION = 3;

export interface ReportInputs {
  imports: { id: number; sha256: string }[];
  ratingRun: number | null;
  /** `--period` as asked for the run (null: each fee bill's recorded period). */
  periodOverride: string | null;
}

/** What a month's figures depend on, now. */
export function currentInputs(db: Db, month: Month, periodOverride: string | null): ReportInputs {
  const imports = db
    .prepare(
      `select distinct i.id, i.sha256 from import i join import_month m on m.importId = i.id
       where i.status = 'imported' and m.month in (?, ?, ?) and m.${LIVE_IMPORT} order by i.id`,
    )
    .all(month, neighbour(month, -1), neighbour(month, 1)) as { id: number; sha256: string }[];
  const ratingRun = (db.prepare('select max(id) from rating_run where month = ?').pluck().get(month) as number | null) ?? null;
  return { imports, ratingRun, periodOverride };
}

function neighbour(month: Month, by: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + m - 1 + by;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Stores the report with the inputs it was computed from (read in the same snapshot as its figures). */
export function writeMonthReport(db: Db, r: ReconcileReport, inputs: ReportInputs): void {
  const { mismatches, ...stored } = r;
  db.prepare(
    `insert into month_report (month, version, ranAt, inputs, report) values (?, ?, ?, ?, ?)
     on conflict(month) do update set version = excluded.version, ranAt = excluded.ranAt, inputs = excluded.inputs, report = excluded.report`,
  ).run(r.month, REPORT_VERSION, new Date().toISOString(), JSON.stringify(inputs), JSON.stringify({ ...stored, mismatchCount: mismatches.length }));
}

export interface ReconcileRun {
  month: Month;
  ranAt: string;
  tolerance: string;
  period: string;
  /** The report without its mismatch list (page that with listMismatches). */
  summary: Omit<ReconcileReport, 'mismatches'> & { mismatchCount: number };
  inputs: ReportInputs;
}

/** The stored report of a month (null when never run, or stored by an older billrecon). */
export function lastRun(db: Db, month: Month): ReconcileRun | undefined {
  const r = db.prepare('select month, version, ranAt, inputs, report from month_report where month = ?').get(month) as
    | { month: string; version: number; ranAt: string; inputs: string; report: string }
    | undefined;
  if (!r || r.version !== REPORT_VERSION) return undefined;
  const summary = JSON.parse(r.report) as ReconcileRun['summary'];
  return { month: r.month, ranAt: r.ranAt, tolerance: summary.tolerance, period: summary.period, summary, inputs: JSON.parse(r.inputs) as ReportInputs };
}

/** The stored report still describes the data (same imports, same rating run) and was made for the same period. */
export function reportIsCurrent(db: Db, run: ReconcileRun, periodOverride: string | null = null): boolean {
  return JSON.stringify(run.inputs) === JSON.stringify(currentInputs(db, run.month, periodOverride));
}
