import { fixed, money } from '../../money/decimal.js';
import { CalcFieldError, type FieldReader } from '../calculator-fields.js';
import { dayOfMoment } from '../calendar-day.js';
import { bandwidthSwitchRefund, downgradeDays, downgradeGift } from '../cvm-changes.js';
import { cvmRefund, type CvmRefund, type CvmRefundInput } from '../cvm-refund.js';
import { breach } from '../rules.js';
import { wholeMonthsBetween } from '../upgrade-fee.js';
import { field, m2, term, type CalcOutcome, type CalcTerm, type Calculator, type Json } from '../outcome.js';

const DISCOUNT = field('purchase-discount', 'Purchase discount', 'decimal', 'the purchase discount, e.g. 0.8 (default 1)', { example: '0.8' });

/**
 * Decision C2-MONTHS: whole months used are counted like §4, anchored on the delivery day and
 * clamped to the month end, when the monthly price is given with the times but not the months.
 */
function monthsUsed(g: FieldReader): { months: ReturnType<FieldReader['optionalDecimal']>; counted: boolean } {
  if (g.has('months-used') || !g.has('monthly') || !g.has('delivered') || !g.has('requested')) return { months: g.optionalDecimal('months-used'), counted: false };
  return { months: money(wholeMonthsBetween(dayOfMoment(g.moment('delivered').text), dayOfMoment(g.moment('requested').text))), counted: true };
}

function cvmInput(g: FieldReader): { input: CvmRefundInput; monthsCounted: boolean } {
  const opt = (name: string) => g.optionalDecimal(name);
  const { months, counted } = monthsUsed(g);
  const raw: CvmRefundInput = {
    paid: g.decimal('paid'),
    hourly: g.decimal('hourly'),
    hours: g.decimal('hours'),
    monthly: opt('monthly'),
    monthsUsed: months,
    bandwidthHourly: opt('bandwidth-hourly'),
    unstarted: opt('unstarted'),
    upgradePaid: opt('upgrade-paid'),
    upgradeDaysLeft: opt('upgrade-days-left'),
    upgradeHours: opt('upgrade-hours'),
    firstRefund: g.bool('first-refund'),
    delivered: g.optionalMoment('delivered')?.text,
    requested: g.optionalMoment('requested')?.text,
    switchedFromPostpaid: g.bool('switched-from-postpaid'),
    activityNoRefund: g.bool('activity-no-refund'),
    giftPaid: opt('gift-paid'),
    networkPaid: opt('network-paid'),
    purchaseDiscount: g.optionalDecimal('purchase-discount', 'positive'),
    agentPaid: g.bool('agent-paid'),
  };
  const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as CvmRefundInput;
  return { input, monthsCounted: counted };
}

function cvmJson(input: CvmRefundInput, r: CvmRefund): Record<string, Json> {
  return {
    input: {
      paid: m2(input.paid), hourly: input.hourly.toString(), hours: input.hours.toString(),
      monthly: input.monthly ? m2(input.monthly) : null, monthsUsed: input.monthsUsed?.toString() ?? null,
      bandwidthHourly: input.bandwidthHourly?.toString() ?? null, unstarted: m2(r.unstarted),
      upgradePaid: input.upgradePaid ? m2(input.upgradePaid) : null, upgradeDaysLeft: r.upgradeDaysLeft?.toString() ?? null,
      firstRefund: input.firstRefund ?? false,
    },
    rule: r.rule,
    monthsValue: m2(r.monthsValue), hoursValue: m2(r.hoursValue), bandwidthValue: m2(r.bandwidthValue),
    usedValue: m2(r.usedValue), upgradeRefund: m2(r.upgradeRefund), unfloored: m2(r.unfloored),
    refund: m2(r.refund), paidBackAs: r.paidBackAs,
    paidBack: { cash: m2(r.paidBack.cash), gift: m2(r.paidBack.gift) },
    withheld: r.withheld.map((b) => b.text), flags: r.flags.map((b) => b.text),
    ...(input.networkPaid ? { hostPaid: m2(r.hostPaid) } : {}),
    ...(r.discounted ? { discounted: { usedValue: m2(r.discounted.usedValue), refund: m2(r.discounted.refund) } } : {}),
  };
}

