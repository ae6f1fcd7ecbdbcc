import { createHash } from 'node:crypto';
import type { DecimalText, Month } from '../model.js';

/**
 * The one mismatch model: reconciliation (fee bill vs consumption bill) and whiteboard re-rating
 * (fee bill vs our rating) both produce these; the UI, the export and the CLI only read them.
 */
export const EXPLAINED_CATEGORIES = ['prepaidTiming', 'crossMonth', 'precision', 'refunds'] as const;
export const UNEXPLAINED_CATEGORIES = ['missing', 'amountMismatch', 'rating'] as const;
export type MismatchCategory = (typeof EXPLAINED_CATEGORIES)[number] | (typeof UNEXPLAINED_CATEGORIES)[number];

/** `claim`: money the customer asks back from the vendor (issue 15 §4); reviewed, so no longer open. */
export type ReviewStatus = 'open' | 'explained' | 'accepted' | 'claim';

export interface Mismatch {
  /** Stable: derived from month, category and key (never from row order), so reviews survive re-imports. */
  id: string;
  month: Month;
  category: MismatchCategory;
  /** True for the four categories SPEC §3 verifies as explained. */
  explained: boolean;
  /** The matching key, e.g. {product, resourceId, component}. */
  key: Record<string, string | null>;
  /** What the counterpart column holds: the consumption bill, or our re-rating. */
  against: 'consumption' | 'rated';
  fee: DecimalText;
  consumption: DecimalText;
  /** fee − consumption */
  difference: DecimalText;
  status: ReviewStatus;
  comment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  /** Set when a mark was reset to open because the figures changed after it was made. */
  reopenedBecause: string | null;
  /** Why the figures are where they are, when a category could not be verified (e.g. the adjacent month is not imported). */
  note?: string | null;
  /** Source traces, "file:row", on each side. */
  feeSources: string[];
  consumptionSources: string[];
  /**
   * Whom the key's lines belong to inside a group account (issue 11 §8): the member accounts
   * (使用者UIN), projects and tags ("key=value") its fee and consumption lines carry, each sorted;
   * absent when the lines carry none (and on re-rating mismatches, which have no bill lines).
   */
  scope?: MismatchScope;
}

export interface MismatchScope {
  owners: string[];
  projects: string[];
  /** "key=value" of each tag a line of the key carries. */
  tags: string[];
}

const SEP = '\u0001';

/** Stable id: the same month, category and key give the same id on every run and every import. */
export function mismatchId(month: Month, category: string, key: Record<string, string | null>): string {
  const text = [month, category, ...Object.keys(key).sort().map((k) => `${k}=${key[k] ?? ''}`)].join(SEP);
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
