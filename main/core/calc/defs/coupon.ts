import { CalcFieldError, type FieldReader } from '../calculator-fields.js';
import { COUPON_TYPES, PAYMENTS, useCoupon, type CouponInput, type CouponType } from '../coupon.js';
import { field, m2, term, type Calculator } from '../outcome.js';

function couponInput(g: FieldReader): CouponInput {
  const combinedWith = g.list('combined-with').map((c) => {
    const hit = COUPON_TYPES.find((t) => t === c);
    if (!hit) throw new CalcFieldError('combined-with', `"${c}" is not one of ${COUPON_TYPES.join(', ')}`);
    return hit;
  });
  const [min, max] = [g.optionalWhole('term-min', 0), g.optionalWhole('term-max', 0)];
  if ((min === undefined) !== (max === undefined)) throw new CalcFieldError(min === undefined ? 'term-min' : 'term-max', 'the coupon term range needs both ends');
  const raw: CouponInput = {
    coupon: g.choice('coupon', COUPON_TYPES),
    value: g.decimal('value'),
    eligibleTotal: g.decimal('eligible-total'),
    discount: g.optionalDecimal('purchase-discount', 'positive'),
    threshold: g.optionalDecimal('threshold'),
    scope: g.choiceOr('scope', ['prepaid', 'postpaid'] as const, 'prepaid'),
    payment: g.choiceOr('payment', PAYMENTS, 'prepaid'),
    termMonths: g.optionalWhole('term-months', 1),
    termRange: min === undefined ? undefined : { min, max: max! },
    singleUse: g.bool('single-use'),
    expired: g.bool('expired'),
    inArrears: g.bool('in-arrears'),
    activity: g.bool('activity'),
    combinedWith,
    paidBy: g.choiceOr('paid-by', ['self', 'agent', 'group'] as const, 'self'),
    owner: g.choiceOr('owner', ['account', 'agent', 'admin'] as const, 'account'),
  };
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as CouponInput;
}

const REFUND_NOTE: Record<CouponType, string> = {
  voucher: 'on a refund the voucher is not returned',
  'cash-coupon': 'on a refund the cash coupon is returned',
  'discount-coupon': 'on a refund the discount coupon is not returned',
};

export const couponCalc: Calculator = {
  id: 'coupon',
  title: 'Coupon use',
  summary: 'whether a voucher, cash coupon or discount coupon can pay a payment (stacking, scope, threshold ≥, term, arrears, agent/group), how much it pays and what is left',
  fields: [
    field('coupon', 'Coupon type', 'choice', 'voucher (代金券), cash-coupon (现金券) or discount-coupon (折扣券)', { required: true, choices: COUPON_TYPES }),
    field('value', 'Coupon value', 'decimal', 'amount left on the voucher or cash coupon; for a discount coupon the rate paid (0.9 = 10% off)', { required: true, example: '100' }),
    field('eligible-total', 'Eligible total', 'decimal', 'list total of the eligible products in this one payment (orders paid together count together)', { required: true, example: '612.00' }),
    field('purchase-discount', 'Purchase discount', 'decimal', 'purchase discount, applied before the coupon (default 1)', { example: '0.83' }),
    field('threshold', 'Threshold', 'decimal', 'the coupon needs at least this eligible total (≥)'),
    field('scope', 'Coupon for', 'choice', 'prepaid (default) or postpaid coupon', { choices: ['prepaid', 'postpaid'] }),
    field('payment', 'Payment', 'choice', 'what is paid: prepaid order (default), postpaid settlement, arrears or a freeze', { choices: PAYMENTS }),
    field('term-months', 'Months bought', 'integer', 'months of the purchase or renewal'),
    field('term-min', 'Coupon term from (months)', 'integer', 'the coupon term limit (限购时长), shortest'),
    field('term-max', 'Coupon term to (months)', 'integer', 'the coupon term limit (限购时长), longest'),
    field('single-use', 'Single use', 'boolean', 'single-use coupon: the remainder is forfeited'),
    field('expired', 'Expired or used up', 'boolean', 'the coupon is expired or used up'),
    field('in-arrears', 'Account in arrears', 'boolean', 'the account is in arrears'),
    field('activity', 'Activity order', 'boolean', 'an activity order'),
    field('combined-with', 'Combined with', 'list', 'other coupons in the same payment: voucher, cash-coupon, discount-coupon'),
    field('paid-by', 'Paid by', 'choice', 'self (default), agent (代付) or group payment', { choices: ['self', 'agent', 'group'] }),
    field('owner', 'Coupon of', 'choice', "whose coupon: the account's (default), the agent's or the group admin's", { choices: ['account', 'agent', 'admin'] }),
  ],
  compute(g) {
    const i = couponInput(g);
    const r = useCoupon(i);
    return {
      calculator: 'coupon',
      terms: [
        term('afterDiscount', 'Eligible total after the discount', m2(r.afterDiscount), `${m2(i.eligibleTotal)} × ${(i.discount ?? '1').toString()}`),
        term('pays', 'The coupon pays', m2(r.pays), i.coupon === 'discount-coupon' ? `${m2(r.afterDiscount)} × (1 − ${i.value.toString()})` : `min(${m2(i.value)}, ${m2(r.afterDiscount)})`),
        ...(i.coupon === 'discount-coupon' ? [] : [term('left', 'Left on the coupon', m2(r.left)), term('forfeited', 'Forfeited (single use)', m2(r.forfeited))]),
      ],
      result: term('payable', r.usable ? 'To pay' : 'To pay (coupon not usable)', m2(r.payable), `${m2(r.afterDiscount)} − ${m2(r.pays)}`),
      currency: null,
      formula: 'to pay = eligible total × purchase discount − what the coupon pays (discounts before vouchers; a discount coupon never with a voucher or cash coupon)',
      lines: [`${r.usable ? 'usable' : 'not usable'}: to pay ${m2(r.afterDiscount)} − ${m2(r.pays)} = ${m2(r.payable)}`, ...r.breaches.map((b) => `NO  ${b.text}`)],
      notes: [
        r.usable ? 'coupon usable' : 'coupon not usable',
        ...r.breaches.map((b) => b.text),
        ...(i.coupon !== 'discount-coupon' && (i.combinedWith ?? []).some((c) => c !== 'discount-coupon') ? ['vouchers and cash coupons combine; all else equal, cash coupons are used first; their count limits are independent'] : []),
        REFUND_NOTE[i.coupon],
        'coupons are never transferred, topped up, withdrawn or extended',
      ],
      json: {
        input: { coupon: i.coupon, value: i.value.toString(), eligibleTotal: m2(i.eligibleTotal), scope: i.scope, payment: i.payment },
        usable: r.usable,
        breaches: r.breaches.map((b) => b.text),
        afterDiscount: m2(r.afterDiscount),
        pays: m2(r.pays),
        payable: m2(r.payable),
        left: m2(r.left),
        forfeited: m2(r.forfeited),
      },
    };
  },
};
