import { fixed, money, type Money } from '../money/decimal.js';
import { accountFigures } from './account-figures.js';
import { asFieldError, CalcFieldError, FieldReader, type CalcFieldDef, type CalcInputs } from './calculator-fields.js';
import { cvmRefund } from './cvm-refund.js';
import { meetingOrder } from './meeting-order.js';
import { MEETING_CATALOG, MEETING_LIST_PRICES, latestMeetingPriceDay } from './meeting-prices.js';
import { CatalogError } from '../catalog/tiw-catalog.js';
import { meetingRefund } from './meeting-refund.js';
import { MEETING_PLANS, MEETING_REFUND_WINDOW_DAYS, MEETING_TERMS, meetingRefundEligibility } from './meeting-refund-rule.js';
import { FREEZE_DAYS, TRAFFIC_FACTORS, monthlySettledFreeze } from './freeze.js';
import { drawConsumption } from './consumption-draw.js';
import { CalendarDayError } from './calendar-day.js';
import { monthlyFeeValidity } from './tiw-validity.js';
import { TRTC_CATALOG, latestTrtcPriceDay, trtcRefund } from './trtc-refund.js';
import { parseDiscountLadder, upgradeFee } from './upgrade-fee.js';

/**
 * The calculators of SPEC §5 as one table that both `billrecon calc NAME` and the UI's
 * calculator forms run: same fields, same parsing, same errors, same figures.
 */

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** One term of a formula: a figure the accountant can check by hand, and how it was formed. */
export interface CalcTerm {
  name: string;
  label: string;
  value: string;
  /** The arithmetic with the figures, e.g. "0.42 × 48". */
  expression?: string;
}

export interface CalcOutcome {
  calculator: string;
  /** Terms in the order the formula uses them. */
  terms: CalcTerm[];
  result: CalcTerm;
  currency: string | null;
  /** The formula in words, without figures. */
  formula: string;
  /** The formula with figures, one step per line (the CLI's readable output). */
  lines: string[];
  /** What the figures alone do not say (paid back as gift, refund not allowed because …). */
  notes: string[];
  /** `billrecon calc NAME --json` without its "calculator" key: inputs echoed, every term. */
  json: Record<string, Json>;
}

export interface Calculator {
  id: string;
  title: string;
  summary: string;
  fields: readonly CalcFieldDef[];
  compute(read: FieldReader): CalcOutcome;
}

const m2 = (d: Money): string => fixed(d, 2);

/** A day before a catalog's first entry has no prices: that is the prices-on field's fault. */
function withPriceDay<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof CatalogError) throw new CalcFieldError('prices-on', err.message);
    throw err;
  }
}

function field(name: string, label: string, kind: CalcFieldDef['kind'], help: string, opts: Partial<Pick<CalcFieldDef, 'required' | 'choices' | 'example'>> = {}): CalcFieldDef {
  return { name, label, kind, help, required: opts.required ?? false, ...(opts.choices ? { choices: opts.choices } : {}), ...(opts.example ? { example: opts.example } : {}) };
}

