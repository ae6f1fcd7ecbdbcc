import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monthlyFeeValidity } from '../../main/core/calc/tiw-validity.js';
import { addDays, daysBetween } from '../../main/core/calc/calendar-day.js';

describe('monthly fee validity, over random renewals', () => {
  it('one period per month bought, each 28–31 days, none overlapping, back to back while renewed in time', () => {
    const start = fc.record({ year: fc.integer({ min: 2019, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
    fc.assert(
      fc.property(start, fc.array(fc.record({ months: fc.integer({ min: 1, max: 14 }), gap: fc.integer({ min: -20, max: 40 }) }), { minLength: 1, maxLength: 6 }), (s, buys) => {
        const first = `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
        // Each renewal lands `gap` days after the current expiry (negative: before it), never before the previous purchase.
        const purchases: { date: string; months: number }[] = [];
        let date = first;
        for (const b of buys) {
          purchases.push({ date, months: b.months });
          const v = monthlyFeeValidity({ trialStart: null, purchases });
          const next = addDays(v.validUntil!, b.gap);
          date = next > date ? next : date;
        }
        const v = monthlyFeeValidity({ trialStart: null, purchases: purchases.slice(0, buys.length) });
        expect(v.periods.length).toBe(buys.reduce((n, b) => n + b.months, 0));
        for (const p of v.periods) expect(daysBetween(p.from, p.until)).toBeGreaterThanOrEqual(28);
        for (const p of v.periods) expect(daysBetween(p.from, p.until)).toBeLessThanOrEqual(31);
        for (let i = 1; i < v.periods.length; i++) expect(v.periods[i]!.from >= v.periods[i - 1]!.until).toBe(true);
        purchases.forEach((p, i) => {
          const own = v.periods.filter((q) => q.purchase === i);
          const prevEnd = i === 0 ? null : v.periods.filter((q) => q.purchase === i - 1).at(-1)!.until;
          // In time: starts where the previous one ended; late: starts on the renewal day.
          expect(own[0]!.from).toBe(prevEnd !== null && p.date <= prevEnd ? prevEnd : p.date);
        });
      }),
      { numRuns: 300 },
    );
  });
});
