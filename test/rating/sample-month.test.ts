import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { setExchangeRate } from '../../main/core/rating/compare.js';
import { loadUsage } from '../../main/core/rating/usage.js';
import { mismatchesOf, rateTiwMonth, tiwRatingJson } from '../../main/core/rating/run.js';
import type { ValidityRule } from '../../main/core/rating/validity.js';
import { tempDb } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

/** The sample bill's monthly fee (bought 1 March 2025, one month), as explicit periods. */
const marchFee: ValidityRule = () => ({ trial: null, feeMonths: [{ from: '2025-03-01', until: '2025-04-01' }] });

describe('the sample month (samples/), imported by the real importer', () => {
  it('reproduces the SPEC §4 examples from the sample files and matches the sample bill', async () => {
    const { db } = tempDb();
    for (const f of ['fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'])
      await importFile(db, join(SAMPLES, f));
    const day3 = loadUsage(db, '2025-03-03', '2025-03-04').get('2025-03-03')!;
    // Class 880528 on 3 March: teacher 40 + A 30 + B 20 = 90 minutes.
    expect(day3.whiteboard).toBe(90);
    // rec-0001: teacher 40 + student 30 + whiteboard 40 = 110 minutes; the mixed stream (40) apart.
    expect(day3.recordingMinutesPerVideo).toBe(110);
    expect(day3.mixedMinutesPerVideo).toBe(40);
    // tc-0002, the 16-page PPT transcoded dynamically: 16 × 39 = 624, plus tc-0001's 12 static pages;
    // tc-0003, the same PPT with IsStaticPPT: 16.
    expect([day3.dynamicPages, day3.staticPages]).toEqual([16, 12]);

    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const r = rateTiwMonth(db, '2025-03', { validityRule: marchFee });
    const j = tiwRatingJson(r);
    expect(j.account.from.monthlyFee).toBe('bill');
    expect(j.account.monthlyFee.map((m) => [m.date, m.months])).toEqual([['2025-03-01', 1]]);
    // The monthly fee line (700.00 CNY) against 100.00 USD × 7.
    expect(j.vsBill).toMatchObject({ billed: '700.00', rated: '700.00', difference: '0.00', currency: 'CNY' });
    expect(mismatchesOf(r)).toEqual([]);
    expect(j.serviceStopped).toEqual([]);
    expect(j.days.filter((d) => d.item === 'transcode').map((d) => [d.date, d.usage])).toEqual([
      ['2025-03-03', 624 + 12],
      ['2025-03-04', 16],
      ['2025-03-06', 30],
    ]);
    expect(j.items.transcode).toMatchObject({ usage: 682, free: 682, postpaid: 0, cost: '0.00' });
  });
});
