import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openDatabase, type Db } from '../main/core/store/index.js';
import type { Mismatch, MismatchCategory } from '../main/core/report/mismatch.js';
import { replaceMonthMismatches } from '../main/core/report/mismatch-store.js';
import { CHROMIUM_ARGS, installBridgeClient, startBridge } from '../test/e2e/bridge.js';

/**
 * UI speed in Debian's Chromium over the real handler table: a month with 1,000,000 stored
 * mismatches; time from opening the month's mismatch table to its first painted rows (target
 * < 1 s), and frame times while scrolling through it (target p95 < 16 ms). The browser runs
 * without vsync so a frame's time is its work, not the display's 60 Hz tick.
 */

const ROWS = Number(process.env.BENCH_UI_ROWS ?? 1_000_000);
const MONTH = '2099-01';
const CATEGORIES: MismatchCategory[] = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch'];
const PRODUCTS = ['云服务器CVM', '云硬盘CBS', '对象存储COS', '负载均衡CLB', '互动白板TIW', '云数据库MySQL'];

/** Cents as text without floating point: the figures are exact decimal strings like the core's. */
function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const c = Math.abs(cents);
  return `${sign}${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}000000`;
}

function* mismatches(): Generator<Mismatch> {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  for (let i = 0; i < ROWS; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const feeCents = next() % 100_000;
    const consCents = category === 'missing' ? 0 : next() % 100_000;
    yield {
      id: `bench-${i}`,
      month: MONTH,
      category,
      explained: category !== 'missing' && category !== 'amountMismatch',
      key: { product: PRODUCTS[i % PRODUCTS.length]!, resourceId: `ins-${(i % 50_000).toString(36)}`, component: `component-${i % 7}` },
      against: 'consumption',
      fee: amount(feeCents),
      consumption: amount(consCents),
      difference: amount(feeCents - consCents),
      status: 'open',
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
      reopenedBecause: null,
      note: null,
      feeSources: [`fee-${MONTH}.csv:${i + 2}`],
      consumptionSources: consCents === 0 ? [] : [`consumption-${MONTH}.csv:${i + 2}`],
    };
  }
}

function seed(db: Db): void {
  const all = [...mismatches()];
  db.transaction(() => {
    replaceMonthMismatches(db, MONTH, all);
    const zero = '0.00';
    const bridge = { prepaidTiming: zero, crossMonth: zero, precision: zero, refunds: zero, missing: zero, amountMismatch: zero, explained: zero, unexplained: zero };
    const summary = {
      month: MONTH,
      keys: ['month', 'product', 'resourceId', 'component'],
      tolerance: '0.01',
      period: 'deduction',
      fee: { total: '0.00', lines: 0 },
      consumption: { total: '0.00', lines: 0 },
      precision: { transactions: 0, rated: '0.00000000', deducted: '0.00', difference: '0.00000000', billed: null, agrees: null, aggregatedLines: 0 },
      lineChecks: { checked: 0, failed: 0 },
      bridge,
      duplicates: [],
      notes: ['bench data: 1,000,000 synthetic mismatches'],
    };
    db.prepare('insert into reconcile_run (month, ranAt, tolerance, period, summary) values (?, ?, ?, ?, ?)').run(MONTH, new Date().toISOString(), '0.01', 'deduction', JSON.stringify(summary));
  })();
}

// Page-side probes as source text: they run in the browser, and this file compiles without the DOM lib.
const FIRST_PAINT = `new Promise((resolve) => {
  const start = performance.now();
  const done = () => requestAnimationFrame(() => resolve(performance.now() - start));
  const mo = new MutationObserver(() => {
    if (document.querySelector('[data-testid=mm-row]')) { mo.disconnect(); done(); }
  });
  mo.observe(document.body, { childList: true, subtree: true });
  document.querySelector('[data-tab=mismatches]').click();
})`;

const SCROLL = `(perFrame, frames) => new Promise((resolve) => {
  const body = document.querySelector('[data-testid=mm-body]');
  const times = [];
  let last = performance.now();
  let n = 0;
  const tick = (now) => {
    times.push(now - last);
    last = now;
    body.scrollTop = (body.scrollTop + perFrame) % (body.scrollHeight - body.clientHeight);
    if (++n < frames) requestAnimationFrame(tick);
    else resolve(times.slice(2));
  };
  requestAnimationFrame(tick);
})`;

