import { money, type Money } from '../../money/decimal.js';
import { CalcFieldError, type FieldReader } from '../calculator-fields.js';
import { meetingRefund, meetingRefundDays, type MeetingRefund, type MeetingRefundDays } from '../meeting-refund.js';
import { MEETING_PLANS, MEETING_REFUND_WINDOW_DAYS, MEETING_TERMS, meetingRefundEligibility, type MeetingRefundEligibility } from '../meeting-refund-rule.js';
import { splitByPayment } from '../refund-split.js';
import { field, m2, term, type CalcOutcome, type CalcTerm, type Calculator, type Json } from '../outcome.js';

const RULE_FIELDS = ['plan', 'term', 'auto-renew', 'purchased', 'requested', 'activity-no-refund'];

interface RuleCase {
  plan: string;
  term: 'year' | 'month';
  autoRenew: boolean;
  purchased: string;
  requested: string;
  years: number;
  eligibility: MeetingRefundEligibility;
}

function meetingRefundRule(g: FieldReader): RuleCase {
  for (const f of ['plan', 'purchased', 'requested']) if (!g.has(f)) throw new CalcFieldError(f, 'is needed to say whether a refund is allowed (with plan, purchased and requested)');
  const c = {
    plan: g.choice('plan', MEETING_PLANS),
    term: g.choiceOr('term', MEETING_TERMS, 'year'),
    autoRenew: g.bool('auto-renew'),
    purchased: g.day('purchased'),
    requested: g.day('requested'),
    activityNoRefund: g.bool('activity-no-refund'),
  };
  return { ...c, years: g.optionalWhole('years', 1) ?? 1, eligibility: meetingRefundEligibility(c) };
}

interface Days {
  usedDays: Money;
  totalDays: Money;
  /** Counted from the dates (Decision 5A.6-STOP) rather than typed. */
  dates: MeetingRefundDays | null;
}

function refundDays(g: FieldReader, rule: RuleCase | null): Days {
  const dates = rule && !(g.has('used-days') && g.has('total-days')) ? meetingRefundDays(rule.purchased, rule.requested, rule.years, MEETING_REFUND_WINDOW_DAYS) : null;
  if (!g.has('used-days') && !dates) throw new CalcFieldError('used-days', 'is required (or give --plan, --purchased and --requested to count it)');
  if (!g.has('total-days') && !dates) throw new CalcFieldError('total-days', 'is required (or give --plan, --purchased and --requested to count it)');
  return {
    usedDays: g.has('used-days') ? g.decimal('used-days') : money(dates!.usedDays),
    totalDays: g.has('total-days') ? g.decimal('total-days', 'positive') : money(dates!.totalDays),
    dates: g.has('used-days') ? null : dates,
  };
}

function baseTerms(paid: Money, d: Days, r: MeetingRefund): CalcTerm[] {
  return [
    term('paid', 'Cash paid', m2(paid)),
    ...(d.dates ? [term('stop', 'Service stops on (purchase + 31 days)', d.dates.stop)] : []),
    term('chargedDays', 'Days charged (a partial day counts whole)', r.chargedDays.toString(), `⌈${d.usedDays.toString()}⌉`),
    term('totalDays', 'Days in the order', d.totalDays.toString()),
    term('usedValue', 'Used value', m2(r.usedValue), `${r.chargedDays.toString()} ÷ ${d.totalDays.toString()} × ${m2(paid)}`),
  ];
}

/** Reading (b) of the stop day, shown when it gives other days (5G #3). */
function nextCycle(paid: Money, d: Days): { terms: CalcTerm[]; json: Record<string, Json>; notes: string[] } {
  if (!d.dates || d.dates.usedDaysNextCycle === d.dates.usedDays) return { terms: [], json: {}, notes: [] };
  const b = meetingRefund({ paid, usedDays: money(d.dates.usedDaysNextCycle), totalDays: d.totalDays });
  return {
    terms: [term('stopNextCycle', 'Reading (b): stop at the next monthly cycle', d.dates.stopNextCycle), term('refundNextCycle', 'Reading (b): refund', m2(b.refund), `${m2(paid)} − ${d.dates.usedDaysNextCycle} ÷ ${d.totalDays.toString()} × ${m2(paid)}`)],
    json: { nextCycle: { stop: d.dates.stopNextCycle, usedDays: d.dates.usedDaysNextCycle, refund: m2(b.refund) } },
    notes: [`the source also stops the service at the next monthly cycle after the request (${d.dates.stopNextCycle}, ${d.dates.usedDaysNextCycle} days used, refund ${m2(b.refund)}); we apply purchase + 31 days (5G #3)`],
  };
}

function split(g: FieldReader, refund: Money, paid: Money): { terms: CalcTerm[]; json: Record<string, Json> } {
  if (!g.has('gift-paid')) return { terms: [], json: {} };
  const gift = g.decimal('gift-paid');
  if (gift.greaterThan(paid)) throw new CalcFieldError('gift-paid', `${m2(gift)} is more than paid ${m2(paid)}`);
  const s = splitByPayment(refund, paid, gift);
  return {
    terms: [term('cashBack', 'Back as cash', m2(s.cash), `${m2(refund)} × ${m2(paid.minus(gift))} ÷ ${m2(paid)}`), term('giftBack', 'Back as gift money', m2(s.gift), `${m2(refund)} − ${m2(s.cash)}`)],
    json: { paidBack: { cash: m2(s.cash), gift: m2(s.gift) } },
  };
}

