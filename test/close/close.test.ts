/**
 * Closing a month (issue 15 §1) and the year at a glance (§3), on the bundled sample month (March
 * 2025) and a second month built by hand (test/helpers/april.ts), in a real SQLite file.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, closeMonth, CloseError, MonthClosedError, reopenMonth, signOffOf } from '../../main/core/close/index.js';
import { yearTable } from '../../main/core/close/year.js';
import { exportMonth } from '../../main/core/export/index.js';
import { importFile, undoImport } from '../../main/core/import/index.js';
import { rateTiwMonth, setExchangeRate } from '../../main/core/rating/index.js';
import { defaultValidityRule } from '../../main/core/rating/validity-rule.js';
import { listMismatches, reconcileMonth, setReview } from '../../main/core/reconcile/index.js';
import type { Db } from '../../main/core/store/index.js';
import { writeApril } from '../helpers/april.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

const MARCH = ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let db: Db;
let path: string;

async function importMarch(): Promise<void> {
  for (const f of MARCH) await importFile(db, join(SAMPLES, f));
  // As the README: the whiteboard catalog is in USD, the bill in CNY.
  setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
}

/** Marks March's four open unexplained mismatches (two missing, two amount mismatches) accepted. */
function reviewMarch(): string[] {
  const open = listMismatches(db, { month: '2025-03', sort: 'seq', dir: 'asc', offset: 0, limit: 100 }).rows.filter((m) => !m.explained && m.status === 'open');
  setReview(db, open.map((m) => m.id), 'accepted', 'agreed with the vendor, ticket 2025-0412', '王会计');
  return open.map((m) => m.id);
}

beforeEach(() => {
  ({ db, path } = tempDb());
});

describe('the year table', () => {
  it('gives March and April as their stored reports say, figures worked out by hand', async () => {
    await importMarch();
    const april = writeApril(join(tempDir(), 'april'));
    await importFile(db, april.fee);
    await importFile(db, april.consumption);
    reconcileMonth(db, { month: '2025-03' });
    reconcileMonth(db, { month: '2025-04' });
    const [march, apr] = yearTable(db, '2025');
    expect(yearTable(db, '2024')).toEqual([]);
    // March: 2058.55 − 646.50 = 1412.05. Exact: prepaid 1403.95, cross-month −2.2666666 (31 March,
    // deducted in April's bill, now verified against March's consumption), precision 0.03, missing
    // 12.33926 − 5.00 = 7.33926, amount mismatch CLB 0.50 + 28 Feb 2.49333326 (no February bill).
    // Rounded −2.27 + 7.34 + 2.99 … sums to 1412.04: the cent goes to the cross-month (−2.26).
    expect(march).toMatchObject({
      month: '2025-03', files: 6, report: 'current', currency: 'CNY',
      fee: { total: '2058.55', lines: 37 }, consumption: { total: '646.50', lines: 36 },
      explained: '1401.72', unexplained: '10.33', openMismatches: 4, mismatches: 7,
      precision: { ours: '0.03074227', billed: '0.03', agrees: true },
      // 700.00 CNY monthly fee billed; rated 100 USD × 7.
      whiteboard: { billed: '700.00', rated: '700.00', difference: '0.00', currency: 'CNY' },
      closed: null, missingNeighbours: ['2025-02'],
    });
    expect(march!.products.filter((p) => ['对象存储COS', '负载均衡CLB', '互动白板', '云硬盘CBS'].includes(p.product))).toEqual([
      { product: '云硬盘CBS', fee: '-255.00000000', consumption: '-250.00000000' },
      { product: '互动白板', fee: '700.00000000', consumption: '700.00000000' },
      { product: '对象存储COS', fee: '12.33926000', consumption: '0.00000000' },
      { product: '负载均衡CLB', fee: '30.00000000', consumption: '29.50000000' },
    ]);
    // April (see april.ts): fee 101.22259114, consumption 101.5392578; −0.32 = cross-month
    // 2.2666666 + precision −0.09 + 30 April −2.49333326 (May not imported); rounded 2.27 − 0.09 −
    // 2.49 = −0.31, so a cent comes off the cross-month: explained 2.26 − 0.09 = 2.17.
    expect(apr).toEqual({
      month: '2025-04', files: 2, report: 'current', currency: 'CNY',
      fee: { total: '101.22', lines: 33 }, consumption: { total: '101.54', lines: 32 },
      explained: '2.17', unexplained: '-2.49', openMismatches: 1, mismatches: 3,
      precision: { ours: '-0.09259114', billed: '-0.09', agrees: true },
      whiteboard: null, closed: null, missingNeighbours: ['2025-05'],
      products: [
        { product: '云服务器CVM', fee: '74.57333114', consumption: '74.79999780' }, // 2.2666666 + 29 × 2.49333326; 30 × 2.49333326
        { product: '对象存储COS', fee: '12.33926000', consumption: '12.33926000' },
        { product: '月度计费精度差异', fee: '-0.09000000', consumption: '0.00000000' },
        { product: '负载均衡CLB', fee: '14.40000000', consumption: '14.40000000' },
      ],
    });
    // A review moves the open count (read from the list), not the stored figures.
    reviewMarch();
    expect(yearTable(db)[0]).toMatchObject({ openMismatches: 0, unexplained: '10.33' });
  });

  it('says when a month was never reconciled or its imports changed since', async () => {
    await importMarch();
    expect(yearTable(db)).toMatchObject([{ month: '2025-03', report: 'none', fee: null, openMismatches: null, missingNeighbours: ['2025-02', '2025-04'] }]);
    reconcileMonth(db, { month: '2025-03' });
    await importFile(db, writeApril(join(tempDir(), 'april')).fee);
    expect(yearTable(db).map((r) => [r.month, r.report])).toEqual([['2025-03', 'stale'], ['2025-04', 'none']]);
  });
});

