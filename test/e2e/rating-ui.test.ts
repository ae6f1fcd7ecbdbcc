/**
 * The whiteboard rating screen over the real rating engine and the real monthly-fee validity rule
 * (main/core/calc/tiw-validity.ts): the sample bill's one month of fee from 2025-03-01.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { tempDir } from '../helpers/db.js';
import { CHROMIUM_ARGS, installBridgeClient, startBridge, type Bridge } from './bridge.js';

const repo = join(__dirname, '..', '..');
const samples = join(repo, 'samples');
let db: Db;
let bridge: Bridge;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8' });
  expect(build.status, build.stderr + build.stdout).toBe(0);
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const dir = tempDir('billrecon-e2e-rating-');
  db = openDatabase(join(dir, 'billrecon.sqlite'));
  bridge = await startBridge({
    db,
    rendererDir: join(repo, 'out', 'renderer'),
    exportDir: dir,
  });
  for (const [i, f] of ['fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'].entries())
    await bridge.table.commitImport({ path: join(samples, f), opId: `seed-${i}` });
  setExchangeRate(db, '2025-03', 'USD', 'CNY', '7.1826');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1500, height: 1100 } })).newPage();
  await installBridgeClient(page);
  await page.goto(`${bridge.url}#tab=rating&month=2025-03`);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  db?.close();
});

describe('whiteboard rating screen', () => {
  it('draws one stacked per-day chart per item and lists package balances, as the engine rated them', async () => {
    const rating = await bridge.table.rating({ month: '2025-03' });
    await page.getByTestId('rating').waitFor();
    const items = [...new Set(rating.days.map((d) => d.item))];
    expect(await page.locator('.rating-item h3').allTextContents()).toEqual(items);
    expect(await page.locator('svg.stacked').count()).toBe(items.length);
    // One tooltip per rated day and item, naming its cost exactly.
    const titles = await page.locator('svg.stacked g > title').allTextContents();
    expect(titles).toHaveLength(rating.days.length);
    expect(titles[0]).toContain(`(${rating.days[0]!.cost})`);
    expect(await page.locator('.rating table.grid tbody tr').count()).toBe(rating.packages.length);
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-rating-chart.png'), fullPage: true });
  });
});
