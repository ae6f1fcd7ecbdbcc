/**
 * An import's stored lines as a whole: removed together (undo, or a failed import's rollback
 * needs nothing), the bill kinds' normalized lines and what came with them, the whiteboard's own
 * result tables for the usage kinds.
 */
import type { Kind } from '../model.js';
import type { Db } from './db.js';
import { lineRange } from './line-writer.js';
import { removePartPacks } from './part-packs.js';

/** Rows of a table that belong to live (not undone or replaced) imports. */
export const LIVE_IMPORT = `importId in (select id from import where status = 'imported')`;

const USAGE_TABLE: Partial<Record<Kind, string>> = {
  'tiw-transcode': 'tiw_transcode',
  'tiw-recording': 'tiw_recording',
  'tiw-whiteboard': 'tiw_session',
};

export function removeImportLines(db: Db, importId: number, kind: Kind): void {
  const usage = USAGE_TABLE[kind];
  if (usage) {
    db.prepare(`delete from ${usage} where importId = ?`).run(importId);
    return;
  }
  const [lo, hi] = lineRange(importId);
  db.prepare('delete from line_check where line between ? and ?').run(lo, hi);
  db.prepare('delete from bill_line where id between ? and ?').run(lo, hi);
  removePartPacks(db, importId);
  for (const table of ['import_month', 'bill_duplicate', 'cons_day_masks', 'source_chunk']) {
    db.prepare(`delete from ${table} where importId = ?`).run(importId);
  }
}

/** Bill lines (fee and consumption) the live imports hold for a month. */
export function linesInMonth(db: Db, month: string): number {
  return (db.prepare(`select ifnull(sum(lines), 0) from import_month where month = ? and side in (0, 1) and ${LIVE_IMPORT}`).pluck().get(month) as number) ?? 0;
}

/** The months any live import holds bill lines of, newest first. */
export function monthsWithLines(db: Db): string[] {
  return db.prepare(`select distinct month from import_month where ${LIVE_IMPORT} order by month desc`).pluck().all() as string[];
}

/** The months one import's bill lines fall in. */
export function monthsOfImport(db: Db, importId: number): string[] {
  return db.prepare('select month from import_month where importId = ? order by month').pluck().all(importId) as string[];
}
