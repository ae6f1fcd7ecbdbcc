import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { monthDayMasks } from '../../main/core/store/day-masks.js';
import { LIVE_IMPORT } from '../../main/core/store/lines.js';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { MIGRATIONS } from '../../main/core/store/migrations/index.js';
import { BILL_PART_V12 } from '../helpers/schema-v12.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { addImport, cons } from '../reconcile/helpers.js';

/** Two consumption files of May: both bill ins-a's CPU on the 3rd; ins-b only in the first, on the 3rd and 4th. */
function twoFiles(db: Db): void {
  addImport(db, 'consumption', 'c1.csv', [
    cons({ resourceId: 'ins-a', day: '2025-05-03', amount: '4.00' }),
    cons({ resourceId: 'ins-b', day: '2025-05-03', amount: '1.00' }),
    cons({ resourceId: 'ins-b', day: '2025-05-04', amount: '1.00' }),
  ]);
  addImport(db, 'consumption', 'c2.csv', [cons({ resourceId: 'ins-a', day: '2025-05-02', amount: '2.50' }), cons({ resourceId: 'ins-a', day: '2025-05-03', amount: '4.00' })]);
}

const sameDay = (db: Db) => reconcileMonth(db, { month: '2025-05' }).duplicates.filter((d) => d.reason === 'the same day and component more than once');

const EXPECTED = [
  {
    side: 'consumption',
    reason: 'the same day and component more than once',
    key: { month: '2025-05', product: '云服务器CVM', resourceId: 'ins-a', component: 'CPU', day: '2025-05-03' },
    count: 2,
    amount: '8.00000000',
    sources: ['c1.csv:2', 'c2.csv:3'],
  },
];

describe('consumption day masks, one packed row per import and month', () => {
  it('a day of a component in two consumption files of the month is a duplicate naming both lines', () => {
    const { db } = tempDb();
    twoFiles(db);
    expect(sameDay(db)).toEqual(EXPECTED);
    // One row per import: keys, type indexes and masks of 4 bytes each, in the bill's order.
    const rows = db.prepare('select importId, month, names, length(keys), length(actions), length(masks) from cons_day_masks order by importId').raw().all();
    expect(rows).toEqual([
      [1, '2025-05', '[""]', 8, 8, 8],
      [2, '2025-05', '[""]', 4, 4, 4],
    ]);
    const masks = [...monthDayMasks(db, '2025-05', LIVE_IMPORT)].map((m) => [m.importId, m.mask.toString(2)]);
    expect(masks).toEqual([
      [1, '100'],
      [1, '1100'],
      [2, '110'],
    ]);
  });

  it('a database of schema 11 (a row per key and day mask in cons_days) upgrades to the same packed rows and the same duplicates', () => {
    const path = join(tempDir('billrecon-masks-up-'), 'old.sqlite');
    let db = openDatabase(path);
    twoFiles(db);
    const packed = db.prepare('select * from cons_day_masks order by rowid').raw().all();
    // Back to schema 11 as it stored them: a row per (key, type) in cons_days, in the bill's order.
    db.exec(`CREATE TABLE cons_days (importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, month TEXT NOT NULL, key INTEGER NOT NULL, action TEXT NOT NULL, mask INTEGER NOT NULL);
             CREATE INDEX cons_days_month ON cons_days(month);`);
    const insert = db.prepare('insert into cons_days (importId, month, key, action, mask) values (?, ?, ?, ?, ?)');
    for (const m of [...monthDayMasks(db, '2025-05', LIVE_IMPORT)]) insert.run(m.importId, '2025-05', m.key, m.action, m.mask);
    db.exec('DROP TABLE cons_day_masks');
    // Schema 11 kept parts as rows (migration 13 packs them): none here, the packs stay as written.
    db.exec(BILL_PART_V12);
    db.pragma('user_version = 11');
    db.close();
    db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`select count(*) from sqlite_master where name like 'cons_days%'`).pluck().get()).toBe(0);
    expect(db.prepare('select * from cons_day_masks order by rowid').raw().all()).toEqual(packed);
    expect(sameDay(db)).toEqual(EXPECTED);
    db.close();
  });
});
