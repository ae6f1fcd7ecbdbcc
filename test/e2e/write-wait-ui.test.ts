/**
 * Issue 12 §2 in the window: a review saved while another billrecon process (a CLI import,
 * test/helpers/write-holder.ts: a real second process holding the database's write lock) writes
 * the same file waits its turn, and the header's progress area says what it waits for, naming
 * the database, in English and in Chinese; the line goes once the other process commits and the
 * review is stored. No sleeps: the holder's pipe says when the lock is held and let go.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killStarted, writeHolder } from '../helpers/processes.js';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { importSamples, openApp, SHOTS, type E2eApp } from './app.js';
import { untranslatedEnglish } from './page-checks.js';

const MONTH = '2025-03';
let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    name: 'write-wait',
    viewport: { width: 1280, height: 800 },
    systemLocale: 'en-US',
    hash: `#tab=mismatches&month=${MONTH}`,
    seed: async (b) => {
      await importSamples(b, ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv']);
      await b.table.monthReport({ month: MONTH });
    },
  });
  page = app.page;
  await page.getByTestId('row-status').first().waitFor();
});

afterAll(async () => {
  killStarted();
  await app?.close();
});

const waitLine = () => page.getByTestId('write-wait');
const statusOf = (id: string) => app.db.prepare('select status from mismatch where id = ?').pluck().get(id) as string;

describe('a write of the app that waits for another process', () => {
  it('says so in the header, naming the database, in both languages, and clears once the write goes on', async () => {
    expect(await waitLine().isVisible()).toBe(false);
    const first = (await app.bridge.table.mismatches({ month: MONTH, sort: 'triage', offset: 0, limit: 1 })).rows[0]!;
    expect(first.status).toBe('open');

    const holder = writeHolder(app.dbPath);
    await holder.waitFor('stdout', 'locked\n');
    await page.getByTestId('review-apply').click();

    // After a quiet second the host says what the review waits for.
    await expect.poll(() => waitLine().textContent(), { timeout: 10_000 }).toBe(`Waiting for another billrecon process to finish writing ${app.dbPath}…`);
    expect(await waitLine().isVisible()).toBe(true);
    expect(await page.locator('header').getByRole('status').textContent()).toContain(app.dbPath);
    // The database's path is data, never translated; the rest is the screen's language.
    expect(await waitLine().locator('[translate=no]').textContent()).toBe(app.dbPath);
    expect(describeFindings((await axeViolations(page)).filter(isBlocking))).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-write-wait-en.png') });

    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => waitLine().textContent()).toBe(`正在等待另一个 billrecon 进程完成写入 ${app.dbPath}…`);
    expect((await untranslatedEnglish(page)).filter((u) => u.where.includes('write-wait'))).toEqual([]);
    expect(describeFindings((await axeViolations(page)).filter(isBlocking))).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-write-wait-zh.png') });
    // The review is still waiting: nothing stored yet (read on the test's own connection; the
    // host answers one call at a time, and this one would queue behind the waiting review).
    expect(statusOf(first.id)).toBe('open');

    holder.send('go');
    expect(await holder.exited()).toBe(0);
    await expect.poll(() => waitLine().textContent()).toBe('');
    expect(await waitLine().isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('review-outcome').textContent()).toContain('已解释');
    expect(statusOf(first.id)).toBe('explained');
  });
});
