/**
 * Pass 3: what the consumption bill should amortise into this month (SPEC §3, prepaid timing).
 * A prepaid purchase of amount A covering [start, end) is spread evenly per day: the month's
 * share is A × (days of [start, end) inside the month) ÷ (days of [start, end)), kept exact.
 * This month's purchases and earlier (or later) months' whose service overlaps it both count.
 */
import { BUCKET, FEE_CLASS } from '../bill/parts.js';
import { Exact } from '../money/index.js';
import type { Month } from '../model.js';
import { monthDays } from './carry-over.js';
import type { KeySum, KeySums } from './key-sums.js';
import type { PartRow } from './month-input.js';

function expect(k: KeySum, p: PartRow, first: number, next: number): void {
  if (p.dayFrom === null || p.dayTo === null || p.amount < 0n) return;
  const total = p.dayTo - p.dayFrom;
  if (total <= 0) return;
  const inside = Math.max(0, Math.min(p.dayTo, next) - Math.max(p.dayFrom, first));
  const share = Exact.units(p.amount).times(inside).div(total);
  k.special = true;
  k.expectedAmortisation = k.expectedAmortisation ? k.expectedAmortisation.plus(share) : share;
}

/** This month's prepaid parts and other months' (`overlapping`, prepaidPartsOverlapping). */
export function addAmortisation(keys: KeySums, month: Month, feeParts: readonly PartRow[], overlapping: readonly PartRow[]): void {
  const { first, next } = monthDays(month);
  for (const p of feeParts) if ((p.bucket & BUCKET.classMask) === FEE_CLASS.prepaid) expect(keys.of(p), p, first, next);
  for (const p of overlapping) {
    // A service ending at midnight on the 1st does not reach into the month.
    if (p.dayTo! === first && !(p.bucket & BUCKET.endsAfterMidnight)) continue;
    const k = keys.existing(p);
    if (k) expect(k, p, first, next);
  }
}
