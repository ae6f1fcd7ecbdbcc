import { describe, expect, it } from 'vitest';
import { builtinTiwCatalog } from '../../main/core/catalog/tiw-catalog.js';
import { historyFrom, rateDays, type PackagePurchase } from '../../main/core/rating/allocate.js';
import { emptyDayUsage, type DayUsage, type UsageByDay } from '../../main/core/rating/usage.js';
import type { TiwValidity } from '../../main/core/rating/validity.js';

const catalog = builtinTiwCatalog();

function usage(days: Record<string, Partial<DayUsage>>): UsageByDay {
  return new Map(Object.entries(days).map(([d, u]) => [d, { ...emptyDayUsage(), ...u }]));
}

/** Explicit months of fee: the validity rule itself is tested with its own module. */
function months(...ranges: [string, string][]): TiwValidity {
  return { trial: null, feeMonths: ranges.map(([from, until]) => ({ from, until })) };
}

const MARCH = { from: '2025-03-01', until: '2025-04-01' };

function row(r: ReturnType<typeof rateDays>, date: string, item = 'whiteboard') {
  const d = r.days.find((x) => x.date === date && x.item === item);
  if (!d) throw new Error(`no row ${date} ${item}`);
  return {
    usage: d.usage.toString(),
    trial: d.trial.toString(),
    free: d.free.toString(),
    package: d.package.toString(),
    postpaid: d.postpaid.toString(),
    exactCost: d.exactCost.toFixed(8),
    cost: d.cost.toFixed(2),
  };
}

describe('free quota, then postpaid settled daily', () => {
  it('10,000 free whiteboard minutes per month of fee; the rest at 1.50 USD per 1,000, per day', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-03-01', '2025-04-01']),
      packages: [],
      usage: usage({ '2025-03-01': { whiteboard: 6000 }, '2025-03-02': { whiteboard: 6000 }, '2025-03-03': { whiteboard: 10 } }),
      report: MARCH,
    });
    expect(row(r, '2025-03-01')).toMatchObject({ free: '6000', postpaid: '0', cost: '0.00' });
    expect(row(r, '2025-03-02')).toMatchObject({ free: '4000', postpaid: '2000', exactCost: '3.00000000', cost: '3.00' });
    // 10 × 0.0015 = 0.015 exactly: deducted 0.02 (half-up), not 0.01.
    expect(row(r, '2025-03-03')).toMatchObject({ free: '0', postpaid: '10', exactCost: '0.01500000', cost: '0.02' });
  });

  it('transcode: 15,000 free static-equivalent pages; a 16-page dynamic PPT postpaid is 624 × 0.38/1000 = 0.23712000 → 0.24', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-03-01', '2025-04-01']),
      packages: [],
      usage: usage({ '2025-03-01': { staticPages: 15_000 }, '2025-03-02': { dynamicPages: 16 } }),
      report: MARCH,
    });
    expect(row(r, '2025-03-01', 'transcode')).toMatchObject({ free: '15000', postpaid: '0' });
    expect(row(r, '2025-03-02', 'transcode')).toMatchObject({ usage: '624', postpaid: '624', exactCost: '0.23712000', cost: '0.24' });
  });

  it('recording: 1,000 free minutes, then 7.00 USD per 1,000; mixed stream rated at 0', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-03-01', '2025-04-01']),
      packages: [],
      usage: usage({ '2025-03-05': { recordingMinutesPerVideo: 1110, mixedMinutesPerVideo: 40 } }),
      report: MARCH,
    });
    expect(row(r, '2025-03-05', 'recording')).toMatchObject({ free: '1000', postpaid: '110', exactCost: '0.77000000', cost: '0.77' });
    expect(r.mixedStream).toHaveLength(1);
    expect(r.mixedStream[0]!.minutes.toString()).toBe('40');
    expect(r.mixedStream[0]!.cost.toFixed(2)).toBe('0.00');
  });

  it('the quota belongs to the month of fee, not the calendar month: bought on the 10th, April draws on what March left', () => {
    const validity = months(['2025-03-10', '2025-04-10'], ['2025-04-10', '2025-05-10']);
    const u = usage({ '2025-03-20': { whiteboard: 9000 }, '2025-04-05': { whiteboard: 3000 }, '2025-04-10': { whiteboard: 3000 } });
    const april = { from: '2025-04-01', until: '2025-05-01' };
    expect(historyFrom(validity, [], april, catalog)).toBe('2025-03-10');
    const r = rateDays({ catalog, validity, packages: [], usage: u, report: april });
    expect(r.days.map((d) => d.date)).toEqual(['2025-04-05', '2025-04-10']);
    expect(row(r, '2025-04-05')).toMatchObject({ free: '1000', postpaid: '2000', cost: '3.00' });
    expect(row(r, '2025-04-10')).toMatchObject({ free: '3000', postpaid: '0' }); // a new month of fee: a new quota
  });
});

