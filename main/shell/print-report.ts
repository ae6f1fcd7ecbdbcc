/**
 * The app's audit report PDF (issue 15 §2): the renderer's own report page in a hidden window,
 * printed by Electron's printToPDF once the page says it is ready. The page fetches the report
 * over the same contract as every screen, so the figures are the core's.
 */
import { BrowserWindow } from 'electron';
import { APP_INDEX_URL } from './app-protocol-path.js';
import { SECURE_WEB_PREFERENCES } from './web-preferences.js';

export async function printReportPage(month: string, lang: string, preload: string): Promise<Buffer> {
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    // Repeated as literals so the electronegativity scan (npm run lint) can see them at the call.
    webPreferences: { ...SECURE_WEB_PREFERENCES, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick', preload },
  });
  try {
    await win.loadURL(`${APP_INDEX_URL}#report=audit&month=${encodeURIComponent(month)}&lang=${encodeURIComponent(lang)}`);
    const state = `document.querySelector('[data-report-state]')?.getAttribute('data-report-state') ?? ''`;
    for (let waited = 0; ; waited += 100) {
      const s = (await win.webContents.executeJavaScript(state)) as string;
      if (s === 'ready') break;
      if (s === 'failed' || waited > 120_000) throw new Error(`the audit report of ${month} could not be shown`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, generateTaggedPDF: true, generateDocumentOutline: true });
  } finally {
    win.destroy();
  }
}
