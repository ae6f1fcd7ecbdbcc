import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tempDb } from '../helpers/db.js';
import type { Db } from '../../main/core/store/index.js';
import { importUserCatalog } from '../../main/core/catalog/user-catalogs.js';
import { setExchangeRate } from '../../main/core/rating/compare.js';
import { listRatingRuns, mismatchesOf, rateTiwMonth, ratingMismatches, tiwRatingJson } from '../../main/core/rating/run.js';
import type { TiwValidity, ValidityRule } from '../../main/core/rating/validity.js';
import { mismatchId } from '../../main/core/report/mismatch.js';
import { addFeeLines, addSessions, addTranscodes, addVideos, tiwMonthlyFeeLine, tiwUsageLine } from './fixtures.js';

/** Explicit periods: the validity rule is its own module's subject. */
const marchFee: ValidityRule = () => ({ trial: null, feeMonths: [{ from: '2025-03-01', until: '2025-04-01' }] });

const MONTHLY_FEE_LINE = tiwMonthlyFeeLine();

/**
 * March 2025: one participant on the whiteboard from 2 to 9 March (1,440 min a day: the 10,000 free
 * minutes run out on the 8th after 1,360), 15,000 static pages then a 16-page dynamic PPT (624),
 * the SPEC recording (110 min), a 40-minute class on the 31st.
 */
function march(db: Db): void {
  addSessions(db, [
    ['r1', 'u1', '2025-03-02 00:00:00', '2025-03-09 00:00:00'],
    ['r2', 'teacher', '2025-03-31 10:00:00', '2025-03-31 10:40:00'],
  ]);
  addTranscodes(db, [
    { day: '2025-03-10', pages: 15_000, mode: 'static' },
    { day: '2025-03-11', pages: 16, mode: 'dynamic' },
  ]);
  addVideos(db, [
    { day: '2025-03-03', ms: 2_400_000, type: 0 },
    { day: '2025-03-03', ms: 1_800_000, type: 0 },
    { day: '2025-03-03', ms: 2_400_000, type: 2 },
  ]);
  addFeeLines(db, [
    MONTHLY_FEE_LINE,
    tiwUsageLine('whiteboard', '2025-03-08', '0.84000000'), // 80 min × 0.0015 = 0.12 USD × 7 = 0.84
    tiwUsageLine('transcode', '2025-03-11', '1.70000000'), // we rate 624 × 0.00038 = 0.23712 USD × 7 = 1.65984 → 1.66
    tiwUsageLine('recording', '2025-03-12', '0.50000000'), // nothing recorded that day
    tiwUsageLine('whiteboard', '2025-03-31', '0.42000000', '2025-04'), // deducted 1 April (deduction-period bill): still March usage
  ]);
}

