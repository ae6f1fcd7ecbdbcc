/**
 * The reconciliation engine's public API (SPEC §1–3): the UI, the export and the CLI call only
 * these, and read the month report it persists.
 *
 * - `reconcileMonth`: the month's line-check figures, the precision rebuild and the bridge, from
 *   what import stored; persists the month report (month_report) and the month's mismatches
 *   together with the whiteboard re-rating's (and any registered extra source's), review marks on.
 * - `lastRun`: the stored report of a month; `reviewHistory`: a mismatch's marks.
 * - `listMismatches` / `mismatchSources`: page through the stored mismatches, and trace one to
 *   the bill lines behind it (their original cells).
 * - `setReview`: mark mismatches explained / accepted / open.
 * - `lineChecks`, `precision`: the first two questions on their own.
 */
import { BRIDGE_CATEGORIES, EXPLAINED_CATEGORIES } from '../bill/terms.js';
import { Exact, formatUnits, parseUnits, roundUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { facetsOfMismatches, getMismatch, listMismatches as listStored, replaceMonthMismatches } from '../report/mismatch-store.js';
import { ratingCheck } from '../rating/index.js';
import type { Db } from '../store/index.js';
import { computeBridge, type BridgeCategory } from './bridge.js';
import { allocateCents } from './printed-bridge.js';
import { applyReviews, osUser, setReview as setReviewMarks } from './review.js';
import { currentInputs, writeMonthReport } from './month-report.js';
import { inWriteTurn } from '../store/write-turn.js';
import { KEYS, type BridgeFigures, type CategoryFigures, type MismatchQuery, type ReconcileOptions, type ReconcileReport, type WhiteboardTotals } from './types.js';
import { feeBillCurrency } from './currency.js';
import { productTotals } from './product-totals.js';
import { sharingPacks } from '../store/part-packs.js';
import { closedMonth, frozenOrRefuse } from './closed.js';
import { groupAccounts, isGroupBill } from './group-accounts.js';

export * from './types.js';
export { UnknownMismatchError, REVIEW_STATUSES, osUser } from './review.js';
export { mismatchId } from '../report/mismatch.js';
export { allocateCents } from './printed-bridge.js';
export { lastRun, reportIsCurrent, type ReconcileRun } from './month-report.js';
export { lineChecks, precision, mismatchSources, reviewHistory, type ReviewEvent } from './details.js';
export { transactionPrecision } from './precision.js';
export { isGroupBill, inScope, hasScopeFilter, groupsInScope, type ScopeFilter } from './group-accounts.js';

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

function figures(values: Record<BridgeCategory, Units>, dp: number): BridgeFigures {
  const explained = EXPLAINED_CATEGORIES.reduce((s, c) => s + values[c as BridgeCategory], 0n);
  const unexplained = values.missing + values.amountMismatch;
  const f = (u: Units) => formatUnits(u, dp);
  return {
    prepaidTiming: f(values.prepaidTiming),
    crossMonth: f(values.crossMonth),
    precision: f(values.precision),
    refunds: f(values.refunds),
    missing: f(values.missing),
    amountMismatch: f(values.amountMismatch),
    explained: f(explained),
    unexplained: f(unexplained),
  };
}

/** Mismatches of the other sources (whiteboard re-rating …); one that cannot run says why in the notes. */
function otherMismatches(db: Db, month: Month, extra: MismatchSource[], notes: string[], whiteboard: { totals: WhiteboardTotals | null }): Mismatch[] {
  const out: Mismatch[] = [];
  // The re-rating's totals are kept in the report too (the Year table reads them there).
  const rating: MismatchSource = (d, m) => {
    const r = ratingCheck(d, m);
    whiteboard.totals = r.totals;
    return r.mismatches;
  };
  const sources: [string, MismatchSource][] = [['whiteboard re-rating', rating], ...extraSources, ...extra.map((s, i): [string, MismatchSource] => [`source ${i + 1}`, s])];
  for (const [label, source] of sources) {
    try {
      out.push(...source(db, month));
    } catch (err) {
      notes.push(`${label} not included: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

export function reconcileMonth(db: Db, options: ReconcileOptions & { sources?: MismatchSource[] }): ReconcileReport {
  const { month } = options;
  if (!MONTH.test(month)) throw new Error(`month must be YYYY-MM, not '${month}'`);
  const toleranceText = options.tolerance ?? getTolerance(db);
  if (!DECIMAL.test(toleranceText)) throw new Error(`tolerance must be a non-negative decimal such as 0.01, not '${toleranceText}'`);
  const tolerance = parseUnits(toleranceText)!;
  const user = options.user ?? osUser();
  // Every pass reads one snapshot (a read transaction: another process may import meanwhile),
  // and the report records the inputs of that snapshot: an import that lands before the report
  // is written leaves it out of date, so the screens recompute instead of showing it as current.
  const found = db.transaction(() => sharingPacks(db, () => {
    options.onProgress?.({ phase: 'fee bill', rows: 0, percent: 0 });
    const bridge = computeBridge(db, month, tolerance, Exact.of(toleranceText).toString(), options.period);
    const notes: string[] = [...bridge.switchNotes];
    if (bridge.feeLines > 0 && bridge.consumptionLines === 0) notes.push(`no consumption bill is imported for ${month}: every fee-bill key is listed as missing`);
    if (bridge.consumptionLines > 0 && bridge.feeLines === 0) notes.push(`no fee bill is imported for ${month}: every consumption key is listed as missing`);
    // Read once here, before the list is stored: each bridge mismatch gets its owner, project and tags.
    const groups = groupAccounts(db, { month, ...bridge.groupInput }, notes);
    const whiteboard = { totals: null as WhiteboardTotals | null };
    const mismatches = [...bridge.mismatches, ...otherMismatches(db, month, options.sources ?? [], notes, whiteboard)];
    const products = productTotals(db, month);
    return { bridge, notes, mismatches, groups, products, whiteboard: whiteboard.totals, currency: feeBillCurrency(db, month), inputs: currentInputs(db, month, options.period ?? null) };
  }))();
  // …and the result is written when this process has its turn to write (another process's
  // import may hold the lock for a while: the connection's notice says what it waits for).
  return inWriteTurn(db, (): ReconcileReport => {
    const report = monthReport(month, toleranceText, found.bridge, found.notes, found.mismatches, found.currency);
    if (found.groups) report.groups = found.groups;
    report.scopeFacets = facetsOfMismatches(found.mismatches);
    report.products = found.products;
    report.whiteboard = found.whiteboard;
    // A closed month is not written: the same figures answer with the frozen report, others are refused.
    const closed = closedMonth(db, month);
    if (closed) return frozenOrRefuse(closed, report);
    applyReviews(db, found.mismatches, user);
    replaceMonthMismatches(db, month, found.mismatches);
    report.openUnexplained = found.mismatches.filter((m) => !m.explained && m.status === 'open').length;
    writeMonthReport(db, report, found.inputs);
    options.onProgress?.({ phase: 'mismatches', rows: found.bridge.feeLines + found.bridge.consumptionLines, percent: 100 });
    return report;
  });
}

function monthReport(month: Month, toleranceText: string, bridge: ReturnType<typeof computeBridge>, notes: string[], mismatches: Mismatch[], currency: string | null): ReconcileReport {
  const printed = allocateCents(bridge.categories, BRIDGE_CATEGORIES, roundUnits(bridge.feeTotal, 2) - roundUnits(bridge.consumptionTotal, 2));
  return {
    month,
    keys: KEYS,
    tolerance: toleranceText,
    period: bridge.period,
    fee: { total: formatUnits(bridge.feeTotal, 2), lines: bridge.feeLines },
    consumption: { total: formatUnits(bridge.consumptionTotal, 2), lines: bridge.consumptionLines },
    precision: bridge.precision.summary,
    lineChecks: bridge.lineChecks,
    bridgeExact: figures(bridge.categories, 8),
    bridge: figures(printed, 2),
    mismatches,
    duplicates: bridge.duplicates,
    notes,
    openUnexplained: 0,
    categories: categoryFigures(mismatches),
    currency,
    ...(bridge.periodSwitch ? { periodSwitch: bridge.periodSwitch } : {}),
  };
}

/** Rows and the exact sum of differences per category, in the list's order of first appearance. */
function categoryFigures(mismatches: readonly Mismatch[]): CategoryFigures[] {
  const by = new Map<string, { category: Mismatch['category']; explained: boolean; count: number; sum: Units }>();
  for (const m of mismatches) {
    const id = `${m.category}|${m.explained}`;
    let c = by.get(id);
    if (!c) by.set(id, (c = { category: m.category, explained: m.explained, count: 0, sum: 0n }));
    c.count++;
    c.sum += parseUnits(m.difference) ?? 0n;
  }
  return [...by.values()].map((c) => ({ category: c.category, explained: c.explained, count: c.count, difference: formatUnits(c.sum, 8) }));
}

/** A mismatch as the CLI prints it: money at exactly 2 dp; its owners, projects and tags with `withScope` (a group bill, or a scoped run). */
export function mismatchJson(m: Mismatch, withScope = false): Record<string, unknown> {
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
    ...(withScope ? { scope: m.scope ?? null } : {}),
  };
}

function money2(text: string): string {
  return formatUnits(parseUnits(text)!, 2);
}

/**
 * The CLI's --json object: money at exactly 2 dp, the precision rebuild's rated and difference at 8.
 * A group bill's (or with `withScope`, any) per-account totals and each mismatch's scope are added;
 * a single account's month prints as it always did.
 */
export function toReportJson(r: ReconcileReport, withScope = false): Record<string, unknown> {
  const scoped = withScope || isGroupBill(r.groups);
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
    mismatches: r.mismatches.map((m) => mismatchJson(m, scoped)),
    duplicates: r.duplicates.map((d) => ({ ...d, amount: money2(d.amount) })),
    notes: r.notes,
    ...(r.periodSwitch ? { periodSwitch: r.periodSwitch } : {}),
    ...(scoped && r.groups ? { groups: r.groups } : {}),
  };
}

export function listMismatches(db: Db, query: MismatchQuery): { total: number; rows: Mismatch[] } {
  return listStored(db, query);
}

export function getMismatchById(db: Db, id: string): Mismatch | undefined {
  return getMismatch(db, id);
}

export function setReview(db: Db, ids: readonly string[], status: Mismatch['status'], comment: string | null, user?: string): Mismatch[] {
  return setReviewMarks(db, ids, status, comment, user);
}