describe('resource packages', () => {
  const validity = months(['2025-03-01', '2025-04-01']);

  it('two packages stacked: the earlier expiry is drawn first, each item on its own, balances carried', () => {
    const packages: PackagePurchase[] = [
      { package: 'basic-1.0', date: '2025-01-10', quantity: 1 }, // expires 2026-01-10: 240,000 min
      { package: 'basic-2.0', date: '2024-06-15', quantity: 1 }, // expires 2025-06-15: 60,000 min, 12,000 pages
    ];
    const r = rateDays({
      catalog,
      validity,
      packages,
      usage: usage({
        '2025-03-01': { whiteboard: 10_000 + 50_000 }, // quota, then 50,000 from basic-2.0
        '2025-03-02': { whiteboard: 30_000, staticPages: 15_000 + 12_500 }, // 10,000 basic-2.0 + 20,000 basic-1.0; pages 12,000 + 500
      }),
      report: MARCH,
    });
    expect(row(r, '2025-03-01')).toMatchObject({ free: '10000', package: '50000', postpaid: '0' });
    expect(r.days[0]!.packages.map((p) => [p.package, p.used.toString()])).toEqual([['basic-2.0', '50000']]);
    expect(row(r, '2025-03-02')).toMatchObject({ free: '0', package: '30000', postpaid: '0' });
    expect(r.days.find((d) => d.date === '2025-03-02' && d.item === 'whiteboard')!.packages.map((p) => [p.package, p.used.toString()])).toEqual([
      ['basic-2.0', '10000'],
      ['basic-1.0', '20000'],
    ]);
    expect(row(r, '2025-03-02', 'transcode')).toMatchObject({ free: '15000', package: '12500', postpaid: '0' });
    const b2 = r.packages.find((p) => p.package === 'basic-2.0')!;
    const b1 = r.packages.find((p) => p.package === 'basic-1.0')!;
    expect([b2.used.whiteboard.toString(), b2.left.whiteboard.toString(), b2.left.transcode.toString()]).toEqual(['60000', '0', '0']);
    expect([b1.used.whiteboard.toString(), b1.left.whiteboard.toString(), b1.left.transcode.toString()]).toEqual(['20000', '220000', '119500']);
    expect(b1.left.recording.toString()).toBe('120000'); // items never cross over
  });

  it('a package that expires mid-month pays up to the day before its anniversary only', () => {
    const r = rateDays({
      catalog,
      validity,
      packages: [{ package: 'basic-2.0', date: '2024-03-15', quantity: 2 }],
      usage: usage({ '2025-03-01': { whiteboard: 10_000 }, '2025-03-14': { whiteboard: 1000 }, '2025-03-15': { whiteboard: 1000 } }),
      report: MARCH,
    });
    expect(row(r, '2025-03-14')).toMatchObject({ package: '1000', postpaid: '0' });
    expect(row(r, '2025-03-15')).toMatchObject({ package: '0', postpaid: '1000', cost: '1.50' });
    expect(r.packages[0]!.expires).toBe('2025-03-15');
    expect(r.packages[0]!.left.whiteboard.toString()).toBe('119000'); // 2 × 60,000 − 1,000; left unused at expiry
  });

  it('leap year: a package bought on 29 Feb 2024 is valid until 28 Feb 2025', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-02-01', '2025-03-01']),
      packages: [{ package: 'basic-2.0', date: '2024-02-29', quantity: 1 }],
      usage: usage({ '2025-02-01': { whiteboard: 10_000 }, '2025-02-27': { whiteboard: 100 }, '2025-02-28': { whiteboard: 100 } }),
      report: { from: '2025-02-01', until: '2025-03-01' },
    });
    expect(r.packages[0]!.expires).toBe('2025-02-28');
    expect(row(r, '2025-02-27')).toMatchObject({ package: '100' });
    expect(row(r, '2025-02-28')).toMatchObject({ package: '0', postpaid: '100', exactCost: '0.15000000', cost: '0.15' });
  });

  it('a package balance carries over from earlier months (history is replayed, not reported)', () => {
    const packages: PackagePurchase[] = [{ package: 'basic-2.0', date: '2025-01-05', quantity: 1 }];
    const validity2 = months(['2025-01-05', '2025-02-05'], ['2025-02-05', '2025-03-05'], ['2025-03-05', '2025-04-05']);
    const u = usage({ '2025-01-20': { whiteboard: 10_000 + 55_000 }, '2025-03-10': { whiteboard: 10_000 + 8_000 } });
    const from = historyFrom(validity2, packages, MARCH, catalog);
    expect(from).toBe('2025-01-05');
    const r = rateDays({ catalog, validity: validity2, packages, usage: u, report: MARCH });
    expect(r.days).toHaveLength(1);
    expect(row(r, '2025-03-10')).toMatchObject({ free: '10000', package: '5000', postpaid: '3000', cost: '4.50' });
    expect(r.packages[0]!.used.whiteboard.toString()).toBe('5000');
    expect(r.packages[0]!.left.whiteboard.toString()).toBe('0');
  });
});

