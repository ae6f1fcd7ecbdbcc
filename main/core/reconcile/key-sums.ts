/**
 * Pass 1 of the bridge: both bills summed per key (product, resource id, component; product and
 * resource only where the consumption bill is a resource summary, which has no component), from
 * the month's parts. Each key keeps its two sums, what SPEC §3 needs beyond them (negative and
 * prepaid amounts, usage carried over from or into the neighbouring month) and its source rows.
 */
import { BUCKET, CONS_CLASS, FEE_CLASS } from '../bill/parts.js';
import type { Exact } from '../money/index.js';
import type { PartRow } from './month-input.js';
import type { Period } from './types.js';

export const SEP = '\u0001';

export interface Carry {
  amount: bigint;
  /** Vendor-local day numbers the carried usage covers. */
  days: Set<number>;
  sources: [number, number][];
  /** Whether any line was matched (a sum of zero still counts as seen). */
  seen: boolean;
  /** Carried because the fee bill switched to billing period (period-switch.ts), not by a deduction-period bill. */
  switched?: boolean;
}

export interface KeySum {
  name: string;
  product: string;
  resourceId: string | null;
  component: string | null;
  fee: bigint;
  feeLines: number;
  cons: bigint;
  consLines: number;
  feeNeg: bigint;
  feePrepaid: bigint;
  consNeg: bigint;
  consPrepaid: bigint;
  /** Postpaid usage of last month deducted in this one (deduction period). */
  fromPrev: Carry | null;
  /** Last month's consumption on those days. */
  prevCons: Carry | null;
  /** Postpaid usage of this month deducted in the next one. */
  toNext: Carry | null;
  /** This month's consumption on those days. */
  nextCons: Carry | null;
  /** What the consumption bill should amortise into this month, exact (a fraction). */
  expectedAmortisation: Exact | null;
  /** Has postpaid consumption on the month's last day. */
  lastDay: boolean;
  /** Component-level consumption on the month's last day (what the next month's bill deducts, usually). */
  lastDayCons: Carry | null;
  /** Carries component-level consumption although the resource is summarised too. */
  bothLayouts: boolean;
  /** Has something beyond its two sums (prepaid, negative or carried lines): explained even when the sums agree. */
  special: boolean;
  feeSources: [number, number][];
  consSources: [number, number][];
}

export function newCarry(): Carry {
  return { amount: 0n, days: new Set(), sources: [], seen: false };
}

export class KeySums {
  readonly byName = new Map<string, KeySum>();

  constructor(
    /** "product SEP resourceId" of resources the consumption bill summarises. */
    readonly resourceLevel: ReadonlySet<string>,
  ) {}

  nameOf(product: string, resourceId: string, component: string): string {
    const prefix = product + SEP + resourceId;
    return this.resourceLevel.has(prefix) ? prefix + SEP : prefix + SEP + component;
  }

  of(p: Pick<PartRow, 'product' | 'resourceId' | 'component'>): KeySum {
    const name = this.nameOf(p.product, p.resourceId, p.component);
    let k = this.byName.get(name);
    if (!k) {
      const [product, resourceId, component] = name.split(SEP) as [string, string, string];
      k = {
        name, product, resourceId: resourceId === '' ? null : resourceId, component: component === '' ? null : component,
        fee: 0n, feeLines: 0, cons: 0n, consLines: 0, feeNeg: 0n, feePrepaid: 0n, consNeg: 0n, consPrepaid: 0n,
        fromPrev: null, prevCons: null, toNext: null, nextCons: null, expectedAmortisation: null, lastDay: false, lastDayCons: null, bothLayouts: false, special: false,
        feeSources: [], consSources: [],
      };
      this.byName.set(name, k);
    }
    return k;
  }

  /** Only a key already present (the neighbouring months' evidence attaches to this month's keys). */
  existing(p: Pick<PartRow, 'product' | 'resourceId' | 'component'>): KeySum | undefined {
    return this.byName.get(this.nameOf(p.product, p.resourceId, p.component));
  }
}

/** A part's amount and rows into a carry. */
export function addTo(c: Carry, p: PartRow): void {
  c.amount += p.amount;
  c.seen = true;
  c.sources.push(...sources(p));
}

function sources(p: PartRow): [number, number][] {
  return p.rows.map((r): [number, number] => [p.importId, r]);
}

/** Fee parts of the month (the precision line left out: it is SPEC §2's, not a key's). */
export function addFeeParts(keys: KeySums, parts: readonly PartRow[], periodOf: (importId: number) => Period, firstDay: number): void {
  for (const p of parts) {
    const cls = p.bucket & BUCKET.classMask;
    if (cls === FEE_CLASS.precisionLine) continue;
    const k = keys.of(p);
    k.fee += p.amount;
    k.feeLines += p.lines;
    k.feeSources.push(...sources(p));
    if (cls === FEE_CLASS.negative || cls === FEE_CLASS.prepaid) k.special = true;
    if (cls === FEE_CLASS.negative) k.feeNeg += p.amount;
    else if (cls === FEE_CLASS.prepaid) k.feePrepaid += p.amount;
    else if (p.dayFrom !== null && p.bucket & BUCKET.postpaid && periodOf(p.importId) === 'deduction') {
      k.special = true;
      const c = (k.fromPrev ??= newCarry());
      c.amount += p.amount;
      c.seen = true;
      for (let d = p.dayFrom; d <= p.dayTo!; d++) if (d < firstDay) c.days.add(d);
      c.sources.push(...sources(p));
    }
  }
}

/** Consumption parts of the month. */
export function addConsumptionParts(keys: KeySums, parts: readonly PartRow[]): void {
  for (const p of parts) {
    const k = keys.of(p);
    k.cons += p.amount;
    k.consLines += p.lines;
    k.consSources.push(...sources(p));
    const cls = p.bucket & BUCKET.classMask;
    if (cls !== CONS_CLASS.other) k.special = true;
    if (cls === CONS_CLASS.negative) k.consNeg += p.amount;
    else if (cls === CONS_CLASS.prepaid) k.consPrepaid += p.amount;
    if (p.bucket & BUCKET.summary) continue;
    if (keys.resourceLevel.has(p.product + SEP + p.resourceId)) k.bothLayouts = true;
    if (!(p.bucket & BUCKET.lastDay)) continue;
    if (p.bucket & BUCKET.postpaid) k.lastDay = true;
    addTo((k.lastDayCons ??= newCarry()), p);
  }
}
