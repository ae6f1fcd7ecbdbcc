/**
 * Is a fee-bill line right by its own columns? The vendor documents 组件原价 = 刊例价 × 用量 × 时长
 * (÷ the price unit's multiplier, 元/100个/小时), 优惠后总价 = (原价 − RI − SP deductions) × 折扣率, and
 * the payment columns (cash, gift, voucher, revenue share) pay the discounted total. International
 * and reseller bills have no such split: there the discounted total less the voucher is the amount
 * before tax, × the tax rate the tax, and before tax + tax the total. Each check runs only when the
 * line carries the columns it needs, and compares at the bill's own 8 decimals, exactly: stated −
 * round-half-up-8(recomputed) must be zero.
 *
 * The checks are a table; a line's verdict is one integer, two bits per check (absent, ok, failed,
 * not checkable) plus a bit per reason a check could not be made, computed once at import and
 * stored with the line. A failed check keeps its stated and recomputed figures beside the line
 * (line_check); so does a check listed as not checkable, with what its columns give.
 */
import {
  addUnits, isZeroQty, minusUnits, MoneyError, negUnits, productAt8, productAt8Over, qtyOfText, qtyOfUnits, quotientAt8, sameUnits, sumUnits, toUnits, type FastUnits, type Qty, type Units,
} from '../money/index.js';

type Amount = FastUnits | Units;

export interface LineFigures {
  listPrice: Qty | null;
  usage: Qty | null;
  duration: Qty | null;
  discount: Qty | null;
  /** What list × usage × duration is divided by, from the price unit (bill/price-units.ts); 0: the unit is not understood. */
  unitDivisor: number;
  originalCost: Amount | null;
  discountedTotal: Amount;
  voucher: Amount | null;
  cash: Amount | null;
  gift: Amount | null;
  transfer: Amount | null;
  /** RI Deduction (Cost) / SP Deduction (Cost): the original cost the reserved instance or savings plan covered. */
  riCost: Amount | null;
  spCost: Amount | null;
  /** RI Deduction (Duration): the usage duration the reserved instance covered. */
  riDuration: Qty | null;
  /** Savings Plan Deduction at its deduction rate: SP Deduction (Cost) = deduction ÷ rate. */
  spDeduction: Amount | null;
  spRate: Qty | null;
  beforeTax: Amount | null;
  taxRate: Qty | null;
  taxAmount: Amount | null;
  totalInclTax: Amount | null;
  /** Reseller bills: the amount before tax at the original price (before tax ÷ discount). */
  afterCoupon: Amount | null;
  blendedDiscount: Qty | null;
  /** The bill hides the list price route (刊例价, 组件原价 or 折扣率 shown as 0 or "-") on a line it charges. */
  contractPrice: boolean;
}

/** A rate as bills write it, "0.09" or "9%"; null for none or for text that is neither. */
export function rateOf(text: string | null): Qty | null {
  if (text === null) return null;
  const t = text.trim();
  try {
    if (!t.endsWith('%')) return qtyOfText(t);
    const q = qtyOfText(t.slice(0, -1));
    return { ...q, s: q.s + 2 };
  } catch (e) {
    if (e instanceof MoneyError) return null;
    throw e;
  }
}

/** Why a check could not be made: a bit each in the verdict, above the checks' bits. */
export const NOT_CHECKABLE = {
  contractPrice: { bit: 1 << 28, text: 'contract price, not checkable by its columns' },
  unit: { bit: 1 << 29, text: 'unit' },
} as const;
export type NotCheckableReason = keyof typeof NOT_CHECKABLE;
const REASONS = Object.keys(NOT_CHECKABLE) as NotCheckableReason[];
/** The verdict bits of the reasons, for SQL over stored verdicts. */
export const REASON_BITS = REASONS.reduce((b, r) => b | NOT_CHECKABLE[r].bit, 0);

/** Not checkable, with the figures its columns give (a hidden cell counts 0), for the listing. */
interface Listed {
  reason: NotCheckableReason;
  figures: readonly [Amount, Amount];
}

type Outcome = readonly [Amount, Amount] | Listed | null;

interface CheckRule {
  id: string;
  /** [stated, exact recomputed at 8 dp], Listed when the line hides what the check needs, or null when it lacks an input. */
  figures(f: LineFigures): Outcome;
}

const PAYMENTS = ['cash', 'gift', 'voucher', 'transfer'] as const;
const ZERO = 0;

function listed(reason: NotCheckableReason, stated: Amount | null, recomputed: Amount | null): Listed {
  return { reason, figures: [stated ?? ZERO, recomputed ?? ZERO] };
}

