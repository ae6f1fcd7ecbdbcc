/**
 * The calculator forms in Chromium over the real core (the same table `billrecon calc` runs),
 * at 1280×800: SPEC's CVM refund and a TRTC refund typed in as an accountant would, each term
 * checked; a Meeting order the vendor would refuse, by keyboard alone, with the rules it breaks
 * in English and Chinese; a refund a rule withholds, its rule in the notes.
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
  app = await openApp({ name: 'calc', viewport: { width: 1280, height: 800 }, hash: '#tab=calculators' });
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

  it('by keyboard alone, a Meeting order the vendor refuses names the rules it breaks (Q1, Q2) and lands on the field to fix', async () => {
    await page.locator('[data-calc=cvm-refund]').click();
    // The calculator list is one tab stop: arrow keys move through it, Tab goes on to the form.
    await page.locator('[data-calc=cvm-refund]').focus();
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.getAttribute('data-calc'))) !== 'meeting-order'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('form.calc h3').textContent()).toBe('Tencent Meeting order');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('item');
    await page.keyboard.type('pro-account:6\nlarge-500:7');
    await page.keyboard.press('Tab'); // edition
    await page.keyboard.press('Tab'); // years
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('calc-refusal').waitFor();
    expect(await page.locator('[data-testid=calc-refusal] li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-rule'), li.textContent]))).toEqual([
      ['Q1', 'Q1: pro allows 1–5 premium accounts, got 6'],
      ['Q2', 'Q2: large meetings (7) must not exceed premium accounts (6)'],
    ]);
    expect(await page.getByTestId('calc-refusal').locator('p').textContent()).toBe('Items (ID:QTY): The vendor would refuse this input. The rules it breaks:');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('item');
    expect(await page.locator('form.calc [data-field="item"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('form.calc [data-field="item"]').getAttribute('aria-describedby')).toBe('calc-refusal');
    expect(await page.getByTestId('calc-result').count()).toBe(0);
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-calc-meeting-refused-en.png'), fullPage: true });
  });

  it('the same refusal in Chinese, then fixed by keyboard (Ctrl+Enter in the list field) it is priced', async () => {
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.locator('form.calc h3').textContent()).toBe('腾讯会议订单价格');
    expect(await page.locator('[data-testid=calc-refusal] li').allTextContents()).toEqual(['Q1：专业版的高级账号数量须为 1–5 个，实际 6 个', 'Q2：大型会议累计数量（7）不得超过高级账号数量（6）']);
    expect(await page.getByTestId('calc-refusal').locator('p').textContent()).toBe('商品（名称:数量）: 厂商会拒绝此输入。违反的规则：');
    expect(await page.locator('form.calc [data-field="edition"] option[value="pro"]').textContent()).toBe('专业版');
    await page.screenshot({ path: join(repo, 'test-results', 'e2e-calc-meeting-refused-zh.png'), fullPage: true });
    await page.locator('form.calc [data-field="item"]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('pro-account:5\nlarge-500:2');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('calc-result').waitFor();
    expect((await term('total')).value).toBe('26,516.00 CNY');
    expect(await page.getByTestId('calc-refusal').count()).toBe(0);
    await page.getByTestId('lang').selectOption('en');
  });

  it('a refund a rule withholds shows the rule in the notes, in both languages (TRTC trial package: B2)', async () => {
    await page.locator('[data-calc=trtc-refund]').click();
    await field('paid', '500');
    await field('used-minutes', '25000');
    await page.locator('form.calc [data-field="package"]').selectOption('trial');
    await page.getByTestId('calc-run').click();
    await expect.poll(async () => (await term('refund')).value).toBe('0.00 CNY');
    expect(await page.locator('[data-testid=calc-notes] li[data-rule=B2]').textContent()).toBe('B2: a free trial package (免费试用包) is never refundable');
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.locator('[data-testid=calc-notes] li[data-rule=B2]').textContent()).toBe('B2：免费试用包不可退款');
    await page.getByTestId('lang').selectOption('en');
    await page.locator('form.calc [data-field="package"]').selectOption('');
  });

  it('SPEC-CALCULATORS 5A.4: the Meeting mid-term change example, 5,438.33 by the formula, 5,394.00 by whole months', async () => {
    await page.locator('[data-calc=meeting-change]').click();
    await field('held', 'large-500:1');
    await field('after', 'large-500:2');
    await field('now', '2025-07-01');
    await field('expiry', '2026-01-01');
    await field('vendor-charge', '5394');
    await page.getByTestId('calc-run').click();
    await page.getByTestId('calc-result').waitFor();
    expect((await term('upgradeDays')).value).toBe('184');
    expect((await term('wholeMonthFee')).value).toBe('5,394.00');
    expect((await term('total')).value).toBe('5,438.33 CNY');
    expect(await page.getByTestId('calc-notes').textContent()).toContain('vendor whole-month method');
  });

  it('a Meeting order with a list of items typed in one field: 41,800.00', async () => {
    await page.locator('[data-calc=meeting-order]').click();
    await field('item', 'business-account:10\nrooms:2');
    await field('years', '2');
    await page.getByTestId('calc-run').click();
    // The previous calculator's result may still be on screen until this run answers.
    await page.locator('[data-testid=calc-result] tr[data-term="business-account"]').waitFor();
    expect((await term('business-account')).value).toBe('27,800.00');
    expect((await term('total')).value).toBe('41,800.00 CNY');
  });
});
