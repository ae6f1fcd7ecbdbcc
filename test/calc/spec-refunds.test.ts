/**
 * SPEC-CALCULATORS 5B (TRTC packages) and 5C (general cloud refunds, downgrades, switches,
 * upgrades): every worked example and the Decisions the code relies on, through the table.
 */
import { describe, expect, it } from 'vitest';
import { fieldError, run, value } from './run-calc.js';

describe('5B TRTC package refunds (trtc-refund)', () => {
  it('worked example (doc): 3,000,000-minute package, 16,888.00 cash, 1,589,256 min → band 0.005968, used 9,484.68, refund 7,403.32 all cash', () => {
    const o = run('trtc-refund', { paid: '16888.00', 'used-minutes': '1589256', 'gift-paid': '0', delivered: '2020-11-01', requested: '2020-11-20' });
    expect([value(o, 'unitPrice'), value(o, 'usedValue'), o.result.value]).toEqual(['0.00596800', '9484.68', '7403.32']);
    expect(o.json.paidBack).toEqual({ cash: '7403.32', gift: '0.00' });
  });

  it('example (split, Decision B7-SPLIT): 600.00 cash + 400.00 gift, 20,000 min, exclusive discount 80% → used 112.00, refund 888.00 → 532.80 cash + 355.20 gift', () => {
    const o = run('trtc-refund', { paid: '1000.00', 'gift-paid': '400.00', 'used-minutes': '20000', discount: '0.8' });
    expect([value(o, 'usedValue'), o.result.value, value(o, 'cashBack'), value(o, 'giftBack')]).toEqual(['112.00', '888.00', '532.80', '355.20']);
  });

  it('B1: the same order refunded in full within 5 days → 600.00 cash + 400.00 gift; only one package of an order', () => {
    const o = run('trtc-refund', { paid: '1000.00', 'gift-paid': '400.00', 'used-minutes': '20000', 'first-refund': 'true', delivered: '2025-03-01 10:00', requested: '2025-03-03 09:00', packages: '20' });
    expect(o.result.value).toBe('1000.00');
    expect(o.json).toMatchObject({ rule: 'full-refund', paidBack: { cash: '600.00', gift: '400.00' } });
    expect(o.notes).toContain('B1: at most 1 of the 20 packages of the order is refunded in full; the other 19 only by the used-value rule');
  });

  it('B1 window (Decision C1-ELAPSED): 121 h after delivery is too late, the used-value rule applies and the reason is said', () => {
    const o = run('trtc-refund', { paid: '1000.00', 'used-minutes': '20000', 'first-refund': 'true', delivered: '2025-03-01 10:00', requested: '2025-03-06 11:00' });
    expect(o.json.rule).toBe('used-value');
    expect(o.result.value).toBe('860.00');
    expect(o.notes).toContain('B1: asked 121 h after delivery, more than 120 h: no full refund');
  });

  it('B6: a 100.00 package with 20,000 minutes used → used 140.00 > paid → refund 0.00', () => {
    const o = run('trtc-refund', { paid: '100.00', 'used-minutes': '20000' });
    expect([value(o, 'usedValue'), o.result.value]).toEqual(['140.00', '0.00']);
  });

  it.each([
    ['B2 trial', { package: 'trial' }, 'B2: a free trial package (免费试用包) is never refundable'],
    ['B2 gift', { package: 'gift' }, 'B2: a gifted package is never refundable'],
    ['B2 activity', { 'activity-no-refund': 'true' }, 'B2: the activity rules of this purchase exclude a refund'],
    ['B3 expired', { state: 'expired' }, 'B3: the package is expired: its residual value is 0'],
    ['B3 used up', { state: 'used-up' }, 'B3: the package is used-up: its residual value is 0'],
    ['B3 refunded', { state: 'refunded' }, 'B3: the package is refunded already: its residual value is 0'],
  ])('%s → refund 0.00, the rule said', (_what, extra, why) => {
    const o = run('trtc-refund', { paid: '1000.00', 'used-minutes': '20000', ...extra });
    expect(o.result).toMatchObject({ value: '0.00', label: 'Refund (not refundable)' });
    expect(o.notes).toContain(why);
  });

  it('B8 overage and B9 frozen are said beside the figures, never refunded or charged', () => {
    const o = run('trtc-refund', { paid: '1000.00', 'used-minutes': '20000', 'overage-minutes': '5000', frozen: '12.5' });
    expect(o.result.value).toBe('860.00');
    expect(o.notes).toEqual(expect.arrayContaining(['B8: 5000 postpaid overage minutes are used service, billed pay-as-you-go and never refunded', 'B9: 12.50 frozen is released at refund time (5D)']));
  });
});

