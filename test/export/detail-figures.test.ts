import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDetailCsv } from '../../main/core/export/index.js';
import { Exact } from '../../main/core/money/index.js';
import { lineChecks } from '../../main/core/reconcile/index.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { addImport, fee } from '../reconcile/helpers.js';
import { parseCsv } from './libreoffice.js';

/**
 * The corrected detail's recomputed figures: the line checks ran once, at import, exactly at 8
 * decimals (bill/checks.ts); the export shows each check's recomputed figure and the difference
 * stated − recomputed, from the stored verdict and failed-check figures.
 */

interface Figures {
  listPrice: string | null;
  usage: string | null;
  duration: string | null;
  originalCost: string | null;
  discount: string | null;
  discountedTotal: string;
  cash: string | null;
  gift: string | null;
  voucher: string | null;
  transfer: string | null;
}

const COLUMNS = ['Recomputed original cost', 'Original cost difference', 'Recomputed discounted total', 'Discounted total difference', 'Sum of payments', 'Payments difference'] as const;

/** The corrected-detail CSV of May as rows of {trace, the six recomputed columns}. */
async function detailRows(db: Db): Promise<{ trace: string; figures: string[] }[]> {
  const path = join(tempDir('billrecon-detail-'), 'detail.csv');
  await exportDetailCsv(db, path, { month: '2025-05', lang: 'en' });
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const at = COLUMNS.map((c) => head!.indexOf(c));
  expect(at.every((i) => i >= 0)).toBe(true);
  return rows.map((r) => ({ trace: r[0]!, figures: at.map((i) => r[i]!) }));
}

type Route = 'listPrice' | 'originalCost' | 'discount';

/**
 * A contract price (bill/checks.ts): the line charges while each of 刊例价, 组件原价, 折扣率 the file has
 * shows 0 (an empty cell shows nothing and is not hidden). Its original and discounted checks are
 * listed as not checkable: '' in the corrected detail, like a check that lacks its inputs.
 */
function contractPrice(f: Figures, present: ReadonlySet<Route>): boolean {
  if (Exact.of(f.discountedTotal).isZero()) return false;
  const cells = (['listPrice', 'originalCost', 'discount'] as const).filter((k) => present.has(k)).map((k) => f[k]);
  return cells.length > 0 && cells.every((v) => v !== null && Exact.of(v).isZero());
}

/** The six columns by the vendor's formulas on exact fractions: '' where a check lacks its inputs. */
function oracle(f: Figures, present: ReadonlySet<Route> = new Set()): string[] {
  const at8 = (e: Exact) => e.toFixed(8);
  const pair = (stated: Exact, recomputed: Exact, shown: Exact) => [at8(shown), at8(stated.minus(recomputed.toDecimalPlaces(8)))];
  const contract = contractPrice(f, present);
  const original = contract || f.originalCost === null || f.listPrice === null || f.usage === null || f.duration === null
    ? ['', '']
    : pair(Exact.of(f.originalCost), Exact.of(f.listPrice).times(f.usage).times(f.duration), Exact.of(f.listPrice).times(f.usage).times(f.duration));
  const discounted = contract || f.originalCost === null || f.discount === null
    ? ['', '']
    : pair(Exact.of(f.discountedTotal), Exact.of(f.originalCost).times(f.discount), Exact.of(f.originalCost).times(f.discount));
  const paid = [f.cash, f.gift, f.voucher, f.transfer].filter((v): v is string => v !== null);
  const sumPaid = paid.reduce((s, v) => s.plus(v), Exact.of(0));
  const payments = paid.length === 0 ? ['', ''] : pair(sumPaid, Exact.of(f.discountedTotal), sumPaid);
  return [...original, ...discounted, ...payments];
}

const blank = { listPrice: null, usage: null, duration: null, originalCost: null, discount: null, cash: null, gift: null, voucher: null, transfer: null };

describe('the corrected detail’s recomputed figures', () => {
  it('worked line: 22 core-hours × 0.11333333 rates 2.49333326; a bill saying 2.49333330 differs by 0.00000004', async () => {
    const { db } = tempDb();
    const line: Figures = { ...blank, listPrice: '0.11333333', usage: '22', duration: '1', originalCost: '2.49333330', discount: '1', discountedTotal: '2.49333330', cash: '2.49333330' };
    addImport(db, 'fee-detail', 'fee.csv', [fee(line)]);
    const rows = await detailRows(db);
    expect(rows).toEqual([{ trace: 'fee.csv:2', figures: ['2.49333326', '0.00000004', '2.49333330', '0.00000000', '2.49333330', '0.00000000'] }]);
    expect(rows[0]!.figures).toEqual(oracle(line));
    expect(lineChecks(db, '2025-05').lines[0]!.checks[0]).toEqual({ check: 'originalCost', stated: '2.49333330', recomputed: '2.49333326', difference: '0.00000004', ok: false });
  });

  it('quantities written as exponents are read exactly', async () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [fee({ listPrice: '1e2', usage: '2', duration: '1', originalCost: '200', discount: '0.5', discountedTotal: '100', cash: '100' })]);
    expect((await detailRows(db))[0]!.figures).toEqual(['200.00000000', '0.00000000', '100.00000000', '0.00000000', '100.00000000', '0.00000000']);
  });

  it('on random lines, equal the vendor’s formulas on exact fractions', async () => {
    const maybe = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
    /** Decimal text below 10^intDigits with up to maxDp decimals, non-negative (a usage line). */
    const num = (intDigits: number, maxDp: number) =>
      fc.integer({ min: 0, max: maxDp }).chain((s) => fc.bigInt({ min: 0n, max: 10n ** BigInt(intDigits + s) }).map((m) => Exact.fraction(m, 10n ** BigInt(s)).toFixed(s)));
    const amount = num(6, 8);
    const line = fc
      .record({
        listPrice: maybe(num(3, 10)), usage: maybe(num(3, 3)), duration: maybe(num(2, 2)), discount: maybe(num(0, 2)), originalCost: maybe(amount), discountedTotal: amount,
        cash: maybe(amount), gift: maybe(amount), voucher: maybe(amount), transfer: maybe(amount), consistent: fc.boolean(),
      })
      .map(({ consistent, ...f }): Figures => {
        if (!consistent || !f.listPrice || !f.usage || !f.duration) return f;
        const originalCost = Exact.of(f.listPrice).times(f.usage).times(f.duration).toFixed(8);
        const discountedTotal = f.discount ? Exact.of(originalCost).times(f.discount).toFixed(8) : f.discountedTotal;
        return { ...f, originalCost, discountedTotal, cash: discountedTotal, gift: null, voucher: null, transfer: null };
      });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const { db } = tempDb();
        addImport(db, 'fee-detail', 'fee.csv', lines.map((f) => fee(f)));
        const rows = await detailRows(db);
        expect(rows.map((r) => r.trace)).toEqual(lines.map((_, i) => `fee.csv:${i + 2}`));
        const present = new Set((['listPrice', 'originalCost', 'discount'] as const).filter((k) => lines.some((l) => l[k] !== null)));
        expect(rows.map((r) => r.figures)).toEqual(lines.map((l) => oracle(l, present)));
        db.close();
      }),
      { numRuns: 60 },
    );
  });
});
