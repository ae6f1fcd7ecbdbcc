/**
 * SPEC §2: the vendor rates at 8 decimals and deducts each transaction (交易ID) rounded half-up
 * to 2; the month's remainders are billed as one 月度计费精度差异 line. The month's figures are the
 * sums of its imports' tallies (bill/tx-tally.ts, kept at import); the per-transaction listing
 * for the workbook and `precision --transactions` is read from the stored lines.
 */
import { BUCKET, FEE_CLASS } from '../bill/parts.js';
import { LINE_KIND_CODE } from '../bill/terms.js';
import { formatUnits, roundUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LINE_IMPORT_SQL, LINE_ROW_SQL, lineRange } from '../store/line-writer.js';
import type { MonthTotals, PartRow } from './month-input.js';
import { feeImportsOf } from './month-input.js';
import type { PrecisionSummary, TransactionPrecision } from './types.js';

export interface PrecisionFigures {
  summary: PrecisionSummary;
  /** The bill's precision line(s), exact; null when the bill has none. */
  billed: Units | null;
  /** Our difference rounded half-up to 2 dp: what the bill's line should say. */
  expectedLine: Units;
  billedSources: [number, number][];
}

export function monthPrecision(totals: MonthTotals, feeParts: readonly PartRow[]): PrecisionFigures {
  const lines = feeParts.filter((p) => (p.bucket & BUCKET.classMask) === FEE_CLASS.precisionLine);
  const billed = lines.length === 0 ? null : lines.reduce((s, p) => s + p.amount, 0n);
  const difference = totals.deducted - totals.rated;
  const expectedLine = roundUnits(difference, 2);
  return {
    summary: {
      transactions: totals.transactions,
      rated: formatUnits(totals.rated, 8),
      deducted: formatUnits(totals.deducted, 2),
      difference: formatUnits(difference, 8),
      billed: billed === null ? null : formatUnits(billed, 2),
      agrees: billed === null ? null : billed === expectedLine,
      aggregatedLines: totals.aggregatedLines,
      pseudoLines: totals.pseudoLines,
    },
    billed,
    expectedLine,
    billedSources: lines.flatMap((p) => p.rows.map((r): [number, number] => [p.importId, r])),
  };
}

const MAX_SOURCES = 5;

/**
 * The month's transactions in 交易ID order: rated (8 dp), deducted (2 dp half-up), difference,
 * and the first few source lines; `exact` holds the two sums as units, for a caller that totals
 * them. Month-aggregated rows (no 交易ID) and the vendor's pseudo-lines are left out, as in the tally.
 */
export function* transactionPrecision(db: Db, month: Month, trace: (importId: number, row: number) => string): Generator<TransactionPrecision & { lines: number; sources: string[]; exact: { rated: Units; deducted: Units } }> {
  const ranges = feeImportsOf(db, month).map((id) => lineRange(id));
  if (ranges.length === 0) return;
  const stmt = db.prepare(
    `select ref, amount, ${LINE_IMPORT_SQL}, ${LINE_ROW_SQL} from bill_line
     where (${ranges.map(() => 'id between ? and ?').join(' or ')}) and key in (select id from bill_key where month = ?)
       and kind not in (${LINE_KIND_CODE.pseudo}, ${LINE_KIND_CODE.precisionLine}) and ref is not null and ref not in ('', '-')
     order by ref, id`,
  );
  let tx: string | null = null;
  let rated = 0n;
  let lines = 0;
  let sources: string[] = [];
  const done = () => {
    const deducted = roundUnits(rated, 2);
    return { transactionId: tx!, lines, rated: formatUnits(rated, 8), deducted: formatUnits(deducted, 2), difference: formatUnits(deducted - rated, 8), sources, exact: { rated, deducted } };
  };
  for (const [ref, amount, importId, row] of stmt.safeIntegers(true).raw().iterate(...ranges.flat(), month) as IterableIterator<[string, bigint, bigint, bigint]>) {
    if (tx !== null && ref !== tx) {
      yield done();
      rated = 0n;
      lines = 0;
      sources = [];
    }
    tx = ref;
    rated += amount;
    lines++;
    if (sources.length < MAX_SOURCES) sources.push(trace(Number(importId), Number(row)));
    else if (sources.length === MAX_SOURCES) sources.push('…');
  }
  if (tx !== null) yield done();
}
