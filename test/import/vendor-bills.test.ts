/**
 * Issue 11 §1–3, §6: the vendor's bill examples (test/fixtures/vendor/bills, built from its field lists
 * and examples; README.md there says which cell comes from where) imported through the real importer
 * into a real SQLite file, each checked as the vendor means: the kind, the rows, the month, and every
 * verdict of expected.json — ok, the planted failures with their figures, a contract price or a unit
 * listed as not checkable (never failed). FOCUS files are §9's.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_CHECKABLE, type CheckId } from '../../main/core/bill/checks.js';
import { readPriceUnit, unitDivisor } from '../../main/core/bill/price-units.js';
import { importFile } from '../../main/core/import/index.js';
import { Exact } from '../../main/core/money/index.js';
import { lineChecks, reconcileMonth } from '../../main/core/reconcile/index.js';
import type { LineCheckResult } from '../../main/core/reconcile/types.js';
import type { Db } from '../../main/core/store/index.js';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { linesOf, type ReadBackLine } from './helpers/lines.js';

const ROOT = join(__dirname, '..', 'fixtures', 'vendor');

interface Check {
  id: string;
  row?: number;
  op: string;
  column?: string;
  where?: { col: string; equals: string };
  verdict: 'ok' | 'fail' | 'contract-price' | 'not-checkable' | 'info';
  computed: string;
  statedValue?: string;
}
interface Entry {
  file: string;
  kind: string;
  rows: number;
  expect: { month?: string; failures?: number; currency?: string; perOwner?: Record<string, string> };
  checks: Check[];
}

const expected = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as { files: Entry[] };
const BILLS = expected.files.filter((f) => f.file.startsWith('bills/') && !f.file.includes('FOCUS'));

/** expected.json's check names → the check billrecon makes (null: a figure it does not check, e.g. 组件单价 = 刊例价 × 折扣率). */
const CHECK_OF: Record<string, CheckId | null> = {
  original: 'originalCost',
  discounted: 'discountedTotal',
  payments: 'payments',
  beforeTax: 'beforeTax',
  tax: 'tax',
  total: 'total',
  afterCoupon: 'afterCoupon',
  blended: 'blendedDiscount',
  riCost: 'riCost',
  spCost: 'spCost',
  contracted: null,
};

/**
 * How an example's figures compare with the check's: `same` stated and computed; `swapped` (the
 * payments check states Σ payments and recomputes 优惠后总价; the example the other way round);
 * `difference` only (the same equation rearranged: voucher + CostBeforeTax = discounted is checked
 * as discounted − voucher = CostBeforeTax); `verdict` only (another figure checks the same thing).
 */
type Figures = 'same' | 'swapped' | 'difference' | 'verdict';

/** Where an example states a check billrecon makes another way. */
const OVERRIDES: Record<string, Record<string, { check: CheckId | null; figures: Figures }>> = {
  'intl-l3-legacy-mixed-headers': {
    payments: { check: 'beforeTax', figures: 'difference' },
    // TotalCost is the API's name for the original cost (DescribeBillResourceSummary): not read as the total.
    gross: { check: null, figures: 'verdict' },
  },
  // The vendor's own two-row table has no original cost column: the blended discount (total ÷ list price route) is what checks the unit.
  'intl-css-transcode-price-units': { withMultiplier: { check: 'blendedDiscount', figures: 'verdict' }, original: { check: 'blendedDiscount', figures: 'verdict' }, naive: { check: null, figures: 'verdict' } },
};

