import type { CheckId } from '../bill/checks.js';
import type { DecimalText, Month } from '../model.js';
import type { Mismatch, MismatchCategory, ReviewStatus } from '../report/mismatch.js';
import type { ScopeFacets } from '../report/mismatch-store.js';

export type Period = 'deduction' | 'billing';

export interface ReconcileOptions {
  month: Month;
  /** Overrides the statistic period recorded on every fee-bill import of the month. */
  period?: Period;
  /** Amount-mismatch tolerance; default: the stored setting (0.01). */
  tolerance?: string;
  /** Who runs it (kept for the audit of reopened marks); default the OS user name. */
  user?: string;
  /** Called as the passes over the bills advance (0–100), for a progress bar. */
  onProgress?: (p: ReconcileProgress) => void;
}

export interface ReconcileProgress {
  phase: 'fee bill' | 'consumption bill' | 'mismatches';
  rows: number;
  percent: number;
}

/** The fields the bridge matches on, echoed in every report. */
export const KEYS = ['month', 'product', 'resourceId', 'component'] as const;

export interface BridgeFigures {
  prepaidTiming: DecimalText;
  crossMonth: DecimalText;
  precision: DecimalText;
  refunds: DecimalText;
  missing: DecimalText;
  amountMismatch: DecimalText;
  explained: DecimalText;
  unexplained: DecimalText;
}

export interface PrecisionSummary {
  /** Transactions (交易ID) grouped. */
  transactions: number;
  /** Exact rated total, 8 dp. */
  rated: DecimalText;
  /** Σ per-transaction half-up 2-dp amounts. */
  deducted: DecimalText;
  /** deducted − rated, 8 dp. */
  difference: DecimalText;
  /** The bill's 月度计费精度差异 line, or null when the bill has none. */
  billed: DecimalText | null;
  /** billed = difference rounded half-up to 2 dp; null without a billed line. */
  agrees: boolean | null;
  /** Month-aggregated L3 lines (交易ID "-"): they cannot be grouped by transaction and are left out. */
  aggregatedLines: number;
  /** Vendor pseudo-lines left out of the per-transaction computation. */
  pseudoLines: number;
}

export interface TransactionPrecision {
  transactionId: string;
  rated: DecimalText;
  deducted: DecimalText;
  difference: DecimalText;
}

export interface DuplicateKey {
  side: 'fee' | 'consumption';
  /** What makes the rows duplicates, e.g. the same 交易ID and component twice, or the same day twice. */
  reason: string;
  key: Record<string, string | null>;
  count: number;
  amount: DecimalText;
  sources: string[];
}

export interface LineCheck {
  check: CheckId;
  stated: DecimalText;
  recomputed: DecimalText;
  difference: DecimalText;
  ok: boolean;
}

export interface LineCheckResult {
  source: string;
  transactionId: string | null;
  product: string;
  resourceId: string | null;
  component: string | null;
  checks: LineCheck[];
  /** Checks listed, not failed: the reason (a contract price, a unit not understood) and what the columns give. */
  notCheckable?: NotCheckableCheck[];
}

export interface NotCheckableCheck {
  check: CheckId;
  /** "contract price, not checkable by its columns", "unit 元/千瓦时" … */
  reason: string;
  stated: DecimalText;
  recomputed: DecimalText;
}

/** Lines checked and failed; lines listed as not checkable only when there are some (older reports have none). */
export interface LineCheckCounts {
  checked: number;
  failed: number;
  notCheckable?: number;
}

export interface LineCheckSummary {
  checked: number;
  failed: number;
  /** Lines with a check listed as not checkable (not failures). */
  notCheckable: number;
  /** Failing and not-checkable lines (every line with `all: true`). */
  lines: LineCheckResult[];
}

/** The typed month report; `toReportJson` gives the CLI's --json object. */
export interface ReconcileReport {
  month: Month;
  keys: readonly string[];
  tolerance: DecimalText;
  period: Period | 'mixed';
  fee: { total: DecimalText; lines: number };
  consumption: { total: DecimalText; lines: number };
  precision: PrecisionSummary;
  lineChecks: LineCheckCounts;
  /** Exact figures (8 dp). */
  bridgeExact: BridgeFigures;
  /** 2-dp figures that add up: see printed-bridge.ts. */
  bridge: BridgeFigures;
  mismatches: Mismatch[];
  duplicates: DuplicateKey[];
  /** What could not be included (e.g. whiteboard re-rating without its setup), in words. */
  notes: string[];
  /** Unexplained mismatches still open: the gate. */
  openUnexplained: number;
  /** Per category of the stored list: rows and the exact sum of their differences, re-rating included. */
  categories: CategoryFigures[];
  /** The currency of the month's fee bill (its Currency column, or 元 in its headers); null when it does not say. */
  currency: string | null;
  /** Each product's fee and consumption totals (8 dp), for the Year screen's trend; reports before issue 15 have none. */
  products?: ProductTotals[];
  /** The month's whiteboard bill lines against our re-rating (null: none to compare); reports before issue 15 have none. */
  whiteboard?: WhiteboardTotals | null;
  /** Per member account, project and tag value (group-accounts.ts); absent when no line names one. */
  groups?: GroupTotals;
  /** The owners, projects and tag values the month's mismatches carry (the list's scope filters). */
  scopeFacets?: ScopeFacets;
}

/** A group account's month per owner (使用者UIN), project and tag "key=value" ('' or "key=": none). */
export interface GroupTotals {
  owners: ScopeFigures[];
  projects: ScopeFigures[];
  tags: ScopeFigures[];
}

/** One owner's, project's or tag value's figures, exact (8 dp). */
export interface ScopeFigures {
  value: string;
  /** Σ of the lines that carry the value, as the vendor allocates (Σ over a dimension = the month's total). */
  fee: DecimalText;
  feeLines: number;
  consumption: DecimalText;
  consumptionLines: number;
  /** Σ differences of the bridge's mismatches whose key's lines carry the value (re-rating not included). */
  explained: DecimalText;
  unexplained: DecimalText;
  mismatches: number;
}

export interface CategoryFigures {
  category: MismatchCategory;
  explained: boolean;
  count: number;
  /** Σ difference, 8 dp. */
  difference: DecimalText;
}

export interface MismatchQuery {
  month: Month;
  category?: MismatchCategory;
  product?: string;
  resource?: string;
  status?: ReviewStatus;
  /** Group accounts: the mismatches whose key's lines carry this owner (使用者UIN), project or tag "key=value". */
  owner?: string;
  project?: string;
  tag?: string;
  sort?: 'seq' | 'difference' | 'absDifference' | 'fee' | 'consumption' | 'category' | 'product' | 'resourceId' | 'component' | 'status';
  dir?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface SourceLine {
  side: 'fee' | 'consumption';
  file: string;
  row: number;
  /** The line's fields read from its original cells (money as exact text); `extra` holds the unmapped columns. */
  fields: Record<string, unknown>;
  /** The bill's own column header of each field. */
  columns: Record<string, string>;
}

/** One product's month on both bills, exact (8 dp): the Year screen's trend reads these. */
export interface ProductTotals {
  product: string;
  fee: DecimalText;
  consumption: DecimalText;
}

/** The whiteboard lines of the month's fee bill against our re-rating (2 dp, the bill's currency). */
export interface WhiteboardTotals {
  billed: DecimalText;
  rated: DecimalText;
  difference: DecimalText;
  currency: string | null;
}
