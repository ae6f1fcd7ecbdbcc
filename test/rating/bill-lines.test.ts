import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/db.js';
import type { Db } from '../../main/core/store/index.js';
import { storedLines, type StoredLine } from '../../main/core/store/line-reader.js';
import { SIDE } from '../../main/core/store/line-writer.js';
import { builtinTiwCatalog } from '../../main/core/catalog/tiw-catalog.js';
import { setExchangeRate, tiwBillCurrency } from '../../main/core/rating/compare.js';
import { ratingMismatches } from '../../main/core/rating/run.js';
import { isMonthLine, isPrepaid, monthCurrencySamples, readMonthLines, readRunLines, tiwFeeLines } from '../../main/core/rating/bill-lines.js';
import type { ValidityRule } from '../../main/core/rating/validity.js';
import { addFeeLines, addTranscodes, tiwMonthlyFeeLine, tiwUsageLine, type FeeInput } from './fixtures.js';

/**
 * Rating reads only what it rates: the month's whiteboard lines and the prepaid whiteboard
 * purchases of any month. The product and month tests run on the keys (bill_key) in SQLite, so
 * no other product's key reaches JS and only the whiteboard's lines are read back from their
 * original cells.
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

const WHITEBOARD = /互动白板|whiteboard|tiw/i;

/**
 * The keys (bill_key rows, or a line's key joined to it) each statement hands to JS, and their
 * products: the product test of rating runs in SQLite on the keys, so a key of another product
 * never reaches JS and no line of one is ever decoded from the source. A joined line's row is raw:
 * its key's product, resource and component end it (store/line-reader.ts).
 */
