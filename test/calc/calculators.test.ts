import { describe, expect, it } from 'vitest';
import { fixed, money } from '../../main/core/money/decimal.js';
import { cvmRefund, upgradeRefund } from '../../main/core/calc/cvm-refund.js';
import { parseDiscountLadder, upgradeFee, wholeMonthsBetween } from '../../main/core/calc/upgrade-fee.js';
import { trtcRefund, trtcUnitPrice } from '../../main/core/calc/trtc-refund.js';
import { meetingOrder } from '../../main/core/calc/meeting-order.js';
import { meetingRefund } from '../../main/core/calc/meeting-refund.js';
import { accountFigures } from '../../main/core/calc/account-figures.js';
import { decimalInput } from '../../main/core/calc/calc-input.js';

const m = money;
const f2 = (d: Parameters<typeof fixed>[0]) => fixed(d, 2);

describe('CVM prepaid refund', () => {
  it('SPEC: 407.96 − 0.42 × 48 = 387.80, not the first refund → paid back as gift', () => {
    const r = cvmRefund({ paid: m('407.96'), hourly: m('0.42'), hours: m(48) });
    expect(f2(r.hoursValue)).toBe('20.16');
    expect(f2(r.usedValue)).toBe('20.16');
    expect(f2(r.refund)).toBe('387.80');
    expect(r.paidBackAs).toBe('gift');
  });

  it('SPEC: separately billed bandwidth 0.063/hour × 48 = 3.024 → 3.02 is subtracted too', () => {
    const r = cvmRefund({ paid: m('407.96'), hourly: m('0.42'), hours: m(48), bandwidthHourly: m('0.063') });
    expect(f2(r.bandwidthValue)).toBe('3.02');
    expect(f2(r.usedValue)).toBe('23.18');
    expect(f2(r.refund)).toBe('384.78');
  });

  it('bandwidth is rounded per item: 0.063 × 5 = 0.315 → 0.32 half-up', () => {
    const r = cvmRefund({ paid: m(10), hourly: m('0.42'), hours: m(5), bandwidthHourly: m('0.063') });
    expect(f2(r.bandwidthValue)).toBe('0.32');
    expect(f2(r.refund)).toBe(f2(m(10).minus('2.10').minus('0.32')));
  });

  it('whole months at the monthly price plus the partial month by the hour, and an unstarted renewal back whole', () => {
    const r = cvmRefund({ paid: m('1000.00'), hourly: m('0.42'), hours: m(10), monthly: m('85.00'), monthsUsed: m(2), unstarted: m('200.00') });
    expect(f2(r.usedValue)).toBe('174.20');
    expect(f2(r.refund)).toBe('1025.80');
  });

  it('SPEC: first refund within 5 days returns the full cash paid, as cash', () => {
    const r = cvmRefund({ paid: m('407.96'), hourly: m('0.42'), hours: m(48), firstRefund: true });
    expect(f2(r.refund)).toBe('407.96');
    expect(r.paidBackAs).toBe('cash');
  });

  it('floored at 0 when more was used than paid', () => {
    const r = cvmRefund({ paid: m('10.00'), hourly: m('0.42'), hours: m(48) });
    expect(f2(r.unfloored)).toBe('-10.16');
    expect(f2(r.refund)).toBe('0.00');
  });

  it('SPEC upgrade refund: 100 × (365 − 2) ÷ 365 = 99.452… → 99.45 (the vendor prints 99.49, which no rounding of this product gives)', () => {
    expect(f2(upgradeRefund(m(100), m(363)))).toBe('99.45');
    const r = cvmRefund({ paid: m('407.96'), hourly: m('0.42'), hours: m(48), upgradePaid: m(100), upgradeDaysLeft: m(363) });
    expect(f2(r.upgradeRefund)).toBe('99.45');
    expect(f2(r.refund)).toBe('487.25');
  });

  it('an upgrade needs both its amount and its days left', () => {
    expect(() => cvmRefund({ paid: m(1), hourly: m(1), hours: m(0), upgradePaid: m(100) })).toThrow(/days left/);
  });
});

