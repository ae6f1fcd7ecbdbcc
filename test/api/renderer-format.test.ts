import { describe, expect, it } from 'vitest';
import { addDecimals, formatDecimal, formatMoney, isNegative, isZero, roundDecimal } from '../../renderer/src/format.js';
import { sideOf, statusOf } from '../../renderer/src/markers.js';
import type { MismatchView } from '../../main/api/contract.js';

describe('amounts are shown as the text they are, with the locale separators', () => {
  it.each([
    ['1234567.12345678', 'en', '1,234,567.12345678'],
    ['1234567.12345678', 'zh-CN', '1,234,567.12345678'],
    ['-2058.55', 'en', '-2,058.55'],
    ['0.03074227', 'en', '0.03074227'],
    ['646.50', 'en', '646.50'],
    ['12', 'en', '12'],
    ['999', 'en', '999'],
    ['1000', 'en', '1,000'],
    // Beyond 2^53: a JS number would print 12345678901234567000.
    ['12345678901234567890.10', 'en', '12,345,678,901,234,567,890.10'],
    ['1234.5', 'de-DE', '1.234,5'],
    ['-1234567.891', 'fr-FR', '-1\u202f234\u202f567,891'],
  ])('%s in %s → %s', (text, locale, shown) => {
    expect(formatDecimal(text, locale)).toBe(shown);
  });

  it('leaves what is not a decimal alone and shows nothing for null', () => {
    expect(formatDecimal('—', 'en')).toBe('—');
    expect(formatDecimal(null, 'en')).toBe('');
  });

  it('knows zero and negative from the text', () => {
    expect(isZero('0.00000000')).toBe(true);
    expect(isZero('-0.00')).toBe(true);
    expect(isZero('0.00000001')).toBe(false);
    expect(isNegative('-5.00')).toBe(true);
    expect(isNegative('-0.00')).toBe(false);
  });
});

describe('ledger amounts: 2 decimals, half away from zero, by digits', () => {
  it.each([
    ['1494.00000000', '1494.00'],
    ['12.33926000', '12.34'],
    ['0.22666666', '0.23'],
    ['-18.26', '-18.26'],
    ['-0.005', '-0.01'],
    ['-0.00499999', '0.00'],
    ['999.995', '1000.00'],
    ['7', '7.00'],
    // Beyond 2^53, where a float would already have lost the cents.
    ['12345678901234567.895', '12345678901234567.90'],
  ])('%s → %s', (text, rounded) => {
    expect(roundDecimal(text, 2)).toBe(rounded);
  });

  it('groups thousands in the language and keeps non-figures as they are', () => {
    expect(formatMoney('1494.00000000', 'en')).toBe('1,494.00');
    expect(formatMoney('-143.55', 'zh-CN')).toBe('-143.55');
    expect(formatMoney(null, 'en')).toBe('');
  });

  it('adds decimal texts exactly, whatever their decimals', () => {
    expect(addDecimals('8.07', '-18.26000000')).toBe('-10.19000000');
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('-5.00000000', '12.33926')).toBe('7.33926000');
    expect(addDecimals('99999999999999999.99', '0.01')).toBe('100000000000000000.00');
  });
});

describe('which bills carry a mismatch, and its review status, in words', () => {
  const base: MismatchView = {
    id: 'x',
    month: '2025-03',
    category: 'missing',
    explained: false,
    key: {},
    against: 'consumption',
    fee: '0.00000000',
    consumption: '0.00000000',
    difference: '0.00000000',
    status: 'open',
    comment: null,
    reviewedBy: null,
    reviewedAt: null,
    reopenedBecause: null,
    note: null,
    feeSources: [],
    consumptionSources: [],
  };
  it('only on the fee bill, only on the consumption bill, on both with different amounts, against the rating', () => {
    expect(sideOf({ ...base, fee: '12.33926000', feeSources: ['fee.csv:3'] }).label).toBe('onlyFee');
    expect(sideOf({ ...base, consumption: '5.00000000', consumptionSources: ['c.csv:9'] }).label).toBe('onlyConsumption');
    expect(sideOf({ ...base, fee: '77.17999773', consumption: '76.95333107', feeSources: ['f:3'], consumptionSources: ['c:2'] }).label).toBe('changed');
    expect(sideOf({ ...base, category: 'rating', against: 'rated', fee: '700.00', consumption: '718.26' }).label).toBe('vsRating');
  });

  it('open and unexplained is what is left to do; explained categories and reviewed rows are not', () => {
    expect(statusOf(base)).toEqual({ label: 'open', tone: 'todo' });
    expect(statusOf({ ...base, category: 'prepaidTiming', explained: true })).toEqual({ label: 'autoExplained', tone: 'auto' });
    expect(statusOf({ ...base, status: 'explained' })).toEqual({ label: 'explainedStatus', tone: 'done' });
    expect(statusOf({ ...base, status: 'accepted' })).toEqual({ label: 'accepted', tone: 'done' });
  });
});
