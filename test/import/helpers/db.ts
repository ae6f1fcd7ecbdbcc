import { createHash } from 'node:crypto';
import type { Db } from '../../../main/core/store/index.js';

/** sha256 over every table's rows (in rowid order) — equal hashes mean equal content. */
export function contentHash(db: Db): string {
  const h = createHash('sha256');
  const tables = db
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .pluck()
    .all() as string[];
  for (const t of tables) {
    h.update(`\n#${t}\n`);
    for (const row of db.prepare(`select * from "${t}" order by rowid`).raw().iterate()) h.update(JSON.stringify(row) + '\n');
  }
  return h.digest('hex');
}

export function count(db: Db, table: string): number {
  return db.prepare(`select count(*) from "${table}"`).pluck().get() as number;
}