describe('closing a month', () => {
  it('is refused, saying why, while anything unexplained is open; nothing is written', async () => {
    await importMarch();
    reconcileMonth(db, { month: '2025-03' });
    const before = fingerprint(db, path);
    expect(() => closeMonth(db, { month: '2025-03', by: '王会计' })).toThrow(
      'cannot close 2025-03: 4 unexplained mismatches are still open (missing 2, amountMismatch 2): review them first',
    );
    try {
      closeMonth(db, { month: '2025-03', by: '王会计' });
    } catch (e) {
      expect(e instanceof CloseError && e.gate).toBe(true);
    }
    expect(fingerprint(db, path)).toBe(before);
    expect(auditEvents(db)).toEqual([]);
  });

  it('freezes the report, every mismatch with its mark, the input files, catalog and rate', async () => {
    await importMarch();
    reconcileMonth(db, { month: '2025-03' });
    const reviewed = reviewMarch();
    const f = closeMonth(db, { month: '2025-03', by: '王会计', note: 'March signed off', now: new Date('2025-04-12T01:30:00Z') });
    expect(f).toMatchObject({ month: '2025-03', closedBy: '王会计', closedAt: '2025-04-12T01:30:00.000Z', note: 'March signed off', ratingRun: null });
    expect(f.report).toMatchObject({ fee: { total: '2058.55', lines: 37 }, consumption: { total: '646.50', lines: 36 }, openUnexplained: 0, mismatchCount: 6 });
    expect(f.report.bridge).toMatchObject({ explained: '1403.98', unexplained: '8.07' });
    expect(f.mismatches.filter((m) => m.status === 'accepted').map((m) => [m.id, m.comment, m.reviewedBy])).toEqual(
      reviewed.map((id) => [id, 'agreed with the vendor, ticket 2025-0412', '王会计']),
    );
    expect(f.files.map((x) => [x.fileName, x.sha256])).toEqual(MARCH.map((name) => [name, sha(join(SAMPLES, name))]));
    expect(f.catalog).toMatchObject({ version: 'tiw-intl-usd-2025.1', currency: 'USD', origin: 'builtin' });
    expect(f.exchangeRate).toEqual({ from: 'USD', to: 'CNY', rate: '7' });
    const { sha256, ...body } = f;
    expect(sha256).toBe(createHash('sha256').update(JSON.stringify(body)).digest('hex'));
    expect(signOffOf(db, '2025-03')).toEqual({ month: '2025-03', closedBy: '王会计', closedAt: '2025-04-12T01:30:00.000Z', note: 'March signed off', sha256, files: 6, mismatches: 6 });
    expect(() => closeMonth(db, { month: '2025-03', by: 'x' })).toThrow('2025-03 is already closed (by 王会计 on 2025-04-12)');
  });

  it('refuses every write that would change it, naming the close, and stores nothing', async () => {
    await importMarch();
    reconcileMonth(db, { month: '2025-03' });
    reviewMarch();
    closeMonth(db, { month: '2025-03', by: '王会计', now: new Date('2025-04-12T01:30:00Z') });
    const closed = (action: string) => `${action}: 2025-03 was closed by 王会计 on 2025-04-12: reopen it first`;
    const before = fingerprint(db, path);
    // The same bill as XLSX holds the same 交易IDs: with --replace it would replace March's import.
    await expect(importFile(db, join(SAMPLES, 'fee-detail-2025-03.xlsx'), { replace: true })).rejects.toThrow(closed('cannot import fee-detail-2025-03.xlsx'));
    expect(fingerprint(db, path)).toBe(before);
    expect(() => undoImport(db, 1)).toThrow(closed('cannot undo import #1'));
    const id = listMismatches(db, { month: '2025-03', sort: 'seq', dir: 'asc', offset: 0, limit: 1 }).rows[0]!.id;
    expect(() => setReview(db, [id], 'open', null, 'x')).toThrow(closed('cannot change review marks'));
    expect(() => setExchangeRate(db, '2025-03', 'USD', 'CNY', '7.2')).toThrow(closed('cannot change the USD/CNY exchange rate'));
    expect(() => rateTiwMonth(db, '2025-03', { validityRule: defaultValidityRule, record: true })).toThrow(closed('a first whiteboard rating would change it'));
    expect(fingerprint(db, path)).toBe(before);
    // What changes nothing is allowed and writes nothing: the same rate, a reconcile of the same figures.
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    expect(reconcileMonth(db, { month: '2025-03' }).bridge).toMatchObject({ explained: '1403.98', unexplained: '8.07' });
    expect(fingerprint(db, path)).toBe(before);
    try {
      undoImport(db, 1);
    } catch (e) {
      expect(e).toBeInstanceOf(MonthClosedError);
    }
    // April's bill touches April only and imports; March's figures would now change (31 March verified), so its reconcile is refused.
    const april = writeApril(join(tempDir(), 'april'));
    expect((await importFile(db, april.fee)).status).toBe('imported');
    expect(() => reconcileMonth(db, { month: '2025-03' })).toThrow(closed('reconciling it again would change its figures (bridgeExact)'));
    // The year table shows March as signed off (unexplained 8.07), not as it would be now (10.33).
    expect(yearTable(db)[0]).toMatchObject({ month: '2025-03', report: 'closed', unexplained: '8.07', openMismatches: 0, closed: { by: '王会计', at: '2025-04-12T01:30:00.000Z', note: null } });
  });

  it('keeps the audit log append-only and reopens with a reason', async () => {
    await importMarch();
    reconcileMonth(db, { month: '2025-03' });
    reviewMarch();
    closeMonth(db, { month: '2025-03', by: '王会计', note: 'signed', now: new Date('2025-04-12T01:30:00Z') });
    expect(() => db.prepare(`update month_audit set who = 'someone else'`).run()).toThrow('the month audit log is append-only');
    expect(() => db.prepare('delete from month_audit').run()).toThrow('the month audit log is append-only');
    expect(() => reopenMonth(db, { month: '2025-03', by: '李经理', reason: ' ' })).toThrow('the reason (--reason) is required');
    expect(() => reopenMonth(db, { month: '2025-04', by: '李经理', reason: 'x' })).toThrow('2025-04 is not closed: nothing to reopen');
    reopenMonth(db, { month: '2025-03', by: '李经理', reason: 'vendor credit note arrived', now: new Date('2025-04-20T03:00:00Z') });
    expect(auditEvents(db, '2025-03')).toEqual([
      { seq: 1, month: '2025-03', event: 'close', who: '王会计', at: '2025-04-12T01:30:00.000Z', why: 'signed' },
      { seq: 2, month: '2025-03', event: 'reopen', who: '李经理', at: '2025-04-20T03:00:00.000Z', why: 'vendor credit note arrived' },
    ]);
    expect(signOffOf(db, '2025-03')).toBeNull();
    // Open again: the replacement imports.
    expect((await importFile(db, join(SAMPLES, 'fee-detail-2025-03.xlsx'), { replace: true })).replaced).toEqual([1]);
  });

  it("exports carry the sign-off and the month's audit log, byte-identical when exported again", async () => {
    await importMarch();
    rateTiwMonth(db, '2025-03', { validityRule: defaultValidityRule, record: true, now: '2025-04-11T00:00:00.000Z' });
    reconcileMonth(db, { month: '2025-03' });
    reviewMarch();
    const f = closeMonth(db, { month: '2025-03', by: '王会计', note: 'March signed off', now: new Date('2025-04-12T01:30:00Z') });
    expect(f.ratingRun).toBe(1);
    // Re-rating to the same result records nothing and names the frozen run.
    expect(rateTiwMonth(db, '2025-03', { validityRule: defaultValidityRule, record: true }).runId).toBe(1);
    const dir = tempDir();
    const write = (n: number) => exportMonth(db, { month: '2025-03', lang: 'en', workbook: join(dir, `m${n}.xlsx`), mismatchesCsv: join(dir, `m${n}.csv`) });
    const first = await write(1);
    const second = await write(2);
    expect(first.workbook!.sheets).toContain('Audit log');
    expect(readFileSync(join(dir, 'm2.xlsx')).equals(readFileSync(join(dir, 'm1.xlsx')))).toBe(true);
    expect(readFileSync(join(dir, 'm2.csv')).equals(readFileSync(join(dir, 'm1.csv')))).toBe(true);
    expect(second.mismatchesCsv!.rows).toBe(6);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'm1.xlsx'));
    const rows = (name: string) => (book.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map((c) => (c === undefined || c === null ? '' : String(c))));
    const summary = rows('Summary');
    const at = summary.findIndex((r) => r[0] === 'Sign-off');
    expect(summary.slice(at, at + 6)).toEqual([['Sign-off'], ['Closed by', '王会计'], ['Closed at', '2025-04-12T01:30:00.000Z'], ['Note', 'March signed off'], ['Input files frozen', '6'], ['Frozen record sha256', f.sha256]]);
    expect(rows('Audit log')).toEqual([['No.', 'Month', 'Event', 'Who', 'When', 'Why'], ['1', '2025-03', 'close', '王会计', '2025-04-12T01:30:00.000Z', 'March signed off']]);
  });
});
