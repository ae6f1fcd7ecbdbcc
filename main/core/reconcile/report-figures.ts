import type { DecimalText, Month } from '../model.js';
import type { MismatchCategory } from '../report/mismatch.js';
import { toReportJson } from './index.js';
import type { ReconcileRun } from './month-report.js';

/** A stored month report's figures as the Month overview, the app's API and the audit report show them. */
export interface MonthFigures {
  month: Month;
  keys: string[];
  tolerance: DecimalText;
  period: string;
  fee: { total: DecimalText; lines: number };
  consumption: { total: DecimalText; lines: number };
  precision: { transactions: number; rated: DecimalText; deducted: DecimalText; difference: DecimalText; billed: DecimalText | null; agrees: boolean | null; aggregatedLines: number };
  lineChecks: { checked: number; failed: number; notCheckable: number };
  bridge: Record<'prepaidTiming' | 'crossMonth' | 'precision' | 'refunds' | 'missing' | 'amountMismatch' | 'explained' | 'unexplained', DecimalText>;
  duplicates: { side: string; reason: string; count: number; amount: DecimalText; sources: string[] }[];
  notes: string[];
  mismatchCount: number;
  openUnexplained: number;
  ranAt: string | null;
  currency: string | null;
  categories: { category: MismatchCategory; explained: boolean; count: number; open: number; difference: DecimalText }[];
}

/** `open`: the open unexplained mismatches per category (counted by whoever lists them). */
export function monthFigures(run: ReconcileRun, open: ReadonlyMap<MismatchCategory, number>): MonthFigures {
  const r = run.summary;
  const json = toReportJson({ ...r, mismatches: [] }) as { precision: MonthFigures['precision']; duplicates: MonthFigures['duplicates'] };
  return {
    month: r.month,
    keys: [...r.keys],
    tolerance: r.tolerance,
    period: r.period,
    fee: r.fee,
    consumption: r.consumption,
    precision: json.precision,
    // The core writes the not-checkable count only when there are some.
    lineChecks: { checked: r.lineChecks.checked, failed: r.lineChecks.failed, notCheckable: r.lineChecks.notCheckable ?? 0 },
    bridge: r.bridge,
    duplicates: json.duplicates,
    notes: r.notes,
    mismatchCount: r.mismatchCount,
    openUnexplained: [...open.values()].reduce((n, o) => n + o, 0),
    ranAt: run.ranAt,
    currency: r.currency,
    categories: r.categories.map((c) => ({ ...c, open: c.explained ? 0 : (open.get(c.category) ?? 0) })),
  };
}
