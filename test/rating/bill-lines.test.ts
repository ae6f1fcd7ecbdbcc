import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/db.js';
import type { Db } from '../../main/core/store/index.js';
import { readRows } from '../../main/core/store/index.js';
import type { FeeDetailLine } from '../../main/core/model.js';
import { builtinTiwCatalog } from '../../main/core/catalog/tiw-catalog.js';
import { setExchangeRate, tiwBillCurrency } from '../../main/core/rating/compare.js';
import { ratingMismatches } from '../../main/core/rating/run.js';
import { classifyTiwLine, isPrepaid, monthCurrencySamples, readRunLines, TIW_PRODUCT_SQL, vendorDay } from '../../main/core/rating/bill-lines.js';
import type { ValidityRule } from '../../main/core/rating/validity.js';
import { addFeeLines, addTranscodes, tiwMonthlyFeeLine, tiwUsageLine, type FeeInput } from './fixtures.js';

/**
 * Rating reads only what it rates: the month's whiteboard lines and the prepaid whiteboard
 * purchases of any month, selected in SQLite; never other products' lines nor other months'
 * postpaid ones, and never every column.
 */

const marchFee: ValidityRule = () => ({ trial: null, feeMonths: [{ from: '2025-03-01', until: '2025-04-01' }] });

function cvm(i: number, billMonth: string): FeeInput {
  const day = `${billMonth}-${String(1 + (i % 28)).padStart(2, '0')}`;
  return {
    product: '云服务器CVM',
    subProduct: '云服务器CVM-标准型SA2',
    payMode: '按量计费',
    actionType: '按量计费小时结',
    componentName: 'CPU-标准型SA2-2核',
    usageStart: `${day}T00:00:00+08:00`,
    payTime: `${day}T01:00:00+08:00`,
    priceUnit: '元/核/小时',
    discountedTotal: '0.11333333',
    billMonth,
  };
}

/** Rows each fee_detail statement hands to JS, and its SQL. */
function countFeeRows(db: Db): { rows: number; sql: string[] } {
  const seen = { rows: 0, sql: [] as string[] };
  const prepare = db.prepare.bind(db);
  const patched = (sql: string) => {
    const st = prepare(sql);
    if (!/fee_detail/.test(sql)) return st;
    seen.sql.push(sql);
    const all = st.all.bind(st);
    const get = st.get.bind(st);
    const iterate = st.iterate.bind(st);
    Object.assign(st, {
      all: (...a: unknown[]) => {
        const r = all(...a);
        seen.rows += r.length;
        return r;
      },
      get: (...a: unknown[]) => {
        const r = get(...a);
        if (r !== undefined) seen.rows += 1;
        return r;
      },
      iterate: function* (...a: unknown[]) {
        for (const r of iterate(...a)) {
          seen.rows += 1;
          yield r;
        }
      },
    });
    return st;
  };
  Object.assign(db, { prepare: patched });
  return seen;
}

/** March's whiteboard bill among 3,000 lines of other products and other months' whiteboard lines. */
function bigBill(db: Db): void {
  const lines: FeeInput[] = [];
  for (let i = 0; i < 1000; i++) lines.push(cvm(i, '2025-02'), cvm(i, '2025-03'), cvm(i, '2025-04'));
  for (let d = 1; d <= 28; d++) {
    lines.push(tiwUsageLine('transcode', `2025-02-${String(d).padStart(2, '0')}`, '9.00', '2025-02'));
    lines.push(tiwUsageLine('transcode', `2025-04-${String(d).padStart(2, '0')}`, '9.00', '2025-04'));
  }
  lines.push(
    tiwMonthlyFeeLine('2025-02-01', '2025-02'), // an earlier month's purchase: read, as every purchase is
    tiwMonthlyFeeLine('2025-03-01', '2025-03'),
    tiwUsageLine('transcode', '2025-03-11', '1.70000000', '2025-03'), // we rate 0.24 USD × 7 = 1.66
    tiwUsageLine('whiteboard', '2025-02-28', '5.00000000', '2025-03'), // February's usage deducted in March: not March's
    tiwUsageLine('whiteboard', '2025-03-31', '0.42000000', '2025-04'), // March's usage deducted in April: March's
  );
  addFeeLines(db, lines);
  addTranscodes(db, [
    { day: '2025-03-10', pages: 15_000, mode: 'static' },
    { day: '2025-03-11', pages: 16, mode: 'dynamic' },
  ]);
}

