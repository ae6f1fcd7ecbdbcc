import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkLine, verdictOf, type CheckFailure, type LineFigures } from '../../main/core/bill/checks.js';
import { Exact, parseUnits, productAt8, qtyOfText, type Units } from '../../main/core/money/index.js';
import { lineChecks } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { addImport, fee } from './helpers.js';

type Text = string | null;
interface LineText {
  listPrice: Text;
  usage: Text;
  duration: Text;
  discount: Text;
  originalCost: Text;
  discountedTotal: string;
  voucher: Text;
  cash: Text;
  gift: Text;
  transfer: Text;
}

const blank = { listPrice: null, usage: null, duration: null, originalCost: null, discount: null, cash: null, gift: null, voucher: null, transfer: null };
/** A domestic line: a plain price unit, no RI / savings plan / tax columns, not a contract price. */
const domestic = {
  unitDivisor: 1, riCost: null, spCost: null, riDuration: null, spDeduction: null, spRate: null, beforeTax: null, taxRate: null, taxAmount: null,
  totalInclTax: null, afterCoupon: null, blendedDiscount: null, contractPrice: false,
} as const;
type DomesticCheck = 'originalCost' | 'discountedTotal' | 'payments';

/** A line's cells as the classifier reads them: quantities of any scale, amounts as units. */
function figuresOf(t: LineText): LineFigures {
  const q = (v: Text) => (v === null ? null : qtyOfText(v));
  const a = (v: Text) => (v === null ? null : parseUnits(v));
  return {
    ...domestic,
    listPrice: q(t.listPrice),
    usage: q(t.usage),
    duration: q(t.duration),
    discount: q(t.discount),
    originalCost: a(t.originalCost),
    discountedTotal: parseUnits(t.discountedTotal)!,
    voucher: a(t.voucher),
    cash: a(t.cash),
    gift: a(t.gift),
    transfer: a(t.transfer),
  };
}

/** Each check's verdict and the failures, as checkLine gives them. */
function run(t: LineText): { verdicts: Record<DomesticCheck, string>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const bits = checkLine(figuresOf(t), failures);
  return { verdicts: { originalCost: verdictOf(bits, 'originalCost'), discountedTotal: verdictOf(bits, 'discountedTotal'), payments: verdictOf(bits, 'payments') }, failures };
}

/** The vendor's formulas on exact fractions, rounded half-up once at 8 dp: [stated, recomputed] or null. */
function oracle(t: LineText): Record<DomesticCheck, [Units, Units] | null> {
  const at8 = (e: Exact) => e.toUnits();
  const payments = [t.cash, t.gift, t.voucher, t.transfer].filter((v): v is string => v !== null);
  return {
    originalCost: t.originalCost === null || t.listPrice === null || t.usage === null || t.duration === null ? null : [Exact.of(t.originalCost).toUnits(), at8(Exact.of(t.listPrice).times(t.usage).times(t.duration))],
    discountedTotal: t.originalCost === null || t.discount === null ? null : [Exact.of(t.discountedTotal).toUnits(), at8(Exact.of(t.originalCost).times(t.discount))],
    payments: payments.length === 0 ? null : [payments.reduce((s, v) => s.plus(v), Exact.of(0)).toUnits(), Exact.of(t.discountedTotal).toUnits()],
  };
}

function expectOracle(t: LineText): void {
  const { verdicts, failures } = run(t);
  const want = oracle(t);
  for (const check of ['originalCost', 'discountedTotal', 'payments'] as const) {
    const pair = want[check];
    expect(verdicts[check]).toBe(pair === null ? 'absent' : pair[0] === pair[1] ? 'ok' : 'failed');
    const failure = failures.find((f) => f.check === check);
    expect(failure && [failure.stated, failure.recomputed]).toEqual(pair === null || pair[0] === pair[1] ? undefined : pair);
  }
}

