/**
 * What the vendor owes (issue 15 §4): the amounts a customer can ask back, each with the bill rows
 * that prove it. Read, never recomputed: the stored mismatch list (re-rating differences and the
 * accountant's `claim` marks), the line checks import stored (the bill's own figures against its
 * own columns) and the persisted month report's precision figures. `billrecon claims`, the
 * workbook's Claims sheet and the support ticket all print this one list.
 *
 * - whiteboard: a day (or month) of whiteboard usage the fee bill charged above billrecon's
 *   re-rating of the usage files (a `rating` mismatch of a usage item, fee > rated);
 * - lineCheck: a fee line that states more than its own columns give (组件原价 above list price ×
 *   usage × duration, 优惠后总价 above 原价 × 折扣, payments above 优惠后总价, tax and totals on
 *   international bills). The checks chain (an overstated 原价 carries into 优惠后总价), so a line
 *   claims the largest overcharge one of its checks shows, not their sum;
 * - marked: every other mismatch an accountant marked `claim`, for its difference;
 * - precision: the month's positive precision difference (Σ deducted at 2 dp per 交易ID − the
 *   exact rated total), listed for information only: the vendor's rules keep it, not in the total.
 *
 * Counted once: a re-rating mismatch marked `claim` is the whiteboard claim; a line-check claim on
 * a line behind a mismatch marked `claim` is listed but left out of the total (the mark claims it).
 */
import type { CheckId } from '../bill/checks.js';
import { formatUnits, parseUnits, type Units } from '../money/index.js';
import type { DecimalText, Month } from '../model.js';
import type { Db } from '../store/index.js';
import { lineChecks } from './details.js';
import type { LineCheckSummary } from './types.js';
import type { Mismatch } from '../report/mismatch.js';
import { listMismatches } from '../report/mismatch-store.js';

export type ClaimKind = 'whiteboard' | 'lineCheck' | 'marked' | 'precision';

export interface Claim {
  kind: ClaimKind;
  month: Month;
  product: string | null;
  /** The resource, or a re-rating's item. */
  resource: string | null;
  /** The component, or a re-rating's day. */
  component: string | null;
  /** What the bill charged, 8 dp. */
  billed: DecimalText;
  /** What it should have charged: the re-rating, the line's own columns, the consumption bill (8 dp). */
  due: DecimalText;
  /** billed − due, 8 dp, > 0. */
  amount: DecimalText;
  /** The bill rows that show it, "file:row". */
  evidence: string[];
  /** false: listed, not in the total (the precision difference; a line a `claim` mark already covers). */
  counted: boolean;
  mismatchId: string | null;
  /** The line checks that failed upward: e.g. "discountedTotal 2.59333326 > 2.49333326". */
  checks: { check: CheckId; stated: DecimalText; recomputed: DecimalText }[];
  /** The accountant's comment on a marked mismatch. */
  comment: string | null;
}

export interface MonthClaims {
  month: Month;
  currency: string | null;
  claims: Claim[];
  /** Σ amount of the counted claims, 8 dp. */
  total: DecimalText;
}

/** The persisted report's figures claims read (ReconcileReport or the stored run's summary). */
export interface ClaimsReport {
  month: Month;
  currency?: string | null;
  precision: { rated: DecimalText; deducted: DecimalText; difference: DecimalText };
}

/** Checks whose stated figure is money the customer pays (rates such as 混合折扣率 are not). */
const CHARGED: ReadonlySet<CheckId> = new Set<CheckId>(['originalCost', 'discountedTotal', 'payments', 'beforeTax', 'tax', 'total', 'afterCoupon', 'riCost', 'spCost']);
const USAGE_ITEMS = new Set(['whiteboard', 'transcode', 'recording']);
const PAGE = 1000;

const units = (text: string | null | undefined): Units => (text ? (parseUnits(text) ?? 0n) : 0n);
const at8 = (u: Units): string => formatUnits(u, 8);

