/**
 * SPEC §2: the vendor rates at 8 decimals and deducts each transaction (交易ID) rounded half-up
 * to 2; the month's remainders are billed as one 月度计费精度差异 line. We rebuild that line from
 * the detail lines and say whether the bill's own line agrees.
 */
import { fixed, money, roundHalfUp, ZERO, type Money } from '../money/decimal.js';
import type { Month } from '../model.js';
import { LIVE, type Db } from '../store/index.js';
import { isPrecisionLine, isVendorPseudoLine } from './line-kinds.js';
import type { PrecisionSummary, TransactionPrecision } from './types.js';

interface PrecisionRow {
  transactionId: string | null;
  discountedTotal: string;
  product: string;
  productCode: string | null;
  resourceId: string | null;
}

export interface PrecisionResult {
  summary: PrecisionSummary;
  /** The bill's precision line amount (exact), null when absent. */
  billedExact: Money | null;
  /** Our month difference rounded half-up to 2 dp: what the bill's line should say. */
  expectedLine: Money;
  /** The bill's precision lines, as [importId, sourceRow]. */
  billedSources: [number, number][];
  transactions?: TransactionPrecision[];
}

export function computePrecision(db: Db, month: Month, withTransactions = false): PrecisionResult {
  const byTx = new Map<string, Money>();
  let aggregatedLines = 0;
  let pseudoLines = 0;
  let billed: Money | null = null;
  const billedSources: [number, number][] = [];
  const stmt = db.prepare(
    `select importId, sourceRow, transactionId, discountedTotal, product, productCode, resourceId from fee_detail where ${LIVE} and billMonth = ?`,
  );
  for (const r of stmt.iterate(month) as IterableIterator<PrecisionRow & { importId: number; sourceRow: number }>) {
    if (isVendorPseudoLine(r)) {
      pseudoLines++;
      if (isPrecisionLine(r)) {
        billed = (billed ?? ZERO).plus(r.discountedTotal);
        billedSources.push([r.importId, r.sourceRow]);
      }
      continue;
    }
    if (r.transactionId === null || r.transactionId === '' || r.transactionId === '-') {
      aggregatedLines++;
      continue;
    }
    const prev = byTx.get(r.transactionId);
    byTx.set(r.transactionId, prev ? prev.plus(r.discountedTotal) : money(r.discountedTotal));
  }
  let rated = ZERO;
  let deducted = ZERO;
  const transactions: TransactionPrecision[] = [];
  for (const [tx, total] of byTx) {
    const d = roundHalfUp(total, 2);
    rated = rated.plus(total);
    deducted = deducted.plus(d);
    if (withTransactions) transactions.push({ transactionId: tx, rated: fixed(total, 8), deducted: fixed(d, 2), difference: fixed(d.minus(total), 8) });
  }
  const difference = deducted.minus(rated);
  const expectedLine = roundHalfUp(difference, 2);
  return {
    summary: {
      transactions: byTx.size,
      rated: fixed(rated, 8),
      deducted: fixed(deducted, 2),
      difference: fixed(difference, 8),
      billed: billed === null ? null : fixed(billed, 2),
      agrees: billed === null ? null : billed.equals(expectedLine),
      aggregatedLines,
      pseudoLines,
    },
    billedExact: billed,
    expectedLine,
    billedSources,
    ...(withTransactions ? { transactions } : {}),
  };
}