describe('line checks: each fee-bill line against its own columns', () => {
  it('the API sample: cash −80.43264806 + gift −0.45735194 pays −80.89', () => {
    const r = run({ ...blank, originalCost: '-80.89000000', discount: '1', discountedTotal: '-80.89000000', cash: '-80.43264806', gift: '-0.45735194', voucher: '0' });
    expect(r).toEqual({ verdicts: { originalCost: 'absent', discountedTotal: 'ok', payments: 'ok' }, failures: [] });
  });

  it('original cost = list price × usage × duration; discounted = original × discount', () => {
    // the sample month's prepaid CVM: 150.00 × 1 × 12 = 1800.00; × 0.83 = 1494.00
    const ok = { ...blank, listPrice: '150.00', usage: '1', duration: '12', originalCost: '1800.00000000', discount: '0.83', discountedTotal: '1494.00000000', cash: '1494.00000000' };
    expect(run(ok)).toEqual({ verdicts: { originalCost: 'ok', discountedTotal: 'ok', payments: 'ok' }, failures: [] });
    expect(BigInt(productAt8([qtyOfText('150.00'), qtyOfText('1'), qtyOfText('12')]))).toBe(180_000_000_000n);
    expect(BigInt(productAt8([qtyOfText('1800.00000000'), qtyOfText('0.83')]))).toBe(149_400_000_000n);
    // 0.11333333 × 22 × 1 = 2.49333326 exactly
    expect(BigInt(productAt8([qtyOfText('0.11333333'), qtyOfText('22'), qtyOfText('1')]))).toBe(249_333_326n);
    expect(run({ ...blank, listPrice: '0.11333333', usage: '22', duration: '1', originalCost: '2.49333326', discountedTotal: '2.49333326' }).verdicts.originalCost).toBe('ok');
    // recomputation rounds half-up at 8 dp: 0.123456785 × 1 × 1 → 0.12345679 (a price may have more decimals than an amount)
    expect(BigInt(productAt8([qtyOfText('0.123456785'), qtyOfText('1'), qtyOfText('1')]))).toBe(12_345_679n);
    expect(run({ ...blank, listPrice: '0.123456785', usage: '1', duration: '1', originalCost: '0.12345679', discountedTotal: '0.12345679' }).verdicts.originalCost).toBe('ok');
  });

  it('the same figures through import: every checked line with stated and recomputed', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [
      fee({ originalCost: '-80.89000000', discount: '1', discountedTotal: '-80.89000000', cash: '-80.43264806', gift: '-0.45735194', voucher: '0' }),
      fee({ listPrice: '0.123456785', usage: '1', duration: '1', originalCost: '0.12345679', discountedTotal: '0.12345679' }),
    ]);
    const r = lineChecks(db, '2025-05', { all: true });
    expect(r).toMatchObject({ checked: 2, failed: 0 });
    expect(r.lines.map((l) => [l.source, l.checks])).toEqual([
      [
        'fee.csv:2',
        [
          { check: 'discountedTotal', stated: '-80.89000000', recomputed: '-80.89000000', difference: '0.00000000', ok: true },
          { check: 'payments', stated: '-80.89000000', recomputed: '-80.89000000', difference: '0.00000000', ok: true },
        ],
      ],
      ['fee.csv:3', [{ check: 'originalCost', stated: '0.12345679', recomputed: '0.12345679', difference: '0.00000000', ok: true }]],
    ]);
  });

  it('flags lines whose stated figures differ, with stated, recomputed and difference', () => {
    const { db } = tempDb();
    addImport(db, 'fee-detail', 'fee.csv', [
      fee({ listPrice: '0.02', usage: '1', duration: '1500', originalCost: '30.00', discount: '1', discountedTotal: '30.00', cash: '30.00' }),
      fee({ listPrice: '0.02', usage: '1', duration: '1500', originalCost: '30.10', discount: '0.9', discountedTotal: '27.00', cash: '26.00', gift: '0.99' }),
      fee({ discountedTotal: '5.00' }), // nothing to check against
    ]);
    const r = lineChecks(db, '2025-05');
    expect(r.checked).toBe(2);
    expect(r.failed).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]!.source).toBe('fee.csv:3');
    expect(r.lines[0]!.checks).toEqual([
      { check: 'originalCost', stated: '30.10000000', recomputed: '30.00000000', difference: '0.10000000', ok: false },
      { check: 'discountedTotal', stated: '27.00000000', recomputed: '27.09000000', difference: '-0.09000000', ok: false },
      { check: 'payments', stated: '26.99000000', recomputed: '27.00000000', difference: '-0.01000000', ok: false },
    ]);
    expect(lineChecks(db, '2025-05', { all: true }).lines).toHaveLength(2);
  });
});

