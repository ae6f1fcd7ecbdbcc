import { describe, expect, it } from 'vitest';
import { CALCULATORS, CalcFieldError, findCalculator, runCalculator, type CalcInputs } from '../../main/core/calc/calculators.js';

function run(id: string, inputs: CalcInputs) {
  const calc = findCalculator(id);
  if (!calc) throw new Error(`no calculator ${id}`);
  return runCalculator(calc, inputs);
}

function fieldError(id: string, inputs: CalcInputs): CalcFieldError {
  try {
    run(id, inputs);
  } catch (err) {
    if (err instanceof CalcFieldError) return err;
    throw err;
  }
  throw new Error('expected a field error');
}

describe('the calculator table (one definition for the CLI and the UI)', () => {
  it('every calculator has a title, fields with a kind, and no two fields of one calculator share a name', () => {
    expect(CALCULATORS.map((c) => c.id)).toEqual([
      'cvm-refund', 'upgrade', 'cvm-downgrade', 'bandwidth-switch', 'trtc-refund', 'meeting-order', 'meeting-change', 'meeting-renewal', 'meeting-refund',
      'tiw-validity', 'account', 'bank-transfer', 'invoiceable-transfer', 'vat', 'top-up', 'coupon', 'freeze', 'payg-freeze', 'arrears-stages',
    ]);
    for (const c of CALCULATORS) {
      expect(c.title).not.toBe('');
      expect(new Set(c.fields.map((f) => f.name)).size).toBe(c.fields.length);
    }
  });

  it('a field name shared by calculators takes the same kind of CLI flag in each (one parseArgs table serves all)', () => {
    const flagKind = (k: string) => (k === 'boolean' ? 'boolean' : k === 'list' ? 'list' : 'string');
    const seen = new Map<string, string>();
    for (const c of CALCULATORS)
      for (const f of c.fields) {
        const before = seen.get(f.name);
        if (before !== undefined) expect(`${f.name}: ${flagKind(f.kind)}`).toBe(`${f.name}: ${before}`);
        seen.set(f.name, flagKind(f.kind));
      }
    expect(seen.get('paid')).toBe('string');
  });

  it('SPEC CVM refund from form texts: terms in order, 387.80 paid back as gift', () => {
    const o = run('cvm-refund', { paid: '407.96', hourly: '0.42', hours: '48', 'first-refund': '' });
    expect(o.result).toMatchObject({ name: 'refund', value: '387.80' });
    expect(o.terms.map((t) => [t.name, t.value])).toEqual([
      ['paid', '407.96'],
      ['unstarted', '0.00'],
      ['upgradeRefund', '0.00'],
      ['monthsValue', '0.00'],
      ['hoursValue', '20.16'],
      ['bandwidthValue', '0.00'],
      ['usedValue', '20.16'],
      ['unfloored', '387.80'],
    ]);
    expect(o.terms.find((t) => t.name === 'hoursValue')?.expression).toBe('0.42 × 48');
    expect(o.json).toMatchObject({ refund: '387.80', paidBackAs: 'gift' });
  });

  it('a form checkbox "true" is the CLI flag: first refund returns the full 407.96 as cash', () => {
    const o = run('cvm-refund', { paid: '407.96', hourly: '0.42', hours: '48', 'first-refund': 'true' });
    expect(o.result.value).toBe('407.96');
    expect(o.json.paidBackAs).toBe('cash');
  });

  it('a list field takes one text separated by commas or new lines, the same as repeated flags', () => {
    const typed = run('meeting-order', { item: 'business-account:10,\nrooms:2', years: '2' });
    const flags = run('meeting-order', { item: ['business-account:10', 'rooms:2'], years: '2' });
    expect(typed.json).toEqual(flags.json);
    expect(typed.result.value).toBe('41800.00');
    expect(typed.terms.map((t) => t.value)).toEqual(['27800.00', '14000.00']);
  });

  it('TRTC: unit price 8 dp on the 25,000 boundary, refund 332.00', () => {
    const o = run('trtc-refund', { paid: '500', 'used-minutes': '25000', discount: '' });
    expect(o.terms.map((t) => [t.name, t.value])).toEqual([
      ['paid', '500.00'],
      ['unitPrice', '0.00672000'],
      ['discount', '1'],
      ['usedValue', '168.00'],
      ['unfloored', '332.00'],
    ]);
    expect(o.result.value).toBe('332.00');
    expect(o.currency).toBe('CNY');
  });

  it.each([
    ['trtc-refund', { paid: 'abc', 'used-minutes': '1' }, 'paid', '"abc" is not a number'],
    ['trtc-refund', { paid: '1', 'used-minutes': '-5' }, 'used-minutes', 'must not be negative, got -5'],
    ['trtc-refund', { paid: '1' }, 'used-minutes', 'is required'],
    ['trtc-refund', { paid: '1', 'used-minutes': '   ' }, 'used-minutes', 'is required'],
    ['trtc-refund', { paid: '1', 'used-minutes': '1', cash: '3' }, 'cash', 'is not an input'],
    ['upgrade', { 'old-monthly': '1', 'new-monthly': '2', from: '2025-02-30', to: '2025-04-01', discounts: '1:1' }, 'from', 'not a day of the calendar'],
    ['upgrade', { 'old-monthly': '1', 'new-monthly': '2', from: '2025-05-01', to: '2025-04-01', discounts: '1:1' }, 'to', 'must be after'],
    ['meeting-order', { item: 'nope:1', years: '1' }, 'item', 'unknown item "nope"'],
    ['meeting-order', { item: 'rooms:1', months: '1' }, 'months', 'sold by the year only'],
    ['meeting-order', { item: 'rooms:1', years: '1', months: '1' }, 'months', 'exactly one'],
    ['meeting-refund', { paid: '1', 'used-days': '400', 'total-days': '365' }, 'used-days', '400 days used is more than the 365 days'],
    ['tiw-validity', { purchase: '2025-03-30:1, 2025-02-01:1' }, 'purchase', 'earlier than the purchase before it'],
    ['cvm-refund', { paid: '1', hourly: '1', hours: '1', 'first-refund': 'maybe' }, 'first-refund', 'not yes or no'],
    ['cvm-refund', { paid: '1', hourly: '1', hours: '1', 'upgrade-paid': '5' }, 'upgrade-days-left', 'needs both'],
  ] as const)('%s %j: field %s, %s', (id, inputs, field, reason) => {
    const e = fieldError(id, inputs);
    expect(e.field).toBe(field);
    expect(e.reason).toContain(reason);
    expect(e.message).toBe(`${field}: ${e.reason}`);
  });
});
