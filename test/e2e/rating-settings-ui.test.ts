/**
 * Setting what whiteboard rating uses from the rating screen, in Chromium over the real core: the
 * month's exchange rate (the comparison with the CNY bill changes with it) and the account file
 * chosen in the (stand-in) open dialog.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from './bridge.js';
import { importSamples, openApp, REPO, TIW_MONTH, type E2eApp } from './app.js';

const repo = REPO;
let dir: string;
let bridge: Bridge;
let page: Page;

let app: E2eApp;

beforeAll(async () => {
  app = await openApp({
    name: 'rating-settings',
    viewport: { width: 1500, height: 1200 },
    hash: '#tab=rating&month=2025-03',
    seed: (b) => importSamples(b, TIW_MONTH),
  });
  ({ dir, bridge, page } = app);
  await page.getByTestId('rating-settings').waitFor();
});

afterAll(() => app?.close());

const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();

async function saveRate(rate: string): Promise<void> {
  await page.getByTestId('rate-input').fill(rate);
  await page.getByTestId('rate-save').click();
}

describe('what rating uses, set on the rating screen', () => {
  it('shows the catalog and the purchases with their source, and asks for the USD→CNY rate instead of assuming one', async () => {
    expect(await text('catalog-version')).toBe('tiw-intl-usd-2025.1');
    expect(await page.getByTestId('account-monthly-fee').textContent()).toContain('2025-03-01 × 1 month(s)');
    expect(await page.getByTestId('setting-account').textContent()).toContain('Monthly fee (from the fee bill)');
    await page.getByTestId('rate-missing').waitFor();
    await page.getByTestId('rating-error').waitFor();
    expect(await text('rating-error')).toContain('no USD→CNY exchange rate for 2025-03');
  });

  it('refuses a rate that is not a positive decimal, naming the field', async () => {
    await saveRate('0');
    await page.getByTestId('rate-error').waitFor();
    expect(await text('rate-error')).toBe('The rate must be greater than 0');
    expect(await page.getByTestId('rating-error').count()).toBe(1);
  });

  it('a rate of 7.1826 rates the 100.00 USD monthly fee at 718.26 CNY against 700.00 billed', async () => {
    await saveRate('7.1826');
    await page.getByTestId('vs-rated').waitFor();
    expect(await text('vs-billed')).toBe('700.00');
    expect(await text('vs-rated')).toBe('718.26');
    expect(await text('vs-difference')).toBe('-18.26');
    expect(await text('rate-current')).toBe('Saved: 1 USD = 7.1826 CNY');
    expect(await page.getByTestId('rate-error').count()).toBe(0);
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-rating-settings-rate.png'), fullPage: true });
  });

  it('changing the rate to 7 changes the comparison: 700.00 rated, no difference — as the core rates it', async () => {
    await saveRate('7');
    await expect.poll(() => text('vs-rated')).toBe('700.00');
    expect(await text('vs-difference')).toBe('0.00');
    expect((await bridge.table.rating({ month: '2025-03' })).vsBill).toEqual({ billed: '700.00', rated: '700.00', difference: '0.00', currency: 'CNY' });
  });

  it('sets the account file chosen in the open dialog; a cancelled dialog changes nothing', async () => {
    bridge.pickJson = null;
    await page.getByTestId('set-account').click();
    expect(await text('account-file')).toBe('none');
    const path = join(dir, 'account.json');
    writeFileSync(path, JSON.stringify({ trialStart: null, monthlyFee: [], packages: [{ package: '基础版2.0', date: '2025-03-02', quantity: 1 }] }));
    bridge.pickJson = path;
    await page.getByTestId('set-account').click();
    await expect.poll(() => text('account-file')).toBe('account.json');
    expect(await text('account-packages')).toContain('basic-2.0 × 1, 2025-03-02');
    expect(await page.getByTestId('setting-account').textContent()).toContain('Packages (from the account file)');
    // Rated again with the package: its balances are listed.
    const rating = await bridge.table.rating({ month: '2025-03' });
    expect(rating.packages.map((p) => p.package)).toContain('basic-2.0');
    await expect.poll(() => page.locator('.rating table.grid tbody tr').count()).toBe(rating.packages.length);
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-rating-settings-account.png'), fullPage: true });
  });

  it('a bad account file is refused naming the file and the field', async () => {
    const bad = join(dir, 'bad-account.json');
    writeFileSync(bad, JSON.stringify({ monthlyFee: [{ date: '2025-02-30', months: 1 }] }));
    bridge.pickJson = bad;
    await page.getByTestId('set-account').click();
    await page.getByTestId('settings-error').waitFor();
    expect(await text('settings-error')).toMatch(/bad-account\.json.*monthlyFee/);
    expect(await text('account-file')).toBe('account.json');
  });
});
