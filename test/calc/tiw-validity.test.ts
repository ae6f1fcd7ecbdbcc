import { describe, expect, it } from 'vitest';
import type { ValidityRule } from '../../main/core/rating/validity.js';
import { isServiceValidOn, monthlyFeeValidity, tiwValidityRule } from '../../main/core/calc/tiw-validity.js';

const untils = (v: ReturnType<typeof monthlyFeeValidity>) => v.periods.map((p) => p.until);

describe('monthly function fee validity (SPEC §4)', () => {
  it('SPEC: bought on the 31st, renewed twice, keeps the 31st clamped to the month', () => {
    const v = monthlyFeeValidity({
      trialStart: null,
      purchases: [
        { date: '2020-07-31', months: 1 },
        { date: '2020-08-20', months: 1 },
        { date: '2020-09-25', months: 1 },
      ],
    });
    expect(untils(v)).toEqual(['2020-08-31', '2020-09-30', '2020-10-31']);
    expect(v.periods.map((p) => p.from)).toEqual(['2020-07-31', '2020-08-31', '2020-09-30']);
    expect(v.validFrom).toBe('2020-07-31');
    expect(v.validUntil).toBe('2020-10-31');
  });

  it('a 3-month purchase on the 31st gives the same months as three renewals', () => {
    const v = monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2020-07-31', months: 3 }] });
    expect(untils(v)).toEqual(['2020-08-31', '2020-09-30', '2020-10-31']);
    expect(v.periods.map((p) => p.purchase)).toEqual([0, 0, 0]);
  });

  it('February of a non-leap year clamps to the 28th, then returns to the 31st', () => {
    const v = monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2021-01-31', months: 2 }] });
    expect(untils(v)).toEqual(['2021-02-28', '2021-03-31']);
  });

  it('leap year: the 31st clamps to 2024-02-29; bought on 2024-02-29 returns to the 29th', () => {
    expect(untils(monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2024-01-31', months: 1 }] }))).toEqual(['2024-02-29']);
    const v = monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2024-02-29', months: 13 }] });
    expect(v.periods[0]!.until).toBe('2024-03-29');
    expect(v.periods[11]!.until).toBe('2025-02-28');
    expect(v.validUntil).toBe('2025-03-29');
  });

  it('a renewal after expiry starts on the renewal day with a new anchor', () => {
    const v = monthlyFeeValidity({
      trialStart: null,
      purchases: [
        { date: '2020-07-31', months: 1 },
        { date: '2020-09-10', months: 2 },
      ],
    });
    expect(v.periods).toEqual([
      { from: '2020-07-31', until: '2020-08-31', purchase: 0 },
      { from: '2020-09-10', until: '2020-10-10', purchase: 1 },
      { from: '2020-10-10', until: '2020-11-10', purchase: 1 },
    ]);
    expect(isServiceValidOn(v, '2020-08-30')).toBe('paid');
    expect(isServiceValidOn(v, '2020-08-31')).toBeNull();
    expect(isServiceValidOn(v, '2020-09-09')).toBeNull();
    expect(isServiceValidOn(v, '2020-09-10')).toBe('paid');
    expect(isServiceValidOn(v, '2020-11-10')).toBeNull();
  });

  it('a renewal on the "valid to" day itself continues with the original anchor; the day after restarts', () => {
    const onTheDay = monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2020-08-31', months: 1 }, { date: '2020-09-30', months: 1 }] });
    expect(untils(onTheDay)).toEqual(['2020-09-30', '2020-10-31']);
    const dayAfter = monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2020-08-31', months: 1 }, { date: '2020-10-01', months: 1 }] });
    expect(dayAfter.periods.map((p) => [p.from, p.until])).toEqual([['2020-08-31', '2020-09-30'], ['2020-10-01', '2020-11-01']]);
  });

  it('SPEC: a trial applied 2020-09-14 ends 2020-09-29 (15 days, mid-month)', () => {
    const v = monthlyFeeValidity({ trialStart: '2020-09-14', purchases: [] });
    expect(v.trial).toEqual({ from: '2020-09-14', until: '2020-09-29' });
    expect(isServiceValidOn(v, '2020-09-13')).toBeNull();
    expect(isServiceValidOn(v, '2020-09-14')).toBe('trial');
    expect(isServiceValidOn(v, '2020-09-28')).toBe('trial');
    expect(isServiceValidOn(v, '2020-09-29')).toBeNull();
    expect(v.validFrom).toBeNull();
    expect(v.validUntil).toBeNull();
  });

  it('SPEC: a monthly fee bought during the trial starts when the trial ends', () => {
    const v = monthlyFeeValidity({ trialStart: '2020-09-14', purchases: [{ date: '2020-09-20', months: 1 }] });
    expect(v.periods).toEqual([{ from: '2020-09-29', until: '2020-10-29', purchase: 0 }]);
    expect(isServiceValidOn(v, '2020-09-28')).toBe('trial');
    expect(isServiceValidOn(v, '2020-09-29')).toBe('paid');
    expect(isServiceValidOn(v, '2020-10-29')).toBeNull();
  });

  it('the rating engine shape carries the same months', () => {
    // Compile-time: the rating engine can plug this rule in as its ValidityRule.
    const asRule: ValidityRule = tiwValidityRule;
    expect(asRule).toBe(tiwValidityRule);
    const r = tiwValidityRule({ trialStart: null, monthlyFee: [{ date: '2020-07-31', months: 2 }] });
    expect(r).toEqual({
      trial: null,
      feeMonths: [
        { from: '2020-07-31', until: '2020-08-31' },
        { from: '2020-08-31', until: '2020-09-30' },
      ],
    });
  });

  it('rejects a day that does not exist and a purchase of zero months', () => {
    expect(() => monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2025-02-30', months: 1 }] })).toThrow(/2025-02-30/);
    expect(() => monthlyFeeValidity({ trialStart: null, purchases: [{ date: '2025-02-01', months: 0 }] })).toThrow(/months/);
  });
});