export const meetingRefundCalc: Calculator = {
  id: 'meeting-refund',
  title: 'Tencent Meeting refund',
  summary: 'Tencent Meeting refund: paid − used days ÷ total days × paid (a partial day counts whole); with the dates, stop = purchase + 31 days',
  fields: [
    field('paid', 'Cash paid', 'decimal', 'paid after discounts and vouchers (cash, gift money, cash coupons)', { required: true, example: '1390' }),
    field('used-days', 'Days used', 'decimal', 'days used (a fraction is rounded up); default with the dates: 31', { example: '9.2' }),
    field('total-days', 'Days in the order', 'decimal', "days in the order; default with the dates: the term's calendar days", { example: '365' }),
    field('plan', 'Edition', 'choice', 'with --purchased and --requested: whether a refund is allowed at all', { choices: MEETING_PLANS }),
    field('term', 'Term', 'choice', 'year (default) or month', { choices: MEETING_TERMS }),
    field('years', 'Years', 'integer', 'years ordered (default 1)'),
    field('auto-renew', 'Auto-renew', 'boolean', 'the order renews automatically'),
    field('activity-no-refund', 'Activity excludes refunds', 'boolean', 'an activity order whose rules exclude refunds'),
    field('purchased', 'Purchased on', 'date', 'purchase day, YYYY-MM-DD'),
    field('requested', 'Refund asked on', 'date', 'day the refund is asked for, YYYY-MM-DD'),
    field('gift-paid', 'Paid in gift money', 'decimal', 'the part of paid that was gift money (the refund comes back in the same proportion)'),
  ],
  compute(g): CalcOutcome {
    const paid = g.decimal('paid');
    const rule = RULE_FIELDS.some((f) => g.has(f)) ? meetingRefundRule(g) : null;
    const d = refundDays(g, rule);
    const r = meetingRefund({ paid, usedDays: d.usedDays, totalDays: d.totalDays });
    const formulaLine = `refund = ${m2(paid)} − ${r.chargedDays.toString()} ÷ ${d.totalDays.toString()} × ${m2(paid)} = ${m2(paid)} − ${m2(r.usedValue)} = ${m2(r.refund)}`;
    const input: Record<string, Json> = { paid: m2(paid), usedDays: d.usedDays.toString(), totalDays: d.totalDays.toString() };
    if (!rule) {
      const s = split(g, r.refund, paid);
      return {
        calculator: 'meeting-refund',
        terms: [...baseTerms(paid, d, r), ...s.terms],
        result: { name: 'refund', label: 'Refund', value: m2(r.refund), expression: `${m2(paid)} − ${m2(r.usedValue)}` },
        currency: 'CNY',
        formula: 'refund = paid − used days ÷ total days × paid',
        lines: [formulaLine],
        notes: ['vouchers are not returned'],
        json: { input, chargedDays: r.chargedDays.toString(), usedValue: m2(r.usedValue), refund: m2(r.refund), ...s.json },
      };
    }
    return ruleOutcome(g, rule, paid, d, r, formulaLine, input);
  },
};

function ruleOutcome(g: FieldReader, rule: RuleCase, paid: Money, d: Days, r: MeetingRefund, formulaLine: string, input: Record<string, Json>): CalcOutcome {
  const e = rule.eligibility;
  const refund = e.allowed ? r.refund : money(0);
  const b = nextCycle(paid, d);
  const s = split(g, refund, paid);
  return {
    calculator: 'meeting-refund',
    terms: [
      ...baseTerms(paid, d, r),
      term('refundIfAllowed', 'Refund by the formula', m2(r.refund), `${m2(paid)} − ${m2(r.usedValue)}`),
      term('daysSincePurchase', 'Days from purchase to the request', String(e.daysSincePurchase), `${rule.requested} − ${rule.purchased}`),
      ...b.terms,
      ...s.terms,
    ],
    result: { name: 'refund', label: e.allowed ? 'Refund' : 'Refund (not allowed)', value: m2(refund) },
    currency: 'CNY',
    formula: `refund = paid − used days ÷ total days × paid, only for an annual, non-auto-renew business/enterprise order asked within ${MEETING_REFUND_WINDOW_DAYS} days of purchase; the service stops on purchase + ${MEETING_REFUND_WINDOW_DAYS} days`,
    lines: [formulaLine, ...e.conditions.map((x) => `${x.met ? 'ok ' : 'NO '} ${x.why}`), e.allowed ? `refund allowed: ${m2(refund)}` : `refund not allowed: 0.00`],
    notes: [
      e.allowed ? 'refund allowed' : 'refund not allowed',
      ...e.conditions.filter((x) => !x.met).map((x) => x.why),
      ...b.notes,
      'vouchers are not returned; the rest comes back by payment method in the proportion paid, to the balance or the original route; Tencent Meeting has no 5-day no-reason refund; refunds go through a ticket',
      'used time is counted in days (the source also speaks of "the remaining months\' value": 5G #4)',
    ],
    json: {
      input: { ...input, plan: rule.plan, term: rule.term, years: rule.years, autoRenew: rule.autoRenew, purchased: rule.purchased, requested: rule.requested },
      chargedDays: r.chargedDays.toString(),
      usedValue: m2(r.usedValue),
      refund: m2(refund),
      refundAllowed: e.allowed,
      refundIfAllowed: m2(r.refund),
      daysSincePurchase: e.daysSincePurchase,
      ...(d.dates ? { stop: d.dates.stop } : {}),
      ...b.json,
      ...s.json,
      conditions: e.conditions.map((x) => ({ condition: x.condition, met: x.met, why: x.why })),
    },
  };
}
