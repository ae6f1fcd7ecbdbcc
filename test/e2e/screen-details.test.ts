/**
 * Issue 13's details that the screens audit (axe, untranslated English, clipped columns) does not
 * judge, measured in Chromium on the sample month over the real core: readable JSON previews,
 * tabular digits, the triage look of the mismatch rows (tinted, dimmed, status as a coloured
 * word), the source panel as a comparison (side by side, differing fields marked, text ≥ 12 px),
 * and the month's report recomputed after an account or catalog change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { formatMoney } from '../../renderer/src/format.js';
import { importSamples, openApp, REPO, SAMPLE_MONTH, SAMPLES, type E2eApp } from './app.js';

const MONTH = '2025-03';
/** styles.css: --todo-bg, --muted, --warn, --ok, --differs. */
const TODO_BG = 'rgb(255, 244, 230)';
const MUTED = 'rgb(84, 92, 110)';
const WARN = 'rgb(176, 58, 10)';
const OK = 'rgb(17, 106, 50)';
const DIFFERS_BG = 'rgb(255, 244, 194)';

let app: E2eApp;
let page: Page;
let reviewed = '';

beforeAll(async () => {
  app = await openApp({
    name: 'details',
    viewport: { width: 1280, height: 800 },
    systemLocale: 'en-US',
    hash: `#tab=import&month=${MONTH}`,
    seed: async (b, db) => {
      await importSamples(b, SAMPLE_MONTH);
      setExchangeRate(db, MONTH, 'USD', 'CNY', '7.1826');
      await b.table.monthReport({ month: MONTH });
      const { rows } = await b.table.mismatches({ month: MONTH, sort: 'seq', offset: 0, limit: 100 });
      reviewed = rows.find((r) => r.category === 'missing')!.id;
      await b.table.setReview({ ids: [reviewed], status: 'explained', comment: 'vendor ticket 42' });
    },
  });
  page = app.page;
  await page.getByTestId('choose-files').waitFor();
});

afterAll(() => app?.close());

const tab = (name: string) => page.locator(`[data-tab=${name}]`).click();
const current = () => expect.poll(() => page.getByTestId('stale-marker').getAttribute('data-phase'), { timeout: 30_000 }).toBe('current');