describe('prepaid upgrade fee', () => {
  const ladder = parseDiscountLadder('discounts', '1:1,2:0.9,3:0.8,6:0.7');

  it('(new − old) × days ÷ (365 ÷ 12) × discount of the longest term not exceeding the days', () => {
    // 2024-01-15 → 2024-04-20: 96 days, 3 whole months (04-15 ≤ 04-20) → rung 3, 0.8.
    const r = upgradeFee({ oldMonthly: m(100), newMonthly: m(200), from: '2024-01-15', to: '2024-04-20', discounts: ladder });
    expect(r.days).toBe(96);
    expect(r.months).toBe(3);
    expect(f2(r.discount)).toBe('0.80');
    // 100 × 96 × 12 ÷ 365 × 0.8 = 252.493… → 252.49
    expect(f2(r.fee)).toBe('252.49');
  });

  it('matched downwards: 5 whole months take the 3-month rung, not the 6-month one', () => {
    const r = upgradeFee({ oldMonthly: m(100), newMonthly: m(150), from: '2024-01-15', to: '2024-07-14', discounts: ladder });
    expect(r.months).toBe(5);
    expect(r.rung).toBe(3);
    // 50 × 181 × 12 ÷ 365 × 0.8 = 238.027… → 238.03
    expect(f2(r.fee)).toBe('238.03');
  });

  it('less than a month takes the 1-month rung (Decision C6-N0), here 100%: the fee is unchanged', () => {
    const r = upgradeFee({ oldMonthly: m(100), newMonthly: m(200), from: '2024-01-15', to: '2024-02-05', discounts: ladder });
    expect(r.months).toBe(0);
    expect(r.rung).toBe(1);
    // 100 × 21 × 12 ÷ 365 = 69.041… → 69.04
    expect(f2(r.fee)).toBe('69.04');
  });

  it('whole months clamp to the month end: 01-31 → 02-29 is one month in 2024', () => {
    expect(wholeMonthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(wholeMonthsBetween('2023-01-31', '2023-02-27')).toBe(0);
  });

  it('rejects --to before --from and a downgrade', () => {
    expect(() => upgradeFee({ oldMonthly: m(1), newMonthly: m(2), from: '2024-02-01', to: '2024-01-01', discounts: ladder })).toThrow(/after/);
    expect(() => upgradeFee({ oldMonthly: m(2), newMonthly: m(1), from: '2024-01-01', to: '2024-02-01', discounts: ladder })).toThrow(/downgrade/);
  });
});

describe('TRTC package refund', () => {
  it('SPEC bands: the boundary belongs to the cheaper band, 8 dp', () => {
    expect(fixed(trtcUnitPrice(m(24_999)), 8)).toBe('0.00700000');
    expect(fixed(trtcUnitPrice(m(25_000)), 8)).toBe('0.00672000');
    expect(fixed(trtcUnitPrice(m(249_999)), 8)).toBe('0.00672000');
    expect(fixed(trtcUnitPrice(m(250_000)), 8)).toBe('0.00635200');
    expect(fixed(trtcUnitPrice(m(1_000_000)), 8)).toBe('0.00596800');
    expect(fixed(trtcUnitPrice(m(2_999_999)), 8)).toBe('0.00596800');
    expect(fixed(trtcUnitPrice(m(3_000_000)), 8)).toBe('0.00562934');
  });

  it('one band for the whole amount, not progressive: 25,000 min × 0.00672 = 168.00', () => {
    const r = trtcRefund({ paid: m('500.00'), usedMinutes: m(25_000), discount: m(1) });
    expect(f2(r.usedValue)).toBe('168.00');
    expect(f2(r.refund)).toBe('332.00');
    // 24,999 minutes cost more than 25,000: 174.993 → 174.99
    expect(f2(trtcRefund({ paid: m('500.00'), usedMinutes: m(24_999), discount: m(1) }).usedValue)).toBe('174.99');
  });

  it('a negotiated discount and the floor at 0', () => {
    expect(f2(trtcRefund({ paid: m('1000'), usedMinutes: m(100_000), discount: m('0.8') }).usedValue)).toBe('537.60');
    const r = trtcRefund({ paid: m('100'), usedMinutes: m(3_000_000), discount: m(1) });
    expect(f2(r.usedValue)).toBe('16888.02');
    expect(f2(r.refund)).toBe('0.00');
  });
});

describe('Tencent Meeting order', () => {
  it('Σ quantity × yearly list price × years', () => {
    const o = meetingOrder({ items: [{ item: 'business-account', quantity: m(10) }, { item: 'rooms', quantity: m(2) }], term: { unit: 'year', count: 2 } });
    expect(o.lines.map((l) => f2(l.amount))).toEqual(['27800.00', '14000.00']);
    expect(f2(o.total)).toBe('41800.00');
  });

  it('monthly term uses monthly prices', () => {
    const o = meetingOrder({ items: [{ item: 'pro-account', quantity: m(3) }, { item: 'large-1000', quantity: m(1) }], term: { unit: 'month', count: 3 } });
    expect(f2(o.total)).toBe(f2(m(3 * 98 * 3 + 5888 * 3)));
    expect(f2(o.total)).toBe('18546.00');
  });

  it('an item without a monthly price is an error naming it; unknown items and bad quantities too', () => {
    expect(() => meetingOrder({ items: [{ item: 'rooms', quantity: m(1) }], term: { unit: 'month', count: 1 } })).toThrow(/rooms/);
    expect(() => meetingOrder({ items: [{ item: 'webinar-999', quantity: m(1) }], term: { unit: 'year', count: 1 } })).toThrow(/webinar-999/);
    expect(() => meetingOrder({ items: [{ item: 'mra', quantity: m(-1) }], term: { unit: 'year', count: 1 } })).toThrow(/quantity/);
  });
});

describe('Tencent Meeting refund', () => {
  it('paid − used ÷ total × paid; a partial day counts whole', () => {
    // 1390 × 10 ÷ 365 = 38.082… → 38.08; refund 1351.92
    const r = meetingRefund({ paid: m('1390'), usedDays: m('9.2'), totalDays: m(365) });
    expect(r.chargedDays.toString()).toBe('10');
    expect(f2(r.usedValue)).toBe('38.08');
    expect(f2(r.refund)).toBe('1351.92');
  });

  it('used days beyond the total is an error', () => {
    expect(() => meetingRefund({ paid: m(1), usedDays: m(366), totalDays: m(365) })).toThrow(/usedDays/);
  });
});

describe('account figures', () => {
  it('available, withdrawable, invoiceable (negative: 欠票)', () => {
    const a = accountFigures({
      cash: m('1000.00'), income: m('200.00'), gift: m('50.00'), frozen: m('120.00'), arrears: m('30.00'),
      invoiceArrears: m('40.00'), revenueShare: m('10.00'), cashConsumption: m('500.00'), invoiced: m('650.00'),
    });
    expect(f2(a.available)).toBe('1100.00'); // 1250 − 120 − 30
    expect(f2(a.frozenOnCash)).toBe('60.00'); // 120 − 50 − 10
    expect(f2(a.withdrawable)).toBe('900.00'); // 1000 − 40 − 60
    expect(f2(a.invoiceable)).toBe('-150.00');
  });
});

describe('decimal input', () => {
  it('takes text without a JS number and rejects non-numbers and negatives', () => {
    expect(decimalInput('paid', '407.96').toString()).toBe('407.96');
    expect(() => decimalInput('paid', 'abc')).toThrow(/paid/);
    expect(() => decimalInput('paid', '-1', { min: 'zero' })).toThrow(/negative/);
  });
});
