/**
 * SPEC §2: the vendor rates at 8 decimals and deducts each transaction (交易ID) rounded half-up
 * to 2; the month's remainders are billed as one 月度计费精度差异 line. We rebuild that line from
 * the detail lines and say whether the bill's own line agrees.
 */
import { fixed, roundHalfUp, ZERO, type Money } from '../money/decimal.js';
import type { Month } from '../model.js';
import { LIVE, type Db } from '../store/index.js';
import { isPrecisionLine, isVendorPseudoLine } from './line-kinds.js';
import { ExactSum, fromScaled, roundScaled, scaled } from './scaled.js';
import type { PrecisionSummary, TransactionPrecision } from './types.js';

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

/**
 * Per-transaction totals, fed one line at a time. Exact: scaled BigInt per transaction, and
 * decimal.js for a transaction holding an amount finer than the scale.
 */
export class PrecisionTally {
  private readonly byTx = new Map<string, bigint>();
  private readonly fine = new Map<string, Money>();
  private aggregatedLines = 0;
  private pseudoLines = 0;
  private billed: ExactSum | null = null;
  private readonly billedSources: [number, number][] = [];

  add(tx: string | null, amount: string, pseudo: boolean, precisionLine: boolean, importId: number, sourceRow: number): void {
    this.addScaled(tx, scaled(amount), amount, pseudo, precisionLine, importId, sourceRow);
  }

  /** `v` is `scaled(amount)`, already computed by the caller. */
  addScaled(tx: string | null, v: bigint | null, amount: string, pseudo: boolean, precisionLine: boolean, importId: number, sourceRow: number): void {
    if (pseudo) {
      this.pseudoLines++;
      if (precisionLine) {
        (this.billed ??= new ExactSum()).add(amount);
        this.billedSources.push([importId, sourceRow]);
      }
      return;
    }
    if (tx === null || tx === '' || tx === '-') {
      this.aggregatedLines++;
      return;
    }
    if (v === null) {
      this.fine.set(tx, (this.fine.get(tx) ?? ZERO).plus(amount));
      if (!this.byTx.has(tx)) this.byTx.set(tx, 0n);
    } else {
      this.byTx.set(tx, (this.byTx.get(tx) ?? 0n) + v);
    }
  }

  result(withTransactions: boolean): PrecisionResult {
    let ratedBig = 0n;
    let deductedBig = 0n;
    let rated = ZERO;
    let deducted = ZERO;
    const transactions: TransactionPrecision[] = [];
    for (const [tx, big] of this.byTx) {
      const extra = this.fine.get(tx);
      if (extra === undefined) {
        const d = roundScaled(big, 2);
        ratedBig += big;
        deductedBig += d;
        if (withTransactions) {
          const r = fromScaled(big);
          const dd = fromScaled(d);
          transactions.push({ transactionId: tx, rated: fixed(r, 8), deducted: fixed(dd, 2), difference: fixed(dd.minus(r), 8) });
        }
      } else {
        const total = fromScaled(big).plus(extra);
        const d = roundHalfUp(total, 2);
        rated = rated.plus(total);
        deducted = deducted.plus(d);
        if (withTransactions) transactions.push({ transactionId: tx, rated: fixed(total, 8), deducted: fixed(d, 2), difference: fixed(d.minus(total), 8) });
      }
    }
    rated = rated.plus(fromScaled(ratedBig));
    deducted = deducted.plus(fromScaled(deductedBig));
    const difference = deducted.minus(rated);
    const expectedLine = roundHalfUp(difference, 2);
    const billed = this.billed?.value() ?? null;
    return {
      summary: {
        transactions: this.byTx.size,
        rated: fixed(rated, 8),
        deducted: fixed(deducted, 2),
        difference: fixed(difference, 8),
        billed: billed === null ? null : fixed(billed, 2),
        agrees: billed === null ? null : billed.equals(expectedLine),
        aggregatedLines: this.aggregatedLines,
        pseudoLines: this.pseudoLines,
      },
      billedExact: billed,
      expectedLine,
      billedSources: this.billedSources,
      ...(withTransactions ? { transactions } : {}),
    };
  }
}

export function computePrecision(db: Db, month: Month, withTransactions = false): PrecisionResult {
  const tally = new PrecisionTally();
  const stmt = db.prepare(
    `select importId, sourceRow, transactionId, discountedTotal, product, productCode, resourceId from fee_detail where ${LIVE} and billMonth = ?`,
  );
  type Row = [number, number, string | null, string, string, string | null, string | null];
  for (const [importId, sourceRow, tx, amount, product, productCode, resourceId] of stmt.raw().iterate(month) as IterableIterator<Row>) {
    const line = { product, productCode, resourceId };
    tally.add(tx, amount, isVendorPseudoLine(line), isPrecisionLine(line), importId, sourceRow);
  }
  return tally.result(withTransactions);
}

