import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { defaultValidityRule } from '../../main/core/rating/validity-rule.js';
import { rateTiwMonth, tiwRatingJson } from '../../main/core/rating/run.js';
import { parseAccountFile, saveAccountFile } from '../../main/core/rating/account.js';
import { builtinTiwCatalog } from '../../main/core/catalog/tiw-catalog.js';
import { runCli } from '../../main/cli/main.js';
import type { CliIO } from '../../main/cli/command.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';
import { addSessions } from './fixtures.js';

describe('rating with the real monthly-fee validity rule (main/core/calc/tiw-validity.ts)', () => {
  it('SPEC §4: bought 2020-07-31 and renewed twice: quotas renew on 31 Aug, 30 Sep (clamped) and run to 31 Oct', () => {
    const v = defaultValidityRule({
      trialStart: null,
      monthlyFee: [
        { date: '2020-08-20', months: 1 }, // listed out of order in the account file: sorted for the rule
        { date: '2020-07-31', months: 1 },
        { date: '2020-09-10', months: 1 },
      ],
    });
    expect(v.feeMonths).toEqual([
      { from: '2020-07-31', until: '2020-08-31' },
      { from: '2020-08-31', until: '2020-09-30' },
      { from: '2020-09-30', until: '2020-10-31' },
    ]);
  });

  it('a trial ending mid-month (applied 2020-09-14, ends 2020-09-29), a fee bought during it, usage after expiry', () => {
    const { db } = tempDb();
    saveAccountFile(
      db,
      parseAccountFile(JSON.stringify({ trialStart: '2020-09-14', monthlyFee: [{ date: '2020-09-20', months: 1 }] }), 'account.json', builtinTiwCatalog()),
      'account.json',
    );
    addSessions(db, [
      ['r', 'u', '2020-09-28 00:00:00', '2020-09-28 20:00:00'], // trial: 1,200 min, free of everything
      ['r', 'u', '2020-09-29 00:00:00', '2020-09-29 10:00:00'], // first paid day: 600 min of quota
      ['r', 'u', '2020-10-29 10:00:00', '2020-10-29 10:30:00'], // the month of fee ended on 29 Oct: stopped
    ]);
    const sept = tiwRatingJson(rateTiwMonth(db, '2020-09', { validityRule: defaultValidityRule }));
    expect(sept.validity.trial).toEqual({ from: '2020-09-14', until: '2020-09-29' });
    expect(sept.days.map((d) => [d.date, d.trial, d.free])).toEqual([
      ['2020-09-28', 1200, 0],
      ['2020-09-29', 0, 600],
    ]);
    const oct = tiwRatingJson(rateTiwMonth(db, '2020-10', { validityRule: defaultValidityRule }));
    expect(oct.serviceStopped).toEqual([{ date: '2020-10-29', item: 'whiteboard', usage: 30 }]);
  });

  it('the CLI end to end on the sample month: import, rate tiw --json with the month’s rate, run recorded', async () => {
    const dir = tempDir();
    const db = join(dir, 'cli.sqlite');
    const io: CliIO & { out: string; err: string } = {
      out: '',
      err: '',
      stdout(t) {
        io.out += t;
      },
      stderr(t) {
        io.err += t;
      },
      isTTY: false,
      env: {},
      cwd: SAMPLES,
    };
    expect(
      await runCli(['import', '--db', db, 'fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'], io),
    ).toBe(0);
    io.out = '';
    expect(await runCli(['rate', 'tiw', '--month', '2025-03', '--db', db], io)).toBe(2);
    expect(io.err).toMatch(/no USD→CNY exchange rate for 2025-03/);
    io.out = '';
    expect(await runCli(['rate', 'tiw', '--month', '2025-03', '--exchange-rate', '7', '--db', db, '--json'], io)).toBe(0);
    const j = JSON.parse(io.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['month', 'catalog', 'items', 'days', 'vsBill', 'serviceStopped']));
    expect(j.validity.feeMonths).toEqual([{ from: '2025-03-01', until: '2025-04-01' }]);
    expect(j.items.whiteboard).toMatchObject({ usage: 1800, free: 1800, postpaid: 0, cost: '0.00' });
    expect(j.items.transcode).toMatchObject({ usage: 682, free: 682 });
    expect(j.items.recording).toMatchObject({ usage: 110, free: 110 });
    expect(j.vsBill).toMatchObject({ billed: '700.00', rated: '700.00', difference: '0.00', exchangeRate: { from: 'USD', to: 'CNY', rate: '7' } });
    // 100.00 USD × 7.1826 ≠ the bill's 700.00: a rating difference, exit 1.
    io.out = '';
    expect(await runCli(['rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'USD/CNY=7.1826', '--db', db], io)).toBe(1);
    expect(io.out).toContain('billed 700.00, rated 718.26, difference -18.26; 1 mismatch(es)');
    io.out = '';
    expect(await runCli(['rate', 'runs', '--db', db, '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).runs.map((r: { catalogVersion: string; exchangeRate: string }) => [r.catalogVersion, r.exchangeRate])).toEqual([
      ['tiw-intl-usd-2025.1', '7'],
      ['tiw-intl-usd-2025.1', '7.1826'],
    ]);
  });
});
