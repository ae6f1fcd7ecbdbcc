import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportWorkbook, recordedWhiteboardRating } from '../../main/core/export/index.js';
import { setExchangeRate } from '../../main/core/rating/compare.js';
import { rateTiwMonth } from '../../main/core/rating/run.js';
import type { ValidityRule } from '../../main/core/rating/validity.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { addFeeLines, addSessions, addVideos } from '../rating/fixtures.js';
import { openWithLibreOffice } from './libreoffice.js';

/** March's monthly fee as an explicit period: the validity rule is the rating module's subject. */
const marchFee: ValidityRule = () => ({ trial: null, feeMonths: [{ from: '2025-03-01', until: '2025-04-01' }] });

describe('Whiteboard rating sheet', () => {
  it('absent until the month is rated; then per day and item, as the recorded run rated it', async () => {
    const { db } = tempDb();
    // One participant from 2 to 9 March: 1,440 minutes a day; the 10,000 free minutes run out on the 8th after 1,360.
    addSessions(db, [['r1', 'u1', '2025-03-02 00:00:00', '2025-03-09 00:00:00']]);
    // SPEC §4: teacher's camera 40 min + student's 30 min + whiteboard 40 min = 110 recording minutes.
    addVideos(db, [
      { day: '2025-03-03', ms: 2_400_000, type: 0 },
      { day: '2025-03-03', ms: 1_800_000, type: 0 },
      { day: '2025-03-03', ms: 2_400_000, type: 2 },
    ]);
    addFeeLines(db, [{ product: '互动白板', subProduct: '互动白板-月功能费', payMode: '包年包月', actionType: '包年包月新购', payTime: '2025-03-01T09:00:00+08:00', usageStart: '2025-03-01T09:00:00+08:00', componentName: '互动白板月功能费', usage: '1', duration: '1', durationUnit: '月', priceUnit: '元/个/月', discountedTotal: '700.00000000', billMonth: '2025-03' }]);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    expect(recordedWhiteboardRating(db, '2025-03')).toBeUndefined();
    const run = rateTiwMonth(db, '2025-03', { validityRule: marchFee, record: true, now: '2025-04-02T00:00:00Z' });

    const rows = recordedWhiteboardRating(db, '2025-03')!;
    const dir = tempDir('billrecon-export-tiw-');
    const path = join(dir, 'tiw.xlsx');
    const r = await exportWorkbook(db, path, { month: '2025-03', lang: 'en', whiteboard: rows });
    expect(r.sheets).toEqual(['Summary', 'Corrected detail', 'Precision', 'Whiteboard rating']);
    const sheet = openWithLibreOffice([path]).get(path)!.get('Whiteboard rating')!;
    expect(sheet[0]).toEqual(['Day', 'Item', 'Usage', 'Trial', 'Free quota', 'Packages', 'Postpaid', 'Rated (8 dp)', 'Deducted (2 dp)', 'Currency', 'Sources']);
    const source = `rating run #${run.runId} (tiw-intl-usd-2025.1, 2025-04-02T00:00:00Z)`;
    // 80 postpaid minutes × 1.50 USD per 1,000 = 0.12.
    expect(sheet.find((x) => x[0] === '2025-03-08' && x[1] === 'Whiteboard minutes')).toEqual(['2025-03-08', 'Whiteboard minutes', '1440', '0', '1360', '0', '80', '0.12000000', '0.12', 'USD', source]);
    expect(sheet.find((x) => x[0] === '2025-03-03' && x[1] === 'Recording minutes')).toEqual(['2025-03-03', 'Recording minutes', '110', '0', '110', '0', '0', '0.00000000', '0.00', 'USD', source]);
    expect(sheet.slice(1).every((x) => x[10] === source)).toBe(true);
  });
});
