import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/db.js';
import { builtinTiwCatalog } from '../../main/core/catalog/tiw-catalog.js';
import { loadAccountFile, parseAccountFile, purchasesFromBill, resolveAccount, saveAccountFile } from '../../main/core/rating/account.js';
import { addFeeLines, tiwMonthlyFeeLine } from './fixtures.js';

const catalog = builtinTiwCatalog();

const FILE = JSON.stringify({
  trialStart: '2025-02-10',
  monthlyFee: [{ date: '2025-02-20', months: 2 }],
  packages: [
    { package: 'basic-1.0', date: '2025-02-21', quantity: 1 },
    { package: '基础版2.0', date: '2025-03-05', quantity: 3 },
    { package: 'Enterprise 1.0', date: '2025-03-06' },
  ],
});

describe('the account file', () => {
  it('accepts package ids, Chinese and English names; quantity defaults to 1', () => {
    const a = parseAccountFile(FILE, 'account.json', catalog);
    expect(a.trialStart).toBe('2025-02-10');
    expect(a.monthlyFee).toEqual([{ date: '2025-02-20', months: 2, source: 'account.json:monthlyFee[0]' }]);
    expect(a.packages.map((p) => [p.package, p.quantity])).toEqual([
      ['basic-1.0', 1],
      ['basic-2.0', 3],
      ['enterprise-1.0', 1],
    ]);
  });

  it('errors name the file, the JSON path and the reason', () => {
    expect(() => parseAccountFile('{"monthlyFee":[{"date":"2025-02-30","months":1}]}', 'a.json', catalog)).toThrow(
      /a\.json: monthlyFee\.0\.date: must be a real date YYYY-MM-DD/,
    );
    expect(() => parseAccountFile('{"packages":[{"package":"gold-9","date":"2025-02-01"}]}', 'a.json', catalog)).toThrow(
      /a\.json: packages\.0\.package: unknown package 'gold-9'/,
    );
    expect(() => parseAccountFile('{"monthlyFee":[{"date":"2025-02-01","months":0}]}', 'a.json', catalog)).toThrow(/monthlyFee\.0\.months/);
    expect(() => parseAccountFile('{"trial":"2025-02-01"}', 'a.json', catalog)).toThrow(/a\.json: .*trial/);
    expect(() => parseAccountFile('{', 'a.json', catalog)).toThrow(/a\.json: not valid JSON/);
  });

  it('is stored and read back; saving again replaces it', () => {
    const { db } = tempDb();
    saveAccountFile(db, parseAccountFile(FILE, 'account.json', catalog), 'account.json', '2025-04-01T00:00:00Z');
    expect(loadAccountFile(db)).toMatchObject({ trialStart: '2025-02-10', fileName: 'account.json', monthlyFee: [{ date: '2025-02-20', months: 2 }] });
    saveAccountFile(db, parseAccountFile('{"trialStart":null}', 'b.json', catalog), 'b.json');
    expect(loadAccountFile(db)).toMatchObject({ trialStart: null, fileName: 'b.json', monthlyFee: [], packages: [] });
  });
});

describe('purchases from the fee bill', () => {
  const billLines = [
    tiwMonthlyFeeLine(),
    {
      product: '互动白板',
      subProduct: '互动白板-资源包',
      payMode: '包年包月',
      actionType: '包年包月新购',
      payTime: '2025-03-02T10:00:00+08:00',
      componentName: '基础版1.0',
      usage: '2',
      discountedTotal: '2100.00000000',
      billMonth: '2025-03',
    },
    {
      product: '互动白板',
      subProduct: '互动白板-月功能费',
      payMode: '包年包月',
      actionType: '包年包月退款',
      payTime: '2025-03-03T10:00:00+08:00',
      componentName: '互动白板月功能费',
      duration: '1',
      durationUnit: '月',
      discountedTotal: '-700.00000000',
      billMonth: '2025-03',
    },
    { product: '云服务器CVM', payMode: '包年包月', actionType: '包年包月新购', payTime: '2025-03-01T09:00:00+08:00', discountedTotal: '1.00', billMonth: '2025-03' },
  ];

  it('新购/续费 lines of 月功能费 and 资源包 are purchases; refunds and other products are not', () => {
    const { db } = tempDb();
    addFeeLines(db, billLines);
    const p = purchasesFromBill(db, catalog);
    expect(p.monthlyFee.map(({ date, months }) => ({ date, months }))).toEqual([{ date: '2025-03-01', months: 1 }]);
    expect(p.packages.map(({ package: id, date, quantity }) => ({ id, date, quantity }))).toEqual([{ id: 'basic-1.0', date: '2025-03-02', quantity: 2 }]);
    expect(p.monthlyFee[0]!.source).toMatch(/^fee-detail\.test:2$/);
  });

  it('the bill wins where it has purchases; the file supplies the trial and whatever the bill lacks', () => {
    const { db } = tempDb();
    saveAccountFile(db, parseAccountFile(FILE, 'account.json', catalog), 'account.json');
    expect(resolveAccount(db, catalog).from).toEqual({ trialStart: 'file', monthlyFee: 'file', packages: 'file' });
    addFeeLines(db, [billLines[0]!]);
    const a = resolveAccount(db, catalog);
    expect(a.from).toEqual({ trialStart: 'file', monthlyFee: 'bill', packages: 'file' });
    expect(a.monthlyFee.map((m) => m.date)).toEqual(['2025-03-01']);
    expect(a.packages).toHaveLength(3);
    expect(a.trialStart).toBe('2025-02-10');
  });

  it('a package line that does not say which package is a note, not a guess', () => {
    const { db } = tempDb();
    addFeeLines(db, [{ ...billLines[1]!, componentName: '资源包', subProduct: '互动白板-资源包' }]);
    const p = purchasesFromBill(db, catalog);
    expect(p.packages).toEqual([]);
    expect(p.notes[0]).toMatch(/fee-detail\.test:2: resource package purchase that does not name the package/);
  });
});
