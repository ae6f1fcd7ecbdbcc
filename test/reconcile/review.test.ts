import { describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import {
  getTolerance,
  lastRun,
  listMismatches,
  mismatchSources,
  reconcileMonth,
  reviewHistory,
  setReview,
  setTolerance,
  UnknownMismatchError,
} from '../../main/core/reconcile/index.js';
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb, tempDir } from '../helpers/db.js';
import { openDatabase, schemaVersion } from '../../main/core/store/index.js';
import { MIGRATIONS } from '../../main/core/store/migrations/index.js';
import { addImport, cons, fee } from './helpers.js';
import { buildMay } from './month.js';

describe('review marks', () => {
  it('survive a re-run and a re-import, and reopen when the figures change', () => {
    const { db } = tempDb();
    const feeId = addImport(db, 'fee-detail', 'fee.csv', [fee({ resourceId: 'lb-1', discountedTotal: '30.00' })]);
    const consId = addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'lb-1', day: '2025-05-31', amount: '29.50' })]);
    const first = reconcileMonth(db, { month: '2025-05' });
    expect(first.openUnexplained).toBe(1);
    const id = first.mismatches[0]!.id;

    const [marked] = setReview(db, [id], 'accepted', 'CLB credit agreed with the vendor', 'alice');
    expect(marked).toMatchObject({ id, status: 'accepted', comment: 'CLB credit agreed with the vendor', reviewedBy: 'alice' });
    expect(marked!.reviewedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const second = reconcileMonth(db, { month: '2025-05' });
    expect(second.mismatches[0]).toMatchObject({ id, status: 'accepted', reviewedBy: 'alice', reopenedBecause: null });
    expect(second.openUnexplained).toBe(0);

    // Re-import the same fee bill (undo + import again): same key, same id, mark kept.
    db.prepare(`update import set status = 'undone' where id = ?`).run(feeId);
    addImport(db, 'fee-detail', 'fee (again).csv', [fee({ resourceId: 'lb-1', discountedTotal: '30.00' })]);
    expect(reconcileMonth(db, { month: '2025-05' }).mismatches[0]).toMatchObject({ id, status: 'accepted' });

    // A corrected consumption bill (the old one undone) changes the figures: the mark no longer holds.
    db.prepare(`update import set status = 'undone' where id = ?`).run(consId);
    addImport(db, 'consumption', 'c (corrected).csv', [cons({ resourceId: 'lb-1', day: '2025-05-31', amount: '29.00' })]);
    const third = reconcileMonth(db, { month: '2025-05' });
    expect(third.mismatches[0]).toMatchObject({ id, status: 'open', difference: '1.00000000' });
    expect(third.mismatches[0]!.reopenedBecause).toMatch(
      /^figures changed after it was marked accepted by alice at .*: consumption 29\.50000000 → 29\.00000000, difference 0\.50000000 → 1\.00000000$/,
    );
    expect(third.openUnexplained).toBe(1);
    // …and stays open (with its reason) on the next run
    expect(reconcileMonth(db, { month: '2025-05' }).mismatches[0]).toMatchObject({ status: 'open', reopenedBecause: third.mismatches[0]!.reopenedBecause });
    const events = db.prepare('select status, who, reason from review_event where id = ? order by seq').all(id) as { status: string; who: string; reason: string | null }[];
    expect(events.map((e) => e.status)).toEqual(['accepted', 'open']);
  });

  it('marks several at once, defaults to the OS user, and refuses unknown ids without marking any', () => {
    const { db } = tempDb();
    buildMay(db);
    const r = reconcileMonth(db, { month: '2025-05' });
    const ids = r.mismatches.filter((m) => m.category === 'missing').map((m) => m.id);
    expect(ids).toHaveLength(2);
    expect(() => setReview(db, [ids[0]!, 'nope'], 'explained', 'x')).toThrow(UnknownMismatchError);
    expect(listMismatches(db, { month: '2025-05', status: 'explained', offset: 0, limit: 10 }).total).toBe(0);
    const marked = setReview(db, ids, 'explained', 'bucket moved to another account', undefined);
    expect(marked.map((m) => [m.status, m.reviewedBy])).toEqual([
      ['explained', userInfo().username],
      ['explained', userInfo().username],
    ]);
    expect(listMismatches(db, { month: '2025-05', status: 'explained', offset: 0, limit: 10 }).rows.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(reconcileMonth(db, { month: '2025-05' }).openUnexplained).toBe(2);
  });
});

