/**
 * Exposes exactly the contract as window.billrecon: one ipcRenderer.invoke per named channel,
 * no generic send/on, no Electron object handed to the page. Emitted as CJS (sandboxed preload).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, FAILURE_PREFIX, PROGRESS_CHANNEL, type Api, type ApiFailure, type ProgressEvent } from '../main/api/contract';

/** Errors cross IPC as text; give the page the structured failure back. */
async function call<T>(channel: string, arg?: unknown): Promise<T> {
  try {
    return (await ipcRenderer.invoke(channel, arg)) as T;
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const at = text.indexOf(FAILURE_PREFIX);
    if (at >= 0) {
      const failure = JSON.parse(text.slice(at + FAILURE_PREFIX.length)) as ApiFailure;
      throw Object.assign(new Error(failure.message), { failure });
    }
    throw new Error(text);
  }
}

const api = {
  pickFiles: () => call(CHANNELS.pickFiles),
  pathForFile: (file) => webUtils.getPathForFile(file),
  previewImport: (req) => call(CHANNELS.previewImport, req),
  commitImport: (req) => call(CHANNELS.commitImport, req),
  undoImport: (req) => call(CHANNELS.undoImport, req),
  listImports: () => call(CHANNELS.listImports),
  monthsAvailable: () => call(CHANNELS.monthsAvailable),
  monthReport: (req) => call(CHANNELS.monthReport, req),
  reconcile: (req) => call(CHANNELS.reconcile, req),
  mismatches: (req) => call(CHANNELS.mismatches, req),
  mismatchFacets: (req) => call(CHANNELS.mismatchFacets, req),
  mismatchSources: (req) => call(CHANNELS.mismatchSources, req),
  setReview: (req) => call(CHANNELS.setReview, req),
  rating: (req) => call(CHANNELS.rating, req),
  ratingSettings: (req) => call(CHANNELS.ratingSettings, req),
  setRatingAccount: (req) => call(CHANNELS.setRatingAccount, req),
  setRatingCatalog: (req) => call(CHANNELS.setRatingCatalog, req),
  setExchangeRate: (req) => call(CHANNELS.setExchangeRate, req),
  calculators: () => call(CHANNELS.calculators),
  calculate: (req) => call(CHANNELS.calculate, req),
  exportMonth: (req) => call(CHANNELS.exportMonth, req),
  closeMonth: (req) => call(CHANNELS.closeMonth, req),
  reopenMonth: (req) => call(CHANNELS.reopenMonth, req),
  auditLog: (req) => call(CHANNELS.auditLog, req),
  yearTable: (req) => call(CHANNELS.yearTable, req),
  auditReport: (req) => call(CHANNELS.auditReport, req),
  exportAuditReport: (req) => call(CHANNELS.exportAuditReport, req),
  cancel: (req) => call(CHANNELS.cancel, req),
  systemLocale: () => call(CHANNELS.systemLocale),
  onProgress: (listener) => {
    const wrapped = (_event: unknown, e: ProgressEvent) => listener(e);
    ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
    };
  },
} satisfies Api;

contextBridge.exposeInMainWorld('billrecon', api);