function cvmNotes(input: CvmRefundInput, r: CvmRefund, monthsCounted: boolean): string[] {
  return [
    `paid back as ${r.paidBackAs === 'gift' ? 'gift money (赠送金): not the 5-day no-reason refund' : 'cash (and the gift part as gift money)'}`,
    ...r.withheld.map((b) => b.text),
    ...r.flags.map((b) => b.text),
    ...(input.networkPaid ? [breach('C4#host-only', { network: m2(input.networkPaid) }).text] : []),
    ...(r.discounted ? [breach('C2#discount', { discount: input.purchaseDiscount!.toString(), discounted: m2(r.discounted.usedValue), refundDiscounted: m2(r.discounted.refund) }).text] : []),
    ...(input.agentPaid ? [breach('C5#agent').text] : []),
    ...(monthsCounted ? [`Decision C2-MONTHS: ${input.monthsUsed!.toString()} whole month(s) counted from the delivery day, anchored and clamped to the month end`] : []),
    ...(r.upgradeDaysLeft !== null && input.upgradeHours ? [`Decision C2-UPGRADE-DAY: ${input.upgradeHours.toString()} h since the upgrade count ${money(365).minus(r.upgradeDaysLeft).toString()} started day(s)`] : []),
    'vouchers and discount coupons are not returned; cash coupons are (5F)',
  ];
}

function fullRefundTerms(input: CvmRefundInput, r: CvmRefund): CalcTerm[] {
  return [
    term('paid', 'Cash paid', m2(r.hostPaid)),
    term('unstarted', 'Paid for unstarted renewals', m2(r.unstarted)),
    term('upgradeRefund', 'Upgrade paid', m2(r.upgradeRefund)),
    ...(input.giftPaid ? [term('cashBack', 'Back as cash', m2(r.paidBack.cash)), term('giftBack', 'Back as gift money', m2(r.paidBack.gift))] : []),
  ];
}

function usedValueTerms(input: CvmRefundInput, r: CvmRefund): CalcTerm[] {
  return [
    term('paid', 'Cash paid', m2(input.paid)),
    ...(input.networkPaid ? [term('hostPaid', 'Host part (network settled at the switch)', m2(r.hostPaid), `${m2(input.paid)} − ${m2(input.networkPaid)}`)] : []),
    term('unstarted', 'Paid for unstarted renewals', m2(r.unstarted)),
    term('upgradeRefund', 'Unused share of the upgrade', m2(r.upgradeRefund), input.upgradePaid ? `${m2(input.upgradePaid)} × ${r.upgradeDaysLeft?.toString() ?? '0'} ÷ 365` : undefined),
    term('monthsValue', 'Whole months used', m2(r.monthsValue), input.monthly ? `${m2(input.monthly)} × ${input.monthsUsed?.toString() ?? '0'}` : undefined),
    term('hoursValue', 'Hours used at the pay-as-you-go price', m2(r.hoursValue), `${input.hourly.toString()} × ${input.hours.toString()}`),
    term('bandwidthValue', 'Bandwidth used', m2(r.bandwidthValue), input.bandwidthHourly ? `${input.bandwidthHourly.toString()} × ${input.hours.toString()}` : undefined),
    term('usedValue', 'Used value', m2(r.usedValue), `${m2(r.monthsValue)} + ${m2(r.hoursValue)} + ${m2(r.bandwidthValue)}`),
    term('unfloored', 'Before the floor at 0', m2(r.unfloored), `${m2(r.hostPaid)} + ${m2(r.unstarted)} + ${m2(r.upgradeRefund)} − ${m2(r.usedValue)}`),
  ];
}

