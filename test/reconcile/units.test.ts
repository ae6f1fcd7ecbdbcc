import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Exact, fastOrUnits, fastUnits, formatUnits, parseFastOrUnits, parseUnits, roundUnits, UnitSum, type Units } from '../../main/core/money/index.js';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { addImport, cons, fee } from './helpers.js';

/** Plain decimal text below 10^intDigits with up to `dp` decimals (at most 8: what a bill may say). */
const text = (intDigits: number, dp: number) =>
  fc.integer({ min: 0, max: dp }).chain((s) => fc.bigInt({ min: -(10n ** BigInt(intDigits + s)), max: 10n ** BigInt(intDigits + s) }).map((m) => Exact.fraction(m, 10n ** BigInt(s)).toFixed(s)));

/** The units of plain decimal text by string surgery: an oracle that shares no code with money/. */
function oracleUnits(t: string): Units {
  const negative = t.startsWith('-');
  const [int, frac = ''] = (negative ? t.slice(1) : t).split('.');
  const u = BigInt(int! + frac.padEnd(8, '0'));
  return negative ? -u : u;
}

describe('amounts as integers of 10^-8 (money/units.ts)', () => {
  it('parses exactly, and refuses what has more than 8 decimals or is beyond the range', () => {
    expect(parseUnits('-80.43264806')).toBe(-8_043_264_806n);
    expect(parseUnits('0.03')).toBe(3_000_000n);
    expect(parseUnits('-0')).toBe(0n);
    expect(parseUnits('7')).toBe(700_000_000n);
    expect(parseUnits('1e-5')).toBe(1_000n);
    expect(parseUnits('1.5E-7')).toBe(15n);
    expect(parseUnits('1,234.50')).toBe(123_450_000_000n);
    expect(parseUnits('¥12.00')).toBe(1_200_000_000n);
    expect(parseUnits('1.0050000000')).toBe(100_500_000n); // zeros past the 8th decimal say nothing more
    for (const blank of ['', '-', '--', ' ']) expect(parseUnits(blank)).toBeNull();
    expect(() => parseUnits('0.1234567890123')).toThrow('more than 8 decimals: the vendor bills with at most 8');
    expect(() => parseUnits('1e-9')).toThrow('more than 8 decimals');
    expect(() => parseUnits('92233720368.54775808')).toThrow('beyond the range an amount can have');
    expect(parseUnits('92233720368.54775807')).toBe(9_223_372_036_854_775_807n);
    for (const t of ['1.234,50', '12,34', '(5.00)', '12%', '1.2.3', 'abc']) expect(() => parseUnits(t), t).toThrow();
    expect(formatUnits(parseUnits('-80.43264806')! + parseUnits('-0.45735194')!, 8)).toBe('-80.89000000');
  });

  it('sums equal the exact sums of the texts', () => {
    fc.assert(
      fc.property(fc.array(text(9, 8), { maxLength: 40 }), (terms) => {
        const s = new UnitSum();
        for (const t of terms) s.add(parseFastOrUnits(t)!);
        expect(s.value()).toBe(terms.reduce((a, t) => a + oracleUnits(t), 0n));
      }),
      { numRuns: 2000 },
    );
  });

  it('half-up rounding to any number of decimals, and its text, including the .5 cases both signs', () => {
    for (const [t, r] of [['1.005', '1.01'], ['-1.005', '-1.01'], ['2.99499999', '2.99'], ['-0.004', '0.00'], ['0.125', '0.13'], ['-0.005', '-0.01'], ['0.00499999', '0.00']] as const) {
      expect(formatUnits(roundUnits(parseUnits(t)!, 2), 2)).toBe(r);
      expect(formatUnits(parseUnits(t)!, 2)).toBe(r);
    }
    expect(formatUnits(-400_000n, 2)).toBe('0.00'); // never "-0.00"
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 0, max: 8 }), (u, dp) => {
        const exact = Exact.units(u);
        expect(roundUnits(u, dp)).toBe(exact.scaledInteger(dp) * 10n ** BigInt(8 - dp));
        expect(formatUnits(u, dp)).toBe(exact.toFixed(dp));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('amounts as safe-integer numbers (the common case of the hot loops)', () => {
  it('keeps units as a number exactly up to 2^53 − 1 and as bigint past it (fastOrUnits)', () => {
    expect(fastOrUnits(9_007_199_254_740_991n)).toBe(9_007_199_254_740_991);
    expect(fastOrUnits(-9_007_199_254_740_991n)).toBe(-9_007_199_254_740_991);
    expect(fastOrUnits(9_007_199_254_740_992n)).toBe(9_007_199_254_740_992n);
    expect(fastOrUnits(-9_223_372_036_854_775_807n)).toBe(-9_223_372_036_854_775_807n);
    expect(fastOrUnits(0n)).toBe(0);
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), (u) => BigInt(fastOrUnits(u)) === u));
  });

  it('reads bill-sized text exactly, and declines what a double cannot hold', () => {
    expect(fastUnits('2.90133325')).toBe(290_133_325);
    expect(fastUnits('-0.5')).toBe(-50_000_000);
    expect(fastUnits('12')).toBe(1_200_000_000);
    expect(fastUnits('9007199.25474099')).toBe(900_719_925_474_099); // 15 digits: the most a double is trusted with here
    for (const t of ['90071992.54740992', '0.123456789', '1e-5', '', '-', '.5', '5.', '1.2.3', '1234567890123456']) expect(fastUnits(t), t).toBeNaN();
    // What the fast reader declines, parseUnits still reads exactly (or refuses).
    expect(parseFastOrUnits('90071992.54740992')).toBe(9_007_199_254_740_992n);
    expect(parseFastOrUnits('1e-5')).toBe(1_000n);
    fc.assert(
      fc.property(text(10, 8), (t) => {
        const u = fastUnits(t);
        if (u === u) expect(BigInt(u)).toBe(oracleUnits(t));
        else expect(t.replace(/[-.]/g, '').length > 15 || oracleUnits(t) >= 2n ** 53n || oracleUnits(t) <= -(2n ** 53n)).toBe(true);
        expect(BigInt(parseFastOrUnits(t)!)).toBe(oracleUnits(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('sums that spill past 2^53 into BigInt stay exact', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text(7, 8), fc.constantFrom('9999999.99999999', '9999999.99999998', '4503599.62737049')), { maxLength: 40 }), (terms) => {
        const s = new UnitSum();
        for (const t of terms) s.add(parseFastOrUnits(t)!);
        expect(s.value()).toBe(terms.reduce((a, t) => a + oracleUnits(t), 0n));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the bridge sums per key at import and still equals the exact sums', () => {
  it('fee and consumption totals and every key difference, on random months with sums past 2^53', () => {
    const amount = fc.oneof(text(9, 8), fc.constantFrom('9999999.99999999', '4503599.62737049', '0.12345678', '1e-7'));
    const line = fc.record({ side: fc.constantFrom('fee', 'cons'), resource: fc.constantFrom('a', 'b', 'c'), amount });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 25 }), (lines) => {
        const { db } = tempDb();
        // Non-negative amounts on postpaid lines: only missing / mismatch / within-tolerance can explain them.
        const abs = (t: string) => (t.startsWith('-') ? t.slice(1) : t);
        addImport(db, 'fee-detail', 'f.csv', lines.filter((l) => l.side === 'fee').map((l) => fee({ resourceId: l.resource, discountedTotal: abs(l.amount) })));
        // A component-level consumption line needs its day (开始使用时间).
        addImport(db, 'consumption', 'c.csv', lines.filter((l) => l.side === 'cons').map((l) => cons({ resourceId: l.resource, day: '2025-05-03', amount: abs(l.amount) })));
        const r = reconcileMonth(db, { month: '2025-05', user: 'test' });
        const total = (side: string, res?: string) => lines.filter((l) => l.side === side && (res === undefined || l.resource === res)).reduce((s, l) => s.plus(abs(l.amount)), Exact.of(0));
        expect(r.fee.total).toBe(total('fee').toFixed(2));
        expect(r.consumption.total).toBe(total('cons').toFixed(2));
        for (const res of ['a', 'b', 'c']) {
          const d = total('fee', res).minus(total('cons', res));
          const listed = r.mismatches.filter((m) => m.key.resourceId === res && m.against === 'consumption');
          expect(listed.reduce((s, m) => s.plus(m.difference), Exact.of(0)).toFixed(8)).toBe(d.toFixed(8));
          if (d.isZero()) expect(listed).toEqual([]);
        }
        db.close();
      }),
      { numRuns: 150 },
    );
  });
});

describe('consumption duplicates (same key, day and transaction type twice)', () => {
  it('are found whether the day is in the month (one bit per day) or not (a token per row)', () => {
    const row = fc.record({
      resource: fc.constantFrom('a', 'b'),
      day: fc.constantFrom('2025-05-01', '2025-05-02', '2025-05-31', '2025-04-30'),
      action: fc.constantFrom('按量计费日结', '包年包月新购'),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const { db } = tempDb();
        addImport(db, 'consumption', 'c.csv', rows.map((r) => cons({ resourceId: r.resource, day: r.day, actionType: r.action, amount: '1' })));
        const report = reconcileMonth(db, { month: '2025-05', user: 'test' });
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(`${r.resource}|${r.day}|${r.action}`, (counts.get(`${r.resource}|${r.day}|${r.action}`) ?? 0) + 1);
        const expected = [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k.split('|').slice(0, 2).join('|')}|${n}`).sort();
        const reported = report.duplicates.filter((d) => d.side === 'consumption').map((d) => `${d.key.resourceId ?? ''}|${d.key.day ?? ''}|${d.count}`).sort();
        expect(reported).toEqual(expected);
        db.close();
      }),
      { numRuns: 150 },
    );
  });
});
