/**
 * The figures the Unexplained card, the waterfall and the Mismatches list share, all taken from
 * one month report: the printed bridge's unexplained categories plus the re-rating differences
 * (fee bill against billrecon's own rating, outside the fee → consumption bridge).
 */
import type { MonthReportView } from '../../main/api/contract';
import { addDecimals } from './format';

export interface Unexplained {
  /** Unexplained mismatch rows (missing, amount mismatch, re-rating) and how many are open. */
  count: number;
  open: number;
  /** The bridge's printed unexplained figure (2 decimals). */
  bridge: string;
  /** The re-rating differences' sum; null when the month has none. */
  rating: string | null;
  /** bridge + rating: what the card shows and the waterfall's unexplained steps add up to. */
  total: string;
  /** The exact sum of every unexplained row's difference (what the list adds up to). */
  listSum: string;
}

export function unexplainedOf(report: MonthReportView): Unexplained {
  const cats = (report.categories ?? []).filter((c) => !c.explained);
  const rating = cats.find((c) => c.category === 'rating')?.difference ?? null;
  return {
    count: report.categories ? cats.reduce((s, c) => s + c.count, 0) : report.openUnexplained,
    open: report.categories ? cats.reduce((s, c) => s + c.open, 0) : report.openUnexplained,
    bridge: report.bridge.unexplained,
    rating,
    total: rating === null ? report.bridge.unexplained : addDecimals(report.bridge.unexplained, rating),
    listSum: cats.reduce((s, c) => addDecimals(s, c.difference), '0'),
  };
}
