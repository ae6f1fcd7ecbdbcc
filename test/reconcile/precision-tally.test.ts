import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Exact } from '../../main/core/money/index.js';
import { precision, reconcileMonth } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { addImport, fee } from './helpers.js';

/**
 * SPEC §2 on random months: import tallies each transaction (交易ID) as the lines stream by, in
 * any order; the month's figures are the sums of those tallies. Checked against the rule worked
 * out here on exact fractions, transaction by transaction.
 */

interface Drawn {
  tx: string;
  component: string;
  amount: string;
  pseudo: boolean;
}

/** Plain decimal text below 10^intDigits with up to 8 decimals. */
const text = (intDigits: number) =>
  fc.integer({ min: 0, max: 8 }).chain((s) => fc.bigInt({ min: -(10n ** BigInt(intDigits + s)), max: 10n ** BigInt(intDigits + s) }).map((m) => Exact.fraction(m, 10n ** BigInt(s)).toFixed(s)));

/** What the month's precision should say about these lines (the pseudo ones are the bill's 月度计费精度差异 line). */
function expected(lines: readonly Drawn[]) {
  const byTx = new Map<string, Exact>();
  let aggregatedLines = 0;
  let billed: Exact | null = null;
  for (const l of lines) {
    if (l.pseudo) billed = (billed ?? Exact.of(0)).plus(l.amount);
    else if (l.tx === '' || l.tx === '-') aggregatedLines++;
    else byTx.set(l.tx, (byTx.get(l.tx) ?? Exact.of(0)).plus(l.amount));
  }
  const detail = [...byTx.keys()].sort().map((tx) => {
    const rated = byTx.get(tx)!;
    const deducted = rated.toDecimalPlaces(2);
    return { transactionId: tx, rated: rated.toFixed(8), deducted: deducted.toFixed(2), difference: deducted.minus(rated).toFixed(8) };
  });
  const rated = [...byTx.values()].reduce((s, v) => s.plus(v), Exact.of(0));
  const deducted = [...byTx.values()].reduce((s, v) => s.plus(v.toDecimalPlaces(2)), Exact.of(0));
  const difference = deducted.minus(rated);
  const summary = {
    transactions: byTx.size,
    rated: rated.toFixed(8),
    deducted: deducted.toFixed(2),
    difference: difference.toFixed(8),
    billed: billed === null ? null : billed.toFixed(2),
    agrees: billed === null ? null : billed.equals(difference.toDecimalPlaces(2)),
    aggregatedLines,
    pseudoLines: lines.filter((l) => l.pseudo).length,
  };
  return { summary, detail };
}

describe('the month precision from import’s tallies equals the per-transaction rule', () => {
  // Mostly bill-sized amounts, some large, and the half-cent cases.
  const amount = fc.oneof(
    { arbitrary: text(3), weight: 8 },
    text(9),
    fc.constantFrom('1e-5', '0.12345678', '1234567890.5', '-0', '0.005', '-0.005', '1.005', '2.99499999'),
  );
  const line = fc.record({
    tx: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', '-', ''),
    component: fc.constantFrom('CPU', '内存', '硬盘'),
    amount,
    pseudo: fc.boolean(),
  });

  // The tally meets a transaction's lines together (sorted) or scattered through the file.
  it.each([['out of order', false], ['in 交易ID order', true]] as const)('on random months (%s): transactions, rated, deducted, difference, billed line, duplicates', (_, sorted) => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (drawn) => {
        const lines = (sorted ? [...drawn].sort((a, b) => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0)) : drawn).map((l) => ({ ...l, pseudo: l.pseudo && l.tx === 'F' }));
        const { db } = tempDb();
        addImport(
          db,
          'fee-detail',
          'f.csv',
          lines.map((l) =>
            l.pseudo
              ? fee({ product: '月度计费精度差异', resourceId: 'billVirtualId', componentName: null, transactionId: null, discountedTotal: l.amount })
              : fee({ transactionId: l.tx === '' ? null : l.tx, componentName: l.component, discountedTotal: l.amount }),
          ),
        );
        const report = reconcileMonth(db, { month: '2025-05', user: 'test' });
        const want = expected(lines);
        expect(report.precision).toEqual(want.summary);
        const { transactionsDetail, ...summary } = precision(db, '2025-05', { transactions: true });
        expect(summary).toEqual(want.summary);
        expect(transactionsDetail).toEqual(want.detail);
        const counts = new Map<string, number>();
        for (const l of lines) if (!l.pseudo && l.tx !== '-' && l.tx !== '') counts.set(`${l.tx}/${l.component}`, (counts.get(`${l.tx}/${l.component}`) ?? 0) + 1);
        const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k).sort();
        const reported = report.duplicates.filter((d) => d.side === 'fee').map((d) => `${d.key.transactionId ?? ''}/${d.key.component ?? ''}`).sort();
        expect(reported).toEqual(duplicated);
        db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('a month whose amounts add up past what SQLite stores is refused, naming the file, column and month', () => {
    // 12 × 9,999,999,999.99999999 = 1.2 × 10^19 units > 2^63 − 1: storing it would wrap or throw later.
    const { db } = tempDb();
    const big = () => addImport(db, 'fee-detail', 'f.csv', Array.from({ length: 12 }, () => fee({ transactionId: 'BIG', discountedTotal: '9999999999.99999999' })));
    expect(big).toThrow(/^f\.csv:.*: the amounts of 2025-05 add up to more than 92233720368\.54775807, the largest sum billrecon can store$/);
    expect(db.prepare('select count(*) n from bill_line').get()).toEqual({ n: 0 });
    // Nine such lines (9 × 10^18 units) still fit, and keep every unit.
    addImport(db, 'fee-detail', 'f.csv', Array.from({ length: 9 }, () => fee({ transactionId: 'BIG', discountedTotal: '9999999999.99999999' })));
    const r = reconcileMonth(db, { month: '2025-05', user: 'test' });
    expect(r.precision).toMatchObject({ transactions: 1, rated: '89999999999.99999991', deducted: '90000000000.00', difference: '0.00000009' });
    expect(r.fee).toEqual({ total: '90000000000.00', lines: 9 });
  });
});
