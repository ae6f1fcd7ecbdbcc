import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { decodeParts, encodeParts, partAmount, type StoredParts } from '../../main/core/store/part-packs.js';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { MIGRATIONS } from '../../main/core/store/migrations/index.js';
import { packRows, unpackRows } from '../../main/core/bill/parts.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { addImport, fee } from '../reconcile/helpers.js';
import { BILL_PART_V12 } from '../helpers/schema-v12.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');

/** Every stored part as [importId, side, month, key, bucket, dayFrom, dayTo, amount, lines, rows], in pack order. */
function partRows(db: Db): unknown[][] {
  const packs = db.prepare('select importId, side, month, parts from part_pack order by importId, side, month, rowid').raw().all() as [number, number, string, Buffer][];
  return packs.flatMap(([importId, side, month, blob]) => {
    const p = decodeParts(blob);
    return Array.from({ length: p.n }, (_, i) => [importId, side, month, p.key[i], p.bucket[i], p.dayFrom[i], p.dayTo[i], BigInt(partAmount(p, i)), p.lines[i], unpackRows(p.rows.subarray(p.rowsFrom[i]!, p.rowsFrom[i + 1]!))]);
  });
}

describe('parts packed per import, side and month', () => {
  it('encode and decode keep every column, an amount past 2^53 and a part of no rows too', () => {
    const p: StoredParts = {
      n: 3,
      key: Int32Array.of(7, 2_000_000_000, 9),
      bucket: Int32Array.of(0, 6, 33),
      dayFrom: Int32Array.of(-1, 20_150, -1),
      dayTo: Int32Array.of(-1, 20_180, -1),
      lines: Int32Array.of(2, 1, 0),
      rowsFrom: Int32Array.of(0, 2, 3, 3),
      amount: Float64Array.of(-150_000_000, NaN, 0),
      big: new Map([[1, 9_223_372_036_854_775_807n]]),
      rows: Uint8Array.of(2, 1, 0x85),
    };
    const plain = (q: StoredParts): StoredParts => ({ ...q, rows: Uint8Array.from(q.rows) });
    expect(plain(decodeParts(encodeParts(p)))).toEqual(p);
    // A blob read at an odd offset (SQLite's buffer) decodes the same.
    const shifted = Buffer.concat([Buffer.of(0), encodeParts(p)]).subarray(1);
    expect(plain(decodeParts(shifted))).toEqual(p);
  });

  it('a file of two months is two packs, each with its own parts, rows and prepaid purchases', () => {
    const { db } = tempDb();
    const id = addImport(db, 'fee-detail', 'two-months.csv', [
      fee({ billMonth: '2025-04', resourceId: 'ins-a', discountedTotal: '1.00' }),
      fee({ billMonth: '2025-05', resourceId: 'ins-a', discountedTotal: '2.00' }),
      fee({ billMonth: '2025-04', resourceId: 'ins-a', discountedTotal: '0.50' }),
      fee({ billMonth: '2025-05', resourceId: 'ins-b', payMode: '包年包月', actionType: '新购', usageStart: '2025-05-03 00:00:00', usageEnd: '2025-06-03 00:00:00', discountedTotal: '30.00' }),
    ]);
    const packs = partRows(db).map((r) => [r[2], r[4], r[7], r[8], r[9]]);
    expect(packs).toEqual([
      ['2025-04', 4, 150_000_000n, 2, [2, 4]],
      ['2025-05', 4, 200_000_000n, 1, [3]],
      ['2025-05', 2, 3_000_000_000n, 1, [5]],
    ]);
    expect(db.prepare('select month, amount, lines from prepaid_part where importId = ?').raw().all(id)).toEqual([['2025-05', 3_000_000_000, 1]]);
    db.close();
  });

  it('a database of schema 12 (a row per part) upgrades to the same parts, packed, and reconciles to the same figures', async () => {
    const path = join(tempDir('billrecon-packs-up-'), 'old.sqlite');
    let db = openDatabase(path);
    for (const f of ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv']) await importFile(db, join(SAMPLES, f));
    const parts = partRows(db);
    const prepaid = db.prepare('select * from prepaid_part order by rowid').raw().all();
    const report = reconcileMonth(db, { month: '2025-03' });
    expect(parts.length).toBeGreaterThan(10);
    expect(prepaid.length).toBeGreaterThan(0);
    // Back to schema 12 as it stored them: a row per part, in each import's order.
    db.exec(BILL_PART_V12);
    const insert = db.prepare('insert into bill_part (importId, side, month, key, bucket, dayFrom, dayTo, amount, lines, rows) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of parts) insert.run(...r.slice(0, 5), r[5] === -1 ? null : r[5], r[6] === -1 ? null : r[6], r[7], r[8], packRows(r[9] as number[]));
    db.exec('DROP TABLE part_pack; DROP TABLE prepaid_part');
    db.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    db.close();
    db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`select count(*) from sqlite_master where name like 'bill_part%'`).pluck().get()).toBe(0);
    expect(partRows(db)).toEqual(parts);
    expect(db.prepare('select * from prepaid_part order by rowid').raw().all()).toEqual(prepaid);
    expect({ ...reconcileMonth(db, { month: '2025-03' }), runAt: null, runId: null }).toEqual({ ...report, runAt: null, runId: null });
    db.close();
  });
});
