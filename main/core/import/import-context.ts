/** What one file's import carries between its steps: the audit record's base, progress, what was stored. */
import type { Kind } from '../model.js';
import type { ParseWorker } from './parse-in-worker.js';
import type { SourceWorker } from './source-in-worker.js';
import type { NewImport } from '../store/bills.js';
import type { ImportProgress } from './types.js';

export function progressReporter(file: string, totalBytes: number, cb?: (p: ImportProgress) => void) {
  let bytes = 0;
  let last = 0;
  return {
    bytes(b: number) {
      bytes = b;
    },
    rows(rows: number, force = false) {
      if (!cb) return;
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      cb({ file, rows, bytes, totalBytes, percent: force ? 100 : totalBytes ? Math.min(99, Math.floor((bytes / totalBytes) * 100)) : 0 });
    },
  };
}
export type Progress = ReturnType<typeof progressReporter>;

/** What an import stored, for the audit record. */
export interface Collected {
  kind: Kind;
  layout: string | null;
  kindReason: string;
  rows: number;
  aggregated: boolean;
  headers: string[];
  importId: number;
  /** What the import decided or met besides its rows (failures recorded, values read a certain way), in sentences. */
  notes?: string[];
}

export type ImportBase = Pick<NewImport, 'fileName' | 'filePath' | 'size' | 'sha256' | 'encoding' | 'period'>;


/** The threads a large CSV import uses beside the importing one. */
export interface ImportWorkers {
  parse: ParseWorker;
  source: SourceWorker | null;
}