const cvmRefundCalc: Calculator = {
  id: 'cvm-refund',
  title: 'CVM prepaid refund',
  summary: 'CVM-style prepaid refund: paid + unstarted + upgrade share − used value, floored at 0',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'cash paid for the current order (after discount and vouchers)', { required: true, example: '407.96' }),
    field('hourly', 'Pay-as-you-go price per hour', 'decimal', 'pay-as-you-go price per hour', { required: true, example: '0.42' }),
    field('hours', 'Hours used', 'decimal', 'hours used in the partial month', { required: true, example: '48' }),
    field('monthly', 'Monthly price', 'decimal', 'monthly price, with --months-used'),
    field('months-used', 'Whole months used', 'integer', 'whole months used, charged at --monthly'),
    field('bandwidth-hourly', 'Bandwidth price per hour', 'decimal', 'separately billed bandwidth, price per hour', { example: '0.063' }),
    field('unstarted', 'Paid for unstarted renewals', 'decimal', 'cash paid for renewals not yet started'),
    field('upgrade-paid', 'Upgrade paid', 'decimal', 'cash paid for an upgrade in the period'),
    field('upgrade-days-left', 'Upgrade days left', 'decimal', 'days of the upgrade left'),
    field('first-refund', 'First refund within 5 days', 'boolean', "the account's first refund, within 5 days of purchase"),
  ],
  compute(g) {
    const input = {
      paid: g.decimal('paid'),
      hourly: g.decimal('hourly'),
      hours: g.decimal('hours'),
      monthly: g.optionalDecimal('monthly'),
      monthsUsed: g.optionalDecimal('months-used'),
      bandwidthHourly: g.optionalDecimal('bandwidth-hourly'),
      unstarted: g.optionalDecimal('unstarted'),
      upgradePaid: g.optionalDecimal('upgrade-paid'),
      upgradeDaysLeft: g.optionalDecimal('upgrade-days-left'),
      firstRefund: g.bool('first-refund'),
    };
    const r = cvmRefund(input);
    const json: Record<string, Json> = {
      input: {
        paid: m2(input.paid), hourly: input.hourly.toString(), hours: input.hours.toString(),
        monthly: input.monthly ? m2(input.monthly) : null, monthsUsed: input.monthsUsed?.toString() ?? null,
        bandwidthHourly: input.bandwidthHourly?.toString() ?? null, unstarted: m2(r.unstarted),
        upgradePaid: input.upgradePaid ? m2(input.upgradePaid) : null, upgradeDaysLeft: input.upgradeDaysLeft?.toString() ?? null,
        firstRefund: input.firstRefund,
      },
      rule: r.rule,
      monthsValue: m2(r.monthsValue), hoursValue: m2(r.hoursValue), bandwidthValue: m2(r.bandwidthValue),
      usedValue: m2(r.usedValue), upgradeRefund: m2(r.upgradeRefund), unfloored: m2(r.unfloored),
      refund: m2(r.refund), paidBackAs: r.paidBackAs,
    };
    const result: CalcTerm = { name: 'refund', label: 'Refund', value: m2(r.refund) };
    if (r.rule === 'first-refund-within-5-days') {
      return {
        calculator: 'cvm-refund',
        terms: [
          { name: 'paid', label: 'Cash paid', value: m2(input.paid) },
          { name: 'unstarted', label: 'Paid for unstarted renewals', value: m2(r.unstarted) },
          { name: 'upgradeRefund', label: 'Upgrade paid', value: m2(r.upgradeRefund) },
        ],
        result: { ...result, expression: `${m2(input.paid)} + ${m2(r.unstarted)} + ${m2(r.upgradeRefund)}` },
        currency: null,
        formula: "first refund within 5 days of purchase: every cent of cash paid comes back, as cash",
        lines: [`first refund within 5 days: full cash paid back`, `refund = ${m2(r.refund)} (as cash)`],
        notes: ['paid back as cash'],
        json,
      };
    }
    const terms: CalcTerm[] = [
      { name: 'paid', label: 'Cash paid', value: m2(input.paid) },
      { name: 'unstarted', label: 'Paid for unstarted renewals', value: m2(r.unstarted) },
      {
        name: 'upgradeRefund',
        label: 'Unused share of the upgrade',
        value: m2(r.upgradeRefund),
        ...(input.upgradePaid ? { expression: `${m2(input.upgradePaid)} × ${input.upgradeDaysLeft?.toString() ?? '0'} ÷ 365` } : {}),
      },
      {
        name: 'monthsValue',
        label: 'Whole months used',
        value: m2(r.monthsValue),
        ...(input.monthly ? { expression: `${m2(input.monthly)} × ${input.monthsUsed?.toString() ?? '0'}` } : {}),
      },
      { name: 'hoursValue', label: 'Hours used at the pay-as-you-go price', value: m2(r.hoursValue), expression: `${input.hourly.toString()} × ${input.hours.toString()}` },
      {
        name: 'bandwidthValue',
        label: 'Bandwidth used',
        value: m2(r.bandwidthValue),
        ...(input.bandwidthHourly ? { expression: `${input.bandwidthHourly.toString()} × ${input.hours.toString()}` } : {}),
      },
      { name: 'usedValue', label: 'Used value', value: m2(r.usedValue), expression: `${m2(r.monthsValue)} + ${m2(r.hoursValue)} + ${m2(r.bandwidthValue)}` },
      {
        name: 'unfloored',
        label: 'Before the floor at 0',
        value: m2(r.unfloored),
        expression: `${m2(input.paid)} + ${m2(r.unstarted)} + ${m2(r.upgradeRefund)} − ${m2(r.usedValue)}`,
      },
    ];
    return {
      calculator: 'cvm-refund',
      terms,
      result,
      currency: null,
      formula: 'refund = paid + unstarted + unused upgrade share − used value (months × monthly + hours × hourly + bandwidth), floored at 0',
      lines: [
        `used value = months ${m2(r.monthsValue)} + hours ${m2(r.hoursValue)} + bandwidth ${m2(r.bandwidthValue)} = ${m2(r.usedValue)}`,
        `refund = paid ${m2(input.paid)} + unstarted ${m2(r.unstarted)} + upgrade share ${m2(r.upgradeRefund)} − used ${m2(r.usedValue)} = ${m2(r.unfloored)}`,
        `refund (floored at 0) = ${m2(r.refund)}, paid back as ${r.paidBackAs}`,
      ],
      notes: [`paid back as ${r.paidBackAs === 'gift' ? 'gift money (赠送金): not the first refund' : 'cash'}`],
      json,
    };
  },
};