const cvmRefundCalc: Calculator = {
  id: 'cvm-refund',
  title: 'CVM prepaid refund',
  summary: 'CVM-style prepaid refund: paid + unstarted + upgrade share − used value, floored at 0, as gift; the first refund within 5 days (≤ 120 h) returns all paid',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'cash paid for the current order (after discount and vouchers)', { required: true, example: '407.96' }),
    field('hourly', 'Pay-as-you-go price per hour', 'decimal', 'pay-as-you-go price per hour', { required: true, example: '0.42' }),
    field('hours', 'Hours used', 'decimal', 'hours used in the partial month', { required: true, example: '48' }),
    field('monthly', 'Monthly price', 'decimal', 'monthly price, with --months-used (or the times, to count them)'),
    field('months-used', 'Whole months used', 'integer', 'whole months used, charged at --monthly'),
    field('bandwidth-hourly', 'Bandwidth price per hour', 'decimal', 'separately billed bandwidth, price per hour', { example: '0.063' }),
    field('unstarted', 'Paid for unstarted renewals', 'decimal', 'cash paid for renewals not yet started'),
    field('upgrade-paid', 'Upgrade paid', 'decimal', 'cash paid for an upgrade in the period'),
    field('upgrade-days-left', 'Upgrade days left', 'decimal', 'days of the upgrade left'),
    field('upgrade-hours', 'Hours since the upgrade', 'decimal', 'hours since the upgrade, instead of the days left (a started day counts whole)'),
    field('first-refund', 'First refund within 5 days', 'boolean', "asked as the account's first refund, within 5 days of a new purchase, for one instance (C1; Decision C1-ACCOUNT: one chance per account)"),
    field('delivered', 'Delivered at', 'date', 'when the new-purchase order was delivered, YYYY-MM-DD[ HH:MM]'),
    field('requested', 'Refund asked on', 'date', 'when the refund was asked for, YYYY-MM-DD[ HH:MM]'),
    field('switched-from-postpaid', 'Switched from postpaid', 'boolean', 'the instance was switched from postpaid to prepaid (no 5-day refund)'),
    field('activity-no-refund', 'Activity excludes refunds', 'boolean', 'activity rules exclude the no-reason refund'),
    field('gift-paid', 'Paid in gift money', 'decimal', 'the part of paid that was gift money (the 5-day refund returns it as gift money)'),
    field('network-paid', 'Network part settled at a switch', 'decimal', 'the network was switched from bandwidth to traffic billing: its part of paid, settled then (C4)'),
    field('purchase-discount', 'Purchase discount', 'decimal', 'purchase discount, to show the reading that applies it throughout (5G #6)'),
    field('agent-paid', 'Agent-paid', 'boolean', 'paid by an agent (代付): the refund goes to the agent (C5)'),
  ],
  compute(g) {
    const { input, monthsCounted } = cvmInput(g);
    const r = cvmRefund(input);
    const notes = cvmNotes(input, r, monthsCounted);
    if (r.rule === 'first-refund-within-5-days') {
      return {
        calculator: 'cvm-refund',
        terms: fullRefundTerms(input, r),
        result: term('refund', 'Refund', m2(r.refund), `${m2(r.hostPaid)} + ${m2(r.unstarted)} + ${m2(r.upgradeRefund)}`),
        currency: null,
        formula: 'first refund within 5 days of purchase: everything paid comes back, the cash as cash, the gift money as gift money',
        lines: [`first refund within 5 days: full cash paid back`, `refund = ${m2(r.refund)} (as cash${input.giftPaid ? `, ${m2(r.paidBack.gift)} of it as gift money` : ''})`],
        notes: ['paid back as cash', ...notes.slice(1)],
        json: cvmJson(input, r),
      };
    }
    return {
      calculator: 'cvm-refund',
      terms: usedValueTerms(input, r),
      result: { name: 'refund', label: 'Refund', value: m2(r.refund) },
      currency: null,
      formula: 'refund = paid + unstarted + unused upgrade share − used value (months × monthly + hours × hourly + bandwidth), floored at 0',
      lines: [
        `used value = months ${m2(r.monthsValue)} + hours ${m2(r.hoursValue)} + bandwidth ${m2(r.bandwidthValue)} = ${m2(r.usedValue)}`,
        `refund = paid ${m2(r.hostPaid)} + unstarted ${m2(r.unstarted)} + upgrade share ${m2(r.upgradeRefund)} − used ${m2(r.usedValue)} = ${m2(r.unfloored)}`,
        `refund (floored at 0) = ${m2(r.refund)}, paid back as ${r.paidBackAs}`,
      ],
      notes,
      json: cvmJson(input, r),
    };
  },
};

