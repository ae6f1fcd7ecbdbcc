import { dayOfNumber } from '../../../main/core/calendar/days.js';
import { LINE_KINDS, type LineKind } from '../../../main/core/bill/terms.js';
import type { LineFields } from '../../../main/core/bill/line-fields.js';
import { detailLine } from '../../../main/core/export/month-lines.js';
import type { Day, FeeDetailLine, Month } from '../../../main/core/model.js';
import type { Db } from '../../../main/core/store/index.js';
import { storedLines, type StoredLine } from '../../../main/core/store/line-reader.js';
import { SIDE } from '../../../main/core/store/line-writer.js';

/**
 * What the store holds of a bill line, read back through the store's own reader (store/line-reader.ts):
 * the typed columns the engine uses (key month, day, kind, integer amount) beside the line's
 * original cells as fields (amounts as the bill writes them, times as Beijing "YYYY-MM-DD HH:mm:ss").
 */
export interface ReadBackLine extends LineFields {
  importId: number;
  row: number;
  /** The bill month the line is counted in (its key's month). */
  month: Month;
  day: Day | null;
  kind: LineKind;
  /** The stored amount, INTEGER of 10^-8. */
  amount: bigint;
  /** The stored 交易ID (null for a line without one). */
  ref: string | null;
  extra: Record<string, string>;
}

function readBack(l: StoredLine): ReadBackLine {
  return {
    ...l.fields,
    importId: l.importId,
    row: l.row,
    month: l.key.month,
    day: l.day === null ? null : dayOfNumber(l.day),
    kind: LINE_KINDS[l.kind]!,
    amount: l.amount,
    ref: l.ref,
    extra: l.extra,
  };
}

/** Live lines of one side (fee, consumption, fee-resource), in import and row order. */
export function linesOf(db: Db, side: 'fee' | 'consumption' | 'feeResource'): ReadBackLine[] {
  return [...storedLines(db, { side: SIDE[side] })].map(readBack);
}

/**
 * Live fee-bill detail lines in the canonical record shape (what the corrected detail and FOCUS
 * export lay out: times as stored instants "…+08:00", `aggregated`, `billMonth`), with the stored
 * integer amount and line kind beside it.
 */
export function feeLines(db: Db): (FeeDetailLine & { amount: bigint; kind: LineKind })[] {
  return [...storedLines(db, { side: SIDE.fee })].map((l) => ({ ...detailLine(l), amount: l.amount, kind: LINE_KINDS[l.kind]! }));
}