describe('checkLine agrees with the formulas on exact fractions', () => {
  const maybe = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
  /** Decimal text below 10^intDigits in size with up to maxDp decimals. */
  const num = (intDigits: number, maxDp: number) =>
    fc.integer({ min: 0, max: maxDp }).chain((s) => fc.bigInt({ min: -(10n ** BigInt(intDigits + s)), max: 10n ** BigInt(intDigits + s) }).map((m) => Exact.fraction(m, 10n ** BigInt(s)).toFixed(s)));
  interface Gen {
    listPrice: fc.Arbitrary<string>;
    usage: fc.Arbitrary<string>;
    duration: fc.Arbitrary<string>;
    discount: fc.Arbitrary<string>;
    amount: fc.Arbitrary<string>;
  }

  /** Random lines, some built to pass: original = round8(price × usage × duration), discounted = round8(original × discount), one payment. */
  const lines = (g: Gen) =>
    fc
      .record({
        listPrice: maybe(g.listPrice), usage: maybe(g.usage), duration: maybe(g.duration), discount: maybe(g.discount), originalCost: maybe(g.amount), discountedTotal: g.amount,
        cash: maybe(g.amount), gift: maybe(g.amount), voucher: maybe(g.amount), transfer: maybe(g.amount), consistent: fc.boolean(),
      })
      .map(({ consistent, ...t }): LineText => {
        if (!consistent || !t.listPrice || !t.usage || !t.duration) return t;
        const originalCost = Exact.of(t.listPrice).times(t.usage).times(t.duration).toFixed(8);
        const discountedTotal = t.discount ? Exact.of(originalCost).times(t.discount).toFixed(8) : t.discountedTotal;
        return { ...t, originalCost, discountedTotal, cash: discountedTotal, gift: null, voucher: null, transfer: null };
      });

  it('on random lines whose products run past 2^53 (the BigInt path)', () => {
    // Sizes keep every figure, built-to-pass ones included, inside an amount's range (±92 billion).
    const big = { listPrice: num(4, 10), usage: num(3, 3), duration: num(2, 2), discount: num(0, 4), amount: num(9, 8) };
    fc.assert(fc.property(lines(big), expectOracle), { numRuns: 3000 });
  });

  it('on bill-sized values (the exact-double path), and at the edge where doubles stop being exact', () => {
    // Mantissas up to 10^8 keep list price × usage × duration mostly below 2^53: the double path decides.
    const small = { listPrice: num(2, 6), usage: num(2, 3), duration: num(2, 2), discount: num(0, 2), amount: num(7, 8) };
    fc.assert(fc.property(lines(small), expectOracle), { numRuns: 5000 });
    // 2^53 + 1 units cannot be held by a double: the check must not be fooled by it.
    expect(BigInt(productAt8([qtyOfText('90071992.54740993'), qtyOfText('1'), qtyOfText('1')]))).toBe(9_007_199_254_740_993n);
    const edge = run({ ...blank, listPrice: '90071992.54740993', usage: '1', duration: '1', originalCost: '90071992.54740992', discountedTotal: '1' });
    expect(edge.failures).toEqual([{ check: 'originalCost', stated: 9_007_199_254_740_992n, recomputed: 9_007_199_254_740_993n }]);
    // Half a unit rounds away from zero, both signs.
    expect(BigInt(productAt8([qtyOfText('0.000000005'), qtyOfText('1'), qtyOfText('1')]))).toBe(1n);
    expect(BigInt(productAt8([qtyOfText('-0.000000005'), qtyOfText('1'), qtyOfText('1')]))).toBe(-1n);
    expect(BigInt(productAt8([qtyOfText('0.000000004999'), qtyOfText('1')]))).toBe(0n);
    const half = run({ ...blank, listPrice: '0.000000005', usage: '1', duration: '1', originalCost: '0.00000001', discountedTotal: '0.00000001', cash: '0.00000001' });
    expect(half).toEqual({ verdicts: { originalCost: 'ok', discountedTotal: 'absent', payments: 'ok' }, failures: [] });
  });
});
