import type { Db } from '../db.js';

/**
 * Migration 8: what an import decided or met besides its rows, kept with its audit record as a
 * JSON array of sentences: whiteboard failures recorded without a row (a callback failure has no
 * task id), results counted without a status, a transcode's mode taken from its output against
 * its file suffix, a month taken from --date. Imports before this have none ('[]').
 *
 * Written to run twice harmlessly: it was numbered while migration 7 was being written beside it,
 * and a database that ran it in 7th place must not fail when it comes round again as 8th.
 */
export function migration008(db: Db): void {
  const has = db.prepare(`select 1 from pragma_table_info('import') where name = 'notes'`).get();
  if (!has) db.exec(`ALTER TABLE import ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'`);
}