/** 刊例价 × 用量 × a duration ÷ the unit's multiplier (none when the unit is not understood: a figure for the listing). */
function listRoute(f: LineFigures, duration: Qty | null): Amount | null {
  if (f.listPrice === null || f.usage === null || duration === null) return null;
  return productAt8Over([f.listPrice, f.usage, duration], f.unitDivisor === 0 ? 1 : f.unitDivisor);
}

/** A check of a figure the list price route gives: listed for a contract price or a unit not understood. */
function byListPrice(f: LineFigures, stated: Amount | null, duration: Qty | null): Outcome {
  if (f.contractPrice) return listed('contractPrice', stated, listRoute(f, duration));
  if (stated === null) return null;
  const recomputed = listRoute(f, duration);
  if (recomputed === null) return null;
  return f.unitDivisor === 0 ? listed('unit', stated, recomputed) : [stated, recomputed];
}

/** (原价 − RI − SP) × 折扣率: the SDK's RealCost (RI and SP are netted before the discount, not after). */
function discounted(f: LineFigures): Amount | null {
  if (f.originalCost === null || f.discount === null) return null;
  const net = f.riCost === null && f.spCost === null ? f.originalCost : sumUnits([f.originalCost, f.riCost === null ? null : negUnits(f.riCost), f.spCost === null ? null : negUnits(f.spCost)]);
  return productAt8([qtyOfUnits(net), f.discount]);
}

const add = (a: Amount, b: Amount): Amount => addUnits(a, b);

export const CHECKS = [
  {
    id: 'originalCost',
    figures: (f) => byListPrice(f, f.originalCost, f.duration),
  },
  {
    id: 'discountedTotal',
    figures: (f) => {
      if (f.contractPrice) return listed('contractPrice', f.discountedTotal, discounted(f));
      const recomputed = discounted(f);
      return recomputed === null ? null : [f.discountedTotal, recomputed];
    },
  },
  {
    id: 'payments',
    figures: (f) => {
      // International bills pay the discounted total by voucher and the amount before tax: the beforeTax check.
      if (f.beforeTax !== null) return null;
      // A million lines pass here: no array per line while the sum is a safe number.
      let paid: Amount | null = null;
      for (const p of PAYMENTS) {
        const v = f[p];
        if (v === null) continue;
        paid = paid === null ? v : add(paid, v);
      }
      return paid === null ? null : [paid, f.discountedTotal];
    },
  },
  {
    id: 'beforeTax',
    figures: (f) => (f.beforeTax === null ? null : [f.beforeTax, f.voucher === null ? f.discountedTotal : minusUnits(f.discountedTotal, f.voucher)]),
  },
  {
    id: 'tax',
    figures: (f) => (f.beforeTax === null || f.taxRate === null || f.taxAmount === null ? null : [f.taxAmount, productAt8([qtyOfUnits(f.beforeTax), f.taxRate])]),
  },
  {
    id: 'total',
    figures: (f) => (f.totalInclTax === null || f.beforeTax === null ? null : [f.totalInclTax, f.taxAmount === null ? f.beforeTax : add(f.beforeTax, f.taxAmount)]),
  },
  {
    id: 'afterCoupon',
    figures: (f) => {
      if (f.afterCoupon === null || f.beforeTax === null) return null;
      const recomputed = f.discount === null ? null : quotientAt8(qtyOfUnits(f.beforeTax), f.discount);
      if (f.contractPrice) return listed('contractPrice', f.afterCoupon, recomputed);
      return recomputed === null ? null : [f.afterCoupon, recomputed];
    },
  },
  {
    id: 'blendedDiscount',
    figures: (f) => {
      if (f.blendedDiscount === null) return null;
      const stated = productAt8([f.blendedDiscount]);
      // 混合折扣率 = 优惠后总价 ÷ 原价; a bill without 原价 (the vendor's own tables) gives it by the list price.
      const original = f.originalCost ?? listRoute(f, f.duration);
      const recomputed = original === null ? null : quotientAt8(qtyOfUnits(f.discountedTotal), qtyOfUnits(original));
      if (f.contractPrice) return listed('contractPrice', stated, recomputed);
      if (f.originalCost === null && recomputed !== null && f.unitDivisor === 0) return listed('unit', stated, recomputed);
      return recomputed === null ? null : [stated, recomputed];
    },
  },
  {
    id: 'riCost',
    // A contract-price line no reserved instance covered has nothing here to list.
    figures: (f) => (f.riCost === null || f.riDuration === null || (f.contractPrice && f.riCost == 0) ? null : byListPrice(f, f.riCost, f.riDuration)),
  },
  {
    id: 'spCost',
    figures: (f) => {
      if (f.spCost === null || f.spDeduction === null || f.spRate === null) return null;
      const recomputed = quotientAt8(qtyOfUnits(f.spDeduction), f.spRate);
      return recomputed === null ? null : [f.spCost, recomputed];
    },
  },
] as const satisfies readonly CheckRule[];

