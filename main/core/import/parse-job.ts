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
  monthFromUsage: boolean;
  inFlight: number;
}

/**
 * A batch on its way to the importer: a cell equal to the one above it (same column, previous
 * row of the batch) travels as `undefined`. Bills repeat most of their columns line after line
 * (payer, region, product, pay mode, month …), and every string sent is a string the writer's
 * thread has to rebuild, so this roughly halves what the writer spends on receiving.
 */
export type PackedRows = (SqlValue | undefined)[][];

/** Blank out cells equal to the one above (last row first, so each compares with the original). */
export function packRows(rows: SqlValue[][]): PackedRows {
  const packed = rows as PackedRows;
  for (let r = packed.length - 1; r > 0; r--) {
    const row = packed[r]!;
    const above = packed[r - 1]!;
    for (let c = 0; c < row.length; c++) if (row[c] !== null && row[c] === above[c]) row[c] = undefined;
  }
  return packed;
}

/** Undo `packRows` in place (first row first, so each copies from a restored row). */
export function unpackRows(packed: PackedRows): SqlValue[][] {
  for (let r = 1; r < packed.length; r++) {
    const row = packed[r]!;
    const above = packed[r - 1]!;
    for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = above[c];
  }
  return packed as SqlValue[][];
}

export type ToImporter =
  | { t: 'batch'; rows: PackedRows; aggregated: boolean; bytes: number }
  | { t: 'end'; bytes: number }
  | { t: 'error'; importError: { file: string; row: number | null; column: string | null; reason: string; value: string | undefined } }
  | { t: 'error'; message: string };
