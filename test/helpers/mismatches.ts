/**
 * A month of synthetic stored mismatches, deterministic from a seed: every category, figures in
 * whole cents with many equal |difference| values (ties), re-rating rows keyed by item and day,
 * about one row in `reviewedEvery`
 * reviewed (explained or accepted, with a comment), some comments on open rows. For the mismatch
 * store's tests and the triage bench (bench/triage.ts), which page a million of them.
 */
import type { Mismatch, MismatchCategory } from '../../main/core/report/mismatch.js';
import type { CategoryFigures } from '../../main/core/reconcile/types.js';

const CATEGORIES: MismatchCategory[] = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch', 'rating'];
const UNEXPLAINED: ReadonlySet<MismatchCategory> = new Set(['missing', 'amountMismatch', 'rating']);
const PRODUCTS = ['云服务器CVM', '云硬盘CBS', '对象存储COS', '负载均衡CLB', '互动白板TIW', '云数据库MySQL'];

/** Cents as 8-dp text without floating point, like the core's figures. */
export function centsText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const c = Math.abs(cents);
  return `${sign}${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}000000`;
}

export interface SyntheticOptions {
  month: string;
  rows: number;
  seed?: number;
  /** One row in this many is reviewed (0: none). */
  reviewedEvery?: number;
  /** |difference| drawn from this many cents values: small gives many ties. */
  spread?: number;
}

export function* syntheticMismatches(o: SyntheticOptions): Generator<Mismatch> {
  let seed = o.seed ?? 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const spread = o.spread ?? 100_000;
  for (let i = 0; i < o.rows; i++) {
    const category = CATEGORIES[next() % CATEGORIES.length]!;
    const consCents = category === 'missing' ? 0 : next() % 100_000;
    const diffCents = (next() % spread) * (next() % 2 ? 1 : -1);
    const reviewed = o.reviewedEvery ? next() % o.reviewedEvery === 0 : false;
    const status = reviewed ? (next() % 2 ? 'explained' : 'accepted') : 'open';
    const comment = reviewed ? `ticket ${next() % 997}` : next() % 13 === 0 ? `note ${String.fromCharCode(65 + (next() % 26))}` : null;
    yield {
      id: `${o.month}-${i}`,
      month: o.month,
      category,
      explained: !UNEXPLAINED.has(category),
      // A re-rating mismatch is keyed by item and day, the bridge's by resource and component.
      key:
        category === 'rating'
          ? { product: 'tiw', item: ['whiteboard', 'transcode', 'recording'][next() % 3]!, date: `${o.month}-${String((next() % 28) + 1).padStart(2, '0')}` }
          : { product: PRODUCTS[next() % PRODUCTS.length]!, resourceId: `ins-${(next() % 50_000).toString(36)}`, component: `component-${next() % 7}` },
      against: category === 'rating' ? 'rated' : 'consumption',
      fee: centsText(consCents + diffCents),
      consumption: centsText(consCents),
      difference: centsText(diffCents),
      status,
      comment,
      reviewedBy: reviewed ? 'root' : null,
      reviewedAt: reviewed ? '2025-04-02T08:00:00.000Z' : null,
      reopenedBecause: null,
      note: null,
      feeSources: [`fee-${o.month}.csv:${i + 2}`],
      consumptionSources: consCents === 0 ? [] : [`consumption-${o.month}.csv:${i + 2}`],
    };
  }
}

/** The month report's categories for a list, as reconcileMonth counts them (count per category and side). */
export function categoryCounts(list: readonly Mismatch[]): Pick<CategoryFigures, 'category' | 'explained' | 'count'>[] {
  const by = new Map<string, { category: MismatchCategory; explained: boolean; count: number }>();
  for (const m of list) {
    const k = `${m.category}|${m.explained}`;
    const c = by.get(k) ?? { category: m.category, explained: m.explained, count: 0 };
    c.count++;
    by.set(k, c);
  }
  return [...by.values()];
}
