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
    viewport: { width: 1500, height: 1100 },
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