const upgradeCalc: Calculator = {
  id: 'upgrade',
  title: 'Prepaid upgrade fee',
  summary: 'prepaid upgrade fee: (new − old monthly) × days ÷ (365 ÷ 12) × discount',
  fields: [
    field('old-monthly', 'Old monthly list price', 'decimal', 'monthly list price at purchase', { required: true }),
    field('new-monthly', 'New monthly list price', 'decimal', "today's monthly list price of the new configuration", { required: true }),
    field('from', 'Upgrade day', 'date', 'upgrade day, YYYY-MM-DD', { required: true }),
    field('to', 'Expiry day', 'date', 'expiry day, YYYY-MM-DD', { required: true }),
    field('discounts', 'Discount ladder (MONTHS:DISCOUNT)', 'list', 'term ladder MONTHS:DISCOUNT,… e.g. 1:1,2:0.9,3:0.8', { required: true, example: '1:1,2:0.9,3:0.8' }),
  ],
  compute(g) {
    const input = {
      oldMonthly: g.decimal('old-monthly'),
      newMonthly: g.decimal('new-monthly'),
      from: g.day('from'),
      to: g.day('to'),
      discounts: parseDiscountLadder('discounts', g.list('discounts').join(',')),
    };
    const r = upgradeFee(input);
    const rungText = r.rung === null ? 'shorter than every rung' : `rung ${r.rung} months`;
    return {
      calculator: 'upgrade',
      terms: [
        { name: 'priceDifference', label: 'New − old monthly price', value: m2(r.priceDifference), expression: `${m2(input.newMonthly)} − ${m2(input.oldMonthly)}` },
        { name: 'days', label: 'Upgrade days', value: String(r.days), expression: `${input.to} − ${input.from}` },
        { name: 'daysPerMonth', label: 'Days per month (365 ÷ 12)', value: fixed(r.daysPerMonth, 8) },
        { name: 'months', label: 'Whole months', value: String(r.months) },
        { name: 'discount', label: 'Discount', value: r.discount.toString(), expression: rungText },
      ],
      result: { name: 'fee', label: 'Upgrade fee', value: m2(r.fee), expression: `${m2(r.priceDifference)} × ${r.days} ÷ (365 ÷ 12) × ${r.discount.toString()}` },
      currency: null,
      formula: 'fee = (new monthly − old monthly) × upgrade days ÷ (365 ÷ 12) × discount of the longest term not exceeding the days',
      lines: [
        `days = ${input.to} − ${input.from} = ${r.days}; whole months = ${r.months}; discount = ${r.discount.toString()}${r.rung === null ? ' (shorter than every rung)' : ` (rung ${r.rung} months)`}`,
        `fee = ${m2(r.priceDifference)} × ${r.days} ÷ (365 ÷ 12) × ${r.discount.toString()} = ${m2(r.fee)}`,
      ],
      notes: ['an upgrade does not change the expiry date'],
      json: {
        input: {
          oldMonthly: m2(input.oldMonthly), newMonthly: m2(input.newMonthly), from: input.from, to: input.to,
          discounts: input.discounts.map((d) => ({ months: d.months, discount: d.discount.toString() })),
        },
        days: r.days, months: r.months, rung: r.rung, discount: r.discount.toString(),
        priceDifference: m2(r.priceDifference), daysPerMonth: fixed(r.daysPerMonth, 8), fee: m2(r.fee),
      },
    };
  },
};

const trtcRefundCalc: Calculator = {
  id: 'trtc-refund',
  title: 'TRTC package refund',
  summary: 'TRTC package refund: paid − minutes × band price × discount, floored at 0',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'cash actually paid', { required: true, example: '500.00' }),
    field('used-minutes', 'Minutes used', 'decimal', 'minutes consumed', { required: true, example: '25000' }),
    field('discount', 'Negotiated discount', 'decimal', 'negotiated discount (default 1)', { example: '1' }),
    field('prices-on', 'Prices in force on', 'date', 'bands in force on this day, YYYY-MM-DD (default: the newest catalog entry)'),
  ],
  compute(g) {
    const pricesOn = g.optionalDay('prices-on') ?? latestTrtcPriceDay();
    const input = { paid: g.decimal('paid'), usedMinutes: g.decimal('used-minutes'), discount: g.optionalDecimal('discount', 'positive') ?? money(1), pricesOn };
    const r = withPriceDay(() => trtcRefund(input));
    return {
      calculator: 'trtc-refund',
      terms: [
        { name: 'paid', label: 'Cash paid', value: m2(input.paid) },
        { name: 'unitPrice', label: 'Band price per minute', value: fixed(r.unitPrice, 8), expression: `band of ${input.usedMinutes.toString()} min` },
        { name: 'discount', label: 'Discount', value: input.discount.toString() },
        { name: 'usedValue', label: 'Used value', value: m2(r.usedValue), expression: `${input.usedMinutes.toString()} × ${fixed(r.unitPrice, 8)} × ${input.discount.toString()}` },
        { name: 'unfloored', label: 'Before the floor at 0', value: m2(r.unfloored), expression: `${m2(input.paid)} − ${m2(r.usedValue)}` },
      ],
      result: { name: 'refund', label: 'Refund', value: m2(r.refund) },
      currency: 'CNY',
      formula: 'refund = paid − minutes × price of the band the whole amount falls in × discount, floored at 0',
      lines: [
        `used value = ${input.usedMinutes.toString()} min × ${fixed(r.unitPrice, 8)} × ${input.discount.toString()} = ${m2(r.usedValue)}`,
        `refund = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.unfloored)} → ${m2(r.refund)}`,
      ],
      notes: [`bands from catalog ${TRTC_CATALOG.version}, in force on ${pricesOn}`],
      json: {
        input: { paid: m2(input.paid), usedMinutes: input.usedMinutes.toString(), discount: input.discount.toString() },
        unitPrice: fixed(r.unitPrice, 8), usedValue: m2(r.usedValue), unfloored: m2(r.unfloored), refund: m2(r.refund),
        priceList: { catalog: TRTC_CATALOG.version, pricesOn },
      },
    };
  },
};