describe('trial and service stop', () => {
  it('a trial ending mid-month: unlimited and draws on nothing, then the month of fee starts', () => {
    const validity: TiwValidity = {
      trial: { from: '2025-03-01', until: '2025-03-16' },
      feeMonths: [{ from: '2025-03-16', until: '2025-04-16' }],
    };
    const r = rateDays({
      catalog,
      validity,
      packages: [{ package: 'basic-2.0', date: '2025-03-02', quantity: 1 }], // bought during the trial
      usage: usage({ '2025-03-15': { whiteboard: 500_000 }, '2025-03-16': { whiteboard: 80_000 } }),
      report: MARCH,
    });
    expect(row(r, '2025-03-15')).toMatchObject({ usage: '500000', trial: '500000', free: '0', package: '0', postpaid: '0', cost: '0.00' });
    expect(row(r, '2025-03-16')).toMatchObject({ trial: '0', free: '10000', package: '60000', postpaid: '10000', cost: '15.00' });
  });

  it('usage after the monthly fee expired is service-stopped, not rated', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-02-01', '2025-03-01'], ['2025-03-20', '2025-04-20']),
      packages: [],
      usage: usage({ '2025-03-05': { whiteboard: 120, dynamicPages: 2 }, '2025-03-20': { whiteboard: 50 } }),
      report: MARCH,
    });
    expect(r.stopped.map((s) => [s.date, s.item, s.usage.toString()])).toEqual([
      ['2025-03-05', 'whiteboard', '120'],
      ['2025-03-05', 'transcode', '78'],
    ]);
    expect(r.days.map((d) => d.date)).toEqual(['2025-03-20']);
  });

  it('the 31st and month ends: a day outside the report is never reported', () => {
    const r = rateDays({
      catalog,
      validity: months(['2025-01-31', '2025-02-28'], ['2025-02-28', '2025-03-31'], ['2025-03-31', '2025-04-30']),
      packages: [],
      usage: usage({ '2025-03-30': { whiteboard: 10_000 }, '2025-03-31': { whiteboard: 10_000 }, '2025-04-01': { whiteboard: 1 } }),
      report: MARCH,
    });
    // 30 March is in the month of fee from 28 Feb; 31 March opens a new one with a fresh quota.
    expect(row(r, '2025-03-30')).toMatchObject({ free: '10000', postpaid: '0' });
    expect(row(r, '2025-03-31')).toMatchObject({ free: '10000', postpaid: '0' });
    expect(r.days.some((d) => d.date === '2025-04-01')).toBe(false);
  });
});