describe('the fee-bill lines rating reads', () => {
  it('a large bill: only the month’s whiteboard lines and the purchases reach JS, and the figures are the month’s', () => {
    const { db } = tempDb();
    bigBill(db);
    const seen = countFeeRows(db);

    // Without the rate: the month's lines are only counted and grouped in SQLite (one group of
    // certain lines, two lines whose month depends on their kind), then the run stops.
    expect(() => ratingMismatches(db, '2025-03', marchFee)).toThrow(/no USD→CNY exchange rate for 2025-03/);
    expect(seen.rows).toBe(3);

    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    seen.rows = 0;
    const m = ratingMismatches(db, '2025-03', marchFee);
    expect(m.map((x) => [x.key.item, x.key.date, x.fee, x.consumption, x.difference, x.feeSources.join()])).toEqual([
      ['transcode', '2025-03-11', '1.70', '1.66', '0.04', 'fee-detail.test:3060'],
      ['whiteboard', '2025-03-31', '0.42', '0.00', '0.42', 'fee-detail.test:3062'],
    ]);
    // 3 samples, then one read: the 4 candidate lines of March (2 are March's by kind) and the 2
    // purchases (one of them among March's). Not one of the 3,000 CVM lines or the 56 other
    // months' whiteboard usage lines.
    expect(seen.rows).toBe(3 + 5);
    for (const sql of seen.sql) expect(sql).not.toMatch(/select \*/i);
  });

  const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  it('the SQL selection gives the lines the whole-table JS filter gave, and the same currency or error', () => {
    const r = rand(42);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
    const days = ['2025-02-28', '2025-03-01', '2025-03-15', '2025-03-31', '2025-04-01', '2025-04-15', ''];
    const months = ['2025-02', '2025-03', '2025-04'];
    for (let round = 0; round < 12; round++) {
      const { db } = tempDb();
      const lines: FeeInput[] = [];
      for (let i = 0; i < 150; i++) {
        const start = pick(days);
        const pay = pick(days);
        lines.push({
          product: pick(['互动白板', 'Interactive Whiteboard', '云服务器CVM', 'TIW']),
          productCode: pick([null, 'p_tiw', 'p_cvm']),
          subProduct: pick([null, 'sp_tiw_board', '互动白板-文档转码页数', '互动白板-资源包', '云服务器CVM-标准型']),
          componentName: pick([null, '白板时长', '课中录制时长', '互动白板月功能费', '基础版2.0', 'CPU']),
          payMode: pick([null, '按量计费', '包年包月', 'Prepaid', 'PREPAY', 'postpaid']),
          actionType: pick([null, '包年包月新购', '退款', '按量计费日结']),
          usageStart: start ? `${start}T00:00:00+08:00` : pick([null, '']),
          payTime: pay ? `${pay}T09:00:00+08:00` : pick([null, '']),
          usage: '1',
          duration: '1',
          durationUnit: '月',
          priceUnit: round < 6 ? pick(['元/页', null]) : pick(['元/页', '元/分钟']),
          currency: round < 6 ? pick([null, null, null, 'CNY', 'usd ']) : null,
          discountedTotal: pick(['1.00', '-1.00', '0.00']),
          billMonth: pick(months),
          extra: pick<Record<string, string>>([{}, { '金额(元)': '1' }]),
        });
      }
      addFeeLines(db, lines);
      const all = readRows(db, 'fee-detail', TIW_PRODUCT_SQL);
      for (const month of months) {
        const report = { from: `${month}-01`, until: month === '2025-02' ? '2025-03-01' : month === '2025-03' ? '2025-04-01' : '2025-05-01' };
        // The month test as it was written over every whiteboard line of every month.
        const wanted = all.filter((l: FeeDetailLine) => {
          const kind = classifyTiwLine(l);
          if ((kind === 'whiteboard' || kind === 'transcode' || kind === 'recording') && !isPrepaid(l)) {
            const d = vendorDay(l.usageStart) ?? vendorDay(l.payTime);
            return d !== null && d >= report.from && d < report.until;
          }
          return l.billMonth === month;
        });
        const got = readRunLines(db, month, report.from, report.until);
        expect(got.month.map((l) => l.sourceRow)).toEqual(wanted.map((l) => l.sourceRow));
        expect(got.prepaid.map((l) => l.sourceRow)).toEqual(all.filter((l) => isPrepaid(l)).map((l) => l.sourceRow));
        const catalog = builtinTiwCatalog();
        const outcome = (f: () => string | null) => {
          try {
            return f();
          } catch (err) {
            return (err as Error).message;
          }
        };
        const fromSamples = outcome(() => tiwBillCurrency(db, month, report, catalog));
        expect(fromSamples).toBe(outcome(() => tiwBillCurrency(db, month, report, catalog, got.month)));
        expect(monthCurrencySamples(db, month, report.from, report.until).length).toBeLessThanOrEqual(wanted.length);
      }
    }
  });
});