const meetingOrderCalc: Calculator = {
  id: 'meeting-order',
  title: 'Tencent Meeting order',
  summary: 'Tencent Meeting order: Σ quantity × list price × years (or months)',
  fields: [
    field('item', 'Items (NAME:QTY)', 'list', `NAME:QTY; NAME one of ${Object.keys(MEETING_LIST_PRICES).join(', ')}`, { required: true, example: 'business-account:10, rooms:2' }),
    field('years', 'Years', 'integer', 'term in years'),
    field('months', 'Months', 'integer', 'term in months (instead of --years)'),
    field('prices-on', 'Prices in force on', 'date', 'list prices in force on this day, YYYY-MM-DD (default: the newest catalog entry)'),
  ],
  compute(g) {
    if (g.has('years') === g.has('months')) throw new CalcFieldError(g.has('years') ? 'months' : 'years', 'give exactly one of years and months');
    const term = g.has('years') ? { unit: 'year' as const, count: g.whole('years', 1) } : { unit: 'month' as const, count: g.whole('months', 1) };
    const items = g.list('item').map((spec) => {
      const mm = /^([a-z0-9-]+):(.+)$/.exec(spec);
      if (!mm) throw new CalcFieldError('item', `"${spec}" is not NAME:QTY`);
      const q = mm[2]!;
      if (!/^[+-]?\d+(\.\d*)?$/.test(q)) throw new CalcFieldError('item', `"${q}" is not a number`);
      return { item: mm[1]!, quantity: money(q) };
    });
    const pricesOn = g.optionalDay('prices-on') ?? latestMeetingPriceDay();
    const r = withPriceDay(() => meetingOrder({ items, term, pricesOn }));
    return {
      calculator: 'meeting-order',
      terms: r.lines.map((l) => ({ name: l.item, label: l.label, value: m2(l.amount), expression: `${l.quantity.toString()} × ${m2(l.listPrice)} × ${term.count} ${term.unit}(s)` })),
      result: { name: 'total', label: 'Total', value: m2(r.total) },
      currency: 'CNY',
      formula: 'price = Σ quantity × list price per year × years (or per month × months)',
      lines: [...r.lines.map((l) => `${l.item}: ${l.quantity.toString()} × ${m2(l.listPrice)} × ${term.count} ${term.unit}(s) = ${m2(l.amount)}`), `total = ${m2(r.total)}`],
      notes: [`list prices from catalog ${MEETING_CATALOG.version}, in force on ${pricesOn}`],
      json: {
        input: { items: items.map((i) => ({ item: i.item, quantity: i.quantity.toString() })), term: { unit: term.unit, count: term.count } },
        lines: r.lines.map((l) => ({ item: l.item, label: l.label, quantity: l.quantity.toString(), listPrice: m2(l.listPrice), count: term.count, amount: m2(l.amount) })),
        total: m2(r.total),
        priceList: { catalog: MEETING_CATALOG.version, pricesOn },
      },
    };
  },
};

