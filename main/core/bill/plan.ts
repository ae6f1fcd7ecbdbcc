/**
 * Which column of a file holds each field the classifier reads, and which other typed columns it
 * must still check (a bad value is refused whether or not the engine uses it), from the mapping
 * the header row gave.
 */
import { FIELDS, isTagHeader, type FieldName, type FieldType } from './columns.js';

export interface ColumnPlan {
  /** Field → column index; −1 when the file lacks it. */
  col: Record<FieldName, number>;
  /** Typed columns the classifier does not read itself: [column, type]. */
  validate: [number, FieldType][];
  /** Tag columns (标签键:<key>): [column, key]. */
  tags: [number, string][];
}

const FEE_READ: readonly FieldName[] = [
  'product', 'productCode', 'resourceId', 'componentName', 'componentType', 'payMode', 'actionType', 'orderId',
  'transactionId', 'payTime', 'usageStart', 'usageEnd', 'billMonth', 'discountedTotal', 'ownerUin', 'project',
];
/** The fee detail's line checks read these too. */
const CHECK_READ: readonly FieldName[] = [
  'listPrice', 'usage', 'duration', 'discount', 'originalCost', 'voucher', 'cash', 'gift', 'transfer', 'riDuration', 'riCost', 'spDeduction',
  'spRate', 'spCost', 'blendedDiscount', 'beforeTax', 'taxRate', 'taxAmount', 'totalInclTax', 'afterCoupon',
];
/**
 * Every cell a fee line's checks read (bill/normalize.ts, check): the line's verdict is a function
 * of these cells alone (bill/check-memo.ts keys the verdicts it keeps by their bytes).
 */
export const CHECK_CELLS: readonly FieldName[] = [...CHECK_READ, 'discountedTotal', 'priceUnit', 'usageUnit', 'durationUnit'];
const CONSUMPTION_READ: readonly FieldName[] = [
  'product', 'resourceId', 'componentName', 'componentType', 'payMode', 'consumptionType', 'actionType', 'orderId',
  'transactionId', 'usageStart', 'usageEnd', 'billMonth', 'discountedTotal', 'ownerUin', 'project',
];

export const READ_BY_KIND = {
  'fee-detail': [...FEE_READ, ...CHECK_READ],
  'fee-resource': FEE_READ,
  consumption: CONSUMPTION_READ,
} as const satisfies Record<string, readonly FieldName[]>;

export function columnPlan(columns: Partial<Record<FieldName, number>>, headers: readonly string[], read: readonly FieldName[]): ColumnPlan {
  const col = Object.fromEntries((Object.keys(FIELDS) as FieldName[]).map((f) => [f, columns[f] ?? -1])) as Record<FieldName, number>;
  const reads = new Set(read);
  const validate: [number, FieldType][] = [];
  for (const [f, i] of Object.entries(columns) as [FieldName, number][]) {
    const type = FIELDS[f].type;
    if (!reads.has(f) && type !== 'text') validate.push([i, type]);
  }
  const tags = headers.flatMap((h, i): [number, string][] => (isTagHeader(h) ? [[i, h.trim().replace(/^(标签键|tag)[:：]/i, '')]] : []));
  return { col, validate, tags };
}