/** The month's stored mismatches that claims read: re-rating ones, `claim` marks, the precision row. */
function* claimRows(db: Db, month: Month): Generator<Mismatch> {
  for (const q of [{ category: 'rating' as const }, { status: 'claim' as const }, { category: 'precision' as const }]) {
    for (let offset = 0; ; offset += PAGE) {
      const { rows } = listMismatches(db, { month, ...q, sort: 'seq', dir: 'asc', offset, limit: PAGE });
      yield* rows;
      if (rows.length < PAGE) break;
    }
  }
}

/** A mismatch as a claim; a re-rating's evidence is the fee bill's rows (its other side is billrecon's own rating). */
function fromMismatch(kind: ClaimKind, m: Mismatch): Claim {
  const resource = m.key.resourceId ?? m.key.item ?? null;
  const component = m.key.component !== undefined ? m.key.component : (m.key.date ?? m.key.month ?? null);
  return {
    kind,
    month: m.month,
    product: m.key.product ?? null,
    resource,
    component,
    billed: m.fee,
    due: m.consumption,
    amount: m.difference,
    evidence: m.against === 'rated' ? [...m.feeSources] : [...m.feeSources, ...m.consumptionSources],
    counted: true,
    mismatchId: m.id,
    checks: [],
    comment: m.comment,
  };
}

/** A failing line's claim: its largest upward overcharge among the checks of what it charges. */
function fromLine(month: Month, l: LineCheckSummary['lines'][number]): Claim | null {
  const up = l.checks.filter((c) => !c.ok && CHARGED.has(c.check) && units(c.stated) > units(c.recomputed));
  if (up.length === 0) return null;
  const worst = up.reduce((a, b) => (units(b.stated) - units(b.recomputed) > units(a.stated) - units(a.recomputed) ? b : a));
  return {
    kind: 'lineCheck',
    month,
    product: l.product,
    resource: l.resourceId,
    component: l.component,
    billed: worst.stated,
    due: worst.recomputed,
    amount: at8(units(worst.stated) - units(worst.recomputed)),
    evidence: [l.source],
    counted: true,
    mismatchId: null,
    checks: up.map((c) => ({ check: c.check, stated: c.stated, recomputed: c.recomputed })),
    comment: null,
  };
}

/**
 * The month's claims from what is stored: `report` is the persisted month report (current, or a
 * closed month's frozen one), the line checks are those import stored (reconcile's lineChecks).
 */
export function monthClaims(db: Db, report: ClaimsReport): MonthClaims {
  const month = report.month;
  const lines = lineChecks(db, month);
  const claims: Claim[] = [];
  const marked: Mismatch[] = [];
  let precisionRow: Mismatch | null = null;
  const seen = new Set<string>();
  for (const m of claimRows(db, month)) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    if (m.category === 'rating' && USAGE_ITEMS.has(m.key.item ?? '') && units(m.difference) > 0n) claims.push(fromMismatch('whiteboard', m));
    else if (m.status === 'claim') marked.push(m);
    else if (m.category === 'precision' && precisionRow === null) precisionRow = m;
  }
  const markedLines = new Set(marked.flatMap((m) => m.feeSources));
  for (const l of lines.lines) {
    const c = fromLine(month, l);
    if (c) claims.push({ ...c, counted: !markedLines.has(l.source) });
  }
  for (const m of marked) claims.push(fromMismatch('marked', m));
  const ours = units(report.precision.difference);
  if (ours > 0n) {
    claims.push({
      kind: 'precision', month, product: precisionRow?.key.product ?? null, resource: precisionRow?.key.resourceId ?? null, component: null,
      billed: report.precision.deducted, due: report.precision.rated, amount: at8(ours), evidence: precisionRow?.feeSources ?? [],
      counted: false, mismatchId: precisionRow?.id ?? null, checks: [], comment: precisionRow?.comment ?? null,
    });
  }
  const total = claims.reduce((s, c) => (c.counted ? s + units(c.amount) : s), 0n);
  return { month, currency: report.currency ?? null, claims, total: at8(total) };
}