function ourCheck(file: string, id: string): { check: CheckId | null; figures: Figures } {
  const name = id.replace(/^r\d+\./, '');
  const base = file.replace(/^bills\//, '').replace(/-planted-[a-z-]+|\.csv$/g, '');
  return OVERRIDES[base]?.[name] ?? { check: CHECK_OF[name] ?? null, figures: name === 'payments' ? 'swapped' : 'same' };
}

const eq = (a: string, b: string) => Exact.of(a).eq(b);

/** Every line of the import's months, checked or listed, by its 1-based data row. */
function checksByRow(db: Db, file: string, months: readonly string[]): Map<number, LineCheckResult> {
  const out = new Map<number, LineCheckResult>();
  for (const m of months) for (const l of lineChecks(db, m, { all: true }).lines) out.set(Number(l.source.slice(file.length + 1)) - 1, l);
  return out;
}

/** A column's cell on a stored line, by the bill's own header (a typed field or an extra kept verbatim). */
function cellOf(l: ReadBackLine, header: string, fieldOf: Map<string, string>): string | null {
  const f = fieldOf.get(header);
  if (f !== undefined) return (l as unknown as Record<string, string | null>)[f] ?? null;
  return l.extra[header] ?? null;
}

async function imported(file: string): Promise<{ db: Db; path: string; out: Awaited<ReturnType<typeof importFile>>; lines: ReadBackLine[]; fieldOf: Map<string, string> }> {
  const { db, path } = tempDb();
  const out = await importFile(db, join(ROOT, file));
  const mapping = JSON.parse(db.prepare('select mapping from import where id = ?').pluck().get(out.id) as string) as Record<string, string>;
  // A header two fields read (a stand-in) is shown as the first.
  const fieldOf = new Map<string, string>();
  for (const [f, h] of Object.entries(mapping)) if (!fieldOf.has(h)) fieldOf.set(h, f);
  return { db, path, out, lines: linesOf(db, 'fee'), fieldOf };
}

describe('the vendor’s bill examples import and check as the vendor means (issue 11 §1–3, §6)', () => {
  for (const entry of BILLS) {
    const planted = entry.checks.filter((c) => c.verdict === 'fail');
    it(`${entry.file}: ${entry.kind}, ${entry.rows} rows, ${planted.length === 0 ? 'no failure' : `planted ${planted.map((c) => c.id).join(', ')} found`}`, async () => {
      const file = entry.file.replace(/^bills\//, '');
      const { db, out, lines, fieldOf } = await imported(entry.file);
      expect([out.kind, out.rows, lines.length]).toEqual(['fee-detail', entry.rows, entry.rows]);
      const months = [...new Set(lines.map((l) => l.month))];
      if (entry.expect.month) expect(months).toEqual([entry.expect.month.slice(0, 7)]);
      const byRow = checksByRow(db, file, months);

      const failing: string[] = [];
      for (const c of entry.checks) {
        if (c.row === undefined || c.verdict === 'info') continue;
        const { check, figures } = ourCheck(entry.file, c.id);
        const line = byRow.get(c.row);
        if (check === null) continue; // not a check billrecon makes: nothing fails for it (below)
        if (c.verdict === 'contract-price') {
          expect(line?.notCheckable?.find((k) => k.check === check), c.id).toMatchObject({ reason: NOT_CHECKABLE.contractPrice.text });
          continue;
        }
        const made = line?.checks.find((k) => k.check === check);
        expect(made, `${c.id} → ${check}`).toBeDefined();
        expect([c.id, made!.ok]).toEqual([c.id, c.verdict === 'ok']);
        if (figures === 'difference') expect(eq(made!.difference, Exact.of(c.computed).minus(c.statedValue!).toString()), c.id).toBe(true);
        const [stated, computed] = figures === 'swapped' ? [c.computed, c.statedValue!] : [c.statedValue!, c.computed];
        if (figures === 'same' || figures === 'swapped') expect([c.id, eq(made!.stated, stated), eq(made!.recomputed, computed)]).toEqual([c.id, true, true]);
        if (!made!.ok) failing.push(`${c.row}:${check}`);
      }
      // Nothing fails but what the example plants.
      const failed = [...byRow].flatMap(([row, l]) => l.checks.filter((k) => !k.ok).map((k) => `${row}:${k.check}`));
      expect(failed.sort()).toEqual(failing.sort());
      const failedLines = new Set(failed.map((f) => f.split(':')[0])).size;
      if (entry.expect.failures !== undefined) expect(failedLines).toBe(entry.expect.failures);
      expect(months.reduce((n, m) => n + lineChecks(db, m).failed, 0)).toBe(failedLines);

      // The bill's own totals, from what was stored (typed or verbatim).
      for (const c of entry.checks.filter((k) => k.op === 'sumColumn')) {
        const kept = lines.filter((l) => !c.where || cellOf(l, c.where.col, fieldOf) === c.where.equals);
        const sum = kept.reduce((s, l) => s.plus(cellOf(l, c.column!, fieldOf) ?? 0), Exact.of(0));
        expect([c.id, sum.toString()]).toEqual([c.id, Exact.of(c.computed).toString()]);
      }
      db.close();
    });
  }

  it('domestic: the contract-price lines are listed apart from failures (3 checked, 0 failed, 2 not checkable); reconcile counts them so', async () => {
    const { db, path } = await imported('bills/domestic-l3-zh.csv');
    const r = lineChecks(db, '2023-07');
    expect([r.checked, r.failed, r.notCheckable]).toEqual([3, 0, 2]);
    expect(r.lines.map((l) => [l.source, l.checks.map((k) => `${k.check} ${k.ok}`), l.notCheckable?.map((k) => `${k.check}: ${k.reason} (${k.stated} by the bill, ${k.recomputed} by its columns)`)])).toEqual([
      ['domestic-l3-zh.csv:3', ['payments true'], ['originalCost: contract price, not checkable by its columns (0.00000000 by the bill, 0.00000000 by its columns)', 'discountedTotal: contract price, not checkable by its columns (0.00040000 by the bill, 0.00000000 by its columns)']],
      ['domestic-l3-zh.csv:4', ['payments true'], ['originalCost: contract price, not checkable by its columns (0.00000000 by the bill, 0.00000000 by its columns)', 'discountedTotal: contract price, not checkable by its columns (0.00040000 by the bill, 0.00000000 by its columns)']],
    ]);
    expect(reconcileMonth(db, { month: '2023-07', user: 'test' }).lineChecks).toEqual({ checked: 3, failed: 0, notCheckable: 2 });
    db.close();
    const io = captureIo(tempDir(), { BILLRECON_USER: 'test' });
    await runCli(['reconcile', '--db', path, '--month', '2023-07'], io);
    expect(io.out).toContain('Line checks: 3 lines checked, 0 failed, 2 listed as not checkable (contract price or price unit; not failures)\n');
  });

  it('organization: each member account’s, project’s and tag’s total is kept with its lines', async () => {
    const { db } = await imported('bills/organization-l3-zh.csv');
    const byOwner = db.prepare('select s.ownerUin, s.project, s.tags, sum(l.amount) amount from bill_line l join line_scope s on s.id = l.scope group by s.id order by s.id').raw().all();
    expect(byOwner).toEqual([
      ['700000686592', '默认项目', '{"jemmahuang":"jemmahuang"}', 34020250],
      ['700000686592', '默认项目', '{}', 34020250],
      ['909619400', 'element_test', '{}', -8089000000],
    ]);
    db.close();
  });

  it('international and reseller: USD, RI/SP, tax and the reseller’s columns are typed; Billable Month decides the month', async () => {
    const intl = await imported('bills/intl-l3-en.csv');
    const row2 = intl.lines[1]!;
    expect([row2.currency, row2.riCost, row2.spCost, row2.spDeduction, row2.spRate, row2.blendedDiscount, row2.beforeTax, row2.taxRate, row2.taxAmount, row2.totalInclTax]).toEqual(
      ['USD', '4.00000000', '10.00000000', '7.00000000', '0.70000000', '0.33333333', '8.00000000', '0.09', '0.72000000', '8.72000000'],
    );
    expect(intl.lines.map((l) => l.amount)).toEqual([888_00000000n, 8_00000000n, 50_00000000n]);
    const reseller = await imported('bills/reseller-en.csv');
    // Row 1 was used 2025-03-31 23:00 and deducted 2025-04-01: its Billable Month, 2025-03, files it.
    expect(reseller.lines.map((l) => [l.month, l.payTime?.slice(0, 10), l.customerName, l.afterCoupon])).toEqual([
      ['2025-03', '2025-04-01', 'Example Customer Ltd', '0.90000000'],
      ['2025-03', '2025-03-16', 'Example Customer Ltd', '10.00000000'],
      ['2025-03', '2025-03-05', 'Example Customer Ltd', '38.23529412'],
    ]);
    // Kept verbatim: what takes part in no figure.
    expect([intl.lines[0]!.extra['Additional Attributes'], reseller.lines[0]!.extra['Reserved Instances']]).toEqual(['-', '-']);
    const css = await imported('bills/intl-css-transcode-price-units.csv');
    expect(css.lines.map((l) => [l.extra['Transcode Type'], l.amount, l.ref])).toEqual([
      ['-', 888_00000000n, null],
      ['Standard Transcode H.264_1080P', 888_00000000n, null],
    ]);
    for (const x of [intl, reseller, css]) x.db.close();
  });
});

describe('rates as bills write them', () => {
  it('a tax rate written 9% is 0.09; one that is no number leaves the tax check unmade, and the file still imports', async () => {
    const text = readFileSync(join(ROOT, 'bills', 'intl-l3-en-planted-tax.csv'), 'utf8');
    const dir = tempDir();
    const checksOf = async (name: string, rate: string) => {
      const path = join(dir, name);
      writeFileSync(path, text.replace(',0.09,', `,${rate},`));
      const { db } = tempDb();
      await importFile(db, path);
      const row2 = lineChecks(db, '2024-05', { all: true }).lines[1]!;
      db.close();
      return row2.checks.filter((k) => k.check === 'tax' || k.check === 'total').map((k) => `${k.check} ${k.stated} ${k.recomputed} ${k.ok}`);
    };
    // The planted tax 0.80 against 8 × 9% = 0.72, as with 0.09.
    expect(await checksOf('percent.csv', '9%')).toEqual(['tax 0.80000000 0.72000000 false', 'total 8.80000000 8.80000000 true']);
    expect(await checksOf('text.csv', 'VAT')).toEqual(['total 8.80000000 8.80000000 true']);
  });
});

describe('price units with a quantity multiplier (issue 11 §2)', () => {
  it('the table reads each unit of the corpus, and the usage unit it is already counted in', () => {
    const d = (unit: string, usage: string | null, duration: string | null = null) => unitDivisor(readPriceUnit(unit), usage, duration);
    expect([d('元/100个/小时', '个', '小时'), d('元/万次', '次', '天'), d('元/GB/天', 'GB', '天'), d('元/核/小时', '核', '小时'), d('USD/Minute', 'Minute', 'Day')]).toEqual([100, 10_000, 1, 1, 1]);
    expect([d('USD/3Minute/Minute', 'Minute', 'Minute'), d('元/千分钟', '分钟'), d('元/万次请求/月', '万次请求', '月'), d('元/万次请求/月', '次', '月'), d('USD/Instance/Month', 'Instance')]).toEqual([3, 1000, 1, 10_000, 1]);
    // Not understood: not a currency first, an unknown word, a decimal multiplier.
    expect([d('元/千瓦时', null), d('GB/月', 'GB'), d('元/1.5GB', 'GB'), d('积分/个', '个')]).toEqual([0, 0, 0, 0]);
    // No unit written: nothing to divide by.
    expect([d('-', null), d('', null)]).toEqual([1, 1]);
  });

  it('a unit the table does not understand lists the line as “not checkable: unit …”, never failed; its other checks still run', async () => {
    const text = readFileSync(join(ROOT, 'bills', 'domestic-l3-zh-price-units.csv'), 'utf8').replace('元/100个/小时', '元/100千瓦时/小时');
    const path = join(tempDir(), 'units-unknown.csv');
    writeFileSync(path, text);
    const { db } = tempDb();
    await importFile(db, path);
    const r = lineChecks(db, '2023-08');
    expect([r.checked, r.failed, r.notCheckable]).toEqual([1, 0, 1]);
    expect(r.lines[0]!.notCheckable).toEqual([{ check: 'originalCost', reason: 'unit 元/100千瓦时/小时', stated: '0.50000000', recomputed: '50.00000000' }]);
    expect(r.lines[0]!.checks.map((k) => [k.check, k.ok])).toEqual([['discountedTotal', true], ['payments', true]]);
    db.close();
  });
});
