import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tempDb } from '../helpers/db.js';
import { builtinTiwCatalog, entryOn, parseTiwCatalog, resolvePackageId, unitPriceOf } from '../../main/core/catalog/tiw-catalog.js';
import { activeTiwCatalog, activeUserCatalog, importUserCatalog, resetUserCatalog } from '../../main/core/catalog/user-catalogs.js';

const BUILTIN_TEXT = readFileSync(new URL('../../main/core/catalog/tiw-intl-usd.json', import.meta.url), 'utf8');

function variant(edit: (c: { currency: string; version: string; entries: Record<string, unknown>[] }) => void): string {
  const c = JSON.parse(BUILTIN_TEXT);
  edit(c);
  return JSON.stringify(c);
}

describe('the built-in whiteboard catalog', () => {
  const c = builtinTiwCatalog();

  it('carries the SPEC §4 list prices, quotas and packages, in USD, with a source note', () => {
    expect(c.currency).toBe('USD');
    expect(c.source).toMatch(/ASSUMPTION, 1:8 for usage days before 2024-01-01/);
    const e = entryOn(c, '2025-03-01');
    expect(e.monthlyFee).toEqual({ amount: '100.00', currency: 'USD' });
    expect(e.freeQuota).toEqual({ whiteboard: '10000', recording: '1000', transcode: '15000' });
    expect(e.packages.map((p) => [p.id, p.whiteboard, p.transcode, p.recording, p.price.amount])).toEqual([
      ['platinum-1.0', '240000000', '12000000', '60000000', '101170.00'],
      ['platinum-2.0', '120000000', '3600000', '120000', '50610.00'],
      ['enterprise-1.0', '24000000', '600000', '2400000', '10120.00'],
      ['enterprise-2.0', '12000000', '120000', '120000', '5060.00'],
      ['advanced-1.0', '2400000', '240000', '2400000', '1493.00'],
      ['advanced-2.0', '1200000', '120000', '120000', '510.00'],
      ['basic-1.0', '240000', '120000', '120000', '150.00'],
      ['basic-2.0', '60000', '12000', '12000', '43.00'],
    ]);
    expect(unitPriceOf(e, 'whiteboard').toString()).toBe('0.0015');
    expect(unitPriceOf(e, 'transcode').toString()).toBe('0.00038');
    expect(unitPriceOf(e, 'recording').toString()).toBe('0.007');
    expect(unitPriceOf(e, 'mixedStream').toString()).toBe('0');
    // Dynamic pages at the static price through the 1:39 conversion: 14.82 per 1,000 dynamic pages, never "15".
    expect(unitPriceOf(e, 'transcode').times(e.dynamicTranscodeRatio).times(1000).toFixed(2)).toBe('14.82');
  });

  it('the entry in force on the usage day: later entries inherit what they do not change', () => {
    expect(entryOn(c, '2023-12-31').dynamicTranscodeRatio).toBe('8');
    expect(entryOn(c, '2024-01-01').dynamicTranscodeRatio).toBe('39');
    expect(entryOn(c, '2024-01-01').packages).toHaveLength(8);
    expect(() => entryOn(c, '2019-01-01')).toThrow(/has no prices for 2019-01-01 \(its first entry starts 2019-09-19\)/);
  });

  it('package names: ids, Chinese and English', () => {
    expect(resolvePackageId(c, '基础版1.0')).toBe('basic-1.0');
    expect(resolvePackageId(c, 'Platinum 2.0')).toBe('platinum-2.0');
    expect(resolvePackageId(c, 'advanced-1.0')).toBe('advanced-1.0');
    expect(resolvePackageId(c, 'gold')).toBeUndefined();
  });
});

describe('catalog validation names the file, the JSON path and the reason', () => {
  it.each([
    ['a price in another currency', (x: { entries: Record<string, unknown>[] }) => (x.entries[0]!.monthlyFee = { amount: '100.00', currency: 'CNY' }), /entries\[0\]\.monthlyFee\.currency is CNY but the catalog is in USD/],
    ['entries out of order', (x: { entries: Record<string, unknown>[] }) => (x.entries[1]!.effectiveFrom = '2019-01-01'), /entries\[1\]\.effectiveFrom 2019-01-01 must be after 2019-09-19/],
    ['a date that does not exist', (x: { entries: Record<string, unknown>[] }) => (x.entries[1]!.effectiveFrom = '2024-02-30'), /entries\[1\]\.effectiveFrom: must be a real date/],
    ['a negative price', (x: { entries: Record<string, unknown>[] }) => (x.entries[1]!.monthlyFee = { amount: '-1', currency: 'USD' }), /entries\[1\]\.monthlyFee\.amount: must be a non-negative decimal/],
    ['an unknown setting', (x: { entries: Record<string, unknown>[] }) => (x.entries[1]!.recordingRule = 'x'), /entries\[1\]: .*recordingRule/],
    ['an unknown package', (x: { entries: Record<string, unknown>[] }) => ((x.entries[0]!.packages as { id: string }[])[0]!.id = 'gold'), /entries\[0\]\.packages\.0\.id/],
  ])('%s', (_name, edit, message) => {
    expect(() => parseTiwCatalog(variant(edit), 'negotiated.json')).toThrow(message);
    expect(() => parseTiwCatalog(variant(edit), 'negotiated.json')).toThrow(/^negotiated\.json: /);
  });

  it('not JSON', () => {
    expect(() => parseTiwCatalog('{"catalog":', 'x.json')).toThrow(/x\.json: not valid JSON/);
  });
});

describe('user catalogs', () => {
  it('an imported catalog replaces the list prices until reset; its text and sha256 are kept', () => {
    const { db } = tempDb();
    expect(activeTiwCatalog(db).origin).toBe('builtin');
    const text = variant((x) => {
      x.version = 'acme-negotiated-2025';
      x.entries.push({ effectiveFrom: '2025-01-01', postpaid: { ...(x.entries[0]!.postpaid as object), whiteboard: { price: { amount: '1.20', currency: 'USD' }, per: '1000' } } });
    });
    importUserCatalog(db, text, 'acme.json');
    const c = activeTiwCatalog(db);
    expect([c.version, c.origin]).toEqual(['acme-negotiated-2025', 'user']);
    expect(unitPriceOf(entryOn(c, '2025-03-01'), 'whiteboard').toString()).toBe('0.0012');
    expect(unitPriceOf(entryOn(c, '2024-12-31'), 'whiteboard').toString()).toBe('0.0015');
    expect(activeUserCatalog(db)).toMatchObject({ version: 'acme-negotiated-2025', fileName: 'acme.json', sha256: c.sha256 });
    resetUserCatalog(db);
    expect(activeTiwCatalog(db).version).toBe('tiw-intl-usd-2025.1');
  });

  it('an invalid user catalog is refused and the active one stays', () => {
    const { db } = tempDb();
    expect(() => importUserCatalog(db, '{"catalog":"tiw"}', 'bad.json')).toThrow(/bad\.json: /);
    expect(activeTiwCatalog(db).origin).toBe('builtin');
  });
});
