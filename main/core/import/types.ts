import type { Day, Kind } from '../model.js';

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
   * Drop the table's secondary indexes for the load and rebuild them before commit, in the same
   * transaction (default: from 64 MB). The stored rows and schema are the same either way.
   */
  rebuildIndexes?: boolean;
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

/** Characters of a value a message quotes: enough to recognise it, never a 200 MB cell. */
export const QUOTED_CHARS = 80;
/** Names (headers, fields) a message lists before "and N more". */
export const LISTED_NAMES = 20;
/** A reason longer than this is cut: a message is read by a person. */
const REASON_CHARS = 2_000;

/** The start of a value, for a message: at most QUOTED_CHARS characters, then "…". */
export function shortValue(value: string, max = QUOTED_CHARS): string {
  return value.length > max ? value.slice(0, max) + '…' : value;
}

/**
 * Names for a message: the first LISTED_NAMES (each shortened), then "and N more", so a file
 * with thousands of unknown headers gives a readable sentence.
 */
export function listSome(names: readonly string[], max = LISTED_NAMES): string {
  const shown = names.slice(0, max).map((n) => shortValue(n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

function shortReason(reason: string): string {
  return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS)}… (${reason.length - REASON_CHARS} more characters)` : reason;
}

/** A bad input: names file, row and column, the value and the reason. */
export class ImportError extends Error {
  override name = 'ImportError';
  readonly isUserError = true;
  constructor(
    readonly file: string,
    readonly row: number | null,
    readonly column: string | null,
    readonly reason: string,
    readonly value?: string,
  ) {
    super(
      `${file}${row !== null ? `:${row}` : ''}${column !== null ? `:${shortValue(column)}` : ''}: ${shortReason(reason)}` +
        (value !== undefined ? ` (value ${JSON.stringify(shortValue(value))})` : ''),
    );
  }
}
