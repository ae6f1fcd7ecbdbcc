/**
 * The desktop shell: the only file set that imports electron. It serves the renderer from
 * app://billrecon (never file://), locks the window down and relays each contract call over IPC
 * to the core's own process (main/host: a utilityProcess that opens the same database file as
 * the CLI and runs the handler table), so a long import or reconcile never blocks the window.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, FAILURE_PREFIX, PROGRESS_CHANNEL, type ApiFailure, type ExportRequest } from '../api/contract.js';
import type { HandlerTable } from '../api/handlers.js';
import { HostClient, HostStartError, relayTable } from '../host/client.js';
import { failureOf, HostCallError } from '../host/protocol.js';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, contentType, isTrustedSenderUrl, resolveAppPath } from './app-protocol-path.js';
import { hostEntry, utilityHostSpawner } from './host-process.js';
import { explainNativeLoadError, findNativeBinding } from './native-binding.js';
import { printReportPage } from './print-report.js';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from './web-preferences.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadFile = join(here, '../preload/index.cjs');

// `npm run dev` only (never packaged): electron-vite's dev server with hot reload stands in for app://.
const devRendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL?.startsWith('http://localhost:') ? process.env.ELECTRON_RENDERER_URL : undefined;

function isOwnPage(url: string): boolean {
  return isTrustedSenderUrl(url) || (devRendererUrl !== undefined && url.startsWith(devRendererUrl));
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Starts the core's process; a database it cannot open ends the app with the reason in a dialog. */
function startCore(): HostClient {
  const abi = process.versions.modules;
  // Packaged: native/ is shipped unpacked under resources; in a checkout it sits at the repo root.
  const base = app.isPackaged ? process.resourcesPath : join(here, '../..');
  const binding = findNativeBinding(base, abi);
  const core = new HostClient(utilityHostSpawner(hostEntry(here), binding ? { nativeBinding: binding } : {}));
  core.start().catch((err: unknown) => {
    const why = err instanceof HostStartError ? explainNativeLoadError(err, abi, binding) : String(err);
    dialog.showErrorBox('billrecon cannot open its database', why);
    app.quit();
  });
  return core;
}

function refuse(failure: ApiFailure): never {
  throw new HostCallError(failure);
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'content-type': contentType(file), 'content-security-policy': CONTENT_SECURITY_POLICY } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== APP_INDEX_URL && !(devRendererUrl && url.startsWith(devRendererUrl))) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  // No new windows, and no shell.openExternal of anything the page names.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

type Invoke = (raw: unknown, event: IpcMainInvokeEvent) => Promise<unknown>;

/** One ipcMain.handle per channel: the sender must be our own page; errors cross as ApiFailure. */
function handle(channel: string, invoke: Invoke): void {
  ipcMain.handle(channel, async (event, raw: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isOwnPage(url)) {
      const f: ApiFailure = { type: 'sender', message: `refused a ${channel} call from ${url || 'an unknown frame'}` };
      throw new Error(FAILURE_PREFIX + JSON.stringify(f));
    }
    try {
      return await invoke(raw, event);
    } catch (err) {
      throw new Error(FAILURE_PREFIX + JSON.stringify(failureOf(err)));
    }
  });
}

function registerIpc(table: HandlerTable, window: () => BrowserWindow | null): void {
  // These name a file: the shell's dialogs choose it, never the renderer.
  const throughDialog = new Set<keyof HandlerTable>(['exportMonth', 'setRatingAccount', 'setRatingCatalog']);
  for (const name of Object.keys(table) as (keyof HandlerTable)[]) {
    if (throughDialog.has(name)) continue;
    const fn = table[name] as (raw: unknown) => Promise<unknown>;
    handle(CHANNELS[name], (raw) => fn(raw));
  }
  handle(CHANNELS.exportMonth, async (raw) => {
    const req = (raw ?? {}) as Partial<ExportRequest>;
    // The renderer never names the target: the save dialog does.
    if (req.path !== undefined) refuse({ type: 'input', message: 'exportMonth: the target file is chosen in the save dialog' });
    const ext = req.format === 'xlsx' ? 'xlsx' : 'csv';
    const w = window();
    const options = { defaultPath: `billrecon-${String(req.month ?? '')}.${ext}`, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] };
    const chosen = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return null;
    return table.exportMonth({ ...req, path: chosen.filePath });
  });
  handle(CHANNELS.exportAuditReport, async (raw) => {
    const req = (raw ?? {}) as { month?: unknown; lang?: unknown; path?: unknown };
    if (req.path !== undefined) refuse({ type: 'input', message: 'exportAuditReport: the target file is chosen in the save dialog' });
    if (typeof req.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(req.month) || (req.lang !== 'en' && req.lang !== 'zh-CN'))
      refuse({ type: 'input', message: 'exportAuditReport: month must be YYYY-MM and lang zh-CN or en' });
    const w = window();
    const options = { defaultPath: `billrecon-audit-${req.month}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const chosen = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return null;
    const pdf = await printReportPage(req.month, req.lang, preloadFile);
    await writeFile(chosen.filePath, pdf);
    return { path: chosen.filePath, bytes: pdf.length };
  });
  handle(CHANNELS.pickFiles, async () => {
    const w = window();
    const options = {
      properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      filters: [{ name: 'Bills', extensions: ['csv', 'xlsx', 'json', 'jsonl', 'txt'] }],
    };
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  });
  const pickJson = async (title: string): Promise<string | null> => {
    const w = window();
    const options = { title, properties: ['openFile'] as 'openFile'[], filters: [{ name: 'JSON', extensions: ['json'] }] };
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
  };
  handle(CHANNELS.setRatingAccount, async (raw) => {
    const req = (raw ?? {}) as { path?: unknown };
    if (req.path !== undefined) refuse({ type: 'input', message: 'setRatingAccount: the account file is chosen in the open dialog' });
    const path = await pickJson('Whiteboard account file (account.json)');
    return path === null ? null : table.setRatingAccount({ ...(raw as object), path });
  });
  handle(CHANNELS.setRatingCatalog, async (raw) => {
    const req = (raw ?? {}) as { path?: unknown; reset?: unknown };
    if (req.path !== undefined) refuse({ type: 'input', message: 'setRatingCatalog: the catalog file is chosen in the open dialog' });
    if (req.reset === true) return table.setRatingCatalog(raw);
    const path = await pickJson('Whiteboard price catalog (JSON)');
    return path === null ? null : table.setRatingCatalog({ ...(raw as object), path });
  });
  handle(CHANNELS.systemLocale, async () => app.getLocale());
}

let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'billrecon',
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      // Repeated as literals so the electronegativity scan (npm run lint) can see them at the call.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      preload: preloadFile,
    },
  });
  lockDown(mainWindow.webContents);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(devRendererUrl ?? APP_INDEX_URL);
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

void app.whenReady().then(() => {
  // Nothing the app does needs a permission (camera, notifications, geolocation…): refuse all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();

  const core = startCore();
  core.onProgress((e) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(PROGRESS_CHANNEL, e);
  });
  registerIpc(relayTable(core), () => mainWindow);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => void core.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

export { APP_HOST };
