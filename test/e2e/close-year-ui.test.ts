/**
 * Closing a month from the Month overview and the Year screen (issue 15 §1, §3), in English and
 * Chinese at 1280×800, over the real handler table and core: the close button says why it cannot
 * be used while unexplained mismatches are open, the dialog signs the month off, the panel shows
 * the sign-off and the audit log; the Year screen shows March (closed) and April as their stored
 * reports say, with the missing neighbours flagged and an accessible trend chart. axe-core finds
 * no critical or serious violation; the Chinese screens hold no untranslated English.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../main/api/contract.js';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { writeApril } from '../helpers/april.js';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { importSamples, openApp, SAMPLE_MONTH, SHOTS, type E2eApp } from './app.js';
import { untranslatedEnglish } from './page-checks.js';

const TEXT: Record<Lang, Record<string, string>> = {
  en: {
    blocked: '4 unexplained mismatches are still open: review them before the month can be closed.',
    nameRequired: 'Enter the name of who signs.',
    closed: '✓ Closed by 王会计 on',
    axisAmount: 'Amount (CNY)',
    axisMonth: 'Month',
    chartTitle: '云服务器CVM: fee bill and consumption bill per month',
    marchNeighbours: '⚠ 2025-02 not imported: cross-month differences cannot be verified',
    marchStatus: 'by 王会计',
    aprilStatus: 'Open',
    event: 'closed',
    reopened: 'reopened',
  },
  'zh-CN': {
    blocked: '仍有 4 个未解释差异待处理：复核之后才能结账。',
    nameRequired: '请填写签核人姓名。',
    closed: '✓ 已由 王会计 于',
    axisAmount: '金额（CNY）',
    axisMonth: '月份',
    chartTitle: '云服务器CVM：各月费用账单与消耗账单',
    marchNeighbours: '⚠ 2025-02 未导入：跨月差异无法核实',
    marchStatus: '签核人 王会计',
    aprilStatus: '未结账',
    event: '结账',
    reopened: '重新打开',
  },
};

async function blocking(page: Page): Promise<string> {
  await page.waitForLoadState('networkidle');
  return describeFindings((await axeViolations(page)).filter(isBlocking));
}

async function english(page: Page, lang: Lang): Promise<string[]> {
  if (lang !== 'zh-CN') return [];
  return (await untranslatedEnglish(page)).map((u) => `${u.words.join(' ')} ← "${u.text}" (${u.where})`);
}

/** The screen's content fits the 1280-pixel window: nothing scrolls sideways. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const s = document.querySelector<HTMLElement>('.screen')!;
    return s.scrollWidth <= s.clientWidth + 1;
  });
}

for (const lang of ['en', 'zh-CN'] as Lang[]) {
  describe(`closing March and the Year screen (${lang}, 1280×800)`, () => {
    let app: E2eApp;
    let page: Page;
    const text = TEXT[lang];

    beforeAll(async () => {
      app = await openApp({
        name: `close-${lang}`,
        viewport: { width: 1280, height: 800 },
        systemLocale: lang === 'zh-CN' ? 'zh-CN' : 'en-US',
        hash: '#tab=month&month=2025-03',
        seed: async (b, db) => {
          await importSamples(b, SAMPLE_MONTH);
          setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
          const april = writeApril(join(b.exportDir, 'april'));
          for (const [i, f] of [april.fee, april.consumption].entries()) await b.table.commitImport({ path: f, opId: `april-${i}` });
          await b.table.reconcile({ month: '2025-04' });
        },
      });
      page = app.page;
      await page.getByTestId('sign-off').waitFor();
    });

    afterAll(() => app?.close());

    it('says why the month cannot be closed while mismatches are open, then closes it through the dialog', async () => {
      const close = page.getByTestId('close-month');
      await page.getByTestId('close-blocked').waitFor();
      expect(await page.getByTestId('close-blocked').textContent()).toBe(text.blocked);
      expect(await close.getAttribute('aria-disabled')).toBe('true');
      expect(await close.getAttribute('aria-describedby')).toBe('close-blocked');
      // aria-disabled keeps it in the Tab order with its reason; a click does nothing.
      await close.dispatchEvent('click');
      expect(await page.getByTestId('sign-off-dialog').count()).toBe(0);
      expect(await blocking(page)).toBe('');
      expect(await english(page, lang)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);

      // The accountant reviews the four (as on the Mismatches screen), and comes back.
      const list = await app.bridge.table.mismatches({ month: '2025-03', offset: 0, limit: 50 });
      const open = list.rows.filter((m) => !m.explained && m.status === 'open').map((m) => m.id);
      expect(open).toHaveLength(4);
      await app.bridge.table.setReview({ ids: open, status: 'accepted', comment: 'agreed with the vendor' });
      await page.reload();
      await page.getByTestId('not-signed-off').waitFor();
      expect(await page.getByTestId('close-blocked').count()).toBe(0);

      // Keyboard: the dialog opens with focus in the name field; an empty name is refused in words.
      await page.getByTestId('close-month').focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('sign-off-dialog');
      await dialog.waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sign-off-by');
      await page.getByTestId('sign-off-confirm').click();
      expect(await page.getByTestId('sign-off-error').textContent()).toBe(text.nameRequired);
      expect(await blocking(page)).toBe('');
      expect(await english(page, lang)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `e2e-close-dialog-${lang}.png`) });
      await page.getByTestId('sign-off-by').fill('王会计');
      await page.getByTestId('sign-off-text').fill('三月已核对');
      await page.getByTestId('sign-off-confirm').click();
      await page.getByTestId('signed-off').waitFor();

      const report = await app.bridge.table.monthReport({ month: '2025-03' });
      expect(report.signOff).toMatchObject({ month: '2025-03', closedBy: '王会计', note: '三月已核对', files: 8, mismatches: 7 }); // March's 6 files and April's 2 (its cross-month evidence)
      expect(await page.getByTestId('signed-off').textContent()).toContain(text.closed);
      expect(await page.getByTestId('signed-off').textContent()).toContain(report.signOff!.sha256);
      expect(await page.locator('[data-testid=month-audit] tbody tr').allTextContents()).toHaveLength(1);
      expect(await page.locator('[data-testid=month-audit] tbody td:nth-child(2)').textContent()).toBe(text.event);
      expect(await page.getByTestId('close-month').count()).toBe(0);
      expect(await blocking(page)).toBe('');
      expect(await english(page, lang)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: join(SHOTS, `e2e-close-month-${lang}.png`), fullPage: true });
    });

    it('shows the year from the stored reports, neighbours flagged, with an accessible trend chart', async () => {
      await page.locator('[data-tab=year]').click();
      await page.getByTestId('year-table').waitFor();
      const cells = async (month: string) =>
        page.getByTestId(`year-row-${month}`).locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-col'), td.textContent!.trim()])));
      // March as signed off: with April's bill the 31 March usage is verified (cross-month −2.26),
      // so explained 1403.95 − 2.26 + 0.03 = 1401.72 and unexplained 7.34 + 2.99 = 10.33.
      const march = await cells('2025-03');
      expect(march).toMatchObject({ files: '6', fee: '2,058.55', consumption: '646.50', explained: '1,401.72', unexplained: '10.33', open: '0', precision: '0.03074227 / 0.03', whiteboard: '700.00 / 700.00' });
      expect(march.status).toContain(text.marchStatus);
      expect(await cells('2025-04')).toEqual({ files: '2', fee: '101.22', consumption: '101.54', explained: '2.17', unexplained: '-2.49', open: '1', precision: '-0.09259114 / -0.09', whiteboard: '—', status: text.aprilStatus });
      expect(await page.getByTestId('neighbours-2025-03').textContent()).toBe(text.marchNeighbours);
      expect(await page.getByTestId('neighbours-2025-04').textContent()).toContain('2025-05');

      // The chart names itself and says its figures; axes carry their units; a point per month.
      const chart = page.getByTestId('trend-chart');
      expect(await chart.getAttribute('role')).toBe('img');
      expect(await chart.getAttribute('data-product')).toBe('云服务器CVM');
      const [title, desc] = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      expect(await page.locator(`[id="${title}"]`).textContent()).toBe(text.chartTitle);
      const d = (await page.locator(`[id="${desc}"]`).textContent())!;
      expect(d).toContain('2025-03 1,571.18'); // fee 1494.00 prepaid + 77.17999773 postpaid
      expect(d).toContain('2025-04 74.57');
      expect(await chart.locator('.axis-label').allTextContents()).toEqual([text.axisAmount, text.axisMonth]);
      expect(await chart.locator('.trend-point').count()).toBe(2);
      await page.getByTestId('trend-product').selectOption('负载均衡CLB');
      expect(await chart.locator('.trend-point > title').allTextContents()).toEqual(
        lang === 'en' ? ['2025-03: fee bill 30.00, consumption bill 29.50', '2025-04: fee bill 14.40, consumption bill 14.40'] : ['2025-03：费用账单 30.00，消耗账单 29.50', '2025-04：费用账单 14.40，消耗账单 14.40'],
      );
      expect(await page.locator('[data-testid=year] [data-testid=audit-log] tbody tr').count()).toBe(1);
      expect(await blocking(page)).toBe('');
      expect(await english(page, lang)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: join(SHOTS, `e2e-year-${lang}.png`), fullPage: true });

      // The month's link opens its overview.
      await page.getByTestId('year-row-2025-03').locator('th button').click();
      await page.getByTestId('signed-off').waitFor();
    });

    it('reopens the month with a reason, kept in the audit log', async () => {
      await page.getByTestId('reopen-month').click();
      await page.getByTestId('sign-off-dialog').waitFor();
      await page.getByTestId('sign-off-by').fill('李经理');
      await page.getByTestId('sign-off-confirm').click();
      expect(await page.getByTestId('sign-off-error').textContent()).toBe(lang === 'en' ? 'Enter why the month is reopened.' : '请填写重新打开的原因。');
      expect(await blocking(page)).toBe('');
      await page.getByTestId('sign-off-text').fill('四月账单改变了三月');
      await page.getByTestId('sign-off-confirm').click();
      await page.getByTestId('not-signed-off').waitFor();
      await page.locator('[data-testid=month-audit] tbody tr:nth-child(2)').waitFor();
      expect(await page.locator('[data-testid=month-audit] tbody td:nth-child(2)').allTextContents()).toEqual([text.event, text.reopened]);
      expect(await app.bridge.table.auditLog({ month: '2025-03' })).toMatchObject([
        { seq: 1, event: 'close', who: '王会计', why: '三月已核对' },
        { seq: 2, event: 'reopen', who: '李经理', why: '四月账单改变了三月' },
      ]);
      expect(await blocking(page)).toBe('');
      expect(await english(page, lang)).toEqual([]);
    });
  });
}