export type CheckId = (typeof CHECKS)[number]['id'];
export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

export const VERDICT = { absent: 0, ok: 1, failed: 2, notCheckable: 3 } as const;
export type CheckVerdict = keyof typeof VERDICT;
const VERDICT_NAMES = Object.keys(VERDICT) as CheckVerdict[];

export interface CheckFailure {
  check: CheckId;
  stated: Units;
  recomputed: Units;
}

/**
 * Run every check on a line: its verdict bits. Failures, and checks listed as not checkable, are
 * pushed to `failures` with their figures (the verdict says which is which).
 */
export function checkLine(f: LineFigures, failures: CheckFailure[]): number {
  let bits = 0;
  for (let i = 0; i < CHECKS.length; i++) {
    const rule = CHECKS[i]!;
    const out = (rule.figures as (f: LineFigures) => Outcome)(f);
    if (out === null) continue;
    if ('reason' in out) {
      bits |= (VERDICT.notCheckable << (2 * i)) | NOT_CHECKABLE[out.reason].bit;
      failures.push({ check: rule.id, stated: toUnits(out.figures[0]), recomputed: toUnits(out.figures[1]) });
      continue;
    }
    const ok = sameUnits(out[0], out[1]);
    bits |= (ok ? VERDICT.ok : VERDICT.failed) << (2 * i);
    if (!ok) failures.push({ check: rule.id, stated: toUnits(out[0]), recomputed: toUnits(out[1]) });
  }
  return bits;
}

export function verdictOf(bits: number, check: CheckId): CheckVerdict {
  return VERDICT_NAMES[(bits >> (2 * CHECK_IDS.indexOf(check))) & 3]!;
}

function anyCheck(bits: number, test: (v: number) => boolean): boolean {
  for (let i = 0; i < CHECKS.length; i++) if (test((bits >> (2 * i)) & 3)) return true;
  return false;
}

/** Some check ran to a verdict on the line (ok or failed). */
export function wasChecked(bits: number): boolean {
  return anyCheck(bits, (v) => v === VERDICT.ok || v === VERDICT.failed);
}

/** Some check failed. */
export function hasFailure(bits: number): boolean {
  return anyCheck(bits, (v) => v === VERDICT.failed);
}

/** Some check is listed as not checkable. */
export function isListed(bits: number): boolean {
  return (bits & REASON_BITS) !== 0;
}

/** Why checks of the line could not be made (none for most lines). */
export function notCheckableReasons(bits: number): NotCheckableReason[] {
  return REASONS.filter((r) => (bits & NOT_CHECKABLE[r].bit) !== 0);
}

export function difference(failure: CheckFailure): Units {
  return minusUnits(failure.stated, failure.recomputed);
}

/** How a line shows 刊例价, 组件原价 or 折扣率: a column the file lacks, "-" or 0 (hidden), or a figure or nothing at all. */
export const ROUTE = { absent: 0, hidden: 1, shown: 2 } as const;
export type RouteCell = (typeof ROUTE)[keyof typeof ROUTE];

/** A cell of the list price route; `dash` says a blank cell has text ("-"), not nothing. */
export function routeCell(col: number, value: Qty | Amount | null, dash: boolean): RouteCell {
  if (col < 0) return ROUTE.absent;
  if (value === null) return dash ? ROUTE.hidden : ROUTE.shown;
  return isZeroQty(value) ? ROUTE.hidden : ROUTE.shown;
}

/**
 * A contract price (一口价/合同价): the line charges something while every one of 刊例价, 组件原价 and
 * 折扣率 the bill has is shown as "-" or 0 — the vendor hides them (SDK: "如客户享受一口价/合同价则默认不展示").
 */
export function isContractPrice(discountedTotal: Amount, listPrice: RouteCell, originalCost: RouteCell, discount: RouteCell): boolean {
  if (discountedTotal == 0) return false;
  if (listPrice === ROUTE.shown || originalCost === ROUTE.shown || discount === ROUTE.shown) return false;
  return listPrice === ROUTE.hidden || originalCost === ROUTE.hidden || discount === ROUTE.hidden;
}
