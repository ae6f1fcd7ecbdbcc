/**
 * Every column of the mismatch table sorts both ways, and its indicator tells the truth: after
 * each click the rows on screen are in the order the header's ▲/▼ and aria-sort say, judged on
 * what the accountant reads (the exact figures behind the ledger amounts, |difference| for the
 * Difference column, the words of the category and status columns, the comment), and no other
 * header claims an order. The sample month with its whiteboard re-rating (rows keyed by item and
 * day) and three reviewed rows with comments, in English.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { importSamples, openApp, SAMPLE_MONTH, type E2eApp } from './app.js';

const MONTH = '2025-03';

let app: E2eApp;
let page: Page;
let rowCount = 0;

beforeAll(async () => {
  app = await openApp({
    name: 'mismatch-sort',
    viewport: { width: 1500, height: 1100 },
    systemLocale: 'en-US',
    hash: `#tab=mismatches&month=${MONTH}`,
    seed: async (b, db) => {
      await importSamples(b, SAMPLE_MONTH);
      setExchangeRate(db, MONTH, 'USD', 'CNY', '7.1826');
      await b.table.monthReport({ month: MONTH });
      const { rows } = await b.table.mismatches({ month: MONTH, sort: 'seq', offset: 0, limit: 1000 });
      rowCount = rows.length;
      // Comments that sort differently as text than as they were written: capitals, digits, Chinese.
      await b.table.setReview({ ids: [rows[1]!.id], status: 'explained', comment: 'vendor credit note 2025-04' });
      await b.table.setReview({ ids: [rows[3]!.id], status: 'accepted', comment: 'Accepted by finance' });
      await b.table.setReview({ ids: [rows[5]!.id], status: 'explained', comment: '厂商已确认' });
    },
  });
  page = app.page;
  await page.getByTestId('mm-row').first().waitFor();
});

afterAll(() => app?.close());

/**
 * How a column is judged: `read` is page-side source that takes a row and gives its cell as
 * shown (or the exact figure behind a ledger amount); `empty` is where empty cells ('—', '')
 * belong ascending.
 */
interface Judge {
  testId: string;
  read: string;
  compare: (a: string, b: string) => number;
  empty?: 'first' | 'last';
  firstClick: 'ascending' | 'descending';
}

const exact = (cls: string) => `(row) => row.querySelector('.${cls} .money')?.getAttribute('data-exact') ?? ''`;
const text = (cls: string) => `(row) => (row.querySelector('.${cls}')?.textContent ?? '').trim()`;
/** Exact decimal text (2 dp for re-rating rows, 8 for the bridge's) as integer units of 10^-8. */
const units = (x: string) => {
  if (x === '') return 0n;
  const [whole, frac = ''] = x.split('.');
  return BigInt(`${whole}${frac.padEnd(8, '0')}`);
};
const byFigure = (a: string, b: string) => (units(a) < units(b) ? -1 : units(a) > units(b) ? 1 : 0);
const bySize = (a: string, b: string) => byFigure(a.replace('-', ''), b.replace('-', ''));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const JUDGES: Judge[] = [
  { testId: 'sort-category', read: text('c-category'), compare: byText, firstClick: 'ascending' },
  { testId: 'sort-product', read: text('c-product'), compare: byText, firstClick: 'ascending', empty: 'first' },
  { testId: 'sort-resource', read: text('c-resource'), compare: byText, firstClick: 'ascending', empty: 'first' },
  { testId: 'sort-component', read: text('c-component'), compare: byText, firstClick: 'ascending', empty: 'first' },
  { testId: 'sort-fee', read: exact('c-fee'), compare: byFigure, firstClick: 'descending' },
  { testId: 'sort-consumption', read: exact('c-cons'), compare: byFigure, firstClick: 'descending' },
  { testId: 'sort-difference', read: exact('c-diff'), compare: bySize, firstClick: 'descending' },
  // The words as shown: Accepted, Explained, Explained by rule, Open.
  { testId: 'sort-status', read: text('c-status'), compare: byText, firstClick: 'ascending' },
  { testId: 'sort-comment', read: text('c-comment'), compare: byText, firstClick: 'ascending', empty: 'last' },
];

async function cells(read: string): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('[data-testid=mm-row]')).sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex')).map(${read})`);
}

/** Pairs of neighbouring rows out of the order `dir` claims ('—' and '' are the empty cell). */
function outOfOrder(values: string[], j: Judge, dir: 'ascending' | 'descending'): string[] {
  const isEmpty = (v: string) => v === '' || v === '—';
  const sign = dir === 'ascending' ? 1 : -1;
  const order = (a: string, b: string) => {
    if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b) ? 0 : (isEmpty(a) === (j.empty !== 'last') ? -1 : 1);
    return j.compare(a, b);
  };
  return values.flatMap((v, i) => (i > 0 && sign * order(values[i - 1]!, v) > 0 ? [`${values[i - 1]} before ${v}`] : []));
}

/** The header's claim: its aria-sort and its mark, and no other header claiming an order. */
async function claims(): Promise<{ testId: string | null; ariaSort: string | null; mark: string }[]> {
  return page.locator('[role=columnheader][aria-sort]').evaluateAll((hs) =>
    hs.map((h) => ({ testId: h.querySelector('button')?.getAttribute('data-testid') ?? null, ariaSort: h.getAttribute('aria-sort'), mark: h.querySelector('.sort-mark')?.textContent?.trim() ?? '' })),
  );
}

describe('every mismatch column sorts both ways with a true indicator', () => {
  it('shows every row of the month (so the whole order is on screen), with comments and re-rating rows among them', async () => {
    await expect.poll(() => page.getByTestId('mm-row').count()).toBe(rowCount);
    expect(rowCount).toBeGreaterThanOrEqual(7);
    expect((await cells(text('c-comment'))).filter((c) => c !== '')).toHaveLength(3);
    expect(await cells(text('c-category'))).toContain('Re-rating');
  });

  for (const j of JUDGES) {
    it(`${j.testId}: ${j.firstClick} on the first click, the other way on the second, as its header says`, async () => {
      const button = page.getByTestId(j.testId);
      const seen: Record<string, string[]> = {};
      for (const dir of [j.firstClick, j.firstClick === 'ascending' ? 'descending' : 'ascending'] as const) {
        await button.click();
        await expect.poll(claims).toEqual([{ testId: j.testId, ariaSort: dir, mark: dir === 'ascending' ? '▲' : '▼' }]);
        // Every row painted again (a new order is fetched before it is shown), then in order.
        const judged = async () => {
          const values = await cells(j.read);
          return values.length === rowCount ? outOfOrder(values, j, dir) : [`${values.length} of ${rowCount} rows shown`];
        };
        await expect.poll(judged, { message: `${j.testId} ${dir}` }).toEqual([]);
        seen[dir] = await cells(j.read);
        expect(seen[dir]).toHaveLength(rowCount);
      }
      // Not an order of equal cells: the two directions differ on this month.
      expect(seen.ascending).not.toEqual(seen.descending);
    });
  }

  it('back to triage order: no header claims an order', async () => {
    await page.getByTestId('triage').click();
    await expect.poll(claims).toEqual([]);
  });
});
