import { ZERO, money, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { breach, type RuleBreach } from './rules.js';

/**
 * Whether a coupon (优惠券) can pay a payment, and how much (SPEC-CALCULATORS 5F): 代金券 voucher,
 * 现金券 cash coupon, 折扣券 discount coupon.
 */
export const COUPON_TYPES = ['voucher', 'cash-coupon', 'discount-coupon'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];
export const PAYMENTS = ['prepaid', 'postpaid', 'arrears', 'freeze'] as const;
export type Payment = (typeof PAYMENTS)[number];

export interface CouponInput {
  coupon: CouponType;
  /** Voucher or cash coupon: the amount left on it; discount coupon: the rate paid (0.9 = 10% off). */
  value: Money;
  /** Total list price of the eligible products in this one payment (several orders paid together count together). */
  eligibleTotal: Money;
  /** Purchase discount, applied before vouchers. */
  discount?: Money;
  threshold?: Money;
  scope: 'prepaid' | 'postpaid';
  payment: Payment;
  termMonths?: number;
  termRange?: { min: number; max: number };
  singleUse?: boolean;
  expired?: boolean;
  inArrears?: boolean;
  activity?: boolean;
  /** The other coupons used in the same payment. */
  combinedWith?: readonly CouponType[];
  paidBy?: 'self' | 'agent' | 'group';
  owner?: 'account' | 'agent' | 'admin';
}

export interface CouponUse {
  usable: boolean;
  breaches: RuleBreach[];
  /** Eligible total after the purchase discount. */
  afterDiscount: Money;
  pays: Money;
  payable: Money;
  /** Left on a multi-use coupon; forfeited from a single-use one. */
  left: Money;
  forfeited: Money;
}

function stackingBreaches(i: CouponInput): RuleBreach[] {
  const others = i.combinedWith ?? [];
  const discountMixed = i.coupon === 'discount-coupon' ? others.some((o) => o !== 'discount-coupon') : others.includes('discount-coupon');
  return discountMixed ? [breach('F#stacking')] : [];
}

function payerBreaches(i: CouponInput): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (i.paidBy === 'agent' && i.payment === 'prepaid' && i.owner === 'agent') out.push(breach('F#agent'));
  if (i.paidBy === 'group' && (i.coupon === 'discount-coupon' || (i.owner !== undefined && i.owner !== 'admin'))) out.push(breach('F#group'));
  return out;
}

function termBreaches(i: CouponInput): RuleBreach[] {
  if (i.scope !== 'prepaid' || i.termRange === undefined) return [];
  if (i.termMonths === undefined) throw new CalcInputError('termMonths', 'termMonths: the term bought is needed to check the coupon range');
  const { min, max } = i.termRange;
  return i.termMonths < min || i.termMonths > max ? [breach('F#term', { months: i.termMonths, range: `${min}–${max}` })] : [];
}

/** Every rule the coupon breaks for this payment (empty: usable). */
export function couponBreaches(i: CouponInput, afterDiscount: Money): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (i.payment === 'arrears' || i.payment === 'freeze') out.push(breach('F#never', { payment: i.payment === 'arrears' ? 'arrears' : 'freezes' }));
  else if (i.payment !== i.scope) out.push(breach('F#scope', { scope: i.scope, payment: i.payment }));
  if (i.inArrears) out.push(breach('F#arrears'));
  if (i.expired) out.push(breach('F#expired'));
  if (i.activity) out.push(breach('F#activity'));
  // Decision F-THRESHOLD: "reaches" is ≥ (5G #12), on the eligible total after the purchase discount.
  if (i.threshold !== undefined && afterDiscount.lessThan(i.threshold)) out.push(breach('F#threshold', { total: afterDiscount.toString(), threshold: i.threshold.toString() }));
  return [...out, ...termBreaches(i), ...stackingBreaches(i), ...payerBreaches(i)];
}

export function useCoupon(i: CouponInput): CouponUse {
  if (i.coupon === 'discount-coupon' && (i.value.lte(0) || i.value.greaterThan(1))) throw new CalcInputError('value', 'value: a discount coupon takes the rate paid, in (0, 1]');
  const afterDiscount = roundHalfUp(i.eligibleTotal.times(i.discount ?? money(1)), 2);
  const breaches = couponBreaches(i, afterDiscount);
  if (breaches.length > 0) return { usable: false, breaches, afterDiscount, pays: ZERO, payable: afterDiscount, left: i.coupon === 'discount-coupon' ? ZERO : i.value, forfeited: ZERO };
  const pays = i.coupon === 'discount-coupon' ? roundHalfUp(afterDiscount.times(money(1).minus(i.value)), 2) : i.value.lessThan(afterDiscount) ? i.value : afterDiscount;
  const rest = i.coupon === 'discount-coupon' ? ZERO : i.value.minus(pays);
  return { usable: true, breaches, afterDiscount, pays, payable: afterDiscount.minus(pays), left: i.singleUse ? ZERO : rest, forfeited: i.singleUse ? rest : ZERO };
}
