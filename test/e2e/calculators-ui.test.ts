/**
 * The calculator forms in Chromium over the real core (the same table `billrecon calc` runs):
 * SPEC's CVM refund and a TRTC refund typed in as an accountant would, each term checked.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from './bridge.js';
import { openApp, REPO, type E2eApp } from './app.js';

const repo = REPO;
let bridge: Bridge;
let page: Page;

let app: E2eApp;

beforeAll(async () => {
  app = await openApp({ name: 'calc', viewport: { width: 1400, height: 1000 }, hash: '#tab=calculators' });
  ({ bridge, page } = app);
  await page.locator('form.calc').waitFor();
});

afterAll(() => app?.close());

async function term(name: string): Promise<{ label: string; expression: string; value: string }> {
  const cells = await page.locator(`[data-testid=calc-result] tr[data-term="${name}"] td`).allTextContents();
  return { label: cells[0] ?? '', expression: cells[1] ?? '', value: (cells[2] ?? '').trim() };
}

async function field(name: string, value: string): Promise<void> {
  await page.locator(`form.calc [data-field="${name}"]`).fill(value);
}

describe('calculator forms', () => {
  it('lists every calculator of the core table', async () => {
    const ids = await page.locator('.calc-list button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-calc')));
    expect(ids).toEqual((await bridge.table.calculators(undefined)).map((c) => c.id));
  });

  it('SPEC CVM refund: paid 407.96, 0.42/hour, 48 hours → 387.80, each term shown', async () => {
    await page.locator('[data-calc=cvm-refund]').click();
    await field('paid', '407.96');
    await field('hourly', '0.42');
    await field('hours', '48');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-result').waitFor();
    expect(await term('paid')).toMatchObject({ label: 'Cash paid', value: '407.96' });
    expect(await term('hoursValue')).toEqual({ label: 'Hours used at the pay-as-you-go price', expression: '0.42 × 48', value: '20.16' });
    expect(await term('usedValue')).toMatchObject({ value: '20.16', expression: '0.00 + 20.16 + 0.00' });
    expect(await term('unfloored')).toMatchObject({ value: '387.80', expression: '407.96 + 0.00 + 0.00 − 20.16' });
    expect((await term('refund')).value).toBe('387.80');
    expect(await page.getByTestId('calc-notes').textContent()).toContain('gift');
    expect(await page.getByTestId('calc-cli').textContent()).toBe('billrecon calc cvm-refund --paid 407.96 --hourly 0.42 --hours 48');
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-calc-cvm-refund.png'), fullPage: true });
  });

  it('the first-refund checkbox returns the full 407.96 as cash', async () => {
    await page.locator('form.calc [data-field="first-refund"]').check();
    await page.getByTestId('calc-run').click();
    await expect.poll(async () => (await term('refund')).value).toBe('407.96');
    await page.locator('form.calc [data-field="first-refund"]').uncheck();
  });

  it('a negative figure is refused, naming the field, and the field is marked', async () => {
    await field('hours', '-48');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-field-error').waitFor();
    expect(await page.getByTestId('calc-field-error').textContent()).toBe('Hours used: must not be negative, got -48');
    expect(await page.locator('form.calc [data-field="hours"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('calc-result').count()).toBe(0);
    await field('hours', '48');
  });

  it('TRTC refund: 25,000 minutes fall in the 0.00672 band → used 168.00, refund 332.00 CNY', async () => {
    await page.locator('[data-calc=trtc-refund]').click();
    await field('paid', '500');
    await field('used-minutes', '25000');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-result').waitFor();
    expect(await term('unitPrice')).toMatchObject({ label: 'Band price per minute', value: '0.00672000' });
    expect(await term('usedValue')).toEqual({ label: 'Used value', expression: '25000 × 0.00672000 × 1', value: '168.00' });
    expect((await term('refund')).value).toBe('332.00 CNY');
    // The CVM form kept what was typed.
    await page.locator('[data-calc=cvm-refund]').click();
    expect(await page.locator('form.calc [data-field="paid"]').inputValue()).toBe('407.96');
    await page.locator('[data-calc=trtc-refund]').click();
  });

  it('in Chinese: the calculator, its fields and terms, with the same figures', async () => {
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.locator('form.calc h3').textContent()).toBe('实时音视频套餐包退款');
    await page.getByTestId('calc-run').click();
    await expect.poll(async () => (await term('usedValue')).label).toBe('已使用价值');
    expect((await term('usedValue')).value).toBe('168.00');
    await field('paid', 'abc');
    await page.getByTestId('calc-run').click();
    await expect.poll(() => page.getByTestId('calc-field-error').textContent()).toBe('实付现金: "abc" is not a number');
    await field('paid', '500');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-result').waitFor();
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-calc-trtc-refund-zh.png'), fullPage: true });
    await page.getByTestId('lang').selectOption('en');
  });

  it('a Meeting order with a list of items typed in one field: 41,800.00', async () => {
    await page.locator('[data-calc=meeting-order]').click();
    await field('item', 'business-account:10\nrooms:2');
    await field('years', '2');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-result').waitFor();
    expect((await term('business-account')).value).toBe('27,800.00');
    expect((await term('total')).value).toBe('41,800.00 CNY');
  });
});
