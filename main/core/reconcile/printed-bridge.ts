/**
 * The bridge printed at 2 decimals must still add up, on paper, to the printed fee total minus
 * the printed consumption total. Rounding each category on its own does not guarantee that, so:
 * the printed difference is round(fee) − round(consumption); each category is rounded half-up;
 * the cents still missing (or in excess) are given one at a time to the non-zero categories whose
 * rounding moved them furthest the other way (largest remainder). A category that is exactly
 * zero always prints 0.00, and no category moves by more than a cent from its own rounding
 * unless there are more cents to place than non-zero categories.
 */
import { roundUnits, UNITS_PER_CENT, type Units } from '../money/index.js';

export function allocateCents<K extends string>(exact: Record<K, Units>, order: readonly K[], target: Units): Record<K, Units> {
  const out = {} as Record<K, Units>;
  let printed = 0n;
  for (const k of order) {
    out[k] = roundUnits(exact[k], 2);
    printed += out[k];
  }
  let gap = target - printed; // a whole number of cents
  const candidates = order.filter((k) => exact[k] !== 0n);
  if (candidates.length === 0) return out;
  while (gap !== 0n) {
    const up = gap > 0n;
    // Who was rounded most against the direction we need to move?
    const ranked = [...candidates].sort((a, b) => {
      const ra = exact[a] - out[a];
      const rb = exact[b] - out[b];
      const c = up ? rb - ra : ra - rb;
      return c < 0n ? -1 : c > 0n ? 1 : 0;
    });
    const k = ranked[0]!;
    out[k] = up ? out[k] + UNITS_PER_CENT : out[k] - UNITS_PER_CENT;
    gap = up ? gap - UNITS_PER_CENT : gap + UNITS_PER_CENT;
  }
  return out;
}
