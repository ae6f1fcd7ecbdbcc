/**
 * Issue 11 §7, the switch month: the vendor's switch example (test/fixtures/vendor/switch), three
 * monthly fee bills of account 700000686592 — January by deduction period, February by billing
 * period (the switch), March by deduction period again (a switch back) — every line the NAT
 * component's 0.3402025. The consumption bills are built here from the same lines by usage day
 * (the vendor's consumption bill is by billing period), so every figure is worked by hand:
 * January's bill 0.680405 (12-31 usage deducted 01-01, and 01-15), February's 1.0206075 (01-31
 * usage deducted 02-01 — carried by the switch —, 02-14 and 02-28), March's 0.3402025.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { importArrival } from '../../main/core/import/package.js';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { exportMonth } from '../../main/core/export/index.js';
import { monthLines } from '../../main/core/export/month-lines.js';
import { segmentsText, translateCore } from '../../renderer/src/core-text.js';
import { listImports, type Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';

const SWITCH = join(__dirname, '..', 'fixtures', 'vendor', 'switch');
const FILES = ['700000686592-202501-按扣费周期-明细账单.csv', '700000686592-202502-按计费周期-明细账单.csv', '700000686592-202503-按扣费周期-明细账单.csv'];
const NAT = { product: 'NAT网关', resourceId: 'nat-ftuh6xel', component: 'NAT网关-小型实例' };

function lines(file: string): { header: string; rows: string[] } {
  const [header, ...rows] = readFileSync(join(SWITCH, file), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\n');
  return { header: header!, rows };
}

/** The consumption bills of 2024-12 … 2025-03: the fee bills' lines regrouped by the month they were used in. */
function consumptionFiles(dir: string, leaveOut: string[] = []): string[] {
  const all = FILES.flatMap((f) => lines(f).rows);
  const byMonth = new Map<string, string[]>();
  for (const r of all) {
    const month = r.split(',')[16]!.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), r]);
  }
  const header = lines(FILES[0]!).header;
  return [...byMonth]
    .filter(([m]) => !leaveOut.includes(m))
    .map(([m, rows]) => {
      const path = join(dir, `700000686592-消耗账单-${m}.csv`);
      writeFileSync(path, [header, ...rows].join('\n') + '\n');
      return path;
    });
}

async function switchMonths(o: { leaveOut?: string[]; feb?: string } = {}): Promise<Db> {
  const { db } = tempDb();
  const dir = tempDir();
  for (const f of FILES) await importArrival(db, f === FILES[1] && o.feb ? o.feb : join(SWITCH, f));
  for (const c of consumptionFiles(dir, o.leaveOut)) await importFile(db, c);
  return db;
}