describe('the stored mismatch list', () => {
  it('pages, filters and sorts in SQLite', () => {
    const { db } = tempDb();
    buildMay(db);
    const r = reconcileMonth(db, { month: '2025-05' });
    const all = listMismatches(db, { month: '2025-05', offset: 0, limit: 100 });
    expect(all.total).toBe(9);
    expect(all.rows.map((m) => m.id)).toEqual(r.mismatches.map((m) => m.id));
    const page = listMismatches(db, { month: '2025-05', offset: 2, limit: 3 });
    expect(page.total).toBe(9);
    expect(page.rows.map((m) => m.id)).toEqual(r.mismatches.slice(2, 5).map((m) => m.id));
    const byDiff = listMismatches(db, { month: '2025-05', sort: 'difference', dir: 'asc', offset: 0, limit: 100 });
    expect(byDiff.rows.map((m) => m.difference)).toEqual([
      '-55.00000000', '-5.00000000', '0.00600000', '0.01000000', '0.50500000', '1.30000000', '10.00000000', '12.33926000', '344.00000000',
    ]);
    const byAbs = listMismatches(db, { month: '2025-05', sort: 'absDifference', dir: 'desc', offset: 0, limit: 3 });
    expect(byAbs.rows.map((m) => m.difference)).toEqual(['344.00000000', '-55.00000000', '12.33926000']);
    expect(listMismatches(db, { month: '2025-05', category: 'missing', offset: 0, limit: 10 }).rows.map((m) => m.key.resourceId)).toEqual(['disk-x', 'media']);
    expect(listMismatches(db, { month: '2025-05', product: '云硬盘CBS', offset: 0, limit: 10 }).total).toBe(3);
    expect(listMismatches(db, { month: '2025-05', resource: 'lb-1', offset: 0, limit: 10 }).rows[0]!.category).toBe('amountMismatch');
    expect(listMismatches(db, { month: '2025-04', offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] });
    const plan = db.prepare(`explain query plan select * from mismatch where month = ? and category = ? order by seq limit 50`).all('2025-05', 'missing') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX mismatch_month_category/);
  });

  it('sorts by component and by review status, each through an index that starts with the month', () => {
    const { db } = tempDb();
    buildMay(db);
    const r = reconcileMonth(db, { month: '2025-05' });
    const key = (c: string | null | undefined) => c ?? '';
    const bySeq = r.mismatches.map((m, seq) => ({ id: m.id, component: key(m.key.component), seq }));
    const expected = [...bySeq].sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : a.seq - b.seq)).map((m) => m.id);
    // SQLite sorts NULL first, as '' sorts first here: the two orders agree.
    expect(listMismatches(db, { month: '2025-05', sort: 'component', offset: 0, limit: 100 }).rows.map((m) => m.id)).toEqual(expected);
    expect(listMismatches(db, { month: '2025-05', sort: 'component', dir: 'desc', offset: 0, limit: 100 }).rows.map((m) => m.id)).toEqual([...expected].reverse());
    const marked = r.mismatches[3]!.id;
    setReview(db, [marked], 'accepted', 'checked with the vendor', 'alice');
    const byStatus = listMismatches(db, { month: '2025-05', sort: 'status', dir: 'asc', offset: 0, limit: 100 }).rows;
    expect(byStatus.map((m) => m.status)).toEqual(['accepted', ...Array<string>(8).fill('open')]);
    expect(byStatus[0]!.id).toBe(marked);
    expect(listMismatches(db, { month: '2025-05', sort: 'status', dir: 'desc', offset: 0, limit: 1 }).rows[0]!.status).toBe('open');
    for (const [column, index] of [['component', 'mismatch_month_component'], ['status', 'mismatch_month_status']] as const) {
      const plan = db.prepare(`explain query plan select * from mismatch where month = ? order by ${column} desc, seq desc limit 50 offset 100`).all('2025-05') as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(new RegExp(`USING INDEX ${index}`));
      expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('migration 4 adds the component index to a database made before it, keeping its mismatches', () => {
    // The previous release's sample month (schema 4), taken back to before migration 4.
    const path = join(tempDir('billrecon-v3-'), 'billrecon.sqlite');
    copyFileSync(join(__dirname, '..', 'fixtures', 'v4', 'samples-2025-03.v4.sqlite'), path);
    const old = new Database(path);
    old.exec('drop index mismatch_month_component');
    old.pragma('user_version = 3');
    old.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    expect(again.prepare(`select count(*) from sqlite_master where type = 'index' and name = 'mismatch_month_component'`).pluck().get()).toBe(1);
    const byComponent = listMismatches(again, { month: '2025-03', sort: 'component', offset: 0, limit: 100 });
    expect(byComponent.total).toBe(6);
    expect(byComponent.rows.map((m) => [m.category, m.key.component ?? null, m.status])).toEqual([
      ['prepaidTiming', null, 'open'],
      ['precision', null, 'open'],
      ['amountMismatch', 'CPU-标准型SA2-2核', 'explained'],
      ['missing', 'SSD云硬盘', 'open'],
      ['amountMismatch', '标准型实例', 'open'], // 型 (U+578B) sorts before 存 (U+5B58)
      ['missing', '标准存储容量', 'open'],
    ]);
    const plan = again.prepare(`explain query plan select * from mismatch where month = ? order by component, seq limit 50`).all('2025-03') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX mismatch_month_component/);
    again.close();
  });

  it('traces a mismatch to the bill lines on both sides', () => {
    const { db } = tempDb();
    buildMay(db);
    const r = reconcileMonth(db, { month: '2025-05' });
    const cross = r.mismatches.find((m) => m.category === 'crossMonth')!;
    const lines = mismatchSources(db, cross.id);
    const fee31 = lines.find((l) => l.side === 'fee' && l.file === 'fee-2025-06.csv')!;
    expect(fee31.row).toBe(2);
    // Times as the bill writes them (Beijing time, "YYYY-MM-DD HH:mm:ss"), read back from the original cells.
    expect(fee31.fields).toMatchObject({ resourceId: 'ins-pay', discountedTotal: '1.10', usageStart: '2025-05-31 00:00:00' });
    const april = lines.find((l) => l.side === 'consumption' && l.file === '消耗账单-2025-04.csv')!;
    // A consumption line's cells by the same canonical fields, with the bill's own header of each.
    expect(april.fields).toMatchObject({ resourceId: 'ins-pay', usageStart: '2025-04-30 00:00:00', discountedTotal: '2.40', billMonth: '2025-04' });
    expect(april.columns).toMatchObject({ usageStart: '开始使用时间', discountedTotal: '优惠后总价' });
    expect(lines.filter((l) => l.side === 'fee')).toHaveLength(32); // 31 May-bill lines + the June line
    expect(lines.filter((l) => l.side === 'consumption')).toHaveLength(32); // 31 May days + 30 April
    expect(mismatchSources(db, 'nope')).toEqual([]);
  });
});

