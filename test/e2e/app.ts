/**
 * One way to open the app for a browser test: a fresh SQLite file in a temp folder, the loopback
 * bridge to the real handler table over it, and the built renderer in Debian's Chromium.
 * The renderer is built once per run by ./build-renderer.ts (vitest globalSetup).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { CHROMIUM, requireClient } from '../helpers/clients.js';
import { tempDir } from '../helpers/db.js';
import { CHROMIUM_ARGS, installBridgeClient, startBridge, type Bridge } from './bridge.js';

export const REPO = join(__dirname, '..', '..');
export const SAMPLES = join(REPO, 'samples');
export const SHOTS = join(REPO, 'test-results');

export interface E2eApp {
  dir: string;
  dbPath: string;
  db: Db;
  bridge: Bridge;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  name: string;
  viewport: { width: number; height: number };
  /** The bridge's answer to systemLocale(); the browser context is always en-US. */
  systemLocale?: string;
  /** Runs after the database and bridge are up, before the page loads (imports, settings). */
  seed?: (bridge: Bridge, db: Db) => Promise<void> | void;
  /** Where the page starts, e.g. `#tab=rating&month=2025-03`. */
  hash?: string;
}

/**
 * Stands in for the page, bridge and database when Chromium is missing outside CI: the file's
 * tests are skipped, but its beforeAll still runs to its end, so whatever it calls on them
 * (page.locator(…).waitFor()) does nothing and resolves.
 */
function inert(): unknown {
  // Not a thenable (no `then`), so awaiting it, or anything called on it, gives it back.
  const proxy: object = new Proxy(function () {}, { get: (_t, key) => (key === 'then' ? undefined : proxy), apply: () => proxy });
  return proxy;
}

const NO_APP = { dir: '', dbPath: '', db: inert(), bridge: inert(), browser: inert(), page: inert(), close: async () => {} } as unknown as E2eApp;

/**
 * Open the app in Chromium. Without Chromium the test is skipped (from a beforeAll: the file's
 * tests) with one line saying what to install, or fails under CI; callers then get null.
 */
export async function openApp(o: OpenAppOptions): Promise<E2eApp> {
  if (!requireClient(CHROMIUM)) return NO_APP;
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir(`billrecon-e2e-${o.name}-`);
  const dbPath = join(dir, 'billrecon.sqlite');
  const db = openDatabase(dbPath);
  const bridge = await startBridge({ db, rendererDir: join(REPO, 'out', 'renderer'), exportDir: dir, ...(o.systemLocale ? { locale: o.systemLocale } : {}) });
  await o.seed?.(bridge, db);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // Beijing time, as the bills' own times: the screens show stored instants (UTC) in local time.
  const page = await (await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Shanghai', viewport: o.viewport })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await installBridgeClient(page);
  await page.goto(`${bridge.url}${o.hash ?? ''}`);
  return {
    dir,
    dbPath,
    db,
    bridge,
    browser,
    page,
    async close() {
      await browser.close();
      await bridge.close();
      db.close();
    },
  };
}

/** Imports sample files through the handler table, as the Import screen would. */
export async function importSamples(bridge: Bridge, files: string[]): Promise<void> {
  for (const [i, f] of files.entries()) await bridge.table.commitImport({ path: join(SAMPLES, f), opId: `seed-${i}` });
}

/** The sample files a whiteboard-rating test needs: the fee bill and the three usage files. */
export const TIW_MONTH = ['fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];

/** The whole sample month: both bills, the consumption resource summary and the whiteboard usage. */
export const SAMPLE_MONTH = ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];
