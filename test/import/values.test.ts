import { describe, expect, it } from 'vitest';
import { parseDecimal, parseMonth, parseTime, parseInteger } from '../../main/core/import/values.js';

describe('amounts are parsed exactly or rejected', () => {
  it.each([
    ['-80.43264806', '-80.43264806'],
    ['1,234.50', '1234.50'],
    ['¥1,234,567.00000001', '1234567.00000001'],
    ['￥-3.2', '-3.2'],
    ['-¥3.20', '-3.20'],
    ['US$ 0.38', '0.38'],
    ['.5', '0.5'],
    ['7.', '7'],
    ['1.5E-7', '0.00000015'],
    ['-0.00', '0.00'],
    ['  42 ', '42'],
  ])('%s → %s', (text, exact) => expect(parseDecimal(text)).toBe(exact));

  it.each(['-', '', '  ', '--'])('"%s" is no value', (t) => expect(parseDecimal(t)).toBeNull());

  it.each([
    ['1.234,50', /ambiguous/],
    ['12,34', /ambiguous/],
    ['(5.00)', /not a number/],
    ['5%', /percentage/],
    ['12abc', /not a number/],
    ['--5', /not a number|two signs/],
  ])('rejects %s', (text, reason) => expect(() => parseDecimal(text)).toThrow(reason));

  it('whole numbers', () => {
    expect(parseInteger('17969')).toBe(17969);
    expect(() => parseInteger('1.5')).toThrow(/whole number/);
  });
});

describe('times are the vendor local time (UTC+8) and stored unambiguously', () => {
  it('reads a local time as Beijing time', () => {
    expect(parseTime('2023-07-07 16:14:21')).toEqual({ text: '2023-07-07T16:14:21+08:00', ms: Date.UTC(2023, 6, 7, 8, 14, 21) });
  });
  it('converts ISO 8601 with an offset', () => {
    expect(parseTime('2025-03-01T00:30:00Z')!.text).toBe('2025-03-01T08:30:00+08:00');
    expect(parseTime('2025-03-01T00:30:00+08:00')!.text).toBe('2025-03-01T00:30:00+08:00');
    expect(parseTime('2025-02-28T20:00:00-05:00')!.text).toBe('2025-03-01T09:00:00+08:00');
  });
  it('rejects impossible dates', () => {
    expect(() => parseTime('2025-02-29 00:00:00')).toThrow(/2025-02-29 does not exist/);
    expect(parseTime('2024-02-29 00:00:00')!.text).toBe('2024-02-29T00:00:00+08:00');
    expect(() => parseTime('2025-13-01')).toThrow(/month 13/);
    expect(() => parseTime('2025-01-01 24:00:00')).toThrow(/time of day/);
  });
  it('months', () => {
    expect(parseMonth('2025-03')).toBe('2025-03');
    expect(parseMonth('202503')).toBe('2025-03');
    expect(parseMonth('2025-03-01')).toBe('2025-03');
    expect(parseMonth('2025年3月')).toBe('2025-03');
    expect(() => parseMonth('2025-00')).toThrow(/month 0/);
  });
});
