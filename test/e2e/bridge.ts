/**
 * The browser stand-in for Electron's IPC: a loopback HTTP server that serves the built renderer
 * and forwards POST /api/<call> through the SAME relay the shell uses to the core's own process
 * (main/host: real handler table, real core, the test's SQLite file), plus an init script that
 * installs window.billrecon as a client of it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, relative, isAbsolute } from 'node:path';
import type { Page } from 'playwright-core';
import type { Api, ApiFailure, ProgressEvent } from '../../main/api/contract.js';
import type { HandlerTable } from '../../main/api/handlers.js';
import { HostClient, relayTable } from '../../main/host/client.js';
import { nodeHostSpawner } from '../../main/host/node-host.js';
import { failureOf } from '../../main/host/protocol.js';
import { contentType } from '../../main/shell/app-protocol-path.js';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/web-preferences.js';
import type { Db } from '../../main/core/store/index.js';
import { printAuditPdf } from '../../main/cli/audit-pdf.js';

export interface Bridge {
  url: string;
  table: HandlerTable;
  /** What the next "Choose files…" returns (the shell's open dialog). */
  pickFiles: string[];
  /** What the next open dialog for a JSON file (account file, price catalog) returns; null = cancelled. */
  pickJson: string | null;
  /** Where the save dialog "saves" exports. */
  exportDir: string;
  locale: string;
  calls: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as { arg?: unknown }).arg : undefined;
}

/** `db` is the test's own connection; the core's process opens the same file (db.name). */
export async function startBridge(options: { db: Db; rendererDir: string; exportDir: string; locale?: string; user?: string }): Promise<Bridge> {
  const listeners = new Set<ServerResponse>();
  const core = new HostClient(nodeHostSpawner({ dbPath: options.db.name, user: options.user ?? 'e2e' }));
  core.onProgress((e: ProgressEvent) => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(e)}\n\n`);
  });
  await core.start();
  const table = relayTable(core);
  const bridge: Bridge = {
    url: '',
    table,
    pickFiles: [],
    pickJson: null,
    exportDir: options.exportDir,
    locale: options.locale ?? 'en-US',
    calls: [],
    close: async () => {
      for (const res of listeners) res.end();
      await new Promise<void>((r) => server.close(() => r()));
      await core.close();
    },
  };
  const shellOnly: Record<string, (arg: unknown) => Promise<unknown>> = {
    pickFiles: async () => bridge.pickFiles,
    systemLocale: async () => bridge.locale,
    // As the shell does: the renderer never names the file, the open dialog does.
    setRatingAccount: async (arg) => (bridge.pickJson === null ? null : table.setRatingAccount({ ...(arg as object), path: bridge.pickJson })),
    setRatingCatalog: async (arg) => {
      const a = (arg ?? {}) as { reset?: boolean };
      if (a.reset) return table.setRatingCatalog(arg);
      return bridge.pickJson === null ? null : table.setRatingCatalog({ ...(arg as object), path: bridge.pickJson });
    },
    // As the shell does, with the CLI's Chromium printing in place of Electron's printToPDF (no Electron here).
    exportAuditReport: async (arg) => {
      const a = arg as { month: string; lang: 'en' | 'zh-CN' };
      const path = join(bridge.exportDir, `billrecon-audit-${a.month}.pdf`);
      const pdf = await printAuditPdf(await table.auditReport({ month: a.month }), { lang: a.lang });
      await writeFile(path, pdf);
      return { path, bytes: pdf.length };
    },
    exportMonth: async (arg) => {
      const a = arg as { month?: string; format?: string };
      const ext = a.format === 'xlsx' ? 'xlsx' : 'csv';
      return table.exportMonth({ ...(arg as object), path: join(bridge.exportDir, `billrecon-${a.month ?? ''}.${ext}`) });
    },
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': ok\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/') && req.method === 'POST') {
        const name = url.pathname.slice(5);
        bridge.calls.push(name);
        const fn = shellOnly[name] ?? (Object.hasOwn(table, name) ? (table[name as keyof HandlerTable] as (a: unknown) => Promise<unknown>) : undefined);
        let payload: { ok: true; value: unknown } | { ok: false; failure: ApiFailure };
        if (!fn) payload = { ok: false, failure: { type: 'input', message: `no such call: ${name}` } };
        else {
          try {
            payload = { ok: true, value: await fn(await body(req)) };
          } catch (err) {
            payload = { ok: false, failure: failureOf(err) };
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
        return;
      }
      const root = normalize(options.rendererDir);
      const file = normalize(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
      const rel = relative(root, file);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        res.writeHead(404).end();
        return;
      }
      try {
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': contentType(file), 'content-security-policy': CONTENT_SECURITY_POLICY });
        res.end(data);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  bridge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return bridge;
}

/** Runs in the page (serialized by playwright): window.billrecon as a client of the bridge. */
function installBridge(): void {
  const post = async (name: string, arg?: unknown): Promise<never> => {
    const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ arg }) });
    const out = (await res.json()) as { ok: true; value: never } | { ok: false; failure: { message: string } };
    if (!out.ok) throw Object.assign(new Error(out.failure.message), { failure: out.failure });
    return out.value;
  };
  const listeners = new Set<(e: ProgressEvent) => void>();
  let source: EventSource | null = null;
  const api = {
    pickFiles: () => post('pickFiles'),
    pathForFile: () => '',
    previewImport: (req) => post('previewImport', req),
    commitImport: (req) => post('commitImport', req),
    undoImport: (req) => post('undoImport', req),
    listImports: () => post('listImports'),
    monthsAvailable: () => post('monthsAvailable'),
    monthReport: (req) => post('monthReport', req),
    reconcile: (req) => post('reconcile', req),
    mismatches: (req) => post('mismatches', req),
    mismatchFacets: (req) => post('mismatchFacets', req),
    mismatchSources: (req) => post('mismatchSources', req),
    setReview: (req) => post('setReview', req),
    rating: (req) => post('rating', req),
    ratingSettings: (req) => post('ratingSettings', req),
    setRatingAccount: (req) => post('setRatingAccount', req),
    setRatingCatalog: (req) => post('setRatingCatalog', req),
    setExchangeRate: (req) => post('setExchangeRate', req),
    calculators: () => post('calculators'),
    calculate: (req) => post('calculate', req),
    exportMonth: (req) => post('exportMonth', req),
    closeMonth: (req) => post('closeMonth', req),
    reopenMonth: (req) => post('reopenMonth', req),
    auditLog: (req) => post('auditLog', req),
    yearTable: (req) => post('yearTable', req),
    auditReport: (req) => post('auditReport', req),
    exportAuditReport: (req) => post('exportAuditReport', req),
    cancel: (req) => post('cancel', req),
    systemLocale: () => post('systemLocale'),
    onProgress: (listener) => {
      listeners.add(listener);
      if (!source) {
        source = new EventSource('/api/events');
        source.onmessage = (m) => {
          const e = JSON.parse(String(m.data)) as ProgressEvent;
          for (const l of listeners) l(e);
        };
      }
      return () => {
        listeners.delete(listener);
      };
    },
  } satisfies Api;
  (globalThis as unknown as { billrecon: Api }).billrecon = api;
}

export async function installBridgeClient(page: Page): Promise<void> {
  // The test runner's transform may wrap named functions in __name(); give the page a no-op one.
  await page.addInitScript({ content: `globalThis.__name = (f) => f;\n(${installBridge.toString()})();` });
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