describe('the details of the accountant\'s screens', () => {
  it('a JSON result preview reads as values: a nested list as "N entries" with its JSON on hover, never [object Object] or ·', async () => {
    app.bridge.pickFiles = [join(SAMPLES, 'tiw-recording-2025-03.jsonl')];
    await page.getByTestId('choose-files').click();
    const preview = page.getByTestId('preview').first();
    await preview.locator('.preview-table').waitFor();
    const cells = await preview.locator('.preview-table tbody td').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((c) => c.includes('[object Object]') || c.trim() === '·')).toEqual([]);
    const headers = await preview.locator('.preview-table thead th').allTextContents();
    const col = headers.findIndex((h) => h.includes('VideoInfos'));
    expect(col).toBeGreaterThanOrEqual(0);
    // The first record is a progress event with no videos; the second, the finished recording.
    const videos = preview.locator(`.preview-table tbody tr td:nth-child(${col + 1}) [title]`).first();
    const list = JSON.parse((await videos.getAttribute('title'))!) as { VideoDuration: number }[];
    // The sample's finished recording: 4 videos.
    expect(list).toHaveLength(4);
    expect(list.every((v) => typeof v.VideoDuration === 'number')).toBe(true);
    expect(await videos.textContent()).toBe(`${list.length} entries`);
    // Unix times in the results as local (Beijing) times, the number on hover.
    const start = preview.locator(`.preview-table tbody tr td:nth-child(${headers.findIndex((h) => h.includes('RecordStartTime')) + 1}) [title]`).first();
    expect([await start.textContent(), await start.getAttribute('title')]).toEqual(['2025-03-03 10:00', '1740967200']);
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  it('figures in tabular digits on the month overview and in the mismatch grid', async () => {
    await tab('month');
    await page.getByTestId('fee-total').waitFor();
    const figures = (sel: string) => page.locator(sel).evaluateAll((els) => els.map((e) => getComputedStyle(e).fontVariantNumeric));
    const month = await figures('[data-testid=month-overview] .money');
    expect(month.length).toBeGreaterThanOrEqual(5);
    expect(new Set(month)).toEqual(new Set(['tabular-nums']));
    await tab('mismatches');
    await page.getByTestId('mm-row').first().waitFor();
    const grid = await figures('[data-testid=mm-row] .money');
    expect(grid.length).toBeGreaterThanOrEqual(7 * 2);
    expect(new Set(grid)).toEqual(new Set(['tabular-nums']));
  });

  it('open unexplained rows tinted, explained or reviewed rows dimmed, each status a coloured word', async () => {
    const rows = await page.getByTestId('mm-row').evaluateAll((els) =>
      els.map((r) => {
        const status = r.querySelector<HTMLElement>('[data-testid=row-status]')!;
        return {
          id: r.getAttribute('data-id')!,
          cls: r.className,
          background: getComputedStyle(r).backgroundColor,
          colour: getComputedStyle(r.querySelector('.c-product')!).color,
          status: status.textContent!.trim(),
          statusColour: getComputedStyle(status).color,
        };
      }),
    );
    // The current row has its own background (the selection), judged elsewhere.
    const plain = rows.filter((r) => !/\bactive\b/.test(r.cls));
    const todo = plain.filter((r) => r.cls.includes('todo'));
    const dimmed = plain.filter((r) => r.cls.includes('dimmed'));
    expect(todo.length).toBeGreaterThan(0);
    expect(dimmed.length).toBeGreaterThan(0);
    for (const r of todo) expect([r.status, r.background, r.statusColour]).toEqual(['Open', TODO_BG, WARN]);
    for (const r of dimmed) {
      expect(r.background).not.toBe(TODO_BG);
      expect(r.colour).toBe(MUTED);
    }
    // Reviewed: "Explained" in green; explained by the core's rules: "Explained by rule" in grey.
    const mine = rows.find((r) => r.id === reviewed)!;
    expect([mine.status, mine.statusColour]).toEqual(['Explained', OK]);
    expect(mine.cls).toContain('dimmed');
    const byRule = rows.filter((r) => r.status === 'Explained by rule');
    expect(byRule.length).toBeGreaterThan(0);
    for (const r of byRule) expect([r.statusColour, r.cls.includes('dimmed')]).toEqual([MUTED, true]);
  });

  it('the source panel compares the fee and consumption lines side by side, the differing fields marked, no text under 12 px', async () => {
    // The load balancer's month: 30.00 on the fee bill (usage from the 1st), 29.50 booked on the 31st by consumption.
    const amounts = await app.bridge.table.mismatches({ month: MONTH, category: 'amountMismatch', offset: 0, limit: 10 });
    const target = amounts.rows.find((m) => m.key.resourceId === 'lb-k1l2m3n4')!;
    expect([target.feeSources, target.consumptionSources]).toEqual([['fee-detail-2025-03.gbk.csv:36'], ['消耗账单-2025-03.csv:35']]);
    await page.locator(`[data-testid=mm-row][data-id="${target.id}"]`).click();
    await expect.poll(() => page.getByTestId('source-ref').count()).toBe(target.feeSources.length + target.consumptionSources.length);
    // One pair: the fee line and the consumption line in one table (they were two, each against nothing).
    await expect.poll(() => page.locator('[data-testid=sources] details.pair').count()).toBe(1);
    const pair = page.locator('[data-testid=sources] details.pair');
    expect(await pair.locator('summary [data-testid=source-ref]').allTextContents()).toEqual(['fee-detail-2025-03.gbk.csv:36', '消耗账单-2025-03.csv:35']);
    const compared = await pair.locator('table.compare tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const [fee, cons] = Array.from(tr.querySelectorAll('td'));
        const f = fee!.getBoundingClientRect();
        const c = cons!.getBoundingClientRect();
        return { label: tr.querySelector('th')!.firstChild!.textContent, differs: tr.classList.contains('differs'), fee: fee!.textContent, cons: cons!.textContent, sideBySide: f.top === c.top && f.right <= c.left, background: getComputedStyle(fee!).backgroundColor, mark: tr.querySelector('.differs-mark')?.textContent?.trim() ?? null };
      }),
    );
    expect(compared.every((r) => r.sideBySide)).toBe(true);
    const differing = compared.filter((r) => r.differs);
    // One charge on both bills, side by side (they were listed apart, a day apart): what differs is marked.
    expect(differing.map((r) => [r.label, r.fee, r.cons])).toEqual([
      ['开始使用时间', '2025-03-01 00:00:00', '2025-03-31 00:00:00'],
      ['优惠后总价', '30.00000000', '29.50000000'],
      ['现金账户支出(元)', '30.00000000', '29.50000000'],
    ]);
    for (const r of differing) expect([r.background, r.mark]).toEqual([DIFFERS_BG, 'differs']);
    // Fields the two lines agree on are not marked.
    for (const r of compared.filter((x) => !x.differs)) expect(r.mark).toBeNull();
    expect(compared.some((r) => !r.differs && r.fee === r.cons)).toBe(true);
    expect(await pair.locator('summary .differs-count').textContent()).toBe(` · ${differing.length} fields differ`);
    const small = await page.getByTestId('sources').evaluate((panel) => {
      const out: string[] = [];
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if ((n.textContent ?? '').trim() && el.getClientRects().length > 0 && size < 12) out.push(`${size}px: ${n.textContent}`);
      }
      return out;
    });
    expect(small).toEqual([]);
  });

  it('a catalog or account change recomputes the month: the card shows the new re-rating, then the built-in one again', async () => {
    const split = () => page.getByTestId('unexplained-split').textContent();
    const ratingOf = async () => {
      const r = await app.bridge.table.monthReport({ month: MONTH });
      return { ranAt: r.ranAt, rating: r.categories!.find((c) => c.category === 'rating')!.difference };
    };
    await tab('month');
    await expect.poll(split).toBe('bridge 8.07 · re-rating -18.26');
    const before = await ratingOf();

    // A negotiated catalog: the monthly fee at 90.00 USD instead of 100.00.
    const builtin = readFileSync(join(REPO, 'main/core/catalog/tiw-intl-usd.json'), 'utf8');
    const negotiated = join(app.dir, 'negotiated.json');
    writeFileSync(negotiated, builtin.replace(/"version"\s*:\s*"[^"]*"/, '"version": "negotiated-2025"').replace('"monthlyFee": { "amount": "100.00"', '"monthlyFee": { "amount": "90.00"'));
    app.bridge.pickJson = negotiated;
    await tab('rating');
    await page.getByTestId('import-catalog').click();
    await expect.poll(() => page.getByTestId('catalog-version').textContent()).toBe('negotiated-2025');
    await current();
    const after = await ratingOf();
    expect(after.ranAt).not.toBe(before.ranAt);
    // 700.00 billed − 90.00 × 7.1826 rated = 53.566.
    expect(formatMoney(after.rating, 'en')).toBe('53.57');
    await tab('month');
    await expect.poll(split).toBe('bridge 8.07 · re-rating 53.57');

    await tab('rating');
    await page.getByTestId('reset-catalog').click();
    await current();
    await tab('month');
    await expect.poll(split).toBe('bridge 8.07 · re-rating -18.26');

    // An account file with a package bought: the month is run again (its figures may not move).
    const account = join(app.dir, 'account.json');
    writeFileSync(account, JSON.stringify({ trialStart: null, monthlyFee: [], packages: [{ package: '基础版2.0', date: '2025-03-02', quantity: 1 }] }));
    app.bridge.pickJson = account;
    const ranBefore = (await ratingOf()).ranAt;
    await tab('rating');
    await page.getByTestId('set-account').click();
    await expect.poll(() => page.getByTestId('account-file').textContent()).toBe('account.json');
    await current();
    expect((await ratingOf()).ranAt).not.toBe(ranBefore);
  });
});
