/**
 * What an import noted besides its rows (a failed transcode kept but not counted, a progress event
 * skipped), on the Import screen in Chromium over the real core: under each file's card when the
 * import is done, and under its record in the audit trail (read back from SQLite after a reload),
 * in English as the CLI prints them and in Chinese, with axe-core and the untranslated-English
 * check on the screen that shows them.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { openApp, SAMPLES, SHOTS, type E2eApp } from './app.js';
import { untranslatedEnglish } from './page-checks.js';

const FILES = ['tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'fee-detail-2025-03.gbk.csv'];
const TRANSCODE_NOTE = 'row 4: TaskId tc-0004 failed: kept, not counted: TranscodeFailed: file damaged';
const RECORDING_NOTE = '1 OnlineRecordStarted event skipped: not a result';

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ name: 'import-notes', viewport: { width: 1280, height: 800 }, systemLocale: 'en-US' });
  page = app.page;
  await page.getByTestId('choose-files').waitFor();
});

afterAll(() => app?.close());

/** The notes under the card of the file named `file`, as shown. */
const cardNotes = (file: string) => page.locator('[data-testid=preview]', { hasText: file }).locator('[data-testid=import-note]').allTextContents();
/** The notes under audit record `id`, as shown. */
const trailNotes = (id: number) => page.locator(`[data-testid=audit-notes][data-id="${id}"] [data-testid=import-note]`).allTextContents();

async function blocking(): Promise<string> {
  return describeFindings((await axeViolations(page)).filter(isBlocking));
}

describe('an import\'s notes on the Import screen', () => {
  it('after the import, under each file\'s card: the sentences the CLI prints, none for a file that noted nothing', async () => {
    app.bridge.pickFiles = FILES.map((f) => join(SAMPLES, f));
    await page.getByTestId('choose-files').click();
    await expect.poll(() => page.getByTestId('preview').count()).toBe(3);
    await page.getByTestId('import-all').click();
    await expect.poll(() => page.getByTestId('outcome').count(), { timeout: 30_000 }).toBe(3);
    expect(await cardNotes('tiw-transcode-2025-03.json')).toEqual([TRANSCODE_NOTE]);
    expect(await cardNotes('tiw-recording-2025-03.jsonl')).toEqual([RECORDING_NOTE]);
    expect(await cardNotes('fee-detail-2025-03.gbk.csv')).toEqual([]);
    // Shown with the card folded: the notes are not part of the preview.
    const card = page.locator('[data-testid=preview]', { hasText: 'tiw-transcode-2025-03.json' });
    expect(await card.locator('button.disclosure').getAttribute('aria-expanded')).toBe('false');
    expect(await card.locator('[data-testid=import-notes]').getAttribute('aria-label')).toBe('What the import of tiw-transcode-2025-03.json noted');
  });

  it('under each record of the audit trail, as the core stored them', async () => {
    const stored = await app.bridge.table.listImports(undefined);
    expect(stored.map((r) => [r.fileName, r.notes])).toEqual([
      ['tiw-transcode-2025-03.json', [TRANSCODE_NOTE]],
      ['tiw-recording-2025-03.jsonl', [RECORDING_NOTE]],
      ['fee-detail-2025-03.gbk.csv', []],
    ]);
    await expect.poll(() => trailNotes(stored[0]!.id)).toEqual([TRANSCODE_NOTE]);
    expect(await trailNotes(stored[1]!.id)).toEqual([RECORDING_NOTE]);
    // The fee bill noted nothing: no notes row under it.
    expect(await page.getByTestId('audit-notes').count()).toBe(2);
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-import-notes-en.png'), fullPage: true });
  });

  it('in Chinese, on the cards and in the trail, the vendor\'s ids, codes and message kept as they are', async () => {
    await page.getByTestId('lang').selectOption('zh-CN');
    const zhTranscode = '第 4 行：TaskId tc-0004 失败：已保留，不计入用量：TranscodeFailed: file damaged';
    const zhRecording = '跳过 1 个 OnlineRecordStarted 事件：不是结果';
    await expect.poll(() => cardNotes('tiw-transcode-2025-03.json')).toEqual([zhTranscode]);
    expect(await cardNotes('tiw-recording-2025-03.jsonl')).toEqual([zhRecording]);
    const [first, second] = await app.bridge.table.listImports(undefined);
    expect(await trailNotes(first!.id)).toEqual([zhTranscode]);
    expect(await trailNotes(second!.id)).toEqual([zhRecording]);
    expect(await page.locator('[data-testid=audit-notes]').first().locator('ul').getAttribute('aria-label')).toBe('tiw-transcode-2025-03.json 的导入说明');
    expect(await untranslatedEnglish(page)).toEqual([]);
    expect(await blocking()).toBe('');
    await page.screenshot({ path: join(SHOTS, 'e2e-import-notes-zh.png'), fullPage: true });
  });

  it('after a reload the cards are gone, the trail still shows the notes; an undone import keeps them, dimmed', async () => {
    await page.reload();
    const [first] = await app.bridge.table.listImports(undefined);
    await expect.poll(() => trailNotes(first!.id)).toEqual(['第 4 行：TaskId tc-0004 失败：已保留，不计入用量：TranscodeFailed: file damaged']);
    expect(await page.getByTestId('preview').count()).toBe(0);
    await page.getByTestId('lang').selectOption('en');
    await page.getByRole('button', { name: 'Undo import #1 (tiw-transcode-2025-03.json)' }).click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.locator('[data-testid=audit-notes][data-id="1"]').getAttribute('class')).toBe('notes-row muted');
    expect(await trailNotes(1)).toEqual([TRANSCODE_NOTE]);
  });
});
