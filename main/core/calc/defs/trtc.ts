import { money } from '../../money/decimal.js';
import type { FieldReader } from '../calculator-fields.js';
import { breach, type RuleBreach } from '../rules.js';
import { TRTC_CATALOG, latestTrtcPriceDay, trtcRefund, type TrtcPackageOrigin, type TrtcPackageState, type TrtcRefund, type TrtcRefundInput } from '../trtc-refund.js';
import { field, m2, m8, term, withPriceDay, type CalcTerm, type Calculator } from '../outcome.js';

const ORIGINS: readonly TrtcPackageOrigin[] = ['bought', 'trial', 'gift'];
const STATES: readonly TrtcPackageState[] = ['valid', 'expired', 'used-up', 'refunded'];

function trtcInput(g: FieldReader): TrtcRefundInput {
  const full = g.bool('first-refund')
    ? { ...(g.has('delivered') ? { delivered: g.moment('delivered').text } : {}), ...(g.has('requested') ? { requested: g.moment('requested').text } : {}) }
    : undefined;
  const giftPaid = g.optionalDecimal('gift-paid');
  return {
    paid: g.decimal('paid'),
    usedMinutes: g.decimal('used-minutes'),
    discount: g.optionalDecimal('discount', 'positive') ?? money(1),
    pricesOn: g.optionalDay('prices-on') ?? latestTrtcPriceDay(),
    origin: g.choiceOr('package', ORIGINS, 'bought'),
    state: g.choiceOr('state', STATES, 'valid'),
    activityNoRefund: g.bool('activity-no-refund'),
    ...(giftPaid ? { giftPaid } : {}),
    ...(full ? { full } : {}),
  };
}

/** B1 (one package of the order), B8 (overage), B9 (frozen): said beside the figures. */
function sideRules(g: FieldReader, r: TrtcRefund): RuleBreach[] {
  const packages = g.optionalWhole('packages', 1) ?? 1;
  return [
    ...(r.rule === 'full-refund' && packages > 1 ? [breach('B1#packages', { packages, others: packages - 1 })] : []),
    ...(g.has('overage-minutes') ? [breach('B8', { minutes: g.decimal('overage-minutes').toString() })] : []),
    ...(g.has('frozen') ? [breach('B9', { frozen: m2(g.decimal('frozen')) })] : []),
  ];
}

function trtcTerms(input: TrtcRefundInput, r: TrtcRefund): CalcTerm[] {
  return [
    term('paid', 'Cash paid', m2(input.paid)),
    term('unitPrice', 'Band price per minute', m8(r.unitPrice), `band of ${input.usedMinutes.toString()} min`),
    term('discount', 'Discount', input.discount.toString()),
    term('usedValue', 'Used value', m2(r.usedValue), `${input.usedMinutes.toString()} × ${m8(r.unitPrice)} × ${input.discount.toString()}`),
    term('unfloored', 'Before the floor at 0', m2(r.unfloored), `${m2(input.paid)} − ${m2(r.usedValue)}`),
    ...(input.giftPaid ? [term('cashBack', 'Back as cash', m2(r.paidBack.cash)), term('giftBack', 'Back as gift money', m2(r.paidBack.gift))] : []),
  ];
}

export const trtcRefundCalc: Calculator = {
  id: 'trtc-refund',
  title: 'TRTC package refund',
  summary: 'TRTC package refund: paid − minutes × band price × discount, floored at 0; the one full refund within 5 days; trial, gifted, expired or used-up packages get 0',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'cash + gift money actually paid for the order (no vouchers, after discounts)', { required: true, example: '500.00' }),
    field('used-minutes', 'Minutes used', 'decimal', 'package minutes consumed (postpaid overage not included)', { required: true, example: '25000' }),
    field('discount', 'Negotiated discount', 'decimal', 'exclusive discount (专属折扣) in effect on the request date (default 1)', { example: '1' }),
    field('prices-on', 'Prices in force on', 'date', 'bands in force on this day, YYYY-MM-DD (default: the newest catalog entry)'),
    field('gift-paid', 'Paid in gift money', 'decimal', 'the part of paid that was gift money (the refund comes back in the same proportion)'),
    field('package', 'Package', 'choice', 'bought (default), trial (免费试用包) or gift (event gift): B2', { choices: ORIGINS }),
    field('state', 'Package state', 'choice', 'valid (default), expired, used-up or refunded: B3', { choices: STATES }),
    field('activity-no-refund', 'Activity excludes refunds', 'boolean', 'activity rules of the purchase exclude refunds (B2)'),
    field('first-refund', 'First refund within 5 days', 'boolean', "the account's one full no-reason refund, asked within 5 days of delivery (B1)"),
    field('delivered', 'Delivered at', 'date', 'when the new-purchase order was delivered, YYYY-MM-DD[ HH:MM]'),
    field('requested', 'Refund asked on', 'date', 'when the refund was asked for, YYYY-MM-DD[ HH:MM]'),
    field('packages', 'Packages in the order', 'integer', 'packages in the order: only one is refunded in full (B1)'),
    field('overage-minutes', 'Postpaid overage minutes', 'decimal', 'minutes billed pay-as-you-go beyond the package: never refunded (B8)'),
    field('frozen', 'Frozen', 'decimal', 'frozen amount, released at refund time (B9)'),
  ],
  compute(g) {
    const input = trtcInput(g);
    const r = withPriceDay(() => trtcRefund(input));
    const side = sideRules(g, r);
    const lines =
      r.rule === 'full-refund'
        ? [`first refund within 5 days (B1): the package in full, ${m2(r.refund)}`]
        : [`used value = ${input.usedMinutes.toString()} min × ${m8(r.unitPrice)} × ${input.discount.toString()} = ${m2(r.usedValue)}`, `refund = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.unfloored)} → ${m2(r.refund)}`];
    return {
      calculator: 'trtc-refund',
      terms: trtcTerms(input, r),
      result: { name: 'refund', label: r.rule === 'none' ? 'Refund (not refundable)' : 'Refund', value: m2(r.refund) },
      currency: 'CNY',
      formula: r.rule === 'full-refund' ? 'first refund within 5 days of delivery: the package is refunded in full' : 'refund = paid − minutes × price of the band the whole amount falls in × discount, floored at 0',
      lines: [...lines, ...r.withheld.map((b) => `NO  ${b.text}`)],
      notes: [
        `bands from catalog ${TRTC_CATALOG.version}, in force on ${input.pricesOn!}`,
        ...r.withheld.map((b) => b.text),
        ...r.flags.map((b) => b.text),
        ...side.map((b) => b.text),
        `paid back: ${m2(r.paidBack.cash)} cash, ${m2(r.paidBack.gift)} gift money; vouchers never come back; refunds only by ticket, reviewed within 2 working days`,
      ],
      json: {
        input: { paid: m2(input.paid), usedMinutes: input.usedMinutes.toString(), discount: input.discount.toString() },
        unitPrice: m8(r.unitPrice),
        usedValue: m2(r.usedValue),
        unfloored: m2(r.unfloored),
        refund: m2(r.refund),
        rule: r.rule,
        paidBack: { cash: m2(r.paidBack.cash), gift: m2(r.paidBack.gift) },
        withheld: r.withheld.map((b) => b.text),
        flags: [...r.flags, ...side].map((b) => b.text),
        priceList: { catalog: TRTC_CATALOG.version, pricesOn: input.pricesOn! },
      },
    };
  },
};