/** Time from an action on the table to its first row changing (a new page fetched and painted). */
const WAIT_FIRST_ROW_CHANGE = `(start, before, resolve) => {
  const check = () => {
    const row = document.querySelector('[data-testid=mm-row]');
    if (row && row.getAttribute('data-id') !== before) requestAnimationFrame(() => resolve(performance.now() - start));
    else if (performance.now() - start > 20000) resolve(-1);
    else setTimeout(check, 1);
  };
  check();
}`;
const RELOAD_AFTER = `(selector) => new Promise((resolve) => {
  document.querySelector('[data-testid=mm-body]').scrollTop = 0;
  setTimeout(() => {
    const before = document.querySelector('[data-testid=mm-row]')?.getAttribute('data-id');
    const start = performance.now();
    document.querySelector(selector).click();
    (${WAIT_FIRST_ROW_CHANGE})(start, before, resolve);
  }, 300);
})`;
const RELOAD_AFTER_SELECT = `(selector, value) => new Promise((resolve) => {
  const count = () => document.querySelector('[data-testid=row-count]').textContent;
  const before = count();
  const el = document.querySelector(selector);
  const start = performance.now();
  const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
  set.call(el, value);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  const check = () => {
    if (count() !== before && document.querySelector('[data-testid=mm-row]')) requestAnimationFrame(() => resolve(performance.now() - start));
    else if (performance.now() - start > 20000) resolve(-1);
    else setTimeout(check, 1);
  };
  check();
})`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchUi(): Promise<void> {
  const repo = join(import.meta.dirname, '..');
  if (!existsSync(join(repo, 'out', 'renderer', 'index.html'))) {
    const b = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('electron-vite build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-ui-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const bridge = await startBridge({ db, rendererDir: join(repo, 'out', 'renderer'), exportDir: dir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
  try {
    const t0 = performance.now();
    seed(db);
    const seeded = performance.now() - t0;

    const page = await (await browser.newContext({ viewport: { width: 1500, height: 950 }, locale: 'en-US' })).newPage();
    await installBridgeClient(page);
    await page.goto(`${bridge.url}#tab=month&month=${MONTH}`);
    await page.getByTestId('month-overview').waitFor();

    // Open the month's table: click to first painted row, measured in the page.
    const firstPaint = (await page.evaluate(FIRST_PAINT)) as number;
    const shown = await page.getByTestId('row-count').textContent();
    const rendered = await page.getByTestId('mm-row').count();

    // Scroll: steady wheel-like scrolling, then scrollbar jumps across the million rows.
    const scroll = async (perFrame: number, frames: number) => (await page.evaluate(`(${SCROLL})(${perFrame}, ${frames})`)) as number[];
    const steady = (await scroll(26 * 3, 600)).sort((a, b) => a - b);
    const jumps = (await scroll(26 * 20_000, 200)).sort((a, b) => a - b);
    const rowsAfter = await page.getByTestId('mm-row').count();
    const resort = (await page.evaluate(`(${RELOAD_AFTER})('[data-testid=sort-difference]')`)) as number;
    const refilter = (await page.evaluate(`(${RELOAD_AFTER_SELECT})('[data-testid=filter-category]', 'missing')`)) as number;

    const f = (x: number) => (x < 0 ? 'no change seen within 20 s' : `${x.toFixed(1)} ms`);
    console.log(
      `ui: ${ROWS.toLocaleString('en')} mismatch rows in ${MONTH} (seeded in ${(seeded / 1000).toFixed(1)} s); table shows "${shown}" with ${rendered} rows in the DOM`,
    );
    console.log(`  open month → first table paint: ${f(firstPaint)} (target < 1000 ms)`);
    console.log(
      `  scrolling 3 rows/frame, ${steady.length} frames: p50 ${f(percentile(steady, 50))}, p95 ${f(percentile(steady, 95))}, max ${f(steady[steady.length - 1]!)} (target p95 < 16 ms)`,
    );
    console.log(
      `  sort by |difference| → first rows repainted: ${f(resort)}; filter category = missing → first rows repainted: ${f(refilter)}`,
    );
    console.log(
      `  jumping 20,000 rows/frame, ${jumps.length} frames: p50 ${f(percentile(jumps, 50))}, p95 ${f(percentile(jumps, 95))}, max ${f(jumps[jumps.length - 1]!)}; ${rowsAfter} rows in the DOM after`,
    );
  } finally {
    await browser.close();
    await bridge.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] && /bench\/ui\.[cm]?[jt]s$/.test(process.argv[1].replace(/\\/g, '/'));
if (invoked) void benchUi();
