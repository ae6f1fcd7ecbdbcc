/**
 * The whiteboard rating screen over the real rating engine and the real monthly-fee validity rule
 * (main/core/calc/tiw-validity.ts): the sample bill's one month of fee from 2025-03-01.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setExchangeRate } from '../../main/core/rating/index.js';
import type { Bridge } from './bridge.js';
import { importSamples, openApp, REPO, TIW_MONTH, type E2eApp } from './app.js';

const repo = REPO;
let bridge: Bridge;
let page: Page;

let app: E2eApp;

beforeAll(async () => {
  app = await openApp({
    name: 'rating',
    viewport: { width: 1280, height: 800 },
    hash: '#tab=rating&month=2025-03',
    seed: async (b, d) => {
      await importSamples(b, TIW_MONTH);
      setExchangeRate(d, '2025-03', 'USD', 'CNY', '7.1826');
    },
  });
  ({ bridge, page } = app);
});

afterAll(() => app?.close());

describe('whiteboard rating screen', () => {
  it('draws one stacked per-day chart per item and lists package balances, as the engine rated them', async () => {
    const rating = await bridge.table.rating({ month: '2025-03' });
    await page.getByTestId('rating').waitFor();
    const items = [...new Set(rating.days.map((d) => d.item))];
    expect(await page.locator('.rating-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(items);
    // Items by name, each chart with its unit on the value axis and the month's days on the other.
    expect(await page.locator('.rating-item h3').allTextContents()).toEqual(['Whiteboard minutes', 'Transcode pages', 'Recording minutes']);
    expect(await page.locator('svg.stacked .axis-label').allTextContents()).toEqual(['minutes', 'Day of 2025-03', 'pages', 'Day of 2025-03', 'minutes', 'Day of 2025-03']);
    expect(await page.locator('svg.stacked').count()).toBe(items.length);
    // One tooltip per rated day and item, naming its cost as a ledger amount.
    const titles = await page.locator('svg.stacked g > title').allTextContents();
    expect(titles).toHaveLength(rating.days.length);
    const d = rating.days[0]!;
    expect(titles[0]).toBe(`${d.date}: free ${d.free}, package ${d.package}, postpaid ${d.postpaid} minutes; cost ${d.cost}`);
    // The answer first: billed, rated and the difference with the currency, above the charts.
    expect(await page.getByTestId('rating-result').textContent()).toBe('Billed700.00 CNYRated718.26 CNYDifference-18.26 CNY');
    const above = await page.evaluate(() => {
      const r = document.querySelector('[data-testid=rating-result]')!.getBoundingClientRect();
      const c = document.querySelector('svg.stacked')!.getBoundingClientRect();
      return r.bottom <= c.top && r.bottom <= window.innerHeight;
    });
    expect(above).toBe(true);
    // No package bought: said in words instead of an empty table.
    expect(rating.packages).toHaveLength(0);
    expect(await page.locator('.rating table.grid tbody tr').count()).toBe(0);
    expect(await page.getByTestId('no-packages').textContent()).toBe('No resource package covers this month.');
    expect(await page.getByTestId('no-service-stopped').textContent()).toBe('No usage on days without a valid monthly fee.');
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-rating-chart.png'), fullPage: true });
  });
});
