/**
 * The month's details behind the report, read from what import stored: failing line checks with
 * their figures, the precision summary (and each transaction), a mismatch's source lines with
 * their original cells, and a mismatch's review history.
 */
import { CHECK_IDS, hasFailure, isListed, NOT_CHECKABLE, rateOf, verdictOf, wasChecked, type CheckId } from '../bill/checks.js';
import { FIELDS, type FieldName } from '../bill/columns.js';
import { readLine } from '../bill/line-fields.js';
import { formatUnits, parseUnits, productAt8, sumUnits, toUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import { getMismatch } from '../report/mismatch-store.js';
import type { ReviewStatus } from '../report/mismatch.js';
import type { Db } from '../store/index.js';
import { LINE_ID_SPAN, SIDE, lineId, lineRange } from '../store/line-writer.js';
import { recordAt, sourceLayout, type SourceLayout } from '../store/line-source.js';
import { traceNamer } from '../store/traces.js';
import { isPrecisionPart, monthParts, monthTotals } from './month-input.js';
import { feeImportsOf } from './month-input.js';
import { monthPrecision, transactionPrecision } from './precision.js';
import { notCheckableLines } from './line-verdicts.js';
import type { LineCheck, LineCheckResult, LineCheckSummary, NotCheckableCheck, PrecisionSummary, SourceLine, TransactionPrecision } from './types.js';

/** The field each check states (the payments check states the sum of the payment columns). */
const STATED: Record<Exclude<CheckId, 'payments'>, FieldName> = {
  originalCost: 'originalCost',
  discountedTotal: 'discountedTotal',
  beforeTax: 'beforeTax',
  tax: 'taxAmount',
  total: 'totalInclTax',
  afterCoupon: 'afterCoupon',
  blendedDiscount: 'blendedDiscount',
  riCost: 'riCost',
  spCost: 'spCost',
};

type Fields = Record<string, string | null | undefined>;

/** A passed check's stated figure, read from the line's cells (a rate at 8 decimals, as the check compared it). */
function statedOf(fields: Fields, check: CheckId): Units {
  if (check === 'payments') return paymentsOf(fields);
  const field = STATED[check];
  const text = fields[field] ?? '0';
  if (FIELDS[field].type === 'amount') return parseUnits(text) ?? 0n;
  const rate = rateOf(text);
  return rate === null ? 0n : toUnits(productAt8([rate]));
}

interface StoredLine {
  importId: number;
  row: number;
  verdict: number;
  ref: string | null;
  product: string;
  resourceId: string;
  component: string;
  at: number;
}

function failures(db: Db, lo: number, hi: number): Map<number, Map<string, [bigint, bigint]>> {
  const out = new Map<number, Map<string, [bigint, bigint]>>();
  for (const [line, check, stated, recomputed] of db.prepare('select line, "check", stated, recomputed from line_check where line between ? and ?').safeIntegers(true).raw().all(lo, hi) as [bigint, string, bigint, bigint][]) {
    const id = Number(line);
    if (!out.has(id)) out.set(id, new Map());
    out.get(id)!.set(check, [stated, recomputed]);
  }
  return out;
}

/**
 * Each check of a line: a failed one with its stored figures, a passed one stated = recomputed (read
 * from its cells); and the checks listed as not checkable, with their reason and stored figures.
 */
function checksOf(db: Db, layout: SourceLayout, l: StoredLine, stored: Map<string, [bigint, bigint]> | undefined): Pick<LineCheckResult, 'checks' | 'notCheckable'> {
  const checks: LineCheck[] = [];
  const listed: NotCheckableCheck[] = [];
  let fields: Fields | null = null;
  const cells = (): Fields => (fields ??= readLine(layout.headers, layout.mapping, recordAt(db, layout, l.at)).fields);
  for (const check of CHECK_IDS) {
    const v = verdictOf(l.verdict, check);
    if (v === 'absent') continue;
    const f = stored?.get(check);
    if (v === 'notCheckable') {
      const [stated, recomputed] = f ?? [0n, 0n];
      listed.push({ check, reason: reasonOf(l.verdict, cells()), stated: formatUnits(stated, 8), recomputed: formatUnits(recomputed, 8) });
      continue;
    }
    const [stated, recomputed] = f ?? [statedOf(cells(), check), statedOf(cells(), check)];
    checks.push({ check, stated: formatUnits(stated, 8), recomputed: formatUnits(recomputed, 8), difference: formatUnits(stated - recomputed, 8), ok: !f });
  }
  return listed.length > 0 ? { checks, notCheckable: listed } : { checks };
}

/** A contract price hides every route it affects; otherwise the one reason left is the price unit. */
function reasonOf(verdict: number, fields: Fields): string {
  if ((verdict & NOT_CHECKABLE.contractPrice.bit) !== 0) return NOT_CHECKABLE.contractPrice.text;
  return `${NOT_CHECKABLE.unit.text} ${fields.priceUnit ?? ''}`.trim();
}

function paymentsOf(fields: Fields): Units {
  return sumUnits(['cash', 'gift', 'voucher', 'transfer'].map((k) => parseUnits(fields[k] ?? '')));
}

export function lineChecks(db: Db, month: Month, options: { all?: boolean } = {}): LineCheckSummary {
  const totals = monthTotals(db, month, SIDE.fee);
  const lines: LineCheckResult[] = [];
  const name = traceNamer(db);
  for (const importId of feeImportsOf(db, month)) {
    const [lo, hi] = lineRange(importId);
    const failed = failures(db, lo, hi);
    if (!options.all && failed.size === 0) continue; // failures and not-checkable listings both leave rows
    const layout = sourceLayout(db, importId);
    // The import is known and its lines start at lo; the row is the id's offset in the range
    // (LINE_ROW_SQL's bare "id" would be ambiguous in this join with bill_key).
    const stmt = db.prepare(
      `select ? as importId, l.id - ? as row, l.verdict, l.ref, k.product, k.resourceId, k.component, l.at
       from bill_line l join bill_key k on k.id = l.key where l.id between ? and ? and k.month = ? and l.verdict != 0 order by l.id`,
    );
    for (const l of stmt.iterate(importId, lo, lo, hi, month) as IterableIterator<StoredLine>) {
      const listed = isListed(l.verdict);
      if (!wasChecked(l.verdict) && !listed) continue;
      if (!options.all && !hasFailure(l.verdict) && !listed) continue;
      lines.push({
        source: name(l.importId, l.row),
        transactionId: l.ref,
        product: l.product,
        resourceId: l.resourceId === '' ? null : l.resourceId,
        component: l.component === '' ? null : l.component,
        ...checksOf(db, layout, l, failed.get(lineId(l.importId, l.row))),
      });
    }
  }
  return { checked: totals.checked, failed: totals.failed, notCheckable: notCheckableLines(db, month), lines };
}

export function precision(db: Db, month: Month, options: { transactions?: boolean } = {}): PrecisionSummary & { transactionsDetail?: TransactionPrecision[] } {
  const summary = monthPrecision(monthTotals(db, month, SIDE.fee), monthParts(db, month, SIDE.fee, isPrecisionPart)).summary;
  if (!options.transactions) return summary;
  const detail = [...transactionPrecision(db, month, traceNamer(db))].map(({ transactionId, rated, deducted, difference }) => ({ transactionId, rated, deducted, difference }));
  return { ...summary, transactionsDetail: detail };
}

/** The bill lines behind a mismatch, on both sides, from its "file:row" traces: their original cells. */
export function mismatchSources(db: Db, id: string): SourceLine[] {
  const m = getMismatch(db, id);
  if (!m) return [];
  const byName = new Map<string, number[]>();
  for (const r of db.prepare(`select id, fileName from import where status = 'imported'`).all() as { id: number; fileName: string }[]) {
    byName.set(r.fileName, [...(byName.get(r.fileName) ?? []), r.id]);
  }
  const layouts = new Map<number, SourceLayout>();
  const at = db.prepare('select at from bill_line where id = ?').pluck();
  const out: SourceLine[] = [];
  const lookup = (side: SourceLine['side'], traces: string[]) => {
    for (const t of traces) {
      const cut = t.lastIndexOf(':');
      const file = t.slice(0, cut);
      const row = Number(t.slice(cut + 1));
      for (const importId of byName.get(file) ?? []) {
        const offset = at.get(importId * LINE_ID_SPAN + row) as number | undefined;
        if (offset === undefined) continue;
        let layout = layouts.get(importId);
        if (!layout) layouts.set(importId, (layout = sourceLayout(db, importId)));
        const { fields, extra } = readLine(layout.headers, layout.mapping, recordAt(db, layout, offset));
        out.push({ side, file, row, fields: { ...fields, extra }, columns: layout.mapping });
        break;
      }
    }
  };
  lookup('fee', m.feeSources);
  lookup('consumption', m.consumptionSources);
  return out;
}

export interface ReviewEvent {
  status: ReviewStatus;
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
