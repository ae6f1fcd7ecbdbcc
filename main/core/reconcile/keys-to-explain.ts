/**
 * Pass 0 of the bridge: which keys need explaining at all. Most keys of a month agree to the last
 * decimal and carry nothing special (no prepaid, negative or carried line): SQLite finds the rest
 * by a grouping over the parts' integer columns, so the passes that follow read the parts of those
 * keys only, however many keys the month has.
 */
import { BUCKET, CONS_CLASS, FEE_CLASS } from '../bill/parts.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SEP } from './key-sums.js';
import type { PartRow } from './month-input.js';

const FEE_SPECIAL = `(p.bucket % 4 in (${FEE_CLASS.negative}, ${FEE_CLASS.prepaid}) or (p.dayFrom is not null and p.bucket & ${BUCKET.postpaid} != 0))`;
const CONS_SPECIAL = `p.bucket % 4 in (${CONS_CLASS.prepaid}, ${CONS_CLASS.negative})`;

/** Keys whose two sums differ or that hold something special; null when SQLite cannot sum them exactly (then every key). */
function differingKeys(db: Db, month: Month): number[] | null {
  try {
    return db
      .prepare(
        `select p.key from bill_part p where p.month = ? and p.side in (0, 1) and p.${LIVE_IMPORT}
         group by p.key
         having coalesce(sum(case when p.side = 0 and p.bucket % 4 != ${FEE_CLASS.precisionLine} then p.amount end), 0)
                  != coalesce(sum(case when p.side = 1 then p.amount end), 0)
             or max(case when p.side = 0 then ${FEE_SPECIAL} else ${CONS_SPECIAL} end) = 1`,
      )
      .pluck()
      .all(month) as number[];
  } catch (err) {
    if (err instanceof Error && /integer overflow/i.test(err.message)) return null;
    throw err;
  }
}

/** Resources the consumption bill summarises (keyed without their component): "product SEP resourceId". */
export function summarisedResources(db: Db, month: Month): Set<string> {
  const rows = db
    .prepare(`select distinct k.product, k.resourceId from bill_part p join bill_key k on k.id = p.key where p.month = ? and p.side = 1 and p.bucket & ${BUCKET.summary} != 0 and p.${LIVE_IMPORT}`)
    .raw()
    .all(month) as [string, string][];
  return new Set(rows.map(([p, r]) => p + SEP + r));
}

/**
 * The month's keys to read in full: those that differ or are special, every key of a summarised
 * resource (its components collapse into one), and the keys the neighbouring months' evidence
 * names (`evidence`: next month's carried lines, other months' prepaid purchases).
 */
export function keysToExplain(db: Db, month: Month, summarised: ReadonlySet<string>, evidence: readonly PartRow[]): number[] | null {
  const differing = differingKeys(db, month);
  if (differing === null) return null;
  const ids = new Set(differing);
  const named = new Set(evidence.map((p) => p.product + SEP + p.resourceId + SEP + p.component));
  if (summarised.size === 0 && named.size === 0) return [...ids];
  const all = db.prepare('select id, product, resourceId, component from bill_key where month = ?').raw().all(month) as [number, string, string, string][];
  for (const [id, product, resourceId, component] of all) {
    if (summarised.has(product + SEP + resourceId) || named.has(product + SEP + resourceId + SEP + component)) ids.add(id);
  }
  return [...ids];
}
