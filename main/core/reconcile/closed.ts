/**
 * A closed month as it was signed off (issue 15 §1): the frozen record a close stores in the
 * audit log, and the reconciliation's rule for such a month — a run that finds the same figures
 * changes nothing and answers with the frozen report; one that would change them is refused.
 */
import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { closeOf, MonthClosedError, type CloseRow } from '../store/closed-months.js';
import type { Db } from '../store/index.js';
import type { ReportInputs } from './month-report.js';
import type { ReconcileReport } from './types.js';

/** An input file of the month as it was when the month was closed. */
export interface FrozenFile {
  id: number;
  fileName: string;
  kind: string;
  sha256: string;
  size: number;
  rows: number;
  importedAt: string;
}

/** What a close freezes, stored as JSON with the close event. */
export interface FrozenMonth {
  month: Month;
  closedBy: string;
  closedAt: string;
  note: string | null;
  /** The persisted month report at the close, without its mismatch list. */
  report: Omit<ReconcileReport, 'mismatches'> & { mismatchCount: number };
  ranAt: string;
  inputs: ReportInputs;
  /** Every mismatch with its review mark and comment, in the list's order. */
  mismatches: Mismatch[];
  /** The files the report was computed from (the month's and its neighbours'), with their sha256. */
  files: FrozenFile[];
  /** The whiteboard price catalog in force (from the month's rating run when there is one). */
  catalog: { version: string; sha256: string; origin: string; currency: string };
  /** The month's exchange rate, 1 `from` = `rate` `to`; null when none is stored. */
  exchangeRate: { from: string; to: string; rate: string } | null;
  ratingRun: number | null;
  /** sha256 of the canonical JSON of report, mismatches, files, catalog and rate: what the sign-off signs. */
  sha256: string;
}

export interface ClosedMonth {
  close: CloseRow;
  frozen: FrozenMonth;
}

export function closedMonth(db: Db, month: Month): ClosedMonth | null {
  const close = closeOf(db, month);
  return close ? { close, frozen: JSON.parse(close.frozen) as FrozenMonth } : null;
}

/** The figures a run produces, without what reviews and the gate count (marks are frozen apart). */
function figuresOf(report: Omit<ReconcileReport, 'mismatches' | 'openUnexplained'> & { openUnexplained?: number; mismatchCount?: number }, mismatches: readonly Mismatch[]): Record<string, unknown> {
  const { openUnexplained: _open, mismatchCount: _count, ...rest } = report;
  void _open;
  void _count;
  return {
    ...rest,
    mismatches: mismatches.map((m) => [m.id, m.category, m.explained, m.fee, m.consumption, m.difference, m.note ?? null, m.feeSources, m.consumptionSources]),
  };
}

/** The first part of the figures that differs, for the refusal's sentence. */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | null {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return k;
  }
  return null;
}

/**
 * For a closed month: the frozen report when the run's figures equal it (nothing is written),
 * MonthClosedError naming what would change otherwise.
 */
export function frozenOrRefuse(c: ClosedMonth, computed: ReconcileReport): ReconcileReport {
  const f = c.frozen;
  const diff = firstDifference(figuresOf(f.report, f.mismatches), figuresOf(computed, computed.mismatches));
  if (diff !== null) throw new MonthClosedError(f.month, c.close.who, c.close.at, `reconciling it again would change its figures (${diff})`);
  const { mismatchCount: _count, ...report } = f.report;
  void _count;
  return { ...report, mismatches: f.mismatches };
}