const meetingRefundCalc: Calculator = {
  id: 'meeting-refund',
  title: 'Tencent Meeting refund',
  summary: 'Tencent Meeting refund: paid − used days ÷ total days × paid (a partial day counts whole)',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'cash paid after discounts and vouchers', { required: true, example: '1390' }),
    field('used-days', 'Days used', 'decimal', 'days used (a fraction is rounded up)', { required: true, example: '9.2' }),
    field('total-days', 'Days in the order', 'decimal', 'days in the order', { required: true, example: '365' }),
    field('plan', 'Plan', 'choice', 'with --purchased and --requested: whether a refund is allowed at all', { choices: MEETING_PLANS }),
    field('term', 'Term', 'choice', 'year (default) or month', { choices: MEETING_TERMS }),
    field('auto-renew', 'Auto-renew', 'boolean', 'the order renews automatically'),
    field('purchased', 'Purchased on', 'date', 'purchase day, YYYY-MM-DD'),
    field('requested', 'Refund asked on', 'date', 'day the refund is asked for, YYYY-MM-DD'),
  ],
  compute(g): CalcOutcome {
    const input = { paid: g.decimal('paid'), usedDays: g.decimal('used-days'), totalDays: g.decimal('total-days', 'positive') };
    const r = meetingRefund(input);
    const rule = ['plan', 'term', 'auto-renew', 'purchased', 'requested'].some((f) => g.has(f)) ? meetingRefundRule(g) : null;
    if (rule) {
      const e = rule.eligibility;
      const refund = e.allowed ? r.refund : money(0);
      return {
        calculator: 'meeting-refund',
        terms: [
          { name: 'paid', label: 'Cash paid', value: m2(input.paid) },
          { name: 'chargedDays', label: 'Days charged (a partial day counts whole)', value: r.chargedDays.toString(), expression: `⌈${input.usedDays.toString()}⌉` },
          { name: 'totalDays', label: 'Days in the order', value: input.totalDays.toString() },
          { name: 'usedValue', label: 'Used value', value: m2(r.usedValue), expression: `${r.chargedDays.toString()} ÷ ${input.totalDays.toString()} × ${m2(input.paid)}` },
          { name: 'refundIfAllowed', label: 'Refund by the formula', value: m2(r.refund), expression: `${m2(input.paid)} − ${m2(r.usedValue)}` },
          { name: 'daysSincePurchase', label: 'Days from purchase to the request', value: String(e.daysSincePurchase), expression: `${rule.requested} − ${rule.purchased}` },
        ],
        result: { name: 'refund', label: e.allowed ? 'Refund' : 'Refund (not allowed)', value: m2(refund) },
        currency: 'CNY',
        formula: `refund = paid − used days ÷ total days × paid, only for an annual, non-auto-renew Business/Enterprise order asked within ${MEETING_REFUND_WINDOW_DAYS} days of purchase`,
        lines: [
          `refund = ${m2(input.paid)} − ${r.chargedDays.toString()} ÷ ${input.totalDays.toString()} × ${m2(input.paid)} = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.refund)}`,
          ...e.conditions.map((x) => `${x.met ? 'ok ' : 'NO '} ${x.why}`),
          e.allowed ? `refund allowed: ${m2(refund)}` : `refund not allowed: 0.00`,
        ],
        notes: [e.allowed ? 'refund allowed' : 'refund not allowed', ...e.conditions.filter((x) => !x.met).map((x) => x.why), 'vouchers are not returned'],
        json: {
          input: {
            paid: m2(input.paid), usedDays: input.usedDays.toString(), totalDays: input.totalDays.toString(),
            plan: rule.plan, term: rule.term, autoRenew: rule.autoRenew, purchased: rule.purchased, requested: rule.requested,
          },
          chargedDays: r.chargedDays.toString(), usedValue: m2(r.usedValue), refund: m2(refund),
          refundAllowed: e.allowed, refundIfAllowed: m2(r.refund), daysSincePurchase: e.daysSincePurchase,
          conditions: e.conditions.map((x) => ({ condition: x.condition, met: x.met, why: x.why })),
        },
      };
    }
    return {
      calculator: 'meeting-refund',
      terms: [
        { name: 'paid', label: 'Cash paid', value: m2(input.paid) },
        { name: 'chargedDays', label: 'Days charged (a partial day counts whole)', value: r.chargedDays.toString(), expression: `⌈${input.usedDays.toString()}⌉` },
        { name: 'totalDays', label: 'Days in the order', value: input.totalDays.toString() },
        { name: 'usedValue', label: 'Used value', value: m2(r.usedValue), expression: `${r.chargedDays.toString()} ÷ ${input.totalDays.toString()} × ${m2(input.paid)}` },
      ],
      result: { name: 'refund', label: 'Refund', value: m2(r.refund), expression: `${m2(input.paid)} − ${m2(r.usedValue)}` },
      currency: 'CNY',
      formula: 'refund = paid − used days ÷ total days × paid',
      lines: [`refund = ${m2(input.paid)} − ${r.chargedDays.toString()} ÷ ${input.totalDays.toString()} × ${m2(input.paid)} = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.refund)}`],
      notes: ['vouchers are not returned'],
      json: {
        input: { paid: m2(input.paid), usedDays: input.usedDays.toString(), totalDays: input.totalDays.toString() },
        chargedDays: r.chargedDays.toString(), usedValue: m2(r.usedValue), refund: m2(r.refund),
      },
    };
  },
};

