import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { openDatabase } from '../../main/core/store/index.js';
import { tempDir } from '../helpers/db.js';

const capture = (cwd: string) => captureIo(cwd);

describe('billrecon account', () => {
  it('set stores the file, show prints what rating will use and where it comes from', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.sqlite');
    writeFileSync(
      join(dir, 'account.json'),
      JSON.stringify({ trialStart: '2025-02-10', monthlyFee: [{ date: '2025-02-25', months: 3 }], packages: [{ package: '基础版1.0', date: '2025-03-01', quantity: 2 }] }),
    );
    const io = capture(dir);
    expect(await runCli(['account', 'set', '--file', 'account.json', '--db', db], io)).toBe(0);
    expect(io.out).toBe('account saved from account.json: trial start 2025-02-10, 1 monthly-fee purchase(s), 1 package purchase(s)\n');
    const show = capture(dir);
    expect(await runCli(['account', 'show', '--db', db, '--json'], show)).toBe(0);
    const doc = JSON.parse(show.out);
    expect(doc.used.from).toEqual({ trialStart: 'file', monthlyFee: 'file', packages: 'file' });
    expect(doc.used.packages).toEqual([{ package: 'basic-1.0', date: '2025-03-01', quantity: 2, source: 'account.json:packages[0]' }]);
    expect(doc.catalog).toMatchObject({ version: 'tiw-intl-usd-2025.1', currency: 'USD', origin: 'builtin' });
    const text = capture(dir);
    expect(await runCli(['account', 'show', '--db', db], text)).toBe(0);
    expect(text.out).toContain('  2025-02-25 × 3 month(s)  [account.json:monthlyFee[0]]');
  });

  it('bad input exits 2 and names the file, the path and the reason; nothing is stored', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.sqlite');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ packages: [{ package: 'gold', date: '2025-03-01' }] }));
    const io = capture(dir);
    expect(await runCli(['account', 'set', '--file', 'bad.json', '--db', db], io)).toBe(2);
    expect(io.err).toMatch(/billrecon account: bad\.json: packages\.0\.package: unknown package 'gold'/);
    const missing = capture(dir);
    expect(await runCli(['account', 'set', '--file', 'nope.json', '--db', db], missing)).toBe(2);
    expect(missing.err).toMatch(/--file nope\.json: cannot read \(ENOENT\)/);
    const noFile = capture(dir);
    expect(await runCli(['account', 'set', '--db', db], noFile)).toBe(2);
    expect(noFile.err).toMatch(/account set needs --file/);
    const d = openDatabase(db);
    expect(d.prepare('select count(*) from tiw_account').pluck().get()).toBe(0);
    d.close();
  });

  it('catalog imports a negotiated catalog and --reset returns to the list prices', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.sqlite');
    const { readFileSync } = await import('node:fs');
    const c = JSON.parse(readFileSync(new URL('../../main/core/catalog/tiw-intl-usd.json', import.meta.url), 'utf8'));
    c.version = 'acme-2025';
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(c));
    const io = capture(dir);
    expect(await runCli(['account', 'catalog', '--file', 'acme.json', '--db', db], io)).toBe(0);
    expect(io.out).toBe('catalog acme-2025 (USD, 2 dated entries) imported from acme.json; later runs use it\n');
    const reset = capture(dir);
    expect(await runCli(['account', 'catalog', '--reset', '--db', db], reset)).toBe(0);
    expect(reset.out).toBe('using the built-in catalog tiw-intl-usd-2025.1\n');
  });
});

describe('billrecon rate', () => {
  it('argument errors exit 2 and say what is wrong', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.sqlite');
    openDatabase(db).close();
    const cases: [string[], RegExp][] = [
      [['rate', '--db', db], /say what to rate: 'billrecon rate tiw --month YYYY-MM'/],
      [['rate', 'tiw', '--db', db], /--month YYYY-MM is required/],
      [['rate', 'tiw', '--month', '2025-13', '--db', db], /--month: '2025-13' is not a month YYYY-MM/],
      [['rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'abc', '--db', db], /--exchange-rate: 'abc' is not a positive decimal rate/],
      [['rate', 'tiw', '--month', '2025-03', '--exchange-rate', '7.1', '--db', db], /the fee bill has no whiteboard lines for 2025-03, so its currency is unknown; write FROM\/TO=RATE/],
      [['rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'EUR/CNY=7.1', '--db', db], /--exchange-rate: the catalog is in USD, not EUR/],
    ];
    for (const [argv, message] of cases) {
      const io = capture(dir);
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err).toMatch(message);
    }
  });

  it('rate runs lists nothing on a new database, and creates none where there is none', async () => {
    const dir = tempDir();
    const io = capture(dir);
    expect(await runCli(['rate', 'runs', '--db', join(dir, 'r.sqlite'), '--json'], io)).toBe(2);
    expect(io.err).toBe(`billrecon rate: no billrecon database at ${join(dir, 'r.sqlite')}: nothing was created. Import a bill first ('billrecon import FILE...'), or point --db (or $BILLRECON_DB) at an existing database.\n`);
    expect(existsSync(join(dir, 'r.sqlite'))).toBe(false);
    openDatabase(join(dir, 'r.sqlite')).close();
    const again = capture(dir);
    expect(await runCli(['rate', 'runs', '--db', join(dir, 'r.sqlite'), '--json'], again)).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ runs: [] });
  });
});

describe('the rate report for people', () => {
  it('shows the items, packages, the comparison with its rate, and the run', async () => {
    const { humanReport } = await import('../../main/cli/commands/rate.js');
    const { rateTiwMonth, tiwRatingJson, mismatchesOf } = await import('../../main/core/rating/run.js');
    const { setExchangeRate } = await import('../../main/core/rating/compare.js');
    const { tempDb } = await import('../helpers/db.js');
    const { addSessions, addFeeLines } = await import('./fixtures.js');
    const { db } = tempDb();
    addSessions(db, [['r', 'u', '2025-03-02 00:00:00', '2025-03-09 00:00:00']]);
    addFeeLines(db, [
      {
        product: '互动白板', subProduct: '互动白板-白板时长', payMode: '按量计费', componentName: '白板时长', priceUnit: '元/千分钟',
        usageStart: '2025-03-08T00:00:00+08:00', usageEnd: '2025-03-08T23:59:59+08:00', discountedTotal: '0.90', billMonth: '2025-03',
      },
    ]);
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
    const r = rateTiwMonth(db, '2025-03', {
      validityRule: () => ({ trial: null, feeMonths: [{ from: '2025-03-01', until: '2025-04-01' }] }),
      record: true,
    });
    const text = humanReport(tiwRatingJson(r), mismatchesOf(r).length);
    expect(text).toContain('Whiteboard (TIW) rating 2025-03: catalog tiw-intl-usd-2025.1 (builtin), prices in USD');
    expect(text).toMatch(/whiteboard\s+10080\s+0\s+10000\s+0\s+80\s+0\.12/);
    expect(text).toContain('Against the fee bill (CNY, 1 USD = 7 CNY): billed 0.90, rated 0.84, difference 0.06; 1 mismatch(es)');
    expect(text).toContain('  tiw / whiteboard / 2025-03-08: billed 0.90, rated 0.84, difference 0.06');
    expect(text).toContain('Recorded as rating run #1.');
  });
});