describe('stored runs, history and settings', () => {
  it('keeps the last run, the review history and the tolerance setting', () => {
    const { db } = tempDb();
    buildMay(db);
    expect(lastRun(db, '2025-05')).toBeUndefined();
    const r = reconcileMonth(db, { month: '2025-05', user: 'tester' });
    const run = lastRun(db, '2025-05')!;
    expect(run).toMatchObject({ month: '2025-05', tolerance: '0.01', period: 'deduction' });
    expect(run.summary).toMatchObject({ bridge: { explained: '290.32', unexplained: '17.84' }, fee: { total: '287.76', lines: 38 } });
    // The list itself is paged from the mismatch table; the stored report only counts it.
    expect('mismatches' in run.summary).toBe(false);
    expect(run.summary.mismatchCount).toBe(r.mismatches.length);
    expect(r.mismatches).toHaveLength(9);

    const id = r.mismatches.find((m) => m.category === 'amountMismatch')!.id;
    setReview(db, [id], 'explained', 'first look', 'alice');
    setReview(db, [id], 'accepted', 'agreed', 'bob');
    expect(reviewHistory(db, id).map((e) => [e.status, e.who, e.comment])).toEqual([
      ['explained', 'alice', 'first look'],
      ['accepted', 'bob', 'agreed'],
    ]);

    expect(getTolerance(db)).toBe('0.01');
    setTolerance(db, '0.51');
    const wide = reconcileMonth(db, { month: '2025-05' });
    expect(wide.tolerance).toBe('0.51');
    expect(wide.bridgeExact.amountMismatch).toBe('10.00000000'); // CLB's 0.505 is within 0.51
    expect(() => setTolerance(db, '-1')).toThrow(/non-negative decimal/);
  });
});
