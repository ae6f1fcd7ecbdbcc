import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { money, roundHalfUp } from '../../main/core/money/decimal.js';
import { precision, reconcileMonth } from '../../main/core/reconcile/index.js';
import { isPlainText, plainI8Sql, roundI8To2Sql } from '../../main/core/reconcile/sql-decimal.js';
import { tempDb } from '../helpers/db.js';
import { addImport, fee } from './helpers.js';

const sqlite = new Database(':memory:');
sqlite.defaultSafeIntegers(true);
const toI8 = sqlite.prepare(`select ${plainI8Sql('x')} from (select ? as x)`).pluck();
const round2 = sqlite.prepare(`select ${roundI8To2Sql('x')} from (select ? as x)`).pluck();

/** Decimal text with up to 12 integer digits and up to 10 decimals: plain and not. */
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }), fc.integer({ min: 0, max: 10 }))
  .map(([m, s]) => money(m.toString()).div(money(10).pow(s)).toFixed(s));

describe('exact decimal text as integers of 10^-8 in SQLite', () => {
  it('accepts what SQLite converts exactly and nothing else', () => {
    for (const t of ['0', '-0', '7', '0.5', '-0.5', '2.90133325', '-80.43264806', '9999999999.99999999', '007.10']) expect(isPlainText(t)).toBe(true);
    for (const t of ['', '-', '.5', '5.', '--1', '1.2.3', ' 1', '1 ', '+1', '1e-5', '1E5', '0.123456789', '12345678901', '1,000.00', 'NaN']) expect(isPlainText(t)).toBe(false);
  });

  it('converts plain text to the same integer decimal.js gives', () => {
    for (const [t, v] of [['2.90133325', 290133325n], ['-0.5', -50000000n], ['-0', 0n], ['12', 1200000000n], ['9999999999.99999999', 999999999999999999n]] as const) {
      expect(toI8.get(t)).toBe(v);
    }
    fc.assert(
      fc.property(decimalText, (t) => {
        expect(isPlainText(t)).toBe(/^-?\d{1,10}(\.\d{1,8})?$/.test(t));
        if (isPlainText(t)) expect(toI8.get(t)).toBe(BigInt(money(t).times(1e8).toFixed(0)));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds half-up to 2 dp, away from zero at .5, both signs', () => {
    for (const [v, r] of [[500000n, 1000000n], [499999n, 0n], [-500000n, -1000000n], [-499999n, 0n], [100500000n, 101000000n], [-150000n, 0n]] as const) {
      expect(round2.get(v)).toBe(r);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (v) => {
        const expected = roundHalfUp(money(v.toString()).div(1e8), 2).times(1e8).toFixed(0);
        expect(round2.get(v)).toBe(BigInt(expected));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the month precision totalled by SQLite equals the line-by-line decimal.js tally', () => {
  // Mostly bill-sized amounts (SQLite sums those), some it must leave to the tally.
  const billSized = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 8 })).map(([m, s]) => money(m).div(10 ** s).toFixed(s));
  const amount = fc.oneof(
    { arbitrary: billSized, weight: 8 },
    decimalText,
    fc.constantFrom('1e-5', '0.123456785', '12345678901.5', '-0', '0.005', '-0.005', '1.005', '2.994999995'),
  );
  const line = fc.record({
    tx: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', '-', ''),
    component: fc.constantFrom('CPU', '内存', '硬盘'),
    amount,
    pseudo: fc.boolean(),
  });

  // In 交易ID order the transactions are totalled as they stream by; out of order, by SQLite.
  it.each([['out of order', false], ['in 交易ID order', true]] as const)('on random months (%s): transactions, rated, deducted, difference, duplicates', (_, sorted) => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (drawn) => {
        const lines = sorted ? [...drawn].sort((a, b) => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0)) : drawn;
        const { db } = tempDb();
        addImport(
          db,
          'fee-detail',
          'f.csv',
          lines.map((l) =>
            l.pseudo && l.tx === 'F'
              ? fee({ product: '月度计费精度差异', resourceId: 'billVirtualId', componentName: null, transactionId: null, discountedTotal: l.amount })
              : fee({ transactionId: l.tx === '' ? null : l.tx, componentName: l.component, discountedTotal: l.amount }),
          ),
        );
        const report = reconcileMonth(db, { month: '2025-05', user: 'test' });
        // precision() with transactions feeds every line through the decimal.js/BigInt tally.
        const { transactionsDetail, ...byLine } = precision(db, '2025-05', { transactions: true });
        expect(report.precision).toEqual(byLine);
        expect(transactionsDetail).toHaveLength(byLine.transactions);
        const counts = new Map<string, number>();
        for (const l of lines) if (!(l.pseudo && l.tx === 'F') && l.tx !== '-' && l.tx !== '') counts.set(`${l.tx}/${l.component}`, (counts.get(`${l.tx}/${l.component}`) ?? 0) + 1);
        const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k).sort();
        const reported = report.duplicates.filter((d) => d.side === 'fee').map((d) => `${d.key.transactionId ?? ''}/${d.key.component ?? ''}`).sort();
        expect(reported).toEqual(duplicated);
        db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('falls back to the tally when a sum would overflow 64-bit integers', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'f.csv', Array.from({ length: 12 }, () => fee({ transactionId: 'BIG', discountedTotal: '9999999999.99999999' })));
    const r = reconcileMonth(db, { month: '2025-05', user: 'test' });
    expect(r.precision).toMatchObject({ transactions: 1, rated: '119999999999.99999988', deducted: '120000000000.00', difference: '0.00000012' });
  });
});