function meetingRefundRule(g: FieldReader) {
  for (const f of ['plan', 'purchased', 'requested']) if (!g.has(f)) throw new CalcFieldError(f, 'is needed to say whether a refund is allowed (with plan, purchased and requested)');
  const c = {
    plan: g.choice('plan', MEETING_PLANS),
    term: g.has('term') ? g.choice('term', MEETING_TERMS) : ('year' as const),
    autoRenew: g.bool('auto-renew'),
    purchased: g.day('purchased'),
    requested: g.day('requested'),
  };
  return { ...c, eligibility: meetingRefundEligibility(c) };
}

const freezeCalc: Calculator = {
  id: 'freeze',
  title: 'Freeze for monthly-settled postpaid',
  summary: 'freeze for monthly-settled postpaid: device units on the last day × 30 × unit price, or last month\'s traffic fee × 1 or × 1.2',
  fields: [
    field('type', 'Resource type', 'choice', 'device (units × 30 × unit price) or traffic (last month × factor)', { required: true, choices: ['device', 'traffic'] }),
    field('units', 'Units on the last day of last month', 'decimal', 'device type: units in use on the last day of last month', { example: '3' }),
    field('unit-price', 'Unit price per day', 'decimal', 'device type: price per unit and day'),
    field('last-month-fee', "Last month's fee", 'decimal', "traffic type: last month's fee"),
    field('factor', 'Factor', 'choice', 'traffic type: 1 (default) or 1.2', { choices: TRAFFIC_FACTORS }),
  ],
  compute(g): CalcOutcome {
    const type = g.choice('type', ['device', 'traffic'] as const);
    const own = type === 'device' ? ['units', 'unit-price'] : ['last-month-fee'];
    for (const f of ['units', 'unit-price', 'last-month-fee', 'factor']) {
      if (g.has(f) && !own.includes(f) && !(type === 'traffic' && f === 'factor')) throw new CalcFieldError(f, `is not used for a ${type}-type freeze`);
    }
    for (const f of own) if (!g.has(f)) throw new CalcFieldError(f, `is required for a ${type}-type freeze`);
    if (type === 'device') {
      const units = g.decimal('units');
      const unitPrice = g.decimal('unit-price');
      const r = monthlySettledFreeze({ type, unitsLastDay: units, unitPrice });
      const expression = `${units.toString()} × ${FREEZE_DAYS} × ${unitPrice.toString()}`;
      return {
        calculator: 'freeze',
        terms: [
          { name: 'units', label: 'Units on the last day of last month', value: units.toString() },
          { name: 'days', label: 'Days', value: String(FREEZE_DAYS) },
          { name: 'unitPrice', label: 'Unit price per day', value: unitPrice.toString() },
          { name: 'exact', label: 'Before rounding', value: fixed(r.exact, 8), expression },
        ],
        result: { name: 'freeze', label: 'Freeze', value: m2(r.freeze), expression },
        currency: null,
        formula: `device type: freeze = units on the last day of last month × ${FREEZE_DAYS} × unit price`,
        lines: [`freeze = ${expression} = ${fixed(r.exact, 8)} → ${m2(r.freeze)}`],
        notes: [],
        json: { input: { type, units: units.toString(), unitPrice: unitPrice.toString() }, days: FREEZE_DAYS, exact: fixed(r.exact, 8), freeze: m2(r.freeze) },
      };
    }
    const lastMonthFee = g.decimal('last-month-fee');
    const factor = money(g.has('factor') ? g.choice('factor', TRAFFIC_FACTORS) : '1');
    const r = monthlySettledFreeze({ type, lastMonthFee, factor });
    const expression = `${m2(lastMonthFee)} × ${factor.toString()}`;
    return {
      calculator: 'freeze',
      terms: [
        { name: 'lastMonthFee', label: "Last month's fee", value: m2(lastMonthFee) },
        { name: 'factor', label: 'Factor', value: factor.toString() },
        { name: 'exact', label: 'Before rounding', value: fixed(r.exact, 8), expression },
      ],
      result: { name: 'freeze', label: 'Freeze', value: m2(r.freeze), expression },
      currency: null,
      formula: "traffic type: freeze = last month's fee × 1 (or × 1.2)",
      lines: [`freeze = ${expression} = ${fixed(r.exact, 8)} → ${m2(r.freeze)}`],
      notes: [],
      json: { input: { type, lastMonthFee: m2(lastMonthFee), factor: factor.toString() }, exact: fixed(r.exact, 8), freeze: m2(r.freeze) },
    };
  },
};

const PURCHASE = /^(\d{4}-\d{2}-\d{2}):(\d+)$/;

