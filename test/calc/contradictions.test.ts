/**
 * SPEC-CALCULATORS 5G: the sources' 14 contradictions. Each test states both figures (or both
 * readings), which one the calculators compute, and why.
 */
import { describe, expect, it } from 'vitest';
import { builtinMeetingCatalog, meetingListPrice } from '../../main/core/catalog/price-lists.js';
import { fixed, money } from '../../main/core/money/decimal.js';
import { run, value } from './run-calc.js';

describe('5G contradictions in the sources', () => {
  it('#1 [G] CVM upgrade share: printed 99.49, arithmetic 100 × 363 ÷ 365 = 99.45 → we compute 99.45 (no rounding of the product gives 99.49)', () => {
    const o = run('cvm-refund', { paid: '407.96', hourly: '0.42', hours: '48', 'upgrade-paid': '100', 'upgrade-days-left': '363' });
    expect(value(o, 'upgradeRefund')).toBe('99.45');
    expect(fixed(money(100).times(363).dividedBy(365), 2)).not.toBe('99.49');
    // The vendor's totals are therefore 0.04 higher than ours: 387.80 + 99.49 = 487.29 printed vs 487.25.
    expect(o.result.value).toBe('487.25');
  });

  it('#2 [M] Meeting change: printed 10788 × 0.5 = 5,394.00; the formula gives 5,438.33 (yearly ÷ 12) or 6,521.16 (monthly list) → we compute 5,438.33 and class 5,394.00 as the vendor whole-month method', () => {
    const args = { held: 'large-500:1', after: 'large-500:2', now: '2025-07-01', expiry: '2026-01-01' };
    const o = run('meeting-change', { ...args, 'vendor-charge': '5394.00' });
    expect(o.result.value).toBe('5438.33');
    expect(value(o, 'wholeMonthFee')).toBe('5394.00');
    expect(value(run('meeting-change', { ...args, 'held-term': 'month' }), 'fee')).toBe('6521.16');
    expect(o.json.vendorCharge).toEqual({ amount: '5394.00', class: 'vendor whole-month method' });
  });

  it('#3 [M] Meeting refund stop: the 31st day from purchase vs the next monthly cycle after the request → we stop at purchase + 31 days and show both when they differ', () => {
    // Bought 2021-02-10 (February: 28 days): (a) stop 2021-03-13, 31 days; (b) stop 2021-03-10, 28 days.
    const o = run('meeting-refund', { paid: '3650.00', plan: 'business', purchased: '2021-02-10', requested: '2021-02-20' });
    expect(o.json).toMatchObject({ stop: '2021-03-13', chargedDays: '31', refund: '3340.00', nextCycle: { stop: '2021-03-10', usedDays: 28, refund: '3370.00' } });
    expect(value(o, 'refundNextCycle')).toBe('3370.00');
  });

  it('#4 [M] Meeting refund: "the remaining months\' value" vs a formula in days → we count days (5,000 × 334 ÷ 365 = 4,575.34, not 5,000 × 11 ÷ 12 = 4,583.33)', () => {
    const o = run('meeting-refund', { paid: '5000', plan: 'business', purchased: '2021-03-05', requested: '2021-03-20' });
    expect(o.result.value).toBe('4575.34');
    expect(fixed(money(5000).times(11).dividedBy(12), 2)).toBe('4583.33');
    expect(o.notes.join('\n')).toContain('used time is counted in days');
  });

  it('#5 [G] CVM case 2: its bandwidth (20.00/month) is billed, yet paid 407.96 equals case 1 (with it: 852 × 0.83 − 100 = 607.16) → we take paid amounts as given inputs', () => {
    expect(run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '612', 'purchase-discount': '0.83' }).result.value).toBe('407.96');
    expect(run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '852', 'purchase-discount': '0.83' }).result.value).toBe('607.16');
    // The refund takes --paid as the accountant reads it off the order: 407.96 gives 387.80.
    expect(run('cvm-refund', { paid: '407.96', hourly: '0.42', hours: '48' }).result.value).toBe('387.80');
  });

  it('#6 [G] normal refund, Decision C2-DISCOUNT: the purchase discount "applies throughout" vs examples subtracting undiscounted prices → we follow the examples and flag the other reading', () => {
    const o = run('cvm-refund', { paid: '407.96', hourly: '0.42', hours: '48', 'purchase-discount': '0.83' });
    expect(o.result.value).toBe('387.80');
    expect(o.json.discounted).toEqual({ usedValue: '16.73', refund: '391.23' });
    expect(o.notes).toContain('C2: the text applies the purchase discount 0.83 throughout (used value 16.73, refund 391.23); the worked examples subtract undiscounted prices, as computed here');
  });

  it('#7 [G] normal refund: "scoped to orders within 5 days" vs used value counting whole months → no 5-day limit: 40 days after delivery it is still computed', () => {
    const o = run('cvm-refund', { paid: '1000', hourly: '0.42', hours: '240', monthly: '85', delivered: '2025-01-01', requested: '2025-02-10' });
    expect(o.json).toMatchObject({ rule: 'used-value', monthsValue: '85.00', hoursValue: '100.80', refund: '814.20' });
  });

  it('#8 [G] 5-day rule: one chance per account vs one instance per product; calendar days vs elapsed ≤ 5 days → account-wide, ≤ 120 h, edge cases flagged', () => {
    const inputs = { paid: '300', hourly: '0.42', hours: '1', 'first-refund': 'true' };
    // Elapsed 121 h but calendar day 5 (the delivery day not counted): refused by the elapsed reading, flagged.
    const o = run('cvm-refund', { ...inputs, delivered: '2025-03-01 00:00', requested: '2025-03-06 01:00' });
    expect(o.json.rule).toBe('used-value');
    expect(o.notes).toEqual(expect.arrayContaining([
      'C1: asked 121 h after delivery, more than 120 h: the 5-day no-reason refund does not apply',
      'C1: asked 121 h after delivery: the calendar reading (day 5 of 5) and the elapsed reading (≤ 120 h) disagree; we apply the elapsed one',
    ]));
    expect(run('cvm-refund', { ...inputs, delivered: '2025-03-01 00:00', requested: '2025-03-05 23:00' }).json.flags).toEqual([]);
  });

  it('#9 [G]/[F] freeze release: on destruction vs by the 3rd of next month; retired 2020-04-23 → expected by the 3rd, earlier fine; none after 2020-04-23', () => {
    const o = run('freeze', { type: 'device', units: '3', 'unit-price': '1.20', on: '2019-07-03', 'released-on': '2019-07-15', 'freed-on': '2019-07-15' });
    expect(o.json).toMatchObject({ release: { by: '2019-08-03', late: false } });
    expect(run('freeze', { type: 'device', units: '3', 'unit-price': '1.20', on: '2020-05-03' }).json.flag).toContain('retired on 2020-04-23');
  });

  it('#10 [G] vs [F]: monthly settlement on the 3rd (2018) vs last cycle deducted on the 1st (2024) → the 1st for deductions, the 3rd only for pre-2020 freeze release', () => {
    const o = run('freeze', { type: 'traffic', 'last-month-fee': '500', on: '2019-06-03', 'released-on': '2019-06-20' });
    expect([value(o, 'deductedOn'), value(o, 'releaseBy')]).toEqual(['2019-07-01', '2019-07-03']);
  });

  it('#11 [F] withdrawable: advances occupy it and a negative invoiceable blocks it, while the formula has neither → the literal figure, the figure less advances, and blocked', () => {
    const o = run('account', { cash: '1000', income: '0', gift: '100', frozen: '300', arrears: '0', 'invoice-arrears': '150', 'revenue-share': '0', 'cash-consumption': '0', invoiced: '150', advances: '100' });
    expect(o.json).toMatchObject({ withdrawable: '650.00', withdrawableLessAdvances: '550.00', blocked: true });
  });

  it('#12 [F] coupon threshold: rule "≥" vs example "more than" → ≥ (100.00 reaches a 100 threshold)', () => {
    expect(run('coupon', { coupon: 'voucher', value: '50', threshold: '100', 'eligible-total': '100' }).json.usable).toBe(true);
  });

  it('#13 [M] phone packs: calling others needs pro or above (free page) vs an application through sales (pro page) → no price effect, a note only', () => {
    const o = run('meeting-order', { item: 'phone-pack-100:1', edition: 'free' });
    expect(o.result.value).toBe('100.00');
    expect(o.notes.join('\n')).toContain('5G #13: no price effect');
  });

  it('#14 [M] large-1000 per month 5,888 though 3.2 × yearly ÷ 12 (500: 1.2×, 2000: 2.6×) → carried as printed', () => {
    const c = builtinMeetingCatalog();
    const ratio = (id: string) => meetingListPrice(c, '2025-01-01', id, 'month')!.times(12).dividedBy(meetingListPrice(c, '2025-01-01', id, 'year')!);
    const ratioText = (id: string) => fixed(ratio(id), 1);
    expect(['large-500', 'large-1000', 'large-2000'].map(ratioText)).toEqual(['1.2', '3.2', '2.6']);
    const o = run('meeting-order', { item: 'large-1000:1', months: '1' });
    expect(o.result.value).toBe('5888.00');
    expect(o.notes.join('\n')).toContain('carried as printed (5G #14)');
  });
});
