import { describe, expect, it } from 'vitest';
import { captureIo } from '../helpers/cli.js';
import { runCli } from '../../main/cli/main.js';
import { CALCULATORS } from '../../main/core/calc/calculators.js';

async function calc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(process.cwd());
  const code = await runCli(['calc', ...args], io);
  return { code, out: io.out, err: io.err };
}

async function calcJson(...args: string[]): Promise<Record<string, unknown>> {
  const r = await calc(...args, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

describe('billrecon calc', () => {
  it('cvm-refund: SPEC 387.80 as gift, with the terms and the echoed input', async () => {
    const j = await calcJson('cvm-refund', '--paid', '407.96', '--hourly', '0.42', '--hours', '48');
    expect(j).toMatchObject({ calculator: 'cvm-refund', usedValue: '20.16', upgradeRefund: '0.00', refund: '387.80', paidBackAs: 'gift' });
    expect(j.input).toMatchObject({ paid: '407.96', hourly: '0.42', hours: '48', firstRefund: false });
  });

  it('cvm-refund: bandwidth, upgrade share 99.45 and first refund', async () => {
    const j = await calcJson('cvm-refund', '--paid', '407.96', '--hourly', '0.42', '--hours', '48', '--bandwidth-hourly', '0.063', '--upgrade-paid', '100', '--upgrade-days-left', '363');
    expect(j).toMatchObject({ bandwidthValue: '3.02', usedValue: '23.18', upgradeRefund: '99.45', refund: '484.23' });
    const first = await calcJson('cvm-refund', '--paid', '407.96', '--hourly', '0.42', '--hours', '48', '--first-refund');
    expect(first).toMatchObject({ refund: '407.96', paidBackAs: 'cash' });
  });

  it('upgrade: days, months, discount, fee', async () => {
    const j = await calcJson('upgrade', '--old-monthly', '100', '--new-monthly', '200', '--from', '2024-01-15', '--to', '2024-04-20', '--discounts', '1:1,2:0.9,3:0.8');
    expect(j).toMatchObject({ days: 96, months: 3, discount: '0.8', fee: '252.49' });
  });

  it('trtc-refund: unit price with 8 dp on each side of 25,000', async () => {
    expect(await calcJson('trtc-refund', '--paid', '500', '--used-minutes', '24999')).toMatchObject({ unitPrice: '0.00700000', usedValue: '174.99', refund: '325.01' });
    expect(await calcJson('trtc-refund', '--paid', '500', '--used-minutes', '25000')).toMatchObject({ unitPrice: '0.00672000', usedValue: '168.00', refund: '332.00' });
  });

  it('meeting-order and meeting-refund', async () => {
    const o = await calcJson('meeting-order', '--item', 'business-account:10', '--item', 'rooms:2', '--years', '2');
    expect(o.total).toBe('41800.00');
    expect((o.lines as { amount: string }[]).map((l) => l.amount)).toEqual(['27800.00', '14000.00']);
    expect(await calcJson('meeting-refund', '--paid', '1390', '--used-days', '9.2', '--total-days', '365')).toMatchObject({ chargedDays: '10', usedValue: '38.08', refund: '1351.92' });
  });

  it('tiw-validity: SPEC trial and a fee bought during it', async () => {
    const j = await calcJson('tiw-validity', '--trial-start', '2020-09-14', '--purchase', '2020-09-20:2');
    expect(j).toMatchObject({ trialEnd: '2020-09-29', validFrom: '2020-09-29', validUntil: '2020-11-29' });
    expect(j.periods).toEqual([
      { from: '2020-09-29', until: '2020-10-29', purchase: 0 },
      { from: '2020-10-29', until: '2020-11-29', purchase: 0 },
    ]);
  });

  it('account figures', async () => {
    const j = await calcJson('account', '--cash', '1000', '--income', '200', '--gift', '50', '--frozen', '120', '--arrears', '30', '--invoice-arrears', '40', '--revenue-share', '10', '--cash-consumption', '500', '--invoiced', '650');
    expect(j).toMatchObject({ available: '1100.00', withdrawable: '900.00', invoiceable: '-150.00' });
  });

  it('meeting-refund with the SPEC conditions: allowed within 31 days, refused with every reason after', async () => {
    const base = ['meeting-refund', '--paid', '1390', '--used-days', '9.2', '--total-days', '365'];
    const ok = await calcJson(...base, '--plan', 'business', '--purchased', '2025-01-01', '--requested', '2025-02-01');
    expect(ok).toMatchObject({ refund: '1351.92', refundAllowed: true, daysSincePurchase: 31 });
    const no = await calcJson(...base, '--plan', 'pro', '--purchased', '2025-01-01', '--requested', '2025-02-02', '--auto-renew');
    expect(no).toMatchObject({ refund: '0.00', refundIfAllowed: '1351.92', refundAllowed: false, daysSincePurchase: 32 });
    expect((no.conditions as { condition: string; met: boolean }[]).filter((c) => !c.met).map((c) => c.condition)).toEqual(['plan', 'autoRenew', 'window']);
    // Without the conditions the output is what it always was.
    expect(Object.keys(await calcJson(...base))).toEqual(['calculator', 'input', 'chargedDays', 'usedValue', 'refund']);
  });

  it('freeze: device 3 × 30 × 0.57 = 51.30; traffic 1234.56 × 1.2 = 1481.47', async () => {
    expect(await calcJson('freeze', '--type', 'device', '--units', '3', '--unit-price', '0.57')).toMatchObject({ days: 30, freeze: '51.30' });
    expect(await calcJson('freeze', '--type', 'traffic', '--last-month-fee', '1234.56', '--factor', '1.2')).toMatchObject({ exact: '1481.47200000', freeze: '1481.47' });
    expect(await calcJson('freeze', '--type', 'traffic', '--last-month-fee', '1234.56')).toMatchObject({ freeze: '1234.56' });
  });

  it('account --consumption: gift first, then cash', async () => {
    const j = await calcJson('account', '--cash', '1000', '--income', '200', '--gift', '50', '--frozen', '120', '--arrears', '30', '--invoice-arrears', '40', '--revenue-share', '10', '--cash-consumption', '500', '--invoiced', '650', '--consumption', '80');
    expect(j).toMatchObject({ available: '1100.00', consumption: { amount: '80.00', fromGift: '50.00', fromCash: '30.00', giftLeft: '0.00', cashLeft: '970.00', arrears: '0.00' } });
  });

  it('trtc-refund and meeting-order say which versioned price list they used (main/core/catalog)', async () => {
    expect((await calcJson('trtc-refund', '--paid', '500', '--used-minutes', '25000')).priceList).toEqual({ catalog: 'trtc-refund-cny-2025.1', pricesOn: '2020-01-01' });
    const o = await calcJson('meeting-order', '--item', 'large-1000:1', '--months', '1', '--prices-on', '2025-06-30');
    // 2025.2: the same prices as 2025.1 plus the editions, items and limits of SPEC-CALCULATORS 5A.
    expect(o).toMatchObject({ total: '5888.00', priceList: { catalog: 'meeting-cny-2025.2', pricesOn: '2025-06-30' } });
  });

  it('readable breakdown without --json', async () => {
    const r = await calc('cvm-refund', '--paid', '407.96', '--hourly', '0.42', '--hours', '48');
    expect(r.code).toBe(0);
    expect(r.out).toContain('387.80');
    expect(r.out).toContain('gift');
  });

  it.each([
    [['meeting-order', '--item', 'rooms:-1', '--years', '1'], '--item'],
    [['meeting-order', '--item', 'nope:1', '--years', '1'], '--item'],
    [['meeting-order', '--item', 'rooms:1', '--months', '1'], '--months'],
    [['upgrade', '--old-monthly', '1', '--new-monthly', '2', '--from', '2025-02-30', '--to', '2025-04-01', '--discounts', '1:1'], '--from'],
    [['upgrade', '--old-monthly', '1', '--new-monthly', '2', '--from', '2025-05-01', '--to', '2025-04-01', '--discounts', '1:1'], '--to'],
    [['trtc-refund', '--paid', 'abc', '--used-minutes', '1'], '--paid'],
    [['trtc-refund', '--paid', '1', '--used-minutes', '-5'], '--used-minutes'],
    [['meeting-refund', '--paid', '1', '--used-days', '1'], '--total-days'],
    [['meeting-refund', '--paid', '1', '--used-days', '1', '--total-days', '2', '--cash', '3'], '--cash'],
    [['tiw-validity', '--purchase', '2025-02-30:1'], '--purchase'],
    [['cvm-refund', '--paid', '1', '--hourly', '1', '--hours', '1', '--upgrade-paid', '5'], '--upgrade-days-left'],
    [['no-such-calculator'], 'no-such-calculator'],
    [['trtc-refund', '--paid', '1', '--used-minutes', '1', '--prices-on', '2019-12-31'], '--prices-on'],
    [['meeting-order', '--item', 'rooms:1', '--years', '1', '--prices-on', '2025-13-01'], '--prices-on'],
    [['meeting-refund', '--paid', '1', '--used-days', '1', '--total-days', '2', '--plan', 'business', '--purchased', '2025-01-01'], '--requested'],
    [['meeting-refund', '--paid', '1', '--used-days', '1', '--total-days', '2', '--plan', 'gold', '--purchased', '2025-01-01', '--requested', '2025-01-02'], '--plan'],
    [['meeting-refund', '--paid', '1', '--used-days', '1', '--total-days', '2', '--plan', 'business', '--purchased', '2025-01-05', '--requested', '2025-01-02'], '--requested'],
    [['freeze', '--type', 'device', '--units', '3'], '--unit-price'],
    [['freeze', '--type', 'traffic', '--last-month-fee', '10', '--factor', '1.5'], '--factor'],
    [['freeze', '--type', 'traffic', '--last-month-fee', '10', '--units', '2'], '--units'],
    [['freeze', '--type', 'disk', '--units', '2'], '--type'],
    [['account', '--cash', '1', '--income', '0', '--gift', '0', '--frozen', '0', '--arrears', '0', '--invoice-arrears', '0', '--revenue-share', '0', '--cash-consumption', '0', '--invoiced', '0', '--consumption', 'x'], '--consumption'],
  ])('bad input %j exits 2 naming %s', async (args, flag) => {
    const r = await calc(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(flag);
    expect(r.out).toBe('');
  });

  it('--help lists every calculator of the table with every flag, and says how refusals exit', async () => {
    const r = await calc('--help');
    expect(r.code).toBe(0);
    for (const name of ['cvm-refund', 'upgrade', 'trtc-refund', 'meeting-order', 'meeting-refund', 'tiw-validity', 'account', 'freeze']) expect(r.out).toContain(`${name}:`);
    for (const c of CALCULATORS) {
      expect(r.out).toContain(`${c.id}: ${c.summary}`);
      for (const f of c.fields) expect(r.out).toContain(`--${f.name}`);
    }
    expect(r.out).toContain('exits 2 naming the flag and every rule it breaks');
  });

  it.each([
    [['meeting-order', '--item', 'pro-account:6', '--years', '1'], '--item: Q1: pro allows 1–5 premium accounts, got 6'],
    [['meeting-order', '--item', 'business-account:5', '--years', '1'], '--item: Q1: business allows 6–255 premium accounts, got 5'],
    [['meeting-order', '--item', 'pro-account:1', '--item', 'large-500:3', '--years', '1'], '--item: Q2: large meetings (3) must not exceed premium accounts (1)'],
    [['meeting-order', '--edition', 'pro', '--item', 'pro-account:2', '--item', 'mra:1', '--years', '1'], '--item: Q7: mra is not sold with the pro edition'],
    [['meeting-change', '--held', 'business-account:10', '--after', 'business-account:9', '--now', '2025-07-01', '--expiry', '2026-01-01'], '--after: 5A.4: reducing business-account from 10 to 9'],
    [['meeting-renewal', '--expiry', '2025-08-10', '--months', '1', '--pending-change'], '--pending-change: 5A.5:'],
    [['top-up', '--amount', '60000', '--method', 'wechat'], '--amount: E6: wechat takes at most 50000 per payment, got 60000'],
    [['account', '--cash', '1000', '--income', '0', '--gift', '100', '--frozen', '300', '--arrears', '0', '--invoice-arrears', '0', '--revenue-share', '0', '--cash-consumption', '0', '--invoiced', '0', '--withdraw', '900'], '--withdraw: E3: a withdrawal of 900.00 exceeds the withdrawable 800.00'],
  ])('a refused input %j exits 2 naming the rule', async (args, message) => {
    const r = await calc(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('the new calculators answer in JSON with their figures', async () => {
    expect(await calcJson('meeting-order', '--item', 'education-account:30', '--years', '1')).toMatchObject({ total: '22800.00', edition: 'education' });
    expect(await calcJson('meeting-change', '--held', 'large-500:1', '--after', 'large-500:2', '--now', '2025-07-01', '--expiry', '2026-01-01', '--vendor-charge', '5394')).toMatchObject({
      upgradeDays: 184,
      fee: '5438.33',
      wholeMonthFee: '5394.00',
      vendorCharge: { class: 'vendor whole-month method' },
    });
    expect(await calcJson('meeting-renewal', '--expiry', '2025-08-10', '--align-to', '2025-12-31')).toMatchObject({ days: 143, newExpiry: '2025-12-31' });
    expect(await calcJson('meeting-refund', '--paid', '5000', '--plan', 'business', '--purchased', '2021-03-05', '--requested', '2021-03-20')).toMatchObject({ stop: '2021-04-05', refund: '4575.34' });
    expect(await calcJson('trtc-refund', '--paid', '1000', '--gift-paid', '400', '--used-minutes', '20000', '--discount', '0.8')).toMatchObject({ refund: '888.00', paidBack: { cash: '532.80', gift: '355.20' } });
    expect(await calcJson('cvm-downgrade', '--strategy', 'time', '--remaining', '300', '--new-monthly', '50', '--purchase-discount', '0.8')).toMatchObject({ days: '228' });
    expect(await calcJson('bandwidth-switch', '--bandwidth-fee', '20', '--bandwidth-hourly', '0.063', '--hours', '200', '--purchase-discount', '0.8')).toMatchObject({ refund: '5.92' });
    expect(await calcJson('payg-freeze', '--settlement', 'daily', '--cycle-fee', '12.50', '--cycles', '2')).toMatchObject({ freeze: '25.00' });
    expect(await calcJson('arrears-stages', '--billing', 'prepaid', '--since', '2025-03-01')).toMatchObject({ stages: [{ stage: 'stopped' }, { stage: 'recoverable-until', from: '2025-03-08' }, { stage: 'destroyed', from: '2025-03-09' }] });
    expect(await calcJson('bank-transfer', '--transfer', '80000', '--balance', '0', '--advances', '50000')).toMatchObject({ balance: '30000.00' });
    expect(await calcJson('invoiceable-transfer', '--invoiceable', '300', '--transfer', '1000', '--side', 'receiver')).toMatchObject({ invoiceable: '-700.00', invoiceDebt: '700.00' });
    expect(await calcJson('vat', '--amount', '1060', '--kind', 'cloud')).toMatchObject({ tax: '60.00', net: '1000.00' });
    expect(await calcJson('top-up', '--amount', '50000', '--method', 'wechat')).toMatchObject({ accepted: true });
    expect(await calcJson('coupon', '--coupon', 'voucher', '--value', '100', '--eligible-total', '612', '--purchase-discount', '0.83')).toMatchObject({ usable: true, payable: '407.96' });
  });
});
