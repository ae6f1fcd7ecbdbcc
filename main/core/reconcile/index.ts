/**
 * The reconciliation engine's public API (SPEC §1–3, issue 3): the UI, the export and the CLI
 * call only these.
 *
 * - `reconcileMonth`: line checks, the precision rebuild and the fee-vs-consumption bridge of a
 *   month; persists the month's mismatches together with the whiteboard re-rating's (and any
 *   registered extra source's), puts the review marks on them, returns the report.
 * - `lastRun`: the stored summary of a month's last run; `reviewHistory`: a mismatch's marks.
 * - `listMismatches` / `mismatchSources`: page through the stored mismatches, and trace one to
 *   the bill lines behind it.
 * - `setReview`: mark mismatches explained / accepted / open.
 * - `lineChecks`, `precision`: the first two questions on their own.
 */
import { fixed, money, ZERO, type Money } from '../money/decimal.js';
import type { Month } from '../model.js';
import { EXPLAINED_CATEGORIES, type Mismatch } from '../report/mismatch.js';
import { getMismatch, listMismatches as listStored, replaceMonthMismatches } from '../report/mismatch-store.js';
import { ratingMismatches } from '../rating/index.js';
import { LIVE, type Db } from '../store/index.js';
import { BRIDGE_CATEGORIES, computeBridge, type BridgeCategory } from './bridge.js';
import { lineChecks as runLineChecks } from './line-checks.js';
import { computePrecision } from './precision.js';
import { allocateCents } from './printed-bridge.js';
import { applyReviews, osUser, setReview as setReviewMarks } from './review.js';
import { traceNamer } from './traces.js';
import {
  KEYS,
  type BridgeFigures,
  type LineCheckSummary,
  type MismatchQuery,
  type PrecisionSummary,
  type ReconcileOptions,
  type ReconcileReport,
  type SourceLine,
  type TransactionPrecision,
} from './types.js';

export * from './types.js';
export { UnknownMismatchError, REVIEW_STATUSES, osUser } from './review.js';
export { mismatchId } from '../report/mismatch.js';
export { checkLine, fastLineCheck } from './line-checks.js';
export { allocateCents } from './printed-bridge.js';

/** Other producers of mismatches for a month (whiteboard re-rating): persisted and reviewed with the bridge's, not part of it. */
export type MismatchSource = (db: Db, month: Month) => Mismatch[];
const extraSources = new Map<string, MismatchSource>();

