import type { Month } from '../model.js';
import { fixed, roundHalfUp } from '../money/decimal.js';
import { ExactSum, scaledText, toScale } from './scaled-decimal.js';
import { LIVE, type Db } from '../store/index.js';

/** SPEC §2 for one transaction ID: rated at 8 dp, deducted at 2 dp half-up. */
export interface TransactionPrecision {
  transactionId: string;
  lines: number;
  /** 8 dp */
  rated: string;
  /** 2 dp */
  deducted: string;
  /** deducted − rated, 8 dp */
  difference: string;
  /** "file:row" of its lines (the first few). */
  sources: string[];
}

const MAX_SOURCES = 5;

/**
 * The month's transactions in transaction-ID order, streamed: lines come sorted by ID from
 * SQLite (indexed), so only one transaction is in memory at a time. Month-aggregated rows have no
 * transaction ID and the vendor's pseudo-lines (月度计费精度差异, billVirtualId) are results, not
 * inputs: both are left out, by the same rules as reconcile/precision.ts.
 */
export function* transactionPrecision(db: Db, month: Month, trace: (importId: number, row: number) => string): Generator<TransactionPrecision> {
  const stmt = db.prepare(
    `select transactionId as tx, discountedTotal as amount, importId, sourceRow from fee_detail
      where ${LIVE} and billMonth = ? and transactionId is not null and transactionId not in ('', '-')
        and product <> '月度计费精度差异' and coalesce(productCode, '') <> 'billVirtualId' and coalesce(resourceId, '') <> 'billVirtualId'
      order by transactionId, importId, sourceRow`,
  );
  let current: { tx: string; rated: ExactSum; lines: number; sources: string[] } | null = null;
  const done = (c: NonNullable<typeof current>): TransactionPrecision => {
    const r8 = c.rated.scaled8();
    if (r8 !== null) {
      // Half a million transactions: stay on BigInts (same half-up rule as roundHalfUp).
      const d2 = toScale({ int: r8, scale: 8 }, 2);
      const diff = d2 * 1_000_000n - r8;
      return { transactionId: c.tx, lines: c.lines, rated: scaledText(r8, 8), deducted: scaledText(d2, 2), difference: scaledText(diff, 8), sources: c.sources };
    }
    const rated = c.rated.value();
    const deducted = roundHalfUp(rated, 2);
    return { transactionId: c.tx, lines: c.lines, rated: fixed(rated, 8), deducted: fixed(deducted, 2), difference: fixed(deducted.minus(rated), 8), sources: c.sources };
  };
  for (const r of stmt.iterate(month) as IterableIterator<{ tx: string; amount: string; importId: number; sourceRow: number }>) {
    if (current && current.tx !== r.tx) {
      yield done(current);
      current = null;
    }
    current ??= { tx: r.tx, rated: new ExactSum(), lines: 0, sources: [] };
    current.rated.add(r.amount);
    current.lines++;
    if (current.sources.length < MAX_SOURCES) current.sources.push(trace(r.importId, r.sourceRow));
    else if (current.sources.length === MAX_SOURCES) current.sources.push('…');
  }
  if (current) yield done(current);
}
