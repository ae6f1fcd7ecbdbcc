/**
 * Each product's fee and consumption totals of a month, summed from the parts import stored (one
 * per import, key and bucket, never a line), for the Year screen's per-product trend.
 */
import { formatUnits } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
import { monthPacks } from '../store/part-packs.js';
import type { ProductTotals } from './types.js';

export function productTotals(db: Db, month: Month): ProductTotals[] {
  const product = new Map<number, string>();
  for (const [id, name] of db.prepare('select id, product from bill_key where month = ?').raw().all(month) as [number, string][]) product.set(id, name);
  const by = new Map<string, { fee: bigint; consumption: bigint }>();
  for (const side of [SIDE.fee, SIDE.consumption]) {
    for (const { parts } of monthPacks(db, month, side, LIVE_IMPORT)) {
      for (let i = 0; i < parts.n; i++) {
        const name = product.get(parts.key[i]!)!;
        let p = by.get(name);
        if (!p) by.set(name, (p = { fee: 0n, consumption: 0n }));
        if (side === SIDE.fee) p.fee += parts.amount[i]!;
        else p.consumption += parts.amount[i]!;
      }
    }
  }
  return [...by]
    // SQLite's order of texts (their UTF-8 bytes), as the Year screen had it.
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([name, p]) => ({ product: name, fee: formatUnits(p.fee, 8), consumption: formatUnits(p.consumption, 8) }));
}
