/**
 * The bridge printed at 2 decimals must still add up, on paper, to the printed fee total minus
 * the printed consumption total. Rounding each category on its own does not guarantee that, so:
 * the printed difference is round(fee) − round(consumption); each category is rounded half-up;
 * the cents still missing (or in excess) are given one at a time to the non-zero categories whose
 * rounding moved them furthest the other way (largest remainder). A category that is exactly
 * zero always prints 0.00, and no category moves by more than a cent from its own rounding
 * unless there are more cents to place than non-zero categories.
 */
import { money, roundHalfUp, ZERO, type Money } from '../money/decimal.js';

export function allocateCents<K extends string>(exact: Record<K, Money>, order: readonly K[], target: Money): Record<K, Money> {
  const out = {} as Record<K, Money>;
  let printed = ZERO;
  for (const k of order) {
    out[k] = roundHalfUp(exact[k], 2);
    printed = printed.plus(out[k]);
  }
  const cent = money('0.01');
  let gap = target.minus(printed); // a whole number of cents
  const candidates = order.filter((k) => !exact[k].isZero());
  if (candidates.length === 0) return out;
  while (!gap.isZero()) {
    const up = gap.isPositive();
    // Who was rounded most against the direction we need to move?
    const ranked = [...candidates].sort((a, b) => {
      const ra = exact[a].minus(out[a]);
      const rb = exact[b].minus(out[b]);
      return up ? rb.comparedTo(ra) : ra.comparedTo(rb);
    });
    const k = ranked[0]!;
    out[k] = up ? out[k].plus(cent) : out[k].minus(cent);
    gap = up ? gap.minus(cent) : gap.plus(cent);
  }
  return out;
}
