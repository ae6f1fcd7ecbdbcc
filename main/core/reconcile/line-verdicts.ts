/**
 * How many of a month's fee lines have a check listed as not checkable (a contract price, a price
 * unit not understood): counted apart from failures. Such a check keeps its figures in line_check
 * beside the failures (bill/checks.ts), so the count reads those few rows, never the month's lines.
 */
import { REASON_BITS } from '../bill/checks.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { lineRange } from '../store/line-writer.js';
import { feeImportsOf } from './month-input.js';
import type { LineCheckCounts } from './types.js';

export function notCheckableLines(db: Db, month: Month): number {
  const count = db.prepare(
    `select count(distinct c.line) from line_check c join bill_line l on l.id = c.line join bill_key k on k.id = l.key
     where c.line between ? and ? and (l.verdict & ${REASON_BITS}) != 0 and k.month = ?`,
  );
  let n = 0;
  for (const importId of feeImportsOf(db, month)) n += count.pluck().get(...lineRange(importId), month) as number;
  return n;
}

/** The report's line-check counts: not-checkable lines only when there are some (reports before them have none). */
export function lineCheckCounts(db: Db, month: Month, checked: number, failed: number): LineCheckCounts {
  const notCheckable = notCheckableLines(db, month);
  return notCheckable > 0 ? { checked, failed, notCheckable } : { checked, failed };
}