const tiwValidityCalc: Calculator = {
  id: 'tiw-validity',
  title: 'Whiteboard monthly-fee validity',
  summary: 'whiteboard monthly fee validity: trial, paid months (until = first day not covered)',
  fields: [
    field('trial-start', 'Free trial applied on', 'date', 'free trial applied on, YYYY-MM-DD'),
    field('purchase', 'Purchases (YYYY-MM-DD:MONTHS)', 'list', 'YYYY-MM-DD:MONTHS, purchases and renewals in order', { required: true, example: '2020-07-31:1, 2020-08-25:1' }),
  ],
  compute(g) {
    const trialStart = g.optionalDay('trial-start');
    const purchases = g.list('purchase').map((spec) => {
      const mm = PURCHASE.exec(spec);
      if (!mm) throw new CalcFieldError('purchase', `"${spec}" is not YYYY-MM-DD:MONTHS`);
      const one = new FieldReader([{ name: 'purchase', label: '', kind: 'date', required: true, help: '' }], { purchase: mm[1]! });
      const months = Number(mm[2]);
      if (months < 1) throw new CalcFieldError('purchase', `months must be a whole number ≥ 1, got ${mm[2]!}`);
      return { date: one.day('purchase'), months };
    });
    let v: ReturnType<typeof monthlyFeeValidity>;
    try {
      v = monthlyFeeValidity({ trialStart, purchases });
    } catch (err) {
      throw err instanceof CalendarDayError ? new CalcFieldError('purchase', err.message) : err;
    }
    const terms: CalcTerm[] = [
      ...(v.trial ? [{ name: 'trial', label: 'Free trial (15 days)', value: `${v.trial.from} → ${v.trial.until}` }] : []),
      ...v.periods.map((p, i) => ({ name: `month${i + 1}`, label: `Month ${i + 1} (purchase ${p.purchase + 1})`, value: `${p.from} → ${p.until}` })),
    ];
    return {
      calculator: 'tiw-validity',
      terms,
      result: { name: 'validUntil', label: 'Service stops on', value: v.validUntil ?? '-', expression: `valid from ${v.validFrom ?? '-'}` },
      currency: null,
      formula: 'each month runs from the anchored day T to day T of the next month, clamped to the month end; a fee bought during the trial starts when the trial ends; a renewal after expiry starts on its own day',
      lines: [
        ...(v.trial ? [`trial: ${v.trial.from} until ${v.trial.until}`] : []),
        ...v.periods.map((p, i) => `month ${i + 1}: ${p.from} until ${p.until} (purchase ${p.purchase + 1})`),
        `valid from ${v.validFrom ?? '-'} until ${v.validUntil ?? '-'} (the until day is the first day not covered)`,
      ],
      notes: ['the "until" day is the first day not covered (the vendor writes the day before as "valid to")'],
      json: {
        input: { trialStart, purchases },
        untilIsExclusive: true,
        trialStart: v.trial?.from ?? null, trialEnd: v.trial?.until ?? null,
        validFrom: v.validFrom, validUntil: v.validUntil,
        periods: v.periods.map((p) => ({ from: p.from, until: p.until, purchase: p.purchase })),
      },
    };
  },
};

