import { describe, expect, it } from 'vitest';
import { fixed, money } from '../../main/core/money/decimal.js';
import { monthlySettledFreeze } from '../../main/core/calc/freeze.js';
import { drawConsumption } from '../../main/core/calc/consumption-draw.js';
import { meetingRefundEligibility } from '../../main/core/calc/meeting-refund-rule.js';

const m = money;
const f2 = (d: Parameters<typeof fixed>[0]) => fixed(d, 2);

describe('freeze for monthly-settled postpaid (SPEC §5)', () => {
  it('device type: units on the last day of last month × 30 × unit price, whatever the month length', () => {
    // 3 units × 30 × 0.57 = 51.30 (not × 28 or × 31 for February or March)
    expect(f2(monthlySettledFreeze({ type: 'device', unitsLastDay: m(3), unitPrice: m('0.57') }).freeze)).toBe('51.30');
    // 7 × 30 × 0.0123 = 2.583 → 2.58 half-up
    const r = monthlySettledFreeze({ type: 'device', unitsLastDay: m(7), unitPrice: m('0.0123') });
    expect(r.exact.toString()).toBe('2.583');
    expect(f2(r.freeze)).toBe('2.58');
  });

  it("traffic type: last month's fee × 1 or × 1.2", () => {
    expect(f2(monthlySettledFreeze({ type: 'traffic', lastMonthFee: m('1234.56'), factor: m(1) }).freeze)).toBe('1234.56');
    // 1234.56 × 1.2 = 1481.472 → 1481.47
    expect(f2(monthlySettledFreeze({ type: 'traffic', lastMonthFee: m('1234.56'), factor: m('1.2') }).freeze)).toBe('1481.47');
    // 0.0125 × 1.2 = 0.015 → 0.02 (half-up, not banker's 0.02/0.01)
    expect(f2(monthlySettledFreeze({ type: 'traffic', lastMonthFee: m('0.0125'), factor: m('1.2') }).freeze)).toBe('0.02');
  });
});

describe('consumption draws on gift money before cash (SPEC §5)', () => {
  it('gift covers part: 80.00 against gift 50.00 → 50.00 from gift, 30.00 from cash', () => {
    const d = drawConsumption(m('80.00'), m('50.00'), m('1000.00'));
    expect([d.fromGift, d.fromCash, d.giftLeft, d.cashLeft, d.arrears].map(f2)).toEqual(['50.00', '30.00', '0.00', '970.00', '0.00']);
  });

  it('gift covers all: cash untouched', () => {
    const d = drawConsumption(m('12.34'), m('50.00'), m('10.00'));
    expect([d.fromGift, d.fromCash, d.giftLeft, d.cashLeft].map(f2)).toEqual(['12.34', '0.00', '37.66', '10.00']);
  });

  it('cash runs out: the rest is arrears', () => {
    const d = drawConsumption(m('100.00'), m('20.00'), m('30.00'));
    expect([d.fromGift, d.fromCash, d.cashLeft, d.arrears].map(f2)).toEqual(['20.00', '80.00', '-50.00', '50.00']);
  });
});

describe('Tencent Meeting refund eligibility (SPEC §5)', () => {
  const ok = { plan: 'business', term: 'year', autoRenew: false, purchased: '2025-01-01', requested: '2025-02-01' } as const;

  it('annual, non-auto-renew Business asked on day 31 is allowed; day 32 is not', () => {
    const a = meetingRefundEligibility(ok);
    expect(a.allowed).toBe(true);
    expect(a.daysSincePurchase).toBe(31);
    const late = meetingRefundEligibility({ ...ok, requested: '2025-02-02' });
    expect(late.allowed).toBe(false);
    expect(late.conditions.filter((c) => !c.met).map((c) => c.condition)).toEqual(['window']);
  });

  it('February in a leap year: 2024-02-01 + 31 days is 2024-03-03', () => {
    expect(meetingRefundEligibility({ ...ok, purchased: '2024-02-01', requested: '2024-03-03' }).allowed).toBe(true);
    expect(meetingRefundEligibility({ ...ok, purchased: '2024-02-01', requested: '2024-03-04' }).allowed).toBe(false);
  });

  it('every failed condition is said: Pro, monthly, auto-renewing', () => {
    const e = meetingRefundEligibility({ ...ok, plan: 'pro', term: 'month', autoRenew: true });
    expect(e.allowed).toBe(false);
    expect(e.conditions.filter((c) => !c.met).map((c) => c.condition)).toEqual(['plan', 'term', 'autoRenew']);
    expect(meetingRefundEligibility({ ...ok, plan: 'enterprise' }).allowed).toBe(true);
  });

  it('a request before the purchase is an error naming it', () => {
    expect(() => meetingRefundEligibility({ ...ok, requested: '2024-12-31' })).toThrow(/requested/);
  });
});