describe('rating a month against the fee bill', () => {
  it('the catalog in USD, the bill in CNY: without the month’s exchange rate it stops and says what is missing', () => {
    const { db } = tempDb();
    march(db);
    expect(() => rateTiwMonth(db, '2025-03', { validityRule: marchFee })).toThrow(
      /no USD→CNY exchange rate for 2025-03: the catalog tiw-intl-usd-2025\.1 is in USD and the fee bill's whiteboard lines are in CNY/,
    );
  });

  it('rates per day and item, converts at the given rate and lists each difference as a rating mismatch', () => {
    const { db } = tempDb();
    march(db);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const r = rateTiwMonth(db, '2025-03', { validityRule: marchFee, record: true, now: '2025-04-02T00:00:00Z' });
    const j = tiwRatingJson(r);
    expect(j.account.from).toEqual({ trialStart: 'none', monthlyFee: 'bill', packages: 'none' });
    expect(j.items.whiteboard).toMatchObject({ usage: 7 * 1440 + 40, free: 10_000, postpaid: 120, exactCost: '0.18000000', cost: '0.18' });
    expect(j.items.transcode).toMatchObject({ usage: 15_624, free: 15_000, postpaid: 624, exactCost: '0.23712000', cost: '0.24' });
    expect(j.items.recording).toMatchObject({ usage: 110, free: 110, postpaid: 0, cost: '0.00' });
    expect(j.days.find((d) => d.date === '2025-03-08' && d.item === 'whiteboard')).toEqual({
      date: '2025-03-08', item: 'whiteboard', usage: 1440, trial: 0, free: 1360, package: 0, packages: [], postpaid: 80, exactCost: '0.12000000', cost: '0.12',
    });
    expect(j.vsBill).toMatchObject({
      billed: '703.46',
      rated: '702.92',
      difference: '0.54',
      currency: 'CNY',
      exchangeRate: { from: 'USD', to: 'CNY', rate: '7' },
    });
    const m = mismatchesOf(r);
    expect(m.map((x) => [x.key.item, x.key.date, x.fee, x.consumption, x.difference])).toEqual([
      ['transcode', '2025-03-11', '1.70', '1.66', '0.04'],
      ['recording', '2025-03-12', '0.50', '0.00', '0.50'],
    ]);
    expect(m[0]).toMatchObject({
      id: mismatchId('2025-03', 'rating', { product: 'tiw', item: 'transcode', date: '2025-03-11' }),
      category: 'rating',
      against: 'rated',
      explained: false,
      status: 'open',
      feeSources: ['fee-detail.test:4'],
    });
    // Stable ids: a second computation gives the same mismatches.
    expect(ratingMismatches(db, '2025-03', marchFee).map((x) => x.id)).toEqual(m.map((x) => x.id));
    expect(listRatingRuns(db, '2025-03')).toMatchObject([
      { month: '2025-03', catalogVersion: 'tiw-intl-usd-2025.1', catalogOrigin: 'builtin', currency: 'USD', billCurrency: 'CNY', exchangeRate: '7' },
    ]);
  });

  it('a month-aggregated bill line is compared per item and month', () => {
    const { db } = tempDb();
    march(db);
    addFeeLines(db, [{ ...tiwUsageLine('whiteboard', '2025-03-01', '0.00'), usageEnd: '2025-03-31T23:59:59+08:00', aggregated: true }]);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const lines = tiwRatingJson(rateTiwMonth(db, '2025-03', { validityRule: marchFee })).vsBill.lines;
    expect(lines.find((l) => l.key.item === 'whiteboard')).toMatchObject({ key: { item: 'whiteboard', month: '2025-03' }, billed: '1.26', rated: '1.26', difference: '0.00' });
  });

  it('a daily line written as [00:00, next day 00:00) is still compared per day', () => {
    const { db } = tempDb();
    march(db);
    addFeeLines(db, [{ ...tiwUsageLine('whiteboard', '2025-03-07', '0.00'), usageEnd: '2025-03-08T00:00:00+08:00' }]);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const lines = tiwRatingJson(rateTiwMonth(db, '2025-03', { validityRule: marchFee })).vsBill.lines;
    expect(lines.filter((l) => l.key.item === 'whiteboard').map((l) => l.key.date)).toEqual(['2025-03-07', '2025-03-08', '2025-03-31']);
  });

  it('a negotiated catalog in the bill’s currency needs no rate; its version is recorded with the run', () => {
    const { db } = tempDb();
    march(db);
    const c = JSON.parse(readFileSync(new URL('../../main/core/catalog/tiw-intl-usd.json', import.meta.url), 'utf8'));
    const cny = JSON.parse(JSON.stringify(c).replaceAll('"USD"', '"CNY"'));
    cny.version = 'acme-cny-2025';
    cny.entries[0].monthlyFee.amount = '700.00';
    cny.entries[0].postpaid.whiteboard.price.amount = '10.50';
    cny.entries[0].postpaid.transcode.price.amount = '2.66';
    importUserCatalog(db, JSON.stringify(cny), 'acme.json');
    const r = rateTiwMonth(db, '2025-03', { validityRule: marchFee, record: true });
    expect(r.comparison!.exchangeRate).toBeNull();
    expect(mismatchesOf(r).map((x) => [x.key.item, x.difference])).toEqual([
      ['transcode', '0.04'],
      ['recording', '0.50'],
    ]);
    expect(listRatingRuns(db)[0]).toMatchObject({ catalogVersion: 'acme-cny-2025', catalogOrigin: 'user', currency: 'CNY', exchangeRate: null });
  });

  it('no whiteboard lines in the bill: rated, nothing compared, no rate asked for', () => {
    const { db } = tempDb();
    addSessions(db, [['r', 'u', '2025-03-03 10:00:00', '2025-03-03 10:40:00']]);
    const r = rateTiwMonth(db, '2025-03', { validityRule: marchFee });
    expect(r.comparison).toBeNull();
    expect(mismatchesOf(r)).toEqual([]);
    expect(tiwRatingJson(r).items.whiteboard).toMatchObject({ usage: 40, free: 40 });
    expect(tiwRatingJson(r).vsBill).toMatchObject({ billed: null, rated: null, difference: null, note: 'no whiteboard lines in the imported fee bills for 2025-03: nothing to compare' });
    // For the month's mismatch list: no account, rule or rate is needed when there is nothing to compare.
    expect(ratingMismatches(db, '2025-03')).toEqual([]);
  });

  it('usage while no monthly fee is valid is listed as serviceStopped, not rated', () => {
    const { db } = tempDb();
    addSessions(db, [['r', 'u', '2025-04-02 10:00:00', '2025-04-02 10:40:00']]);
    const j = tiwRatingJson(rateTiwMonth(db, '2025-04', { validityRule: marchFee }));
    expect(j.serviceStopped).toEqual([{ date: '2025-04-02', item: 'whiteboard', usage: 40 }]);
    expect(j.items.whiteboard.usage).toBe(0);
  });

  it('a package bought in the month is compared with its catalog price; the trial draws on nothing', () => {
    const { db } = tempDb();
    const trialThenFee: ValidityRule = (): TiwValidity => ({
      trial: { from: '2025-03-01', until: '2025-03-16' },
      feeMonths: [{ from: '2025-03-16', until: '2025-04-16' }],
    });
    addSessions(db, [['r', 'u', '2025-03-10 00:00:00', '2025-03-10 10:00:00']]);
    addFeeLines(db, [{ ...MONTHLY_FEE_LINE, subProduct: '互动白板-资源包', componentName: '基础版2.0', usage: '1', duration: null, discountedTotal: '301.00', payTime: '2025-03-05T09:00:00+08:00' }]);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const r = rateTiwMonth(db, '2025-03', { validityRule: trialThenFee });
    const j = tiwRatingJson(r);
    expect(j.items.whiteboard).toMatchObject({ usage: 600, trial: 600, free: 0, postpaid: 0 });
    expect(j.items.whiteboard.packages).toEqual([{ package: 'basic-2.0', purchased: '2025-03-05', expires: '2026-03-05', used: 0, left: 60_000 }]);
    expect(j.vsBill).toMatchObject({ billed: '301.00', rated: '301.00', difference: '0.00' }); // 43.00 USD × 7
  });
});
