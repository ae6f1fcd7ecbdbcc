import { describe, expect, it } from 'vitest';
import { money } from '../../main/core/money/decimal.js';
import {
  builtinMeetingCatalog,
  builtinTrtcRefundCatalog,
  meetingListPrice,
  parseMeetingCatalog,
  parseTrtcRefundCatalog,
  trtcBandPrice,
} from '../../main/core/catalog/price-lists.js';

describe('TRTC package refund bands (SPEC §5)', () => {
  const c = builtinTrtcRefundCatalog();
  it.each([
    ['1', '0.00700000'],
    ['24999', '0.00700000'],
    ['25000', '0.00672000'],
    ['249999', '0.00672000'],
    ['250000', '0.00635200'],
    ['1000000', '0.00596800'],
    ['2999999', '0.00596800'],
    ['3000000', '0.00562934'],
  ])('%s minutes consumed → %s CNY per minute, one band for the whole amount', (minutes, price) => {
    expect(trtcBandPrice(c, '2025-03-01', money(minutes)).toFixed(8)).toBe(price);
  });

  it('bands must start at 0 and rise', () => {
    const bad = JSON.parse(JSON.stringify({ catalog: 'trtc-package-refund', version: 'x', currency: 'CNY', source: 's', entries: [{ effectiveFrom: '2020-01-01', bands: [{ fromMinutes: '10', price: { amount: '1', currency: 'CNY' } }] }] }));
    expect(() => parseTrtcRefundCatalog(JSON.stringify(bad), 'bands.json')).toThrow(/bands\.json: entries\[0\]\.bands\[0\]\.fromMinutes must be 0/);
    bad.entries[0].bands = [
      { fromMinutes: '0', price: { amount: '1', currency: 'CNY' } },
      { fromMinutes: '0', price: { amount: '1', currency: 'USD' } },
    ];
    expect(() => parseTrtcRefundCatalog(JSON.stringify(bad), 'bands.json')).toThrow(/entries\[0\]\.bands\[1\]\.price\.currency is USD but the catalog is in CNY/);
  });
});

describe('Tencent Meeting list prices (SPEC §5)', () => {
  const c = builtinMeetingCatalog();
  it('per year and per month, CNY; yearly-only items have no monthly price', () => {
    expect(meetingListPrice(c, '2025-03-01', 'pro-account', 'year')?.toFixed(2)).toBe('988.00');
    expect(meetingListPrice(c, '2025-03-01', 'pro-account', 'month')?.toFixed(2)).toBe('98.00');
    expect(meetingListPrice(c, '2025-03-01', 'business-account', 'year')?.toFixed(2)).toBe('1390.00');
    expect(meetingListPrice(c, '2025-03-01', 'large-1000', 'month')?.toFixed(2)).toBe('5888.00');
    expect(meetingListPrice(c, '2025-03-01', 'webinar-300', 'month')?.toFixed(2)).toBe('1399.00');
    expect(meetingListPrice(c, '2025-03-01', 'webinar-2000', 'year')?.toFixed(2)).toBe('76800.00');
    expect(meetingListPrice(c, '2025-03-01', 'rooms', 'month')).toBeNull();
    expect(c.entries[0]!.items).toHaveLength(26);
  });

  it('an unknown item id is refused with its path', () => {
    const text = JSON.stringify({ catalog: 'meeting', version: 'x', currency: 'CNY', source: 's', entries: [{ effectiveFrom: '2020-01-01', items: [{ id: 'gold', name: 'g', perYear: { amount: '1', currency: 'CNY' }, perMonth: null }] }] });
    expect(() => parseMeetingCatalog(text, 'm.json')).toThrow(/m\.json: entries\[0\]\.items\.0\.id/);
    expect(() => parseMeetingCatalog(text.replace('"meeting"', '"tiw"'), 'm.json')).toThrow(/catalog is 'tiw', expected 'meeting'/);
  });
});
