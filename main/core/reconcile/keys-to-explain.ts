/**
 * Pass 0 of the bridge: which keys need explaining at all. Most keys of a month agree to the last
 * decimal and carry nothing special (no prepaid, negative or carried line): one pass over the
 * month's packed parts (store/part-packs.ts) finds the rest, so the passes that follow read the
 * parts of those keys only, however many keys the month has.
 */
import { BUCKET, CONS_CLASS, FEE_CLASS } from '../bill/parts.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
import { monthPacks, partAmount, type StoredParts } from '../store/part-packs.js';
import { addUnits, negUnits, type FastUnits, type Units } from '../money/index.js';
import { SEP } from './key-sums.js';
import { keyTexts, type PartRow } from './month-input.js';

const isFeeSpecial = (p: StoredParts, i: number): boolean => {
  const cls = p.bucket[i]! & BUCKET.classMask;
  return cls === FEE_CLASS.negative || cls === FEE_CLASS.prepaid || (p.dayFrom[i]! >= 0 && (p.bucket[i]! & BUCKET.postpaid) !== 0);
};
const isConsSpecial = (p: StoredParts, i: number): boolean => {
  const cls = p.bucket[i]! & BUCKET.classMask;
  return cls === CONS_CLASS.prepaid || cls === CONS_CLASS.negative;
};

/** Keys whose fee sum (the precision line aside) and consumption sum differ, or that hold something special. */
function differingKeys(db: Db, month: Month): Set<number> {
  // Fee less consumption per key, exact: safe-integer numbers while they stay so (addUnits).
  const differences = new Map<number, FastUnits | Units>();
  const out = new Set<number>();
  for (const [side, special] of [[SIDE.fee, isFeeSpecial], [SIDE.consumption, isConsSpecial]] as const) {
    for (const { parts } of monthPacks(db, month, side, LIVE_IMPORT)) {
      for (let i = 0; i < parts.n; i++) {
        const key = parts.key[i]!;
        if (special(parts, i)) out.add(key);
        const counts = side === SIDE.consumption || (parts.bucket[i]! & BUCKET.classMask) !== FEE_CLASS.precisionLine;
        const amount = counts ? partAmount(parts, i) : 0;
        differences.set(key, addUnits(differences.get(key) ?? 0, side === SIDE.fee ? amount : negUnits(amount)));
      }
    }
  }
  for (const [key, difference] of differences) if (difference !== 0 && difference !== 0n) out.add(key);
  return out;
}

/** Resources the consumption bill summarises (keyed without their component): "product SEP resourceId". */
export function summarisedResources(db: Db, month: Month): Set<string> {
  const ids = new Set<number>();
  for (const { parts } of monthPacks(db, month, SIDE.consumption, LIVE_IMPORT)) {
    for (let i = 0; i < parts.n; i++) if ((parts.bucket[i]! & BUCKET.summary) !== 0) ids.add(parts.key[i]!);
  }
  return new Set([...keyTexts(db, month, ids).values()].map(([product, resourceId]) => product + SEP + resourceId));
}

/**
 * The month's keys to read in full: those that differ or are special, every key of a summarised
 * resource (its components collapse into one), and the keys the neighbouring months' evidence
 * names (`evidence`: next month's carried lines, other months' prepaid purchases).
 */
export function keysToExplain(db: Db, month: Month, summarised: ReadonlySet<string>, evidence: readonly PartRow[]): ReadonlySet<number> {
  const ids = differingKeys(db, month);
  const named = new Set(evidence.map((p) => p.product + SEP + p.resourceId + SEP + p.component));
  if (summarised.size === 0 && named.size === 0) return ids;
  const all = db.prepare('select id, product, resourceId, component from bill_key where month = ?').raw().all(month) as [number, string, string, string][];
  for (const [id, product, resourceId, component] of all) {
    if (summarised.has(product + SEP + resourceId) || named.has(product + SEP + resourceId + SEP + component)) ids.add(id);
  }
  return ids;
}
