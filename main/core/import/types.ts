import type { Day, Kind } from '../model.js';
import type { Db } from '../store/db.js';

export interface ImportProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes: number;
  /** 0–100 */
  percent: number;
}

export interface ImportOptions {
  /** Force the kind instead of detecting it from headers / fields / file name. */
  kind?: Kind;
  /** Force the text encoding (utf-8, gb18030, gbk, utf-16le, utf-16be). */
  encoding?: string;
  /** Replace earlier imports whose transaction ids this file carries again. */
  replace?: boolean;
  /** canonical field → header, for files whose headers are not recognised. */
  map?: Record<string, string>;
  /** Save `map` under this profile name (reused for files with the same header row). */
  saveProfile?: string;
  /** Day a usage result counts on when it carries no time of its own. */
  date?: Day;
  /** Statistic period of a fee bill (default deduction). */
  period?: 'deduction' | 'billing';
  /** Display name used in messages and the audit trail (defaults to the file's base name). */
  displayName?: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * Parse a CSV bill in a worker thread while this thread writes (default: from 8 MB, when the
   * build has the worker). `false` keeps everything in this thread; the stored values are the same.
   */
  worker?: boolean;
  /**
   * The caller's work inside the import's transaction, once the lines are stored (package.ts: how
   * the file arrived). Returns the earlier imports this one replaces as a whole (a newer daily
   * cumulative file; already marked replaced by it) and the other parts of the same split bill,
   * whose shared 交易IDs are then no overlap. Throws to refuse the file.
   */
  arrival?: (db: Db, importId: number, kind: Kind) => { replaces: number[]; partOf: number[] };
}

export interface ImportOutcome {
  id: number;
  file: string;
  sha256: string;
  kind: Kind;
  /** Why this kind: "headers", "file name says consumption", "--kind" … */
  kindReason: string;
  layout: string | null;
  encoding: string | null;
  rows: number;
  status: 'imported' | 'duplicate';
  /** Earlier import ids replaced by this one (--replace). */
  replaced: number[];
  /**
   * What the import decided or met besides its rows, in sentences (kept with the audit record):
   * whiteboard failures recorded, results counted without a status, a transcode's mode taken from
   * its output, a month taken from --date. Absent for a duplicate.
   */
  notes?: string[];
}

/** What the UI shows before commit. */
export interface ImportPreview {
  file: string;
  size: number;
  kind: Kind;
  kindReason: string;
  layout: string | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  headers: string[];
  /** canonical field → the header it was read from */
  mapping: Record<string, string>;
  unknownHeaders: string[];
  missing: string[];
  /** First rows as text cells, in header order. */
  rows: string[][];
}

export { ImportError, listSome, shortValue, QUOTED_CHARS, LISTED_NAMES } from '../bill/errors.js';
