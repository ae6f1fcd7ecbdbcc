/**
 * Lines whose check could not be made (a contract price, a price unit the core does not read) are
 * counted on the Month overview next to the line-check summary, apart from failures, as the
 * month's report counts them (the core's figure, not one the screen works out): the vendor's
 * domestic L3 example, 2023-07, has 3 lines checked, 0 failed and 2 not checkable (issue 11).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { openApp, REPO, SHOTS, type E2eApp } from './app.js';
import { untranslatedEnglish } from './page-checks.js';

const BILL = join(REPO, 'test', 'fixtures', 'vendor', 'bills', 'domestic-l3-zh.csv');

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    name: 'line-checks',
    viewport: { width: 1280, height: 800 },
    systemLocale: 'en-US',
    hash: '#tab=month&month=2023-07',
    seed: async (b) => {
      await b.table.commitImport({ path: BILL, opId: 'seed-0' });
    },
  });
  page = app.page;
  await page.getByTestId('line-checks').waitFor();
});

afterAll(() => app?.close());

describe('not-checkable lines on the Month overview', () => {
  it('the report\'s count beside checked and failed: 3 checked, 0 failed, 2 not checkable', async () => {
    const report = await app.bridge.table.monthReport({ month: '2023-07' });
    expect(report.lineChecks).toEqual({ checked: 3, failed: 0, notCheckable: 2 });
    expect(await page.getByTestId('line-checks').textContent()).toBe('Line checks: 3 checked, 0 failed, 2 not checkable (contract price or price unit; not failures)');
    expect(await page.getByTestId('line-checks-not-checkable').textContent()).toContain(String(report.lineChecks.notCheckable));
    expect(describeFindings((await axeViolations(page)).filter(isBlocking))).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-line-checks-not-checkable-en.png'), fullPage: true });
  });

  it('in Chinese', async () => {
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('line-checks').textContent()).toBe('行内校验：已校验 3 行，0 行未通过，2 行无法校验（合同价或单价单位；不算未通过）');
    expect(await untranslatedEnglish(page)).toEqual([]);
    expect(describeFindings((await axeViolations(page)).filter(isBlocking))).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-line-checks-not-checkable-zh.png'), fullPage: true });
  });
});