function countKeyRows(db: Db): { products: string[]; sql: string[] } {
  const seen = { products: [] as string[], sql: [] as string[] };
  const prepare = db.prepare.bind(db);
  const patched = (sql: string) => {
    const st = prepare(sql);
    if (!/(from|join) bill_key/i.test(sql)) return st;
    seen.sql.push(sql);
    const all = st.all.bind(st);
    const iterate = st.iterate.bind(st);
    const note = (r: unknown) => seen.products.push(Array.isArray(r) ? (r.at(-3) as string) : (r as { product: string }).product);
    Object.assign(st, {
      all: (...a: unknown[]) => {
        const r = all(...a);
        r.forEach(note);
        return r;
      },
      iterate: function* (...a: unknown[]) {
        for (const r of iterate(...a)) {
          note(r);
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
  it('a large bill: only the whiteboard’s keys reach JS, and the figures are the month’s', () => {
    const { db } = tempDb();
    bigBill(db);
    // Rows 2–3001 are CVM, 3002–3057 February's and April's transcoding, then the five lines above.
    const run = readRunLines(db, '2025-03', '2025-03-01', '2025-04-01');
    expect(run.month.map((l) => l.sourceRow)).toEqual([3059, 3060, 3062]);
    expect(run.prepaid.map((l) => l.sourceRow)).toEqual([3058, 3059]);
    expect(tiwFeeLines(db)).toHaveLength(56 + 5);
    const seen = countKeyRows(db);

    // Without the rate: the currency is told from the whiteboard lines of March and April (31
    // March's usage is deducted in April), then the run stops. The file lists 28 of April's
    // transcoding lines before any of March's: March must still be found to have whiteboard lines.
    expect(() => ratingMismatches(db, '2025-03', marchFee)).toThrow(/no USD→CNY exchange rate for 2025-03/);
    // Only whiteboard keys (March: monthly fee, transcoding, minutes; April: transcoding, minutes).
    expect(seen.products.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seen.products)).toEqual(new Set(['互动白板']));

    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    seen.products.length = 0;
    const m = ratingMismatches(db, '2025-03', marchFee);
    expect(m.map((x) => [x.key.item, x.key.date, x.fee, x.consumption, x.difference, x.feeSources.join()])).toEqual([
      ['transcode', '2025-03-11', '1.70', '1.66', '0.04', 'fee-detail.test:3060'],
      ['whiteboard', '2025-03-31', '0.42', '0.00', '0.42', 'fee-detail.test:3062'],
    ]);
    // The currency's keys again, then the whiteboard keys of every month for the run's lines and
    // purchases (February 2, March 3, April 2). Never one of the 3 CVM keys.
    expect(seen.products.length).toBeGreaterThanOrEqual(5 + 7);
    expect(new Set(seen.products)).toEqual(new Set(['互动白板']));
    for (const sql of seen.sql) expect(sql).not.toMatch(/select \*/i);
  });

  const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  it('the selection by key in SQLite gives the lines a JS filter over every stored line gives, and the same currency or error', () => {
    const r = rand(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const months = ['2025-02', '2025-03', '2025-04'] as const;
    const lastDay: Record<string, string> = { '2025-01': '2025-01-31', '2025-02': '2025-02-28', '2025-03': '2025-03-31', '2025-04': '2025-04-30' };
    const previous: Record<string, string> = { '2025-02': '2025-01', '2025-03': '2025-02', '2025-04': '2025-03' };
    const until: Record<string, string> = { '2025-02': '2025-03-01', '2025-03': '2025-04-01', '2025-04': '2025-05-01' };
    const catalog = builtinTiwCatalog();
    const outcome = (f: () => string | null) => {
      try {
        return f();
      } catch (err) {
        return (err as Error).message;
      }
    };
    let compared = 0;
    for (let round = 0; round < 12; round++) {
      const { db } = tempDb();
      // Two or three fee files; the currency evidence is one per file (a bill file has one currency).
      for (let file = 0; file < 2 + (round % 2); file++) addFeeLines(db, randomFile(pick, round, { months, lastDay, previous }), `fee-${file}.csv`);
      const every = [...storedLines(db, { side: SIDE.fee })].filter((l) => WHITEBOARD.test(l.key.product)).map(asMonthTest);
      const rows = (ls: readonly { importId: number; sourceRow: number }[]) => ls.map((l) => `${l.importId}:${l.sourceRow}`);
      for (const month of months) {
        const from = `${month}-01`;
        const wanted = every.filter((l) => isMonthLine(l, month, from, until[month]!));
        const got = readRunLines(db, month, from, until[month]!);
        expect(rows(got.month)).toEqual(rows(wanted));
        expect(rows(readMonthLines(db, month, from, until[month]!))).toEqual(rows(wanted));
        expect(rows(got.prepaid)).toEqual(rows(every.filter((l) => isPrepaid(l))));
        const report = { from, until: until[month]! };
        expect(outcome(() => tiwBillCurrency(db, month, report, catalog))).toBe(outcome(() => tiwBillCurrency(db, month, report, catalog, got.month)));
        const samples = monthCurrencySamples(db, month, from, until[month]!);
        expect(samples.length).toBe(new Set(wanted.map((l) => l.importId)).size);
        compared += wanted.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

type Pick1 = <T>(xs: readonly T[]) => T;

/**
 * A fee file of 60 random lines over February–April: usage days in the bill month, or the last
 * day of the month before (deducted the next day); one currency evidence for the whole file.
 */
function randomFile(pick: Pick1, round: number, m: { months: readonly string[]; lastDay: Record<string, string>; previous: Record<string, string> }): FeeInput[] {
  const currency = round < 6 ? pick([null, null, 'CNY', 'usd ']) : null;
  const priceUnit = round < 6 ? pick(['元/页', null]) : pick(['元/页', '元/分钟']);
  const extra = pick<Record<string, string>>([{}, { '金额(元)': '1' }]);
  return Array.from({ length: 60 }, (): FeeInput => {
    const billMonth = pick(m.months);
    const start = pick([`${billMonth}-01`, `${billMonth}-15`, m.lastDay[billMonth]!, m.lastDay[m.previous[billMonth]!]!, '']);
    const pay = pick([`${billMonth}-01`, `${billMonth}-20`, '']);
    return {
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
      priceUnit,
      currency,
      discountedTotal: pick(['1.00', '-1.00', '0.00']),
      billMonth,
      extra,
    };
  });
}

/** What the month test reads of a stored line, from its original cells and key. */
function asMonthTest(l: StoredLine) {
  const f = l.fields;
  return {
    importId: l.importId,
    sourceRow: l.row,
    subProduct: f.subProduct ?? null,
    componentType: f.componentType ?? null,
    componentName: f.componentName ?? null,
    productCode: f.productCode ?? null,
    resourceName: f.resourceName ?? null,
    payMode: f.payMode ?? null,
    usageStart: f.usageStart ?? null,
    payTime: f.payTime ?? null,
    billMonth: l.key.month,
  };
}
