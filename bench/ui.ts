import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openDatabase } from '../main/core/store/index.js';
import { seedMismatchMonth } from './triage.js';
import { CHROMIUM_ARGS, installBridgeClient, startBridge } from '../test/e2e/bridge.js';

/**
 * UI speed in Debian's Chromium over the real handler table: a month with 1,000,000 stored
 * mismatches; time from opening the month's mismatch table to its first painted rows (target
 * < 1 s), and frame times while scrolling through it (target p95 < 16 ms). The browser runs
 * without vsync so a frame's time is its work, not the display's 60 Hz tick.
 */

const ROWS = Number(process.env.BENCH_UI_ROWS ?? 1_000_000);
const MONTH = '2099-01';

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
    // Stored as a reconcile leaves a month: the list and its report (the screens read both).
    seedMismatchMonth(db, MONTH, ROWS);
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