describe('5C C1 five-day no-reason refund (cvm-refund --first-refund)', () => {
  const base = { paid: '350.00', 'gift-paid': '50.00', hourly: '0.42', hours: '40', 'first-refund': 'true' };

  it('example (computed), Decision C1-ACCOUNT (the account\'s first refund, one instance): 300.00 cash + 50.00 gift (+ a 30.00 voucher, not in paid), 40 h after delivery → 300.00 cash + 50.00 gift', () => {
    const o = run('cvm-refund', { ...base, delivered: '2025-03-01 08:00', requested: '2025-03-03 00:00' });
    expect(o.result.value).toBe('350.00');
    expect([value(o, 'cashBack'), value(o, 'giftBack')]).toEqual(['300.00', '50.00']);
    expect(o.json.paidBack).toEqual({ cash: '300.00', gift: '50.00' });
  });

  it('Decision C1-ELAPSED: ≤ 120 h decides; past it the normal refund (gift money) applies', () => {
    const late = run('cvm-refund', { ...base, hours: '121', delivered: '2025-03-01 08:00', requested: '2025-03-06 09:00' });
    expect(late.json).toMatchObject({ rule: 'used-value', paidBackAs: 'gift', refund: '299.18' });
    expect(late.notes).toContain('C1: asked 121 h after delivery, more than 120 h: the 5-day no-reason refund does not apply');
  });

  it('Decision C1-CAL: a request eligible under one reading only is flagged (the delivery day is not counted: day 5 is delivery + 5)', () => {
    // 2025-03-01 08:00 → 2025-03-06 10:00 is 122 h (elapsed: out) but day 5 (calendar: in).
    const o = run('cvm-refund', { ...base, delivered: '2025-03-01 08:00', requested: '2025-03-06 10:00' });
    expect(o.json.rule).toBe('used-value');
    expect(o.notes).toContain('C1: asked 122 h after delivery: the calendar reading (day 5 of 5) and the elapsed reading (≤ 120 h) disagree; we apply the elapsed one');
    expect(run('cvm-refund', { ...base, delivered: '2025-03-01 08:00', requested: '2025-03-07 00:00' }).json.flags).toEqual([]);
  });

  it('switched from postpaid, or excluded by activity rules: no 5-day refund; without the times the window is said unchecked', () => {
    const o = run('cvm-refund', { ...base, 'switched-from-postpaid': 'true', 'activity-no-refund': 'true', delivered: '2025-03-01', requested: '2025-03-02' });
    expect(o.json.rule).toBe('used-value');
    expect(o.json.withheld).toEqual([
      'C1: switched from postpaid to prepaid: no 5-day no-reason refund (normal refund only)',
      'C1: the activity rules of this purchase exclude the 5-day no-reason refund',
    ]);
    expect(run('cvm-refund', base).notes).toContain('C1: the 5-day window was not checked: give the delivery and request times');
  });

  it('after a bandwidth → traffic switch only the host part comes back (C4); the agent gets an agent-paid refund (C5)', () => {
    const o = run('cvm-refund', { ...base, 'network-paid': '20.00', 'agent-paid': 'true', delivered: '2025-03-01', requested: '2025-03-02' });
    expect(o.result.value).toBe('330.00');
    expect(o.notes).toEqual(expect.arrayContaining(['C4: the network was switched to traffic billing and settled then: the network part 20.00 is not refunded again', "C5: agent-paid: the refund goes to the agent's account"]));
    expect(fieldError('cvm-refund', { ...base, 'network-paid': '20', 'bandwidth-hourly': '0.063' }).field).toBe('bandwidth-hourly');
  });
});

