import { describe, expect, it } from 'vitest';
import { formatDecimal, isNegative, isZero } from '../../renderer/src/format.js';
import { marker } from '../../renderer/src/markers.js';
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

describe('daff-style gutter markers', () => {
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
  it('--- only in the fee bill, +++ only in the consumption bill, -> both with different amounts', () => {
    expect(marker({ ...base, fee: '12.33926000', feeSources: ['fee.csv:3'] }).symbol).toBe('---');
    expect(marker({ ...base, consumption: '5.00000000', consumptionSources: ['c.csv:9'] }).symbol).toBe('+++');
    expect(marker({ ...base, fee: '77.17999773', consumption: '76.95333107', feeSources: ['f:3'], consumptionSources: ['c:2'] }).kind).toBe('changed');
  });
});
