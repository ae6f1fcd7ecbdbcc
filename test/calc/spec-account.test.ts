/**
 * SPEC-CALCULATORS 5D (freezes), 5E (account figures) and 5F (coupons): every worked example and
 * the Decisions the code relies on, through the calculator table.
 */
import { describe, expect, it } from 'vitest';
import { refusal, run, value } from './run-calc.js';

describe('5D freezes (freeze, payg-freeze, arrears-stages)', () => {
  it('a pay-as-you-go CVM at 0.42/h freezes one hour of host fee; reconfigured to 0.84/h: 0.42 released, 0.84 frozen', () => {
    const o = run('payg-freeze', { settlement: 'hourly', 'cycle-fee': '0.42', product: 'cvm' });
    expect([value(o, 'cycles'), o.result.value]).toEqual(['1', '0.42']);
    const again = run('payg-freeze', { settlement: 'hourly', 'cycle-fee': '0.42', product: 'cvm', 'new-cycle-fee': '0.84' });
    expect([value(again, 'released'), value(again, 'frozenAgain'), again.result.value]).toEqual(['0.42', '0.84', '0.84']);
  });

  it('a daily-settled product estimated 12.50/day with a 2-cycle freeze → 25.00; Decision 5D-CYCLES: default 1 cycle', () => {
    expect(run('payg-freeze', { settlement: 'daily', 'cycle-fee': '12.50', cycles: '2' }).result.value).toBe('25.00');
    expect(run('payg-freeze', { settlement: 'daily', 'cycle-fee': '12.50', product: 'other' }).result.value).toBe('12.50');
  });

  it('monthly: 3 instances on the last day at 1.20/day → 3 × 30 × 1.20 = 108.00; traffic with last month 500.00 → 500.00 or 600.00', () => {
    expect(run('freeze', { type: 'device', units: '3', 'unit-price': '1.20' }).result.value).toBe('108.00');
    expect(run('freeze', { type: 'traffic', 'last-month-fee': '500' }).result.value).toBe('500.00');
    expect(run('freeze', { type: 'traffic', 'last-month-fee': '500', factor: '1.2' }).result.value).toBe('600.00');
  });

  it('Decision 5D-RELEASE: a resource released 2019-07-15 has its freeze back by 2019-08-03; later is flagged', () => {
    const o = run('freeze', { type: 'traffic', 'last-month-fee': '500', 'released-on': '2019-07-15' });
    expect(value(o, 'releaseBy')).toBe('2019-08-03');
    const late = run('payg-freeze', { settlement: 'hourly', 'cycle-fee': '0.42', 'released-on': '2019-07-15', 'freed-on': '2019-08-04' });
    expect(late.notes).toContain('5D: the freeze came back on 2019-08-04, later than 2019-08-03, the latest day for it');
    expect(run('payg-freeze', { settlement: 'hourly', 'cycle-fee': '0.42', 'released-on': '2019-07-15', 'freed-on': '2019-07-15' }).json.release).toMatchObject({ late: false });
  });

  it('Decision 5D-RETIRED: monthly settlement freezes are expected only before 2020-04-23 (phased out from 2020-03-20)', () => {
    expect(run('freeze', { type: 'traffic', 'last-month-fee': '500', on: '2020-03-03' }).json.flag).toBeUndefined();
    expect(run('freeze', { type: 'traffic', 'last-month-fee': '500', on: '2020-04-03' }).json.flag).toBe('5D: settlement freezes were being phased out from 2020-03-20 (gone on 2020-04-23)');
    expect(run('freeze', { type: 'traffic', 'last-month-fee': '500', on: '2021-05-03' }).json.flag).toBe('5D: settlement freezes were retired on 2020-04-23: a monthly freeze on 2021-05-03 is not expected');
  });

  it('arrears stages (typical): hourly 2 h then 24 h; daily 1 day then 30 days; an expired prepaid resource is destroyed on day 8', () => {
    expect(run('arrears-stages', { billing: 'hourly', since: '2025-03-01 10:00' }).json.stages).toEqual([
      { stage: 'protection', from: '2025-03-01 10:00' },
      { stage: 'suspended', from: '2025-03-01 12:00' },
      { stage: 'reclaimed', from: '2025-03-02 12:00' },
    ]);
    expect(run('arrears-stages', { billing: 'daily', since: '2025-03-01' }).result.value).toBe('2025-04-01 00:00');
    expect(run('arrears-stages', { billing: 'prepaid', since: '2025-03-01' }).json.stages).toEqual([
      { stage: 'stopped', from: '2025-03-01' },
      { stage: 'recoverable-until', from: '2025-03-08' },
      { stage: 'destroyed', from: '2025-03-09' },
    ]);
  });
});