const accountCalc: Calculator = {
  id: 'account',
  title: 'Account figures',
  summary: 'account sheet: available, withdrawable, invoiceable',
  fields: [
    field('cash', 'Cash balance', 'decimal', 'cash balance', { required: true }),
    field('income', 'Income transfer balance', 'decimal', 'income transfer balance', { required: true }),
    field('gift', 'Gift balance (赠送金)', 'decimal', 'gift (赠送金) balance', { required: true }),
    field('frozen', 'Frozen', 'decimal', 'frozen amount', { required: true }),
    field('arrears', 'Arrears', 'decimal', 'arrears', { required: true }),
    field('invoice-arrears', 'Invoice arrears', 'decimal', 'invoice arrears', { required: true }),
    field('revenue-share', 'Revenue-share balance', 'decimal', 'revenue-share balance', { required: true }),
    field('cash-consumption', 'Cash consumption', 'decimal', 'cash consumption', { required: true }),
    field('invoiced', 'Invoiced', 'decimal', 'amount invoiced', { required: true }),
    field('consumption', 'Consumption to pay', 'decimal', 'a consumption to pay: how much comes from gift (drawn first) and how much from cash'),
  ],
  compute(g) {
    const input = {
      cash: g.decimal('cash'), income: g.decimal('income'), gift: g.decimal('gift'), frozen: g.decimal('frozen'), arrears: g.decimal('arrears'),
      invoiceArrears: g.decimal('invoice-arrears'), revenueShare: g.decimal('revenue-share'), cashConsumption: g.decimal('cash-consumption'), invoiced: g.decimal('invoiced'),
    };
    const r = accountFigures(input);
    const consumption = g.optionalDecimal('consumption');
    const draw = consumption === undefined ? null : drawConsumption(consumption, input.gift, input.cash);
    const drawTerms: CalcTerm[] =
      consumption === undefined || draw === null
        ? []
        : [
            { name: 'fromGift', label: 'Paid from gift (drawn first)', value: m2(draw.fromGift), expression: `min(${m2(consumption)}, ${m2(input.gift)})` },
            { name: 'fromCash', label: 'Paid from cash', value: m2(draw.fromCash), expression: `${m2(consumption)} − ${m2(draw.fromGift)}` },
            { name: 'giftLeft', label: 'Gift left', value: m2(draw.giftLeft), expression: `${m2(input.gift)} − ${m2(draw.fromGift)}` },
            { name: 'cashLeft', label: 'Cash left', value: m2(draw.cashLeft), expression: `${m2(input.cash)} − ${m2(draw.fromCash)}` },
          ];
    const drawJson: Record<string, Json> =
      consumption === undefined || draw === null
        ? {}
        : { consumption: { amount: m2(consumption), fromGift: m2(draw.fromGift), fromCash: m2(draw.fromCash), giftLeft: m2(draw.giftLeft), cashLeft: m2(draw.cashLeft), arrears: m2(draw.arrears) } };
    const drawLines =
      consumption === undefined || draw === null
        ? []
        : [`consumption ${m2(consumption)}: from gift ${m2(draw.fromGift)} (gift left ${m2(draw.giftLeft)}), from cash ${m2(draw.fromCash)} (cash left ${m2(draw.cashLeft)})`];
    return {
      calculator: 'account',
      terms: [
        { name: 'available', label: 'Available balance', value: m2(r.available), expression: `(${m2(input.cash)} + ${m2(input.income)} + ${m2(input.gift)}) − ${m2(input.frozen)} − ${m2(input.arrears)}` },
        { name: 'frozenOnCash', label: 'Freeze on cash', value: m2(r.frozenOnCash), expression: `${m2(input.frozen)} − ${m2(input.gift)} − ${m2(input.revenueShare)}` },
        { name: 'invoiceable', label: 'Invoiceable', value: m2(r.invoiceable), expression: `${m2(input.cashConsumption)} − ${m2(input.invoiced)}` },
        ...drawTerms,
      ],
      result: { name: 'withdrawable', label: 'Withdrawable', value: m2(r.withdrawable), expression: `${m2(input.cash)} − ${m2(input.invoiceArrears)} − ${m2(r.frozenOnCash)}` },
      currency: null,
      formula: 'available = (cash + income + gift) − frozen − arrears; withdrawable = cash − invoice arrears − (frozen − gift − revenue share); invoiceable = cash consumption − invoiced',
      lines: [
        `available = (${m2(input.cash)} + ${m2(input.income)} + ${m2(input.gift)}) − ${m2(input.frozen)} − ${m2(input.arrears)} = ${m2(r.available)}`,
        `withdrawable = ${m2(input.cash)} − ${m2(input.invoiceArrears)} − (${m2(input.frozen)} − ${m2(input.gift)} − ${m2(input.revenueShare)}) = ${m2(r.withdrawable)}`,
        `invoiceable = ${m2(input.cashConsumption)} − ${m2(input.invoiced)} = ${m2(r.invoiceable)}${r.invoiceable.isNegative() ? ' (欠票)' : ''}`,
        ...drawLines,
      ],
      notes: [
        ...(r.invoiceable.isNegative() ? ['invoiceable is negative: invoices were issued ahead of consumption (欠票)'] : []),
        ...(draw !== null && draw.arrears.greaterThan(0) ? [`cash does not cover the consumption: ${m2(draw.arrears)} in arrears`] : []),
      ],
      json: {
        input: { ...Object.fromEntries(Object.entries(input).map(([k, v]) => [k, m2(v)])), ...(consumption === undefined ? {} : { consumption: m2(consumption) }) },
        available: m2(r.available), frozenOnCash: m2(r.frozenOnCash), withdrawable: m2(r.withdrawable), invoiceable: m2(r.invoiceable),
        ...drawJson,
      },
    };
  },
};

export const CALCULATORS: readonly Calculator[] = [cvmRefundCalc, upgradeCalc, trtcRefundCalc, meetingOrderCalc, meetingRefundCalc, tiwValidityCalc, accountCalc, freezeCalc];

export function findCalculator(id: string): Calculator | undefined {
  return CALCULATORS.find((c) => c.id === id);
}

/**
 * Runs a calculator over typed inputs. Throws `CalcFieldError` naming the field for anything the
 * accountant has to fix; any other error is a defect.
 */
export function runCalculator(calc: Calculator, inputs: CalcInputs): CalcOutcome {
  try {
    return calc.compute(new FieldReader(calc.fields, inputs));
  } catch (err) {
    throw asFieldError(err, calc.fields[0]!.name);
  }
}

export { CalcFieldError, type CalcFieldDef, type CalcInputs } from './calculator-fields.js';
