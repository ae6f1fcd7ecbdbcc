/**
 * Every screen of the sample month, in English and Chinese, at 1280×800 and 1920×1080, as the
 * accountant would open it: axe-core finds no critical or serious violation, the Chinese screens
 * hold no untranslated English outside bill data, the mismatch grid cuts off no column at either
 * size. The Calculators screen is judged with each calculator's form open in turn (field help and
 * choices included). Screenshots of each go to test-results/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../main/api/contract.js';
import { meetingBook } from '../../main/core/calc/meeting-catalog.js';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { axeViolations, describeFindings, isBlocking, type AxeFinding } from './axe.js';
import { importSamples, openApp, SAMPLE_MONTH, SAMPLES, SHOTS, type E2eApp } from './app.js';
import { clippedColumns, SAME_IN_BOTH, untranslatedEnglish, type Clipped, type Untranslated } from './page-checks.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const LANGS: Lang[] = ['en', 'zh-CN'];

let app: E2eApp;
let page: Page;

/**
 * The Meeting item ids (pro-account, rooms …) are codes the accountant types into the order
 * fields as they are, in either language: the help lists them and the placeholders show them.
 */
const CALC_ALLOW = [...SAME_IN_BOTH, ...[...meetingBook().items.keys()].flatMap((id) => id.split(/[^A-Za-z-]+/))];

/** Opens a screen in the state worth looking at, and waits until it shows its figures. */
const SCREENS: Record<string, (p: Page) => Promise<void>> = {
  import: async (p) => {
    app.bridge.pickFiles = SAMPLE_MONTH.map((f) => join(SAMPLES, f));
    await p.getByTestId('choose-files').click();
    await p.getByTestId('preview').nth(SAMPLE_MONTH.length - 1).waitFor();
    // One preview open: the JSON recording results, the case that used to show [object Object].
    await p.locator('[data-testid=preview]', { hasText: 'tiw-recording' }).locator('button.disclosure').click();
  },
  month: async (p) => {
    await p.getByTestId('fee-total').waitFor();
  },
  mismatches: async (p) => {
    await p.getByTestId('mm-row').first().click();
    await p.getByTestId('source-ref').first().waitFor();
  },
  rating: async (p) => {
    await p.getByTestId('vs-rated').waitFor();
  },
  calculators: async (p) => {
    await p.locator('form.calc').waitFor();
  },
};

beforeAll(async () => {
  app = await openApp({
    name: 'screens',
    viewport: SIZES[0]!,
    systemLocale: 'en-US',
    seed: async (b, db) => {
      await importSamples(b, SAMPLE_MONTH);
      setExchangeRate(db, '2025-03', 'USD', 'CNY', '7.1826');
    },
  });
  page = app.page;
});

afterAll(() => app?.close());

async function open(tab: string): Promise<void> {
  await page.locator(`[data-tab=${tab}]`).click();
  await SCREENS[tab]!(page);
  // Let pending requests (sources, facets) land before the page is judged.
  await page.waitForLoadState('networkidle');
}

describe('every screen, both languages, both sizes', () => {
  const axe: Record<string, AxeFinding[]> = {};
  const english: Record<string, Untranslated[]> = {};
  const clipped: Record<string, Clipped[]> = {};

  /** The checks of one state of a screen, added to `name`'s findings (a calculator's say which one). */
  async function judge(name: string, tab: string, lang: Lang, calc = ''): Promise<void> {
    const findings = (await axeViolations(page)).filter(isBlocking).map((f) => (calc ? { ...f, targets: [calc, ...f.targets] } : f));
    axe[name] = [...(axe[name] ?? []), ...findings];
    if (lang !== 'zh-CN') return;
    const left = (await untranslatedEnglish(page, tab === 'calculators' ? CALC_ALLOW : SAME_IN_BOTH)).map((u) => (calc ? { ...u, where: `${calc}: ${u.where}` } : u));
    english[name] = [...(english[name] ?? []), ...left];
  }

  /** Every calculator's form in turn: its fields' help and choices are only in the page while it is open. */
  async function judgeCalculators(name: string, lang: Lang): Promise<void> {
    const ids = await page.locator('.calc-list button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-calc')!));
    calculatorsSeen = ids.length;
    for (const id of ids) {
      await page.locator(`[data-calc="${id}"]`).click();
      await page.getByTestId(`calc-${id}`).waitFor();
      await judge(name, 'calculators', lang, id);
    }
    await page.locator(`[data-calc="${ids[0]}"]`).click();
  }

  let calculatorsSeen = 0;

  it('visits each screen and records what the checks find', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const lang of LANGS) {
        await page.getByTestId('lang').selectOption(lang);
        for (const tab of Object.keys(SCREENS)) {
          await open(tab);
          const name = `${tab}-${lang}-${size.width}x${size.height}`;
          await page.screenshot({ path: join(SHOTS, `screen-${name}.png`), fullPage: true });
          if (tab === 'calculators') await judgeCalculators(name, lang);
          else await judge(name, tab, lang);
          if (tab === 'mismatches') clipped[name] = await clippedColumns(page);
        }
      }
    }
  }, 600_000);

  it('axe-core: no critical or serious violation on any screen (every calculator) at 1280×800 and 1920×1080, in either language', () => {
    const found = Object.entries(axe).filter(([, v]) => v.length > 0);
    expect(found.map(([name, v]) => `${name}:\n${describeFindings(v)}`).join('\n\n')).toBe('');
    expect(Object.keys(axe)).toHaveLength(Object.keys(SCREENS).length * LANGS.length * SIZES.length);
    expect(calculatorsSeen).toBeGreaterThanOrEqual(19);
  });

  it('the Chinese screens (every calculator, its help and choices included) show no untranslated English outside bill data and codes', () => {
    const found = Object.entries(english).filter(([, v]) => v.length > 0);
    expect(found.map(([name, v]) => `${name}: ${v.map((u) => `${u.words.join(' ')} ← "${u.text}" (${u.where})`).join('; ')}`).join('\n')).toBe('');
    expect(Object.keys(english)).toHaveLength(Object.keys(SCREENS).length * SIZES.length);
  });

  it('the mismatch grid shows every column in full at 1280×800 and 1920×1080, with the source panel open', () => {
    expect(clipped).toEqual({
      'mismatches-en-1280x800': [],
      'mismatches-zh-CN-1280x800': [],
      'mismatches-en-1920x1080': [],
      'mismatches-zh-CN-1920x1080': [],
    });
  });
});