describe('5E account figures', () => {
  const zero = { income: '0', arrears: '0', 'cash-consumption': '0', invoiced: '0' };

  it('E2 example (doc): advance 50,000 unpaid, no arrears, transfer 80,000 → credit 80,000, 50,000 repays the advance → balance 30,000', () => {
    const o = run('bank-transfer', { transfer: '80000', balance: '0', advances: '50000' });
    expect([value(o, 'credited'), value(o, 'toAdvances'), o.result.value]).toEqual(['80000.00', '50000.00', '30000.00']);
  });

  it('E2, Decision E2-SHORT: advance 10,000, balance −3,000, transfer 5,000 → 2,000 to the advance, balance 0, 8,000 still owed', () => {
    const o = run('bank-transfer', { transfer: '5000', balance: '-3000', advances: '10000' });
    expect([value(o, 'toArrears'), value(o, 'toAdvances'), o.result.value, value(o, 'advancesLeft')]).toEqual(['3000.00', '2000.00', '0.00', '8000.00']);
  });

  it('E3 example, Decision E3-REPORT: cash 1,000, frozen 300, gift 100 → 800.00; with invoiceable −150.00 → 650.00 and blocked', () => {
    const o = run('account', { ...zero, cash: '1000', gift: '100', frozen: '300', 'revenue-share': '0', 'invoice-arrears': '0' });
    expect(o.result.value).toBe('800.00');
    const debt = run('account', { ...zero, cash: '1000', gift: '100', frozen: '300', 'revenue-share': '0', 'invoice-arrears': '150', invoiced: '150' });
    expect(debt.json).toMatchObject({ withdrawable: '650.00', invoiceable: '-150.00', blocked: true });
    expect(debt.result.label).toBe('Withdrawable (blocked)');
  });

  it('E3: unpaid advances reduce the reported variant, a freeze below gift is flagged, a withdrawal above it or while blocked is refused', () => {
    const o = run('account', { ...zero, cash: '1000', gift: '500', frozen: '300', 'revenue-share': '0', 'invoice-arrears': '0', advances: '200' });
    expect(o.json).toMatchObject({ withdrawable: '1200.00', withdrawableLessAdvances: '1000.00' });
    expect(o.notes).toEqual(expect.arrayContaining(['E3: frozen − gift − revenue share is -200.00: the literal formula gives more than the cash balance']));
    const e = refusal('account', { ...zero, cash: '1000', gift: '100', frozen: '300', 'revenue-share': '0', 'invoice-arrears': '0', withdraw: '800.01' });
    expect([e.field, e.reason]).toEqual(['withdraw', 'E3: a withdrawal of 800.01 exceeds the withdrawable 800.00']);
    expect(refusal('account', { ...zero, cash: '1000', gift: '100', frozen: '300', 'revenue-share': '0', 'invoice-arrears': '150', invoiced: '150', withdraw: '10' }).breaches.map((b) => b.key)).toEqual(['E3#blocked']);
  });

  it('E1: the income-transfer balance is always 0: any other figure is flagged', () => {
    expect(run('account', { ...zero, income: '5', cash: '1', gift: '0', frozen: '0', 'revenue-share': '0', 'invoice-arrears': '0' }).notes).toContain(
      'E1: the income-transfer balance is always 0 on Tencent Cloud, got 5.00',
    );
  });

  it('E4 example: a receiver with invoiceable 300.00 receives a 1,000.00 transfer → −700.00 (欠票 700.00)', () => {
    const o = run('invoiceable-transfer', { invoiceable: '300', transfer: '1000', side: 'receiver' });
    expect([o.result.value, o.json.invoiceDebt]).toEqual(['-700.00', '700.00']);
    expect(run('invoiceable-transfer', { invoiceable: '300', transfer: '1000', side: 'sender' }).result.value).toBe('1300.00');
  });

  it('E5, Decision E5-INCLUSIVE: 1,060.00 of cloud services → tax 60.00, net 1,000.00; 1,130.00 of software → tax 130.00', () => {
    const o = run('vat', { amount: '1060', kind: 'cloud' });
    expect([o.result.value, value(o, 'net'), o.json.code]).toEqual(['60.00', '1000.00', '3040205']);
    expect(run('vat', { amount: '1130', kind: 'software' }).json).toMatchObject({ tax: '130.00', code: '10603010101' });
  });

  it('E6: top-ups above a method limit are refused naming the limit', () => {
    expect(run('top-up', { amount: '50000', method: 'wechat' }).result.value).toBe('50000.00');
    expect(refusal('top-up', { amount: '50000.01', method: 'qq' }).reason).toBe('E6: qq takes at most 50000 per payment, got 50000.01; E6: qq takes at most 50000 per day: 50000.01 with this one');
    expect(refusal('top-up', { amount: '5000', method: 'wechat-intl', 'paid-today': '6000' }).reason).toBe('E6: wechat-intl takes at most 10000 per day: 11000 with this one');
    expect(refusal('top-up', { amount: '5000', method: 'wechat-intl', 'paid-this-month': '46000' }).reason).toBe('E6: wechat-intl takes at most 50000 per month: 51000 with this one');
    expect(refusal('top-up', { amount: '0.001', method: 'online-banking' }).reason).toBe('E6: one top-up is between 0.01 and 9999999, got 0.001');
    expect(run('top-up', { amount: '9999999', method: 'online-banking' }).result.value).toBe('9999999.00');
  });
});

