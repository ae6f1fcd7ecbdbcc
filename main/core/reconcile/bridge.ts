/**
 * SPEC §3: why the fee bill and the consumption bill differ this month. Both sides are summed
 * per key (product, resource id, component; product and resource only where the consumption
 * bill is a resource summary, which has no component), and each key's difference is taken apart
 * in SPEC order. Every explaining category is verified against the other bill first and
 * explains only what it verified; what is left is missing (one side only) or an amount
 * mismatch. The parts of a key add up to its difference exactly, so the categories add up to
 * fee total − consumption total exactly.
 */
import { createHash } from 'node:crypto';
import { fixed, money, ZERO, type Money } from '../money/decimal.js';
import type { Day, Month } from '../model.js';
import type { Mismatch, MismatchCategory } from '../report/mismatch.js';
import { EXPLAINED_CATEGORIES } from '../report/mismatch.js';
import { LIVE, type Db } from '../store/index.js';
import {
  dayOf,
  daysBetween,
  daysInside,
  isPostpaid,
  isPrecisionLine,
  isPrepaid,
  monthOf,
  monthStart,
  PRECISION_PRODUCT,
  shiftMonth,
  usageDays,
  VIRTUAL_ID,
} from './line-kinds.js';
import type { PrecisionResult } from './precision.js';
import { traceNamer } from './traces.js';
import type { DuplicateKey, Period } from './types.js';

export interface BridgeKey {
  product: string;
  resourceId: string | null;
  component: string | null;
}

export const BRIDGE_CATEGORIES = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch'] as const;
export type BridgeCategory = (typeof BRIDGE_CATEGORIES)[number];

export interface BridgeResult {
  feeTotal: Money;
  feeLines: number;
  consumptionTotal: Money;
  consumptionLines: number;
  categories: Record<BridgeCategory, Money>;
  mismatches: Mismatch[];
  duplicates: DuplicateKey[];
  period: Period | 'mixed';
}

type Src = [number, number];

interface Pending {
  amount: Money;
  days: Set<Day>;
  sources: Src[];
}

interface KeyAgg {
  key: BridgeKey;
  fee: Money;
  feeLines: number;
  feePrepaid: Money;
  feeNeg: Money;
  cons: Money;
  consLines: number;
  consPrepaid: Money;
  consNeg: Money;
  feeSrc: Src[];
  consSrc: Src[];
  /** Postpaid lines of this month's (deduction-period) bill whose usage lies in an earlier month. */
  fromPrev?: Pending;
  /** Consumption of the previous month on those lines' days. */
  prevCons?: { amount: Money; sources: Src[] };
  /** Next month's bill: postpaid lines whose usage lies in this month. */
  toNext?: Pending;
  /** This month's consumption on those days. */
  nextCons?: { amount: Money; sources: Src[] };
  expectedAmortisation?: Money;
  /** Postpaid consumption on the month's last day: deducted on the 1st of the next month. */
  consLastDay?: boolean;
}

const SEP = '\u0001';

function keyString(k: BridgeKey): string {
  return `${k.product}${SEP}${k.resourceId ?? ''}${SEP}${k.component ?? ''}`;
}

