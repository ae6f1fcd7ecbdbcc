/**
 * Each product's fee and consumption totals of a month, summed from the parts import stored (one
 * row per import, key and bucket, never a line), for the Year screen's per-product trend.
 */
import { formatUnits } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
import type { ProductTotals } from './types.js';

export function productTotals(db: Db, month: Month): ProductTotals[] {
  const rows = db
    .prepare(
      `select k.product, p.side, sum(p.amount) from bill_part p join bill_key k on k.id = p.key
       where p.month = ? and p.side in (${SIDE.fee}, ${SIDE.consumption}) and p.${LIVE_IMPORT} group by k.product, p.side order by k.product`,
    )
    .safeIntegers(true)
    .raw()
    .all(month) as [string, bigint, bigint][];
  const by = new Map<string, { fee: bigint; consumption: bigint }>();
  for (const [product, side, amount] of rows) {
    const p = by.get(product) ?? { fee: 0n, consumption: 0n };
    if (Number(side) === SIDE.fee) p.fee += amount;
    else p.consumption += amount;
    by.set(product, p);
  }
  return [...by].map(([product, p]) => ({ product, fee: formatUnits(p.fee, 8), consumption: formatUnits(p.consumption, 8) }));
}
