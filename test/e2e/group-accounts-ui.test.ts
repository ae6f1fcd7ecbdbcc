/**
 * Group accounts (issue 11 §8) in the window, in Chromium over the real core: the organization
 * month of test/fixtures/group-accounts (two member accounts, two projects, one tag; figures worked
 * out by hand in its README and asserted by test/reconcile/group-accounts.test.ts). The Mismatches
 * screen narrows to an account, a project or a tag with labelled selects that work from the
 * keyboard; the Month overview shows the report's totals per account, project and tag (2-dp ledger
 * figures). axe-core 0 critical/serious at 1280x800 and no untranslated English, in both languages.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { openApp, REPO, SHOTS, type E2eApp } from './app.js';
import { SAME_IN_BOTH, untranslatedEnglish } from './page-checks.js';

const FIXTURES = join(REPO, 'test', 'fixtures');
const FEE = join(FIXTURES, 'vendor', 'bills', 'organization-l3-zh.csv');
const CONSUMPTION = join(FIXTURES, 'group-accounts', '消耗账单-organization-2023-08.csv');
const MONTH = '2023-08';
/** The file-format name of the audit report's export (another screen's, in the same select). */
const SAME = SAME_IN_BOTH;

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    name: 'group-accounts',
    viewport: { width: 1280, height: 800 },
    systemLocale: 'en-US',
    hash: `#tab=mismatches&month=${MONTH}`,
    seed: async (b) => {
      for (const [i, path] of [FEE, CONSUMPTION].entries()) await b.table.commitImport({ path, opId: `seed-${i}` });
      await b.table.monthReport({ month: MONTH });
    },
  });
  page = app.page;
  await page.getByTestId('row-status').first().waitFor();
});

afterAll(() => app?.close());

async function blocking(): Promise<string> {
  return describeFindings((await axeViolations(page)).filter(isBlocking));
}

/** The grid's rows as [category, product, difference] (the shown 2-dp figure). */
async function gridRows(): Promise<string[][]> {
  return page.getByTestId('mm-row').evaluateAll((rows) =>
    rows.map((r) => ['.c-category', '.c-product', '.c-diff'].map((c) => (r.querySelector(c)?.textContent ?? '').trim())),
  );
}

/** A totals table's rows: the value and its five figures as shown. */
async function tableRows(testId: string): Promise<string[][]> {
  return page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
}

const OWNERS = [
  ['700000686592', '0.68', '0.64', '0.00', '0.04', '1'],
  ['909619400', '-80.89', '-79.00', '-0.89', '-1.00', '2'],
];
const PROJECTS = [
  ['element_test', '-80.89', '-80.00', '-0.89', '0.00', '1'],
  ['默认项目', '0.68', '1.64', '0.00', '-0.96', '2'],
];

describe('group accounts on the Mismatches screen and the Month overview', () => {
  it('filters by member account, project and tag: labelled selects of the month’s values, usable from the keyboard', async () => {
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('3 rows');
    const owner = page.getByLabel('Member account', { exact: false });
    expect(await owner.getAttribute('data-testid')).toBe('filter-owner');
    expect(await owner.locator('option').allTextContents()).toEqual(['All', '700000686592', '909619400']);
    expect(await page.getByLabel('Project', { exact: false }).locator('option').allTextContents()).toEqual(['All', 'element_test', '默认项目']);
    expect(await page.getByLabel('Tag', { exact: false }).locator('option').allTextContents()).toEqual(['All', 'jemmahuang=jemmahuang', 'jemmahuang (untagged)']);

    expect(await page.getByTestId('scope-whole-month').count()).toBe(0);
    await owner.selectOption('909619400');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('2 rows');
    // The unexplained line above the grid stays the month's, and says so while a scope is chosen.
    expect(await page.getByTestId('scope-whole-month').textContent()).toBe(" · these are the whole month's figures; the table shows the chosen account, project or tag only");
    await expect.poll(() => page.getByTestId('row-status').count()).toBe(2);
    // Triage order: the open missing disk first, then the explained refund.
    expect(await gridRows()).toEqual([
      ['Missing', '云硬盘CBS', '-1.00'],
      ['Refunds', '云服务器CVM', '-0.89'],
    ]);

    // From the keyboard: focus the project select and step to its first value.
    await page.getByLabel('Project', { exact: false }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('filter-project').inputValue()).toBe('element_test');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('1 rows');
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-group-mismatches-en.png') });

    // Back to all: the owner's "All", the project's "All".
    await owner.selectOption('');
    await page.getByTestId('filter-project').selectOption('');
    await page.getByTestId('filter-tag').selectOption('jemmahuang=jemmahuang');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('1 rows');
    expect(await gridRows()).toEqual([['Amount mismatch', 'NAT网关', '0.04']]);
    await page.getByTestId('filter-tag').selectOption('');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('3 rows');
    expect(await page.getByTestId('scope-whole-month').count()).toBe(0);
  });

  it('the Month overview shows the report’s totals per member account, project and tag (2-dp ledger figures)', async () => {
    await page.locator('[data-tab=month]').click();
    await page.getByTestId('group-totals').waitFor();
    expect(await page.getByTestId('group-owners').locator('caption').textContent()).toBe('By member account (UIN)');
    expect(await tableRows('group-owners')).toEqual(OWNERS);
    expect(await tableRows('group-projects')).toEqual(PROJECTS);
    expect(await tableRows('group-tags')).toEqual([
      ['jemmahuang=jemmahuang', '0.34', '0.34', '0.00', '0.04', '1'],
      ['jemmahuang (untagged)', '-80.55', '-78.70', '-0.89', '-0.96', '3'],
    ]);
    // The exact figures stay on hover, as the report holds them.
    expect(await page.getByTestId('group-owners').locator('tr[data-value="700000686592"] [data-col=fee] .money').getAttribute('data-exact')).toBe('0.68040500');
    expect(await page.locator('thead th', { hasText: 'Unexplained' }).first().getAttribute('scope')).toBe('col');
    // The month's cards agree: -80.21 / -78.36.
    expect([await page.getByTestId('fee-total').textContent(), await page.getByTestId('consumption-total').textContent()]).toEqual(['-80.21', '-78.36']);
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-group-month-en.png'), fullPage: true });
  });

  it('in Chinese: the same figures, the words translated, the values kept as data; axe and no English on both screens', async () => {
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('group-owners').locator('caption').textContent()).toBe('按使用者账号（UIN）');
    expect(await tableRows('group-owners')).toEqual(OWNERS);
    expect(await tableRows('group-projects')).toEqual(PROJECTS);
    expect((await tableRows('group-tags')).map((r) => r[0])).toEqual(['jemmahuang=jemmahuang', 'jemmahuang（无此标签）']);
    expect(await page.getByTestId('group-owners').locator('thead th').allTextContents()).toEqual(['使用者账号', '费用账单', '消耗账单', '已解释', '未解释', '差异数']);
    expect(await untranslatedEnglish(page, SAME)).toEqual([]);
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-group-month-zh.png'), fullPage: true });

    await page.locator('[data-tab=mismatches]').click();
    const owner = page.getByLabel('使用者账号', { exact: false });
    await owner.waitFor();
    await owner.selectOption('909619400');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('2 行');
    expect(await page.getByLabel('标签', { exact: false }).locator('option').allTextContents()).toEqual(['全部', 'jemmahuang=jemmahuang', 'jemmahuang（无此标签）']);
    expect(await untranslatedEnglish(page, SAME)).toEqual([]);
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-group-mismatches-zh.png') });
  });
});