describe('the switch month (switch/)', () => {
  it('each bill imports with the period its name says: January 2 lines, February 3, March 1', async () => {
    const db = await switchMonths();
    expect(listImports(db).slice(0, 3).map((r) => [r.fileName, r.period, r.rowCount])).toEqual([
      [FILES[0], 'deduction', 2],
      [FILES[1], 'billing', 3],
      [FILES[2], 'deduction', 1],
    ]);
  });

  it('February switches from deduction to billing period: its bill is 1.0206075 (3 lines), the 0.3402025 of 01-31 explained as cross-month, verified against January’s consumption', async () => {
    const db = await switchMonths();
    const r = reconcileMonth(db, { month: '2025-02' });
    expect(r.period).toBe('billing');
    expect(r.fee).toEqual({ total: '1.02', lines: 3 });
    expect(r.consumption).toEqual({ total: '0.68', lines: 2 });
    expect(r.precision).toMatchObject({ transactions: 3, rated: '1.02060750' });
    expect(r.bridgeExact).toMatchObject({ crossMonth: '0.34020250', explained: '0.34020250', unexplained: '0.00000000' });
    expect(r.periodSwitch).toEqual({ month: '2025-02', from: 'deduction', to: 'billing', allowed: true, accounts: ['700000686592'], carried: '0.34020250', carriedLines: 1 });
    expect(r.mismatches.map((m) => [m.category, m.explained, m.key.product, m.fee, m.consumption, m.difference, m.note])).toEqual([
      ['crossMonth', true, NAT.product, '0.34020250', '0.00000000', '0.34020250',
        "the fee bill switched from deduction period to billing period in 2025-02: it carries 0.34 of 2025-01 usage deducted on 2025-02-01, and 2025-01's consumption shows 0.34 for those days"],
    ]);
    // The key's own lines, then the evidence: January's consumption of 01-31.
    expect(r.mismatches[0]!.feeSources).toEqual([2, 3, 4].map((row) => `${FILES[1]}:${row}`));
    expect(r.mismatches[0]!.consumptionSources).toEqual(['700000686592-消耗账单-2025-02.csv:2', '700000686592-消耗账单-2025-02.csv:3', '700000686592-消耗账单-2025-01.csv:3']);
    expect(r.notes[0]).toBe(
      "the fee bill switched from deduction period to billing period in 2025-02 (account 700000686592): it carries 2025-01's last settlement cycle (0.34, 1 line, deducted on 2025-02-01), counted in 2025-02 and checked as cross-month postpaid against 2025-01's consumption",
    );
    expect(r.openUnexplained).toBe(0);
  });

  it('January keeps its own bill, 0.680405 (2 lines): the 01-31 hour goes with February’s bill, checked against January’s consumption', async () => {
    const db = await switchMonths();
    const r = reconcileMonth(db, { month: '2025-01' });
    expect(r.period).toBe('deduction');
    expect(r.fee).toEqual({ total: '0.68', lines: 2 });
    expect(r.precision).toMatchObject({ transactions: 2, rated: '0.68040500' });
    expect(r.consumption).toEqual({ total: '0.68', lines: 2 });
    // 12-31 usage deducted 01-01 (+0.3402025, December's consumption) and 01-31 usage carried by February (−0.3402025): one cross-month key, net 0.
    expect(r.bridgeExact).toMatchObject({ crossMonth: '0.00000000', unexplained: '0.00000000' });
    expect(r.mismatches).toEqual([]);
    expect(r.notes).toContain("2025-02's fee bill (switched to billing period) carries 2025-01's last settlement cycle (0.34, 1 line): left out of 2025-01's fee total and checked against 2025-01's consumption");
  });

  it('verified like any other explanation: without January’s consumption the carried 0.34 is an amount mismatch saying why', async () => {
    const db = await switchMonths({ leaveOut: ['2025-01'] });
    const r = reconcileMonth(db, { month: '2025-02' });
    expect(r.bridgeExact).toMatchObject({ crossMonth: '0.00000000', amountMismatch: '0.34020250', unexplained: '0.34020250' });
    expect(r.mismatches.map((m) => [m.category, m.difference, m.note])).toEqual([
      ['amountMismatch', '0.34020250',
        'the fee bill switched from deduction period to billing period in 2025-02: it carries 2025-01\'s last settlement cycle; cross-month: 0.34 of 2025-01 usage deducted in 2025-02; no 2025-01 consumption for those days is imported'],
    ]);
  });

  it('March by deduction period after February by billing period: a switch back, flagged as not allowed by the vendor; figures as the bill says (0.3402025)', async () => {
    const db = await switchMonths();
    const r = reconcileMonth(db, { month: '2025-03' });
    expect(r.periodSwitch).toEqual({ month: '2025-03', from: 'billing', to: 'deduction', allowed: false, accounts: ['700000686592'], carried: '0.00000000', carriedLines: 0 });
    expect(r.notes[0]).toBe(
      'the fee bill is by deduction period in 2025-03 after billing period in 2025-02 (account 700000686592): the vendor does not allow switching back (the switch to billing period is one way). Check the period each bill was exported with (billrecon import --period)',
    );
    expect(r.fee).toEqual({ total: '0.34', lines: 1 });
    expect(r.bridgeExact).toMatchObject({ unexplained: '0.00000000' });
  });

  it('a bill with 账单月份 files the carried hour under February itself: the same switch and figures', async () => {
    const { header, rows } = lines(FILES[1]!);
    const feb = join(tempDir(), FILES[1]!);
    writeFileSync(feb, [`${header},账单月份`, ...rows.map((r) => `${r},2025-02`)].join('\n') + '\n');
    const db = await switchMonths({ feb });
    expect(db.prepare(`select month, lines from import_month where importId = 2`).all()).toEqual([{ month: '2025-02', lines: 3 }]);
    const r = reconcileMonth(db, { month: '2025-02' });
    expect(r.fee).toEqual({ total: '1.02', lines: 3 });
    expect(r.bridgeExact).toMatchObject({ crossMonth: '0.34020250', unexplained: '0.00000000' });
    expect(r.periodSwitch).toMatchObject({ from: 'deduction', to: 'billing', allowed: true, carried: '0.34020250', carriedLines: 1 });
    expect(reconcileMonth(db, { month: '2025-01' })).toMatchObject({ fee: { total: '0.68', lines: 2 }, bridgeExact: { unexplained: '0.00000000' } });
  });

  it('the exports show each month’s bill as reconciled: February’s detail 3 lines (1.0206075, the 01-31 hour as February’s), January’s 2 (0.680405)', async () => {
    const db = await switchMonths();
    const dir = tempDir();
    const feb = await exportMonth(db, { month: '2025-02', lang: 'en', workbook: join(dir, 'feb.xlsx'), csvDir: dir });
    expect(feb.workbook!.totals).toMatchObject({ lines: 3, discountedTotal: '1.02060750' });
    expect(feb.detailCsv!.rows).toBe(3);
    const jan = await exportMonth(db, { month: '2025-01', lang: 'en', workbook: join(dir, 'jan.xlsx'), csvDir: dir });
    expect(jan.workbook!.totals).toMatchObject({ lines: 2, discountedTotal: '0.68040500' });
    const lines = [...monthLines(db, '2025-02').lines()];
    expect(lines.map((l) => [l.trace, l.line.billMonth, l.line.usageStart])).toEqual([
      [`${FILES[1]}:2`, '2025-02', '2025-01-31T23:00:00+08:00'],
      [`${FILES[1]}:3`, '2025-02', '2025-02-14T10:00:00+08:00'],
      [`${FILES[1]}:4`, '2025-02', '2025-02-28T23:00:00+08:00'],
    ]);
  });

  it('the switch’s notes read in Chinese on the app’s screens', async () => {
    const db = await switchMonths();
    const texts = [
      ...reconcileMonth(db, { month: '2025-02' }).notes,
      ...reconcileMonth(db, { month: '2025-02' }).mismatches.map((m) => m.note!),
      ...reconcileMonth(db, { month: '2025-01' }).notes,
      ...reconcileMonth(db, { month: '2025-03' }).notes,
      ...reconcileMonth(await switchMonths({ leaveOut: ['2025-01'] }), { month: '2025-02' }).mismatches.map((m) => m.note!),
    ];
    expect(texts).toHaveLength(5);
    for (const text of texts) {
      const t = translateCore('zh-CN', text);
      expect(t.known, text).toBe(true);
      const words = t.segments.filter((x): x is string => typeof x === 'string').join(' ').match(/[A-Za-z]{2,}/g) ?? [];
      expect(words, text).toEqual([]);
    }
    expect(segmentsText(translateCore('zh-CN', texts[2]!).segments)).toBe(
      '2025-02 的费用账单（已切换为计费周期）包含 2025-01 最后一个结算周期的费用（0.34，1 行）：不计入 2025-01 的费用合计，并与 2025-01 的消耗账单核对',
    );
  });

  it('the accountant’s --period is the answer for every bill: no switch read, February as billing period holds 0.68 (2 lines)', async () => {
    const db = await switchMonths();
    const r = reconcileMonth(db, { month: '2025-02', period: 'billing' });
    expect(r.periodSwitch).toBeUndefined();
    expect(r.fee).toEqual({ total: '0.68', lines: 2 });
  });
});