describe('5C C2 normal refund (cvm-refund)', () => {
  it('example (1): paid 300.00, 0.30/h, 24 h, a not-yet-started renewal 280.00 → 572.80 gift', () => {
    const o = run('cvm-refund', { paid: '300', hourly: '0.30', hours: '24', unstarted: '280' });
    expect(o.json).toMatchObject({ refund: '572.80', paidBackAs: 'gift' });
  });

  it('example (2), Decision C2-UPGRADE-DAY: paid 600.00 at 0.50/h, an upgrade paid 200.00 after 30 h, refund 72 h later → 549.00 + 198.36 = 747.36', () => {
    const o = run('cvm-refund', { paid: '600', hourly: '0.50', hours: '102', 'upgrade-paid': '200', 'upgrade-hours': '72' });
    expect([value(o, 'hoursValue'), value(o, 'upgradeRefund'), o.result.value]).toEqual(['51.00', '198.36', '747.36']);
    // 72 h is 3 started days; 73 h is 4: 200 × 361 ÷ 365 = 197.81
    expect(value(run('cvm-refund', { paid: '600', hourly: '0.50', hours: '103', 'upgrade-paid': '200', 'upgrade-hours': '73' }), 'upgradeRefund')).toBe('197.81');
  });

  it('Decision C2-MONTHS: whole months counted from the delivery day, anchored and clamped (01-31 → 03-15: 1 month)', () => {
    const o = run('cvm-refund', { paid: '1000', hourly: '0.42', hours: '10', monthly: '85', delivered: '2025-01-31', requested: '2025-03-15' });
    expect(o.json.input).toMatchObject({ monthsUsed: '1' });
    expect(value(o, 'monthsValue')).toBe('85.00');
  });
});

describe('5C C3 downgrade, C4 bandwidth switch, C6 upgrade', () => {
  it('C3 (a), Decision C3-TIME: remaining 300.00, new 50.00/month, discount 80% → 228.125 → 228 days', () => {
    const o = run('cvm-downgrade', { strategy: 'time', remaining: '300', 'new-monthly': '50', 'purchase-discount': '0.8' });
    expect([value(o, 'exactDays'), o.result.value]).toEqual(['228.1250', '228']);
  });

  it('C3 (b): release refund 450.00, new configuration 320.00 → 130.00 gift; Decision C3-NEGATIVE: below zero the customer pays', () => {
    expect(run('cvm-downgrade', { strategy: 'gift', 'release-refund': '450', 'new-price': '320' }).result.value).toBe('130.00');
    const o = run('cvm-downgrade', { strategy: 'gift', 'release-refund': '300', 'new-price': '320' });
    expect([o.result.value, value(o, 'toPay')]).toEqual(['0.00', '20.00']);
    expect(o.notes).toContain('C3: the new configuration costs more than the release refund: the customer pays 20.00');
  });

  it('C4: 1 Mbps at 20.00/month, 0.063/h, switched after 200 h → 20.00 − 12.60 = 7.40; Decision C4-DISCOUNT: with 80% → 5.92', () => {
    expect(run('bandwidth-switch', { 'bandwidth-fee': '20', 'bandwidth-hourly': '0.063', hours: '200' }).result.value).toBe('7.40');
    expect(run('bandwidth-switch', { 'bandwidth-fee': '20', 'bandwidth-hourly': '0.063', hours: '200', 'purchase-discount': '0.8' }).result.value).toBe('5.92');
    expect(run('bandwidth-switch', { 'bandwidth-fee': '20', 'bandwidth-hourly': '0.063', hours: '400' }).result.value).toBe('0.00');
  });

  it('C6: 100.00 → 160.00/month, ladder 1:1,2:0.9,3:0.8, 2018-03-15 → 2018-06-30: 107 days, n = 3 → 80%, fee 168.85', () => {
    const o = run('upgrade', { 'old-monthly': '100', 'new-monthly': '160', from: '2018-03-15', to: '2018-06-30', discounts: '1:1,2:0.9,3:0.8' });
    expect([value(o, 'days'), value(o, 'months'), value(o, 'discount'), o.result.value]).toEqual(['107', '3', '0.8', '168.85']);
  });

  it('C6 Decision C6-N0: less than a whole month takes the 1-month discount', () => {
    const o = run('upgrade', { 'old-monthly': '100', 'new-monthly': '160', from: '2018-06-10', to: '2018-06-30', discounts: '1:0.95,3:0.8' });
    expect([value(o, 'months'), value(o, 'discount')]).toEqual(['0', '0.95']);
    // 60 × 20 × 12 × 0.95 ÷ 365 = 37.48
    expect(o.result.value).toBe('37.48');
  });
});
