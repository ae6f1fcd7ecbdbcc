/**
 * Pass 4: each key's difference taken apart in SPEC §3's order. Every explaining category is
 * verified against the other bill first and explains only what it verified; what is left is
 * missing (one side only) or an amount mismatch. A key's parts add up to its difference exactly,
 * so the categories add up to fee total − consumption total exactly.
 */
import { BRIDGE_CATEGORIES, isExplained, type BridgeCategory } from '../bill/terms.js';
import { absUnits, Exact, formatUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import { mismatchId, type Mismatch } from '../report/mismatch.js';
import type { KeySum } from './key-sums.js';

export type Src = [number, number];

export interface ExplainContext {
  month: Month;
  prev: Month;
  next: Month;
  tolerance: Units;
  toleranceText: string;
  /** Text of the month's last day, and whether next month's fee bill is here, for the notes. */
  lastDay: string;
  nextBillImported: boolean;
  deductionPeriod: boolean;
  /** The fee bill switched its statistic period into this month (period-switch.ts). */
  periodSwitch: { month: Month; from: string; to: string } | null;
}

const fmt = (u: Units): string => formatUnits(u, 2);

/** Sums per category and the mismatches, with the keys whose own lines still need naming. */
export class BridgeTally {
  readonly categories = Object.fromEntries(BRIDGE_CATEGORIES.map((c) => [c, 0n])) as Record<BridgeCategory, Units>;
  readonly mismatches: Mismatch[] = [];
  readonly ownLines = new Map<Mismatch, KeySum>();

  constructor(
    private readonly month: Month,
    private readonly name: (importId: number, row: number) => string,
  ) {}

  emit(k: Pick<KeySum, 'product' | 'resourceId' | 'component'>, owner: KeySum | null, category: BridgeCategory, fee: Units, cons: Units, note: string | null, extra: { fee?: Src[]; cons?: Src[] } = {}): void {
    const difference = fee - cons;
    this.categories[category] += difference;
    if (difference === 0n) return;
    const key = { month: this.month, product: k.product, resourceId: k.resourceId, component: k.component };
    const m: Mismatch = {
      id: mismatchId(this.month, category, key),
      month: this.month,
      category,
      explained: isExplained(category),
      key,
      against: 'consumption',
      fee: formatUnits(fee, 8),
      consumption: formatUnits(cons, 8),
      difference: formatUnits(difference, 8),
      status: 'open',
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
      reopenedBecause: null,
      note,
      feeSources: (extra.fee ?? []).map(([i, r]) => this.name(i, r)),
      consumptionSources: (extra.cons ?? []).map(([i, r]) => this.name(i, r)),
    };
    this.mismatches.push(m);
    if (owner) this.ownLines.set(m, owner);
  }
}

const within = (a: Units, b: Units, tolerance: Units): boolean => absUnits(a - b) <= tolerance;

/** Steps 1, 2 and 4 (precision, step 3, is the bill's own line), then what is left. */
export function explainKey(t: BridgeTally, k: KeySum, ctx: ExplainContext): void {
  const notes: string[] = [];
  let feeLeft = k.fee;
  let consLeft = k.cons;
  if (k.feePrepaid !== 0n || k.consPrepaid !== 0n) {
    const expected = k.expectedAmortisation;
    if (expected !== null && expected.minus(Exact.units(k.consPrepaid)).abs().lte(Exact.units(ctx.tolerance))) {
      t.emit(k, k, 'prepaidTiming', k.feePrepaid, k.consPrepaid, null);
      feeLeft -= k.feePrepaid;
      consLeft -= k.consPrepaid;
    } else if (expected === null) {
      notes.push(`prepaid: no prepaid fee line with a service period covers ${ctx.month}, so the amortisation cannot be checked`);
    } else {
      notes.push(`prepaid: expected amortisation ${expected.toFixed(2)}, consumption shows ${fmt(k.consPrepaid)}`);
    }
  }
  const cross = crossMonth(k, ctx, notes);
  if (cross.fee !== 0n || cross.cons !== 0n) {
    t.emit(k, k, 'crossMonth', cross.fee, cross.cons, cross.note, cross.sources);
    feeLeft -= cross.fee;
    consLeft -= cross.cons;
  }
  if (k.feeNeg < 0n) {
    if (k.consNeg < 0n && k.feeNeg <= k.consNeg) {
      t.emit(k, k, 'refunds', k.feeNeg, k.consNeg, null);
      feeLeft -= k.feeNeg;
      consLeft -= k.consNeg;
    } else notes.push(`refund: ${fmt(k.feeNeg)} on the fee bill; consumption shows a reduction of ${fmt(k.consNeg)}`);
  } else if (k.consNeg < 0n) notes.push(`refund: consumption shows a reduction of ${fmt(k.consNeg)} without a negative fee line`);
  residue(t, k, ctx, feeLeft, consLeft, notes);
}

function crossMonth(k: KeySum, ctx: ExplainContext, notes: string[]): { fee: Units; cons: Units; note: string | null; sources: { fee: Src[]; cons: Src[] } } {
  const out = { fee: 0n, cons: 0n, note: null as string | null, sources: { fee: [] as Src[], cons: [] as Src[] } };
  if (k.fromPrev?.switched && ctx.periodSwitch) {
    notes.push(`the fee bill switched from ${ctx.periodSwitch.from} period to ${ctx.periodSwitch.to} period in ${ctx.month}: it carries ${ctx.prev}'s last settlement cycle`);
  }
  if (k.fromPrev) {
    const seen = k.prevCons;
    if (seen && within(seen.amount, k.fromPrev.amount, ctx.tolerance)) {
      out.fee = k.fromPrev.amount;
      out.sources.cons.push(...seen.sources);
      if (k.fromPrev.switched && ctx.periodSwitch) {
        out.note = `the fee bill switched from ${ctx.periodSwitch.from} period to ${ctx.periodSwitch.to} period in ${ctx.month}: it carries ${fmt(k.fromPrev.amount)} of ${ctx.prev} usage deducted on ${ctx.month}-01, and ${ctx.prev}'s consumption shows ${fmt(seen.amount)} for those days`;
      }
    } else {
      notes.push(
        seen === null
          ? `cross-month: ${fmt(k.fromPrev.amount)} of ${ctx.prev} usage deducted in ${ctx.month}; no ${ctx.prev} consumption for those days is imported`
          : `cross-month: ${fmt(k.fromPrev.amount)} of ${ctx.prev} usage deducted in ${ctx.month}; ${ctx.prev} consumption shows ${fmt(seen.amount)}`,
      );
    }
  }
  if (k.toNext) {
    const seen = k.nextCons?.amount ?? 0n;
    if (k.nextCons && within(seen, k.toNext.amount, ctx.tolerance)) {
      out.cons = seen;
      out.sources.fee.push(...k.toNext.sources);
    } else notes.push(`cross-month: ${ctx.next}'s fee bill deducts ${fmt(k.toNext.amount)} of ${ctx.month} usage; ${ctx.month} consumption shows ${fmt(seen)} for those days`);
  } else if (k.lastDay && !ctx.nextBillImported && ctx.deductionPeriod) {
    notes.push(`cross-month: ${ctx.next}'s fee bill is not imported, so usage of ${ctx.lastDay} deducted on ${ctx.next}-01 cannot be verified`);
  }
  return out;
}

/** Steps 5–6: what no category explained is missing (one side only) or an amount mismatch. */
function residue(t: BridgeTally, k: KeySum, ctx: ExplainContext, feeLeft: Units, consLeft: Units, notes: string[]): void {
  const residual = feeLeft - consLeft;
  if (residual === 0n) return;
  const note = notes.length > 0 ? notes.join('; ') : null;
  if (k.feeLines === 0 || k.consLines === 0) {
    t.emit(k, k, 'missing', feeLeft, consLeft, note ?? (k.feeLines === 0 ? 'not on the fee bill' : 'not on the consumption bill'));
  } else if (absUnits(residual) <= ctx.tolerance) {
    // Within tolerance on a key both bills carry: the 8-dp vs 2-dp rounding of SPEC §2.
    t.emit(k, k, 'precision', feeLeft, consLeft, `within tolerance ${ctx.toleranceText}`);
  } else {
    t.emit(k, k, 'amountMismatch', feeLeft, consLeft, note);
  }
}
