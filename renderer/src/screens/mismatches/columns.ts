import type { MismatchCategory, ReviewStatus, SortColumn } from '../../../../main/api/contract';
import type { MessageKey } from '../../i18n';

export const CATEGORIES: [MismatchCategory, MessageKey][] = [
  ['prepaidTiming', 'prepaidTiming'],
  ['crossMonth', 'crossMonth'],
  ['precision', 'precision'],
  ['refunds', 'refunds'],
  ['missing', 'missingCat'],
  ['amountMismatch', 'amountMismatch'],
  ['rating', 'rating'],
];
export const CATEGORY_LABEL = Object.fromEntries(CATEGORIES) as Record<MismatchCategory, MessageKey>;
export const STATUS_LABEL: Record<ReviewStatus, MessageKey> = { open: 'open', explained: 'explainedStatus', accepted: 'accepted', claim: 'claimStatus' };

export interface Column {
  id: string;
  label: MessageKey;
  sort?: SortColumn;
  /** Figures sort largest first on the first click; text A→Z. */
  numeric?: boolean;
  testId?: string;
}

/** The grid's columns after the row's checkbox, in order (CSS: --mm-cols); every one sorts both ways. */
export const COLUMNS: Column[] = [
  { id: 'category', label: 'category', sort: 'category', testId: 'sort-category' },
  { id: 'product', label: 'product', sort: 'product', testId: 'sort-product' },
  { id: 'resource', label: 'resource', sort: 'resourceId', testId: 'sort-resource' },
  { id: 'component', label: 'component', sort: 'component', testId: 'sort-component' },
  { id: 'fee', label: 'fee', sort: 'fee', numeric: true, testId: 'sort-fee' },
  { id: 'cons', label: 'consumptionOrRated', sort: 'consumption', numeric: true, testId: 'sort-consumption' },
  // By size: the largest difference either way is the one to look at first.
  { id: 'diff', label: 'difference', sort: 'absDifference', numeric: true, testId: 'sort-difference' },
  { id: 'status', label: 'status', sort: 'status', testId: 'sort-status' },
  // A→Z first, rows without a comment after the commented ones (the store's order).
  { id: 'comment', label: 'comment', sort: 'comment', testId: 'sort-comment' },
];

export interface Sort {
  column: SortColumn;
  dir: 'asc' | 'desc';
}

export const TRIAGE: Sort = { column: 'triage', dir: 'asc' };

/** First click: the column's natural order; again: the other way. */
export function nextSort(current: Sort, c: Column): Sort {
  if (!c.sort) return current;
  if (current.column === c.sort) return { column: c.sort, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column: c.sort, dir: c.numeric ? 'desc' : 'asc' };
}