describe('5F coupons (coupon)', () => {
  it('discounts before vouchers (§5): 51 × 12 × 83% − 100 = 407.96', () => {
    const o = run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '612', 'purchase-discount': '0.83' });
    expect([value(o, 'afterDiscount'), o.result.value]).toEqual(['507.96', '407.96']);
  });

  it('example: a 100.00 voucher for CVM + MySQL, CVM order 70.00 → 30.00 left if multi-use, forfeited if single-use', () => {
    const multi = run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '70' });
    expect([value(multi, 'pays'), value(multi, 'left'), value(multi, 'forfeited')]).toEqual(['70.00', '30.00', '0.00']);
    const single = run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '70', 'single-use': 'true' });
    expect([value(single, 'left'), value(single, 'forfeited')]).toEqual(['0.00', '30.00']);
  });

  it('example, Decision F-THRESHOLD (≥): a 50-off-at-100 voucher: eligible 100.00 → usable, 99.99 → not', () => {
    expect(run('coupon', { coupon: 'voucher', value: '50', threshold: '100', 'eligible-total': '100.00' }).json).toMatchObject({ usable: true, payable: '50.00' });
    const no = run('coupon', { coupon: 'voucher', value: '50', threshold: '100', 'eligible-total': '99.99' });
    expect(no.json).toMatchObject({ usable: false, payable: '99.99', breaches: ['F: the eligible total 99.99 does not reach the threshold 100'] });
  });

  it('example: a coupon limited to 0–3 months on a 6-month renewal → not usable', () => {
    expect(run('coupon', { coupon: 'voucher', value: '50', 'eligible-total': '600', 'term-months': '6', 'term-min': '0', 'term-max': '3' }).json).toMatchObject({
      usable: false,
      breaches: ['F: the term of 6 months is outside the coupon range 0–3 months'],
    });
  });

  it.each([
    ['a discount coupon with a voucher', { coupon: 'discount-coupon', value: '0.9', 'combined-with': 'voucher' }, 'F: a discount coupon never combines with a voucher or cash coupon'],
    ['a postpaid coupon on a prepaid order', { coupon: 'voucher', value: '50', scope: 'postpaid' }, 'F: a postpaid coupon pays only postpaid orders, not prepaid'],
    ['arrears', { coupon: 'cash-coupon', value: '50', payment: 'arrears' }, 'F: coupons never pay arrears'],
    ['a freeze', { coupon: 'cash-coupon', value: '50', payment: 'freeze' }, 'F: coupons never pay freezes'],
    ['buying in arrears', { coupon: 'voucher', value: '50', 'in-arrears': 'true' }, 'F: no coupon can be used while the account is in arrears'],
    ['expired', { coupon: 'voucher', value: '50', expired: 'true' }, 'F: the coupon is expired or used up'],
    ['agent coupons on an agent-paid prepaid order', { coupon: 'voucher', value: '50', 'paid-by': 'agent', owner: 'agent' }, "F: agent-paid prepaid orders use the client's coupons, not the agent's"],
    ['a discount coupon in group payment', { coupon: 'discount-coupon', value: '0.9', 'paid-by': 'group', owner: 'admin' }, "F: group payment uses the admin's vouchers and cash coupons only"],
  ])('not usable: %s', (_what, extra, why) => {
    const o = run('coupon', { 'eligible-total': '200', ...extra });
    expect(o.json.usable).toBe(false);
    expect(o.notes).toContain(why);
  });

  it('a voucher and a cash coupon combine; a discount coupon pays its share; refunds return cash coupons only', () => {
    const o = run('coupon', { coupon: 'cash-coupon', value: '30', 'eligible-total': '200', 'combined-with': 'voucher' });
    expect(o.json.usable).toBe(true);
    expect(o.notes).toContain('on a refund the cash coupon is returned');
    expect(run('coupon', { coupon: 'discount-coupon', value: '0.9', 'eligible-total': '200' }).json).toMatchObject({ pays: '20.00', payable: '180.00' });
    expect(run('coupon', { coupon: 'voucher', value: '30', 'eligible-total': '200', 'paid-by': 'agent', owner: 'agent', payment: 'postpaid', scope: 'postpaid' }).json.usable).toBe(true);
  });
});