const cvmDowngradeCalc: Calculator = {
  id: 'cvm-downgrade',
  title: 'Prepaid downgrade',
  summary: 'prepaid downgrade (降配): the remaining value converted to days of the new configuration, or refunded as gift money after re-buying it',
  fields: [
    field('strategy', 'Strategy', 'choice', 'time: remaining value → days (降配折算时长); gift: release refund − new price, as gift money (降配退赠送金)', { required: true, choices: ['time', 'gift'] }),
    field('remaining', 'Remaining value', 'decimal', 'time: the C2 refund value of the current orders (calc cvm-refund)', { example: '300.00' }),
    field('new-monthly', 'New monthly list price', 'decimal', 'time: monthly price of the new configuration'),
    DISCOUNT,
    field('release-refund', 'Refund for releasing', 'decimal', 'gift: the C2 refund for releasing the old configuration'),
    field('new-price', 'New configuration for the rest of the term', 'decimal', 'gift: price of the new configuration for the rest of the term'),
  ],
  compute(g): CalcOutcome {
    const strategy = g.choice('strategy', ['time', 'gift'] as const);
    const need = (names: string[]) => names.forEach((n) => { if (!g.has(n)) throw new CalcFieldError(n, `is required for the ${strategy} strategy`); });
    if (strategy === 'time') {
      need(['remaining', 'new-monthly']);
      const [remaining, newMonthly, discount] = [g.decimal('remaining'), g.decimal('new-monthly', 'positive'), g.optionalDecimal('purchase-discount', 'positive') ?? money(1)];
      const r = downgradeDays(remaining, newMonthly, discount);
      const expression = `⌊${m2(remaining)} × 365 ÷ (${m2(newMonthly)} × ${discount.toString()} × 12)⌋`;
      return {
        calculator: 'cvm-downgrade',
        terms: [term('remaining', 'Remaining value', m2(remaining)), term('exactDays', 'Days before rounding down', fixed(r.exactDays, 4), `${m2(remaining)} × 365 ÷ (${m2(newMonthly)} × ${discount.toString()} × 12)`)],
        result: term('days', 'Days of the new configuration', r.days.toString(), expression),
        currency: null,
        formula: 'days = ⌊remaining ÷ (new monthly × purchase discount ÷ (365 ÷ 12))⌋; no money moves, the expiry changes (Decision C3-TIME)',
        lines: [`days = ${expression} = ${r.days.toString()}`],
        notes: ['the voucher part of what was paid is excluded from the remaining value'],
        json: { input: { strategy, remaining: m2(remaining), newMonthly: m2(newMonthly), discount: discount.toString() }, days: r.days.toString() },
      };
    }
    need(['release-refund', 'new-price']);
    const [release, newPrice] = [g.decimal('release-refund'), g.decimal('new-price')];
    const r = downgradeGift(release, newPrice);
    return {
      calculator: 'cvm-downgrade',
      terms: [term('releaseRefund', 'Refund for releasing', m2(release)), term('newPrice', 'New configuration for the rest of the term', m2(newPrice)), ...(r.toPay.isZero() ? [] : [term('toPay', 'The customer pays', m2(r.toPay))])],
      result: term('refund', 'Refund as gift money', m2(r.refund), `${m2(release)} − ${m2(newPrice)}`),
      currency: null,
      formula: 'refund = refund for releasing the old configuration − price of the new one for the rest of the term, as gift money',
      lines: [`refund = ${m2(release)} − ${m2(newPrice)} = ${m2(r.refund)}${r.toPay.isZero() ? '' : ` (the customer pays ${m2(r.toPay)})`}`],
      notes: ['paid as gift money; vouchers are not returned', ...(r.toPay.isZero() ? [] : [breach('C3#negative', { amount: m2(r.toPay) }).text])],
      json: { input: { strategy, releaseRefund: m2(release), newPrice: m2(newPrice) }, refund: m2(r.refund), toPay: m2(r.toPay) },
    };
  },
};

const bandwidthSwitchCalc: Calculator = {
  id: 'bandwidth-switch',
  title: 'Bandwidth → traffic switch refund',
  summary: 'switch from bandwidth to traffic billing: max(0, prepaid bandwidth fee − hourly bandwidth price × hours) × purchase discount, as gift money',
  fields: [
    field('bandwidth-fee', 'Prepaid bandwidth fee', 'decimal', 'prepaid bandwidth fee for the period', { required: true, example: '20.00' }),
    field('bandwidth-hourly', 'Bandwidth price per hour', 'decimal', 'pay-as-you-go bandwidth price per hour', { required: true, example: '0.063' }),
    field('hours', 'Hours used', 'decimal', 'hours since purchase', { required: true, example: '200' }),
    DISCOUNT,
  ],
  compute(g) {
    const [fee, hourly, hours, discount] = [g.decimal('bandwidth-fee'), g.decimal('bandwidth-hourly'), g.decimal('hours'), g.optionalDecimal('purchase-discount', 'positive') ?? money(1)];
    const r = bandwidthSwitchRefund(fee, hourly, hours, discount);
    return {
      calculator: 'bandwidth-switch',
      terms: [term('bandwidthFee', 'Prepaid bandwidth fee', m2(fee)), term('usedValue', 'Bandwidth used', m2(r.used), `${hourly.toString()} × ${hours.toString()}`), term('discount', 'Discount', discount.toString()), term('unfloored', 'Before the floor at 0', m2(r.unfloored), `(${m2(fee)} − ${m2(r.used)}) × ${discount.toString()}`)],
      result: { name: 'refund', label: 'Refund as gift money', value: m2(r.refund) },
      currency: null,
      formula: 'refund = max(0, (bandwidth fee − hourly × hours) × purchase discount) (Decision C4-DISCOUNT)',
      lines: [`refund = (${m2(fee)} − ${m2(r.used)}) × ${discount.toString()} = ${m2(r.unfloored)} → ${m2(r.refund)}`],
      notes: [
        'paid as gift money; the excess is not charged',
        'switching back to bandwidth billing costs the undiscounted list price; the switch cannot be undone',
        'a later refund of the instance returns the host part only (calc cvm-refund --network-paid)',
        'a resource switched from postpaid to prepaid gets no 5-day no-reason refund',
      ],
      json: { input: { bandwidthFee: m2(fee), bandwidthHourly: hourly.toString(), hours: hours.toString(), discount: discount.toString() }, usedValue: m2(r.used), unfloored: m2(r.unfloored), refund: m2(r.refund) },
    };
  },
};

export const CVM_CALCULATORS = [cvmRefundCalc, cvmDowngradeCalc, bandwidthSwitchCalc] as const;
