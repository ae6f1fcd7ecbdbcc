import type { Kind } from '../model.js';
import type { SqlValue } from '../store/bills.js';
import type { Sniffed } from './sources.js';

/** What the importer hands its parse worker: everything needed to re-derive the header mapping. */
export interface ParseJob {
  file: string;
  path: string;
  sniffed: Sniffed;
  headerRow: number;
  headers: string[];
  forcedKind: Kind | undefined;
  userMap: Record<string, string>;
  importId: number;
  columns: string[];
  batchRows: number;
  inFlight: number;
}

export type ToImporter =
  | { t: 'batch'; rows: SqlValue[][]; aggregated: boolean; bytes: number }
  | { t: 'end'; bytes: number }
  | { t: 'error'; importError: { file: string; row: number | null; column: string | null; reason: string; value: string | undefined } }
  | { t: 'error'; message: string };