/** Stable id: the same month, category and key give the same id on every run and every import. */
export function mismatchId(month: Month, category: string, key: Record<string, string | null>): string {
  const text = [month, category, ...Object.keys(key).sort().map((k) => `${k}=${key[k] ?? ''}`)].join(SEP);
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

interface Ctx {
  db: Db;
  month: Month;
  tolerance: Money;
  periodOf: (importId: number) => Period;
  resourceLevel: Set<string>;
}

function componentOf(r: { componentName: string | null; componentType: string | null }): string | null {
  return r.componentName ?? r.componentType ?? null;
}

function keyFor(ctx: Ctx, product: string, resourceId: string | null, component: string | null): BridgeKey {
  const level = ctx.resourceLevel.has(`${product}${SEP}${resourceId ?? ''}`);
  return { product, resourceId, component: level ? null : component };
}

function agg(map: Map<string, KeyAgg>, key: BridgeKey): KeyAgg {
  const s = keyString(key);
  let a = map.get(s);
  if (!a) {
    a = { key, fee: ZERO, feeLines: 0, feePrepaid: ZERO, feeNeg: ZERO, cons: ZERO, consLines: 0, consPrepaid: ZERO, consNeg: ZERO, feeSrc: [], consSrc: [] };
    map.set(s, a);
  }
  return a;
}

const REFUND_ACTIONS = /退款|冲正|调账补偿|配置变更|refund|reversal|adjust-cr/i;

interface FeeRow {
  importId: number;
  sourceRow: number;
  product: string;
  productCode: string | null;
  resourceId: string | null;
  componentName: string | null;
  componentType: string | null;
  payMode: string | null;
  actionType: string | null;
  usageStart: string | null;
  usageEnd: string | null;
  discountedTotal: string;
}

interface ConsRow {
  importId: number;
  sourceRow: number;
  layout: 'component' | 'summary';
  day: string | null;
  product: string;
  resourceId: string | null;
  componentName: string | null;
  componentType: string | null;
  payMode: string | null;
  consumptionType: string | null;
  amount: string;
}

const FEE_COLUMNS = 'importId, sourceRow, product, productCode, resourceId, componentName, componentType, payMode, actionType, usageStart, usageEnd, discountedTotal';
const CONS_COLUMNS = 'importId, sourceRow, layout, day, product, resourceId, componentName, componentType, payMode, consumptionType, amount';

export function computeBridge(db: Db, month: Month, tolerance: Money, periodOverride: Period | undefined, precision: PrecisionResult): BridgeResult {
  const importPeriods = new Map<number, Period>();
  for (const r of db.prepare(`select id, period from import where kind = 'fee-detail'`).all() as { id: number; period: string | null }[]) {
    importPeriods.set(r.id, r.period === 'billing' ? 'billing' : 'deduction');
  }
  const periodOf = (id: number): Period => periodOverride ?? importPeriods.get(id) ?? 'deduction';
  const resourceLevel = new Set<string>();
  for (const r of db
    .prepare(`select distinct product, resourceId from consumption where ${LIVE} and month = ? and layout = 'summary'`)
    .all(month) as { product: string; resourceId: string | null }[]) {
    resourceLevel.add(`${r.product}${SEP}${r.resourceId ?? ''}`);
  }
  const ctx: Ctx = { db, month, tolerance, periodOf, resourceLevel };
  const keys = new Map<string, KeyAgg>();
  const next = shiftMonth(month, 1);
  const prev = shiftMonth(month, -1);

  // Next month's bill: postpaid usage of this month deducted on the 1st of the next (SPEC §1).
  const nextStmt = db.prepare(
    `select ${FEE_COLUMNS} from fee_detail where ${LIVE} and billMonth = ? and usageStart >= ? and usageStart < ?`,
  );
  for (const r of nextStmt.iterate(next, monthStart(month), monthStart(next)) as IterableIterator<FeeRow>) {
    if (!isPostpaid(r.payMode) || periodOf(r.importId) !== 'deduction' || isPrecisionLine(r)) continue;
    const a = agg(keys, keyFor(ctx, r.product, r.resourceId, componentOf(r)));
    a.toNext ??= { amount: ZERO, days: new Set(), sources: [] };
    a.toNext.amount = a.toNext.amount.plus(r.discountedTotal);
    for (const d of usageDays(r.usageStart, r.usageEnd)) if (d.startsWith(month)) a.toNext.days.add(d);
    a.toNext.sources.push([r.importId, r.sourceRow]);
  }

  // This month's fee bill.
  let feeTotal = ZERO;
  let feeLines = 0;
  const periods = new Set<Period>();
  const feeStmt = db.prepare(`select ${FEE_COLUMNS} from fee_detail where ${LIVE} and billMonth = ?`);
  for (const r of feeStmt.iterate(month) as IterableIterator<FeeRow>) {
    feeLines++;
    const amount = money(r.discountedTotal);
    feeTotal = feeTotal.plus(amount);
    periods.add(periodOf(r.importId));
    if (isPrecisionLine(r)) continue;
    const a = agg(keys, keyFor(ctx, r.product, r.resourceId, componentOf(r)));
    a.fee = a.fee.plus(amount);
    a.feeLines++;
    a.feeSrc.push([r.importId, r.sourceRow]);
    if (amount.isNegative()) {
      a.feeNeg = a.feeNeg.plus(amount);
    } else if (isPrepaid(r.payMode) && !REFUND_ACTIONS.test(r.actionType ?? '')) {
      a.feePrepaid = a.feePrepaid.plus(amount);
    } else if (isPostpaid(r.payMode) && periodOf(r.importId) === 'deduction' && r.usageStart && monthOf(r.usageStart) < month) {
      a.fromPrev ??= { amount: ZERO, days: new Set(), sources: [] };
      a.fromPrev.amount = a.fromPrev.amount.plus(amount);
      for (const d of usageDays(r.usageStart, r.usageEnd)) if (d < `${month}-01`) a.fromPrev.days.add(d);
      a.fromPrev.sources.push([r.importId, r.sourceRow]);
    }
  }

  // This month's consumption bill.
  const lastDay = usageDays(monthStart(month), monthStart(next)).at(-1);
  const nextBillImported = db.prepare(`select 1 from fee_detail where ${LIVE} and billMonth = ? limit 1`).get(next) !== undefined;
  let consumptionTotal = ZERO;
  let consumptionLines = 0;
  const consStmt = db.prepare(`select ${CONS_COLUMNS} from consumption where ${LIVE} and month = ?`);
  for (const r of consStmt.iterate(month) as IterableIterator<ConsRow>) {
    consumptionLines++;
    const amount = money(r.amount);
    consumptionTotal = consumptionTotal.plus(amount);
    const a = agg(keys, keyFor(ctx, r.product, r.resourceId, componentOf(r)));
    a.cons = a.cons.plus(amount);
    a.consLines++;
    a.consSrc.push([r.importId, r.sourceRow]);
    if (amount.isNegative()) a.consNeg = a.consNeg.plus(amount);
    else if (isPrepaid(r.payMode, r.consumptionType)) a.consPrepaid = a.consPrepaid.plus(amount);
    if (r.day === lastDay && isPostpaid(r.payMode)) a.consLastDay = true;
    if (a.toNext && r.day !== null && a.toNext.days.has(r.day)) {
      a.nextCons ??= { amount: ZERO, sources: [] };
      a.nextCons.amount = a.nextCons.amount.plus(amount);
      a.nextCons.sources.push([r.importId, r.sourceRow]);
    }
  }

  // The previous month's consumption, on the days the carried-over lines were used.
  if ([...keys.values()].some((a) => a.fromPrev)) {
    const prevStmt = db.prepare(`select ${CONS_COLUMNS} from consumption where ${LIVE} and month = ? and layout = 'component'`);
    for (const r of prevStmt.iterate(prev) as IterableIterator<ConsRow>) {
      const a = keys.get(keyString(keyFor(ctx, r.product, r.resourceId, componentOf(r))));
      if (!a?.fromPrev || r.day === null || !a.fromPrev.days.has(r.day)) continue;
      a.prevCons ??= { amount: ZERO, sources: [] };
      a.prevCons.amount = a.prevCons.amount.plus(r.amount);
      a.prevCons.sources.push([r.importId, r.sourceRow]);
    }
  }

  // Prepaid purchases from any month whose service period overlaps this month: what the
  // consumption bill should amortise into it (SPEC §3, prepaid timing).
  const prepaidStmt = db.prepare(
    `select ${FEE_COLUMNS} from fee_detail where ${LIVE} and usageStart < ? and usageEnd > ? and payMode is not null`,
  );
  for (const r of prepaidStmt.iterate(monthStart(next), monthStart(month)) as IterableIterator<FeeRow>) {
    if (!isPrepaid(r.payMode) || REFUND_ACTIONS.test(r.actionType ?? '') || !r.usageStart || !r.usageEnd) continue;
    const amount = money(r.discountedTotal);
    if (amount.isNegative()) continue;
    const a = keys.get(keyString(keyFor(ctx, r.product, r.resourceId, componentOf(r))));
    if (!a) continue;
    const start = dayOf(r.usageStart);
    const end = dayOf(r.usageEnd);
    const total = daysBetween(start, end);
    if (total <= 0) continue;
    a.expectedAmortisation = (a.expectedAmortisation ?? ZERO).plus(amount.times(daysInside(start, end, month)).div(total));
  }

  const name = traceNamer(db);
  const categories = Object.fromEntries(BRIDGE_CATEGORIES.map((c) => [c, ZERO])) as Record<BridgeCategory, Money>;
  const mismatches: Mismatch[] = [];
  const emit = (a: KeyAgg | null, key: BridgeKey, category: BridgeCategory, fee: Money, cons: Money, note: string | null, extra?: { fee?: Src[]; cons?: Src[] }) => {
    const difference = fee.minus(cons);
    categories[category] = categories[category].plus(difference);
    if (difference.isZero()) return;
    const k = { month, product: key.product, resourceId: key.resourceId, component: key.component };
    mismatches.push({
      id: mismatchId(month, category, k),
      month,
      category,
      explained: (EXPLAINED_CATEGORIES as readonly string[]).includes(category),
      key: k,
      against: 'consumption',
      fee: fixed(fee, 8),
      consumption: fixed(cons, 8),
      difference: fixed(difference, 8),
      status: 'open',
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
      reopenedBecause: null,
      note,
      feeSources: [...(a?.feeSrc ?? []), ...(extra?.fee ?? [])].map(([i, r]) => name(i, r)),
      consumptionSources: [...(a?.consSrc ?? []), ...(extra?.cons ?? [])].map(([i, r]) => name(i, r)),
    });
  };

  const fmt = (m: Money) => fixed(m, 2);
  for (const a of keys.values()) {
    if (a.feeLines === 0 && a.consLines === 0) continue; // only next month's lines, nothing of this month
    const notes: string[] = [];
    let feeLeft = a.fee;
    let consLeft = a.cons;

    // 1. prepaid timing
    if (!a.feePrepaid.isZero() || !a.consPrepaid.isZero()) {
      const expected = a.expectedAmortisation;
      if (expected !== undefined && a.consPrepaid.minus(expected).abs().lte(ctx.tolerance)) {
        emit(a, a.key, 'prepaidTiming', a.feePrepaid, a.consPrepaid, null);
        feeLeft = feeLeft.minus(a.feePrepaid);
        consLeft = consLeft.minus(a.consPrepaid);
      } else if (expected === undefined) {
        notes.push(`prepaid: no prepaid fee line with a service period covers ${month}, so the amortisation cannot be checked`);
      } else {
        notes.push(`prepaid: expected amortisation ${fmt(expected)}, consumption shows ${fmt(a.consPrepaid)}`);
      }
    }

    // 2. cross-month postpaid
    let crossFee = ZERO;
    let crossCons = ZERO;
    const crossSrc: { fee: Src[]; cons: Src[] } = { fee: [], cons: [] };
    if (a.fromPrev) {
      const seen = a.prevCons?.amount;
      if (seen !== undefined && seen.minus(a.fromPrev.amount).abs().lte(ctx.tolerance)) {
        crossFee = a.fromPrev.amount;
        crossSrc.cons.push(...(a.prevCons?.sources ?? []));
      } else {
        notes.push(
          seen === undefined
            ? `cross-month: ${fmt(a.fromPrev.amount)} of ${prev} usage deducted in ${month}; no ${prev} consumption for those days is imported`
            : `cross-month: ${fmt(a.fromPrev.amount)} of ${prev} usage deducted in ${month}; ${prev} consumption shows ${fmt(seen)}`,
        );
      }
    }
    if (a.toNext) {
      const seen = a.nextCons?.amount ?? ZERO;
      if (a.nextCons && seen.minus(a.toNext.amount).abs().lte(ctx.tolerance)) {
        crossCons = seen;
        crossSrc.fee.push(...a.toNext.sources);
      } else {
        notes.push(`cross-month: ${next}'s fee bill deducts ${fmt(a.toNext.amount)} of ${month} usage; ${month} consumption shows ${fmt(seen)} for those days`);
      }
    } else if (a.consLastDay && !nextBillImported && periods.has('deduction')) {
      notes.push(`cross-month: ${next}'s fee bill is not imported, so usage of ${lastDay} deducted on ${next}-01 cannot be verified`);
    }
    if (!crossFee.isZero() || !crossCons.isZero()) {
      emit(a, a.key, 'crossMonth', crossFee, crossCons, null, crossSrc);
      feeLeft = feeLeft.minus(crossFee);
      consLeft = consLeft.minus(crossCons);
    }

    // 4. refunds (3, precision, is the bill's own line, below)
    if (a.feeNeg.isNegative()) {
      if (a.consNeg.isNegative() && a.feeNeg.lte(a.consNeg)) {
        emit(a, a.key, 'refunds', a.feeNeg, a.consNeg, null);
        feeLeft = feeLeft.minus(a.feeNeg);
        consLeft = consLeft.minus(a.consNeg);
      } else {
        notes.push(`refund: ${fmt(a.feeNeg)} on the fee bill; consumption shows a reduction of ${fmt(a.consNeg)}`);
      }
    } else if (a.consNeg.isNegative()) {
      notes.push(`refund: consumption shows a reduction of ${fmt(a.consNeg)} without a negative fee line`);
    }

    // 5–6. what is left
    const residual = feeLeft.minus(consLeft);
    if (residual.isZero()) continue;
    const note = notes.length > 0 ? notes.join('; ') : null;
    if (a.feeLines === 0 || a.consLines === 0) {
      emit(a, a.key, 'missing', feeLeft, consLeft, note ?? (a.feeLines === 0 ? 'not on the fee bill' : 'not on the consumption bill'));
    } else if (residual.abs().lte(ctx.tolerance)) {
      // Within tolerance on a key both bills carry: the 8-dp vs 2-dp rounding of SPEC §2.
      emit(a, a.key, 'precision', feeLeft, consLeft, `within tolerance ${ctx.tolerance.toString()}`);
    } else {
      emit(a, a.key, 'amountMismatch', feeLeft, consLeft, note);
    }
  }

  // 3. precision: the bill's own line, as far as our per-transaction rebuild confirms it.
  if (precision.billedExact !== null) {
    const key: BridgeKey = { product: PRECISION_PRODUCT, resourceId: VIRTUAL_ID, component: null };
    const src = { fee: precision.billedSources };
    if (precision.summary.agrees) {
      emit(null, key, 'precision', precision.billedExact, ZERO, null, src);
    } else {
      emit(null, key, 'precision', precision.expectedLine, ZERO, `the rebuild gives ${fmt(precision.expectedLine)}`, src);
      emit(null, key, 'amountMismatch', precision.billedExact.minus(precision.expectedLine), ZERO,
        `the bill's 月度计费精度差异 line is ${fmt(precision.billedExact)}; the per-transaction rebuild gives ${fmt(precision.expectedLine)}`, src);
    }
  }

  const order = new Map<string, number>(BRIDGE_CATEGORIES.map((c, i) => [c, i]));
  const cmp = (x: string | null, y: string | null) => ((x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0);
  mismatches.sort(
    (x, y) =>
      order.get(x.category)! - order.get(y.category)! ||
      cmp(x.key.product ?? null, y.key.product ?? null) ||
      cmp(x.key.resourceId ?? null, y.key.resourceId ?? null) ||
      cmp(x.key.component ?? null, y.key.component ?? null),
  );

  return {
    feeTotal,
    feeLines,
    consumptionTotal,
    consumptionLines,
    categories,
    mismatches,
    duplicates: findDuplicates(db, month, name),
    period: periodOverride ?? (periods.size === 1 ? [...periods][0]! : periods.size === 0 ? 'deduction' : 'mixed'),
  };
}

export type { MismatchCategory };

interface DupRow {
  product: string;
  resourceId: string | null;
  component: string | null;
  extraKey: string | null;
  n: number;
  amounts: string;
  refs: string;
}

/** Keys that occur more than once where the formats say they occur once; still summed, never hidden. */
function findDuplicates(db: Db, month: Month, name: (i: number, r: number) => string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const collect = (side: DuplicateKey['side'], reason: string, extraName: string, sql: string) => {
    for (const r of db.prepare(sql).all(month) as DupRow[]) {
      out.push({
        side,
        reason,
        key: { month, product: r.product, resourceId: r.resourceId, component: r.component, [extraName]: r.extraKey },
        count: r.n,
        amount: fixed(
          r.amounts.split('|').reduce((s, v) => s.plus(v), ZERO),
          8,
        ),
        sources: r.refs.split('|').map((ref) => {
          const [i, row] = ref.split(':').map(Number) as [number, number];
          return name(i, row);
        }),
      });
    }
  };
  const comp = 'coalesce(componentName, componentType)';
  collect(
    'fee',
    'the same transaction (交易ID) and component more than once',
    'transactionId',
    `select product, resourceId, ${comp} as component, transactionId as extraKey, count(*) as n,
       group_concat(discountedTotal, '|') as amounts, group_concat(importId || ':' || sourceRow, '|') as refs
     from fee_detail where ${LIVE} and billMonth = ? and transactionId is not null and transactionId not in ('', '-')
     group by transactionId, product, resourceId, ${comp} having count(*) > 1`,
  );
  collect(
    'consumption',
    'the same day and component more than once',
    'day',
    `select product, resourceId, ${comp} as component, day as extraKey, count(*) as n,
       group_concat(amount, '|') as amounts, group_concat(importId || ':' || sourceRow, '|') as refs
     from consumption where ${LIVE} and month = ? and layout = 'component'
     group by day, product, resourceId, ${comp}, payMode, actionType having count(*) > 1`,
  );
  collect(
    'consumption',
    'the same resource, order and service start more than once in the resource summary',
    'orderId',
    `select product, resourceId, null as component, orderId as extraKey, count(*) as n,
       group_concat(amount, '|') as amounts, group_concat(importId || ':' || sourceRow, '|') as refs
     from consumption where ${LIVE} and month = ? and layout = 'summary'
     group by product, resourceId, orderId, usageStart having count(*) > 1`,
  );
  collect(
    'consumption',
    'the resource is in both the component bill and the resource summary',
    'layout',
    `select product, resourceId, null as component, 'component+summary' as extraKey, count(*) as n,
       group_concat(amount, '|') as amounts, group_concat(importId || ':' || sourceRow, '|') as refs
     from consumption where ${LIVE} and month = ?
     group by product, resourceId having count(distinct layout) > 1`,
  );
  return out;
}
