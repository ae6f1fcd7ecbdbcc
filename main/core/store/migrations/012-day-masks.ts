import type { Db } from '../db.js';
import { DAY_MASKS_SCHEMA, DayMaskRows } from '../day-masks.js';

/**
 * Migration 12: a consumption import's day masks as one packed row per import and month
 * (store/day-masks.ts), not a row per key and transaction type: the stored masks move over in
 * their order and `cons_days` goes. (A schema-4 database converted by migration 5 already wrote
 * them in the new table: see 005-convert.ts.)
 */
export function migrationDayMasks(db: Db): void {
  db.exec(DAY_MASKS_SCHEMA);
  const rows = db.prepare('select importId, month, key, action, mask from cons_days order by importId, rowid').raw().all() as [number, string, number, string, number][];
  const byImport = new Map<number, DayMaskRows>();
  for (const [importId, month, key, action, mask] of rows) {
    let masks = byImport.get(importId);
    if (!masks) byImport.set(importId, (masks = new DayMaskRows()));
    masks.add(month, key, action, mask);
  }
  for (const [importId, masks] of byImport) masks.write(db, importId);
  db.exec('DROP TABLE cons_days');
}
