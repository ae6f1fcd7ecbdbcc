import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money, roundHalfUp, sum } from '../../main/core/money/decimal.js';
import { ExactSum, fromScaled, i8, roundScaled, scaled } from '../../main/core/reconcile/scaled.js';
import { reconcileMonth } from '../../main/core/reconcile/index.js';
import { tempDb } from '../helpers/db.js';
import { addImport, cons, fee } from './helpers.js';

/** Plain decimal text with up to `dp` decimals, as the importer stores amounts. */
const text = (dp: number) =>
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: dp })).map(([m, s]) => money(m.toString()).div(10 ** s).toFixed(s));

describe('scaled BigInt sums equal decimal.js', () => {
  it('parses exactly, and declines what the scale cannot hold', () => {
    expect(scaled('-80.43264806')).toBe(-80432648060000n);
    expect(scaled('0.03')).toBe(30000000000n);
    expect(scaled('-0')).toBe(0n);
    expect(scaled('7')).toBe(7000000000000n);
    expect(scaled('0.1234567890123')).toBeNull(); // 13 decimals
    expect(scaled('1e-5')).toBeNull();
    expect(fromScaled(scaled('-80.43264806')!).plus(fromScaled(scaled('-0.45735194')!)).toFixed(8)).toBe('-80.89000000');
  });

  it('sums (with terms finer than the scale kept in decimal.js) equal decimal.js sums', () => {
    fc.assert(
      fc.property(fc.array(text(15), { maxLength: 40 }), (terms) => {
        const s = new ExactSum();
        for (const t of terms) s.add(t);
        expect(s.value().equals(sum(terms))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('half-up rounding to 2 dp equals roundHalfUp, including the .5 cases both signs', () => {
    for (const [t, r] of [['1.005', '1.01'], ['-1.005', '-1.01'], ['2.994999995', '2.99'], ['-0.004', '0'], ['0.125', '0.13']] as const) {
      expect(fromScaled(roundScaled(scaled(t)!, 2)).equals(r)).toBe(true);
    }
    fc.assert(
      fc.property(text(12), fc.integer({ min: 0, max: 8 }), (t, dp) => {
        expect(fromScaled(roundScaled(scaled(t)!, dp)).equals(roundHalfUp(money(t), dp))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('exact doubles of 10^-8 units (the common case of the hot loops) equal decimal.js', () => {
  it('parses bill-sized text exactly, and declines what a double cannot hold', () => {
    expect(i8('2.90133325')).toBe(290133325);
    expect(i8('-0.5')).toBe(-50000000);
    expect(i8('12')).toBe(1200000000);
    expect(i8('9007199.25474099')).toBe(900719925474099); // 15 digits: the most a double is trusted with here
    for (const t of ['90071992.54740992', '0.123456789', '1e-5', '', '-', '.5', '5.', '1.2.3', '1234567890123456']) expect(i8(t)).toBeNaN();
    fc.assert(
      fc.property(text(10), (t) => {
        const u = i8(t);
        if (u === u) expect(money(u).div(1e8).equals(money(t))).toBe(true);
        else expect(/\.\d{9,}$/.test(t) || money(t).abs().times(1e8).gte(2 ** 53) || t.replace(/[-.]/g, '').length > 15).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('sums that spill past 2^53 into BigInt stay exact', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text(8), fc.constantFrom('9999999.99999999', '9999999.99999998', '4503599.62737049')), { maxLength: 40 }), (terms) => {
        const s = new ExactSum();
        for (const t of terms) s.add(t);
        expect(s.value().equals(sum(terms))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the bridge sums per key with doubles and BigInt and still equals decimal.js', () => {
  it('fee and consumption totals and every key difference, on random months with sums past 2^53', () => {
    const amount = fc.oneof(text(8), fc.constantFrom('9999999.99999999', '4503599.62737049', '0.123456789', '1e-7'));
    const line = fc.record({ side: fc.constantFrom('fee', 'cons'), resource: fc.constantFrom('a', 'b', 'c'), amount });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 25 }), (lines) => {
        const { db } = tempDb();
        // Non-negative amounts on postpaid lines: only missing / mismatch / within-tolerance can explain them.
        const abs = (t: string) => (t.startsWith('-') ? t.slice(1) : t);
        addImport(db, 'fee-detail', 'f.csv', lines.filter((l) => l.side === 'fee').map((l) => fee({ resourceId: l.resource, discountedTotal: abs(l.amount) })));
        addImport(db, 'consumption', 'c.csv', lines.filter((l) => l.side === 'cons').map((l) => cons({ resourceId: l.resource, amount: abs(l.amount) })));
        const r = reconcileMonth(db, { month: '2025-05', user: 'test' });
        const total = (side: string, res?: string) => sum(lines.filter((l) => l.side === side && (res === undefined || l.resource === res)).map((l) => abs(l.amount)));
        expect(r.fee.total).toBe(total('fee').toFixed(2));
        expect(r.consumption.total).toBe(total('cons').toFixed(2));
        for (const res of ['a', 'b', 'c']) {
          const d = total('fee', res).minus(total('cons', res));
          const listed = r.mismatches.filter((m) => m.key.resourceId === res && m.against === 'consumption');
          expect(sum(listed.map((m) => m.difference)).equals(d.toDecimalPlaces(8))).toBe(true);
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
