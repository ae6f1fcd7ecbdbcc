/**
 * Each product's fee and consumption totals of a month, summed from the parts import stored (one
 * per import, key and bucket, never a line), for the Year screen's per-product trend.
 */
import { addUnits, formatUnits, type FastUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
import { monthPacks, partAmount } from '../store/part-packs.js';
import type { ProductTotals } from './types.js';

export function productTotals(db: Db, month: Month): ProductTotals[] {
  const productOf = keyProducts(db, month);
  const by = new Map<string, { fee: FastUnits | Units; consumption: FastUnits | Units }>();
  for (const side of [SIDE.fee, SIDE.consumption]) {
    for (const { parts } of monthPacks(db, month, side, LIVE_IMPORT)) {
      for (let i = 0; i < parts.n; i++) {
        const name = productOf.get(parts.key[i]!)!;
        let p = by.get(name);
        if (!p) by.set(name, (p = { fee: 0, consumption: 0 }));
        if (side === SIDE.fee) p.fee = addUnits(p.fee, partAmount(parts, i));
        else p.consumption = addUnits(p.consumption, partAmount(parts, i));
      }
    }
  }
  return [...by]
    // SQLite's order of texts (their UTF-8 bytes), as the Year screen had it.
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([name, p]) => ({ product: name, fee: formatUnits(p.fee, 8), consumption: formatUnits(p.consumption, 8) }));
}

/** The month's key ids by product: a row per product (its ids as one JSON array), not one per key. */
function keyProducts(db: Db, month: Month): Map<number, string> {
  const out = new Map<number, string>();
  const rows = db.prepare('select product, json_group_array(id) from bill_key where month = ? group by product').raw().all(month) as [string, string][];
  for (const [product, ids] of rows) for (const id of JSON.parse(ids) as number[]) out.set(id, product);
  return out;
}