export function registerMismatchSource(name: string, source: MismatchSource): void {
  extraSources.set(name, source);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export function getTolerance(db: Db): string {
  return (db.prepare(`select value from reconcile_setting where key = 'tolerance'`).pluck().get() as string | undefined) ?? '0.01';
}

export function setTolerance(db: Db, tolerance: string): void {
  if (!DECIMAL.test(tolerance)) throw new Error(`tolerance must be a non-negative decimal such as 0.01, not '${tolerance}'`);
  db.prepare(`insert into reconcile_setting (key, value) values ('tolerance', ?) on conflict(key) do update set value = excluded.value`).run(tolerance);
}

function figures(values: Record<BridgeCategory, Money>, dp: number): BridgeFigures {
  const explained = EXPLAINED_CATEGORIES.reduce((s, c) => s.plus(values[c as BridgeCategory]), ZERO);
  const unexplained = values.missing.plus(values.amountMismatch);
  return {
    prepaidTiming: fixed(values.prepaidTiming, dp),
    crossMonth: fixed(values.crossMonth, dp),
    precision: fixed(values.precision, dp),
    refunds: fixed(values.refunds, dp),
    missing: fixed(values.missing, dp),
    amountMismatch: fixed(values.amountMismatch, dp),
    explained: fixed(explained, dp),
    unexplained: fixed(unexplained, dp),
  };
}

export function reconcileMonth(db: Db, options: ReconcileOptions & { sources?: MismatchSource[] }): ReconcileReport {
  const { month } = options;
  if (!MONTH.test(month)) throw new Error(`month must be YYYY-MM, not '${month}'`);
  const toleranceText = options.tolerance ?? getTolerance(db);
  if (!DECIMAL.test(toleranceText)) throw new Error(`tolerance must be a non-negative decimal such as 0.01, not '${toleranceText}'`);
  const tolerance = money(toleranceText);
  const user = options.user ?? osUser();

  // One transaction: every pass reads the same snapshot, and the stored list matches the report.
  return db.transaction((): ReconcileReport => {
    const bridge = computeBridge(db, month, tolerance, options.period, options.onProgress);
    const checks = bridge.lineChecks;
    const prec = bridge.precision;

    const mismatches = [...bridge.mismatches];
    const notes: string[] = [];
    if (bridge.feeLines > 0 && bridge.consumptionLines === 0) notes.push(`no consumption bill is imported for ${month}: every fee-bill key is listed as missing`);
    if (bridge.consumptionLines > 0 && bridge.feeLines === 0) notes.push(`no fee bill is imported for ${month}: every consumption key is listed as missing`);
    const sources: [string, MismatchSource][] = [['whiteboard re-rating', ratingMismatches], ...extraSources, ...(options.sources ?? []).map((s, i): [string, MismatchSource] => [`source ${i + 1}`, s])];
    for (const [label, source] of sources) {
      // Another check that cannot run (no rating set up, no exchange rate) must not hide the bridge.
      try {
        mismatches.push(...source(db, month));
      } catch (err) {
        notes.push(`${label} not included: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    const exact = bridge.categories;
    const printed = allocateCents(exact, BRIDGE_CATEGORIES, money(fixed(bridge.feeTotal, 2)).minus(fixed(bridge.consumptionTotal, 2)));

    applyReviews(db, mismatches, user);
    replaceMonthMismatches(db, month, mismatches);

    const openUnexplained = mismatches.filter((m) => !m.explained && m.status === 'open').length;
    const report: ReconcileReport = {
      month,
      keys: KEYS,
      tolerance: toleranceText,
      period: bridge.period,
      fee: { total: fixed(bridge.feeTotal, 2), lines: bridge.feeLines },
      consumption: { total: fixed(bridge.consumptionTotal, 2), lines: bridge.consumptionLines },
      precision: prec.summary,
      lineChecks: { checked: checks.checked, failed: checks.failed },
      bridgeExact: figures(exact, 8),
      bridge: figures(printed, 2),
      mismatches,
      duplicates: bridge.duplicates,
      notes,
      openUnexplained,
    };
    db.prepare(
      `insert into reconcile_run (month, ranAt, tolerance, period, summary) values (?, ?, ?, ?, ?)
       on conflict(month) do update set ranAt = excluded.ranAt, tolerance = excluded.tolerance, period = excluded.period, summary = excluded.summary`,
    ).run(month, new Date().toISOString(), toleranceText, report.period, JSON.stringify({ ...toReportJson(report), mismatches: undefined }));
    options.onProgress?.({ phase: 'mismatches', rows: bridge.feeLines + bridge.consumptionLines, percent: 100 });
    return report;
  })();
}

function money2(text: string): string {
  return fixed(money(text), 2);
}

/** A mismatch as the CLI prints it: money at exactly 2 dp. */
export function mismatchJson(m: Mismatch): Record<string, unknown> {
  return {
    id: m.id,
    category: m.category,
    key: m.key,
    fee: money2(m.fee),
    consumption: money2(m.consumption),
    difference: money2(m.difference),
    status: m.status,
    explained: m.explained,
    note: m.note ?? null,
    comment: m.comment,
    reviewedBy: m.reviewedBy,
    reviewedAt: m.reviewedAt,
    reopenedBecause: m.reopenedBecause,
    feeSources: m.feeSources,
    consumptionSources: m.consumptionSources,
  };
}

/** The CLI's --json object: money at exactly 2 dp, the precision rebuild's rated and difference at 8. */
export function toReportJson(r: ReconcileReport): Record<string, unknown> {
  return {
    month: r.month,
    keys: r.keys,
    tolerance: r.tolerance,
    period: r.period,
    fee: r.fee,
    consumption: r.consumption,
    precision: {
      transactions: r.precision.transactions,
      rated: r.precision.rated,
      deducted: r.precision.deducted,
      difference: r.precision.difference,
      billed: r.precision.billed,
      agrees: r.precision.agrees,
      aggregatedLines: r.precision.aggregatedLines,
    },
    lineChecks: r.lineChecks,
    bridge: r.bridge,
    mismatches: r.mismatches.map(mismatchJson),
    duplicates: r.duplicates.map((d) => ({ ...d, amount: money2(d.amount) })),
    notes: r.notes,
  };
}

export interface ReconcileRun {
  month: Month;
  ranAt: string;
  tolerance: string;
  period: string;
  /** The report's JSON form without the mismatch list (page that with listMismatches). */
  summary: Record<string, unknown>;
}

/** The last run of a month, as stored: the UI shows the bridge without recomputing it. */
export function lastRun(db: Db, month: Month): ReconcileRun | undefined {
  const r = db.prepare('select month, ranAt, tolerance, period, summary from reconcile_run where month = ?').get(month) as
    | (Omit<ReconcileRun, 'summary'> & { summary: string })
    | undefined;
  return r && { ...r, summary: JSON.parse(r.summary) as Record<string, unknown> };
}

export interface ReviewEvent {
  status: Mismatch['status'];
  comment: string | null;
  who: string;
  at: string;
  /** Set when the run reopened the mark. */
  reason: string | null;
}

/** Every mark ever set on a mismatch, oldest first (the audit trail). */
export function reviewHistory(db: Db, id: string): ReviewEvent[] {
  return db.prepare('select status, comment, who, at, reason from review_event where id = ? order by seq').all(id) as ReviewEvent[];
}

export function listMismatches(db: Db, query: MismatchQuery): { total: number; rows: Mismatch[] } {
  return listStored(db, query);
}

export function getMismatchById(db: Db, id: string): Mismatch | undefined {
  return getMismatch(db, id);
}

/** The bill lines behind a mismatch, on both sides, from its "file:row" traces. */
export function mismatchSources(db: Db, id: string): SourceLine[] {
  const m = getMismatch(db, id);
  if (!m) return [];
  const byName = new Map<string, number[]>();
  for (const r of db.prepare('select id, fileName from import').all() as { id: number; fileName: string }[]) {
    byName.set(r.fileName, [...(byName.get(r.fileName) ?? []), r.id]);
  }
  const name = traceNamer(db);
  const out: SourceLine[] = [];
  const lookup = (side: SourceLine['side'], traces: string[]) => {
    const table = side === 'fee' ? 'fee_detail' : 'consumption';
    const stmt = db.prepare(`select * from ${table} where ${LIVE} and importId = ? and sourceRow = ?`);
    for (const t of traces) {
      const cut = t.lastIndexOf(':');
      const file = t.slice(0, cut);
      const row = Number(t.slice(cut + 1));
      for (const importId of byName.get(file) ?? []) {
        const r = stmt.get(importId, row) as Record<string, unknown> | undefined;
        if (!r) continue;
        const fields = { ...r };
        delete fields.id;
        if (typeof fields.extra === 'string') fields.extra = JSON.parse(fields.extra) as unknown;
        out.push({ side, file: name(importId, row).slice(0, -(String(row).length + 1)), row, fields });
        break;
      }
    }
  };
  lookup('fee', m.feeSources);
  lookup('consumption', m.consumptionSources);
  return out;
}

export function setReview(db: Db, ids: readonly string[], status: Mismatch['status'], comment: string | null, user?: string): Mismatch[] {
  return setReviewMarks(db, ids, status, comment, user);
}

export function lineChecks(db: Db, month: Month, options: { all?: boolean } = {}): LineCheckSummary {
  return runLineChecks(db, month, options);
}

export function precision(db: Db, month: Month, options: { transactions?: boolean } = {}): PrecisionSummary & { transactionsDetail?: TransactionPrecision[] } {
  const p = computePrecision(db, month, options.transactions ?? false);
  return options.transactions ? { ...p.summary, transactionsDetail: p.transactions ?? [] } : p.summary;
}
