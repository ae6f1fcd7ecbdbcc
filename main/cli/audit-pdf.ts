/**
 * The audit report printed to PDF without the desktop app: the renderer's own report page (the
 * built out/renderer, as the app ships it) in Chromium through playwright-core, with the report
 * the core built handed to the page in place of the app's contract, and Chromium's page.pdf.
 * The page is served from a private origin inside the browser (no socket, no file:// — module
 * scripts do not load from file://) and every other request is refused: the PDF is self-contained.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../core/export/index.js';

/** Where the built renderer is in a checkout or an installed package (main/cli → ../../out/renderer). */
export const RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'renderer');
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
/** The page's origin inside the browser only; `.invalid` never resolves (RFC 2606). */
const ORIGIN = 'http://billrecon.invalid';
/** The renderer's CSP, as the app's protocol handler sends it. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/** Something the user can fix (build the renderer, install Chromium): printed as a sentence, exit 2. */
export class PrintError extends Error {
  readonly isUserError = true;
  override name = 'PrintError';
}

/** The core's AuditReport (export/audit-report.ts), or the contract's view of it: handed to the page as it is. */
export interface PrintedReport {
  month: string;
  /** The PDF's creation and modification date. */
  asOf: string;
}

export interface PrintOptions {
  lang: Lang;
  rendererDir?: string;
  chromium?: string;
  /** How long the page may take to show the report. */
  timeoutMs?: number;
}

function checkSetup(rendererDir: string, chromiumPath: string): void {
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new PrintError(`the report page is not built (${join(rendererDir, 'index.html')} is missing): run 'npx electron-vite build' (or 'npm run build') in the billrecon folder first`);
  if (!existsSync(chromiumPath)) throw new PrintError(`printing the PDF needs Chromium at ${chromiumPath}: install it (apt-get install chromium) or set BILLRECON_CHROMIUM to its path`);
}

/** Runs in the page before its scripts: the contract's one call the report page makes, answered with the report. */
function contractScript(report: PrintedReport, lang: Lang): string {
  const data = JSON.stringify(JSON.stringify(report));
  return `globalThis.billrecon = { auditReport: async () => JSON.parse(${data}), systemLocale: async () => ${JSON.stringify(lang)}, onProgress: () => () => {} };`;
}

/** A file of the built renderer for a request to ORIGIN; null outside it. */
function rendererFile(rendererDir: string, url: string): string | null {
  const path = decodeURIComponent(new URL(url).pathname);
  const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
  const rel = relative(rendererDir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? null : file;
}

/** The month's audit report as PDF bytes: the report page printed by Chromium (A4, the page's own CSS). */
export async function printAuditPdf(report: PrintedReport, o: PrintOptions): Promise<Buffer> {
  const rendererDir = o.rendererDir ?? RENDERER_DIR;
  const chromiumPath = o.chromium ?? CHROMIUM_PATH;
  checkSetup(rendererDir, chromiumPath);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new PrintError("printing the PDF needs the playwright-core package: run 'npm install' in the billrecon folder");
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext({ locale: o.lang === 'zh-CN' ? 'zh-CN' : 'en-US' });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      const file = url.startsWith(`${ORIGIN}/`) ? rendererFile(rendererDir, url) : null;
      if (!file || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ status: 200, body: await readFile(file), headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP } });
    });
    const page = await context.newPage();
    await page.addInitScript({ content: contractScript(report, o.lang) });
    await page.goto(`${ORIGIN}/index.html#report=audit&month=${report.month}&lang=${o.lang}`);
    // The page marks itself ready once the report is drawn and its fonts are loaded, or says why not.
    const marker = await page.waitForSelector('[data-report-state="ready"], [data-report-state="failed"]', { state: 'attached', timeout: o.timeoutMs ?? 120_000 });
    if ((await marker.getAttribute('data-report-state')) === 'failed') throw new Error(`the report page could not show ${report.month}: ${(await marker.textContent()) ?? ''}`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    return repeatablePdf(pdf, report.asOf);
  } finally {
    await browser.close();
  }
}

/**
 * The same report must give the same bytes. Chromium writes the print time as the PDF's
 * CreationDate and ModDate, and names the tagged structure's table headers after the page's DOM
 * node ids, which shift from run to run; both are rewritten in place: the dates become the
 * instant the report stands for, the ids are numbered anew in their own order (so the ID tree
 * stays sorted). Every replacement has the length of what it replaces, so the cross-reference
 * offsets stay right. Everything else Chromium writes is the same for the same page.
 */
export function repeatablePdf(pdf: Buffer, at: string): Buffer {
  let text = pdf.toString('latin1');
  const d = new Date(at);
  if (!Number.isNaN(d.getTime())) {
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `D:${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}+00'00'`;
    // Only a same-length replacement keeps the file valid (a 'Z' form is left as Chromium wrote it).
    text = text.replace(/\/(CreationDate|ModDate) \((D:\d{14}(?:[+-]\d{2}'\d{2}'|Z)?)\)/g, (m, key: string, was: string) => (was.length === stamp.length ? `/${key} (${stamp})` : m));
  }
  const ids = [...new Set([...text.matchAll(/\(node(\d+)\)/g)].map((m) => m[1]!))].sort((a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0));
  const renamed = new Map(ids.map((id, i) => [id, String(i + 1).padStart(id.length, '0')]));
  text = text.replace(/\(node(\d+)\)/g, (m, id: string) => {
    const to = renamed.get(id)!;
    return to.length === id.length ? `(node${to})` : m;
  });
  return Buffer.from(text, 'latin1');
}
