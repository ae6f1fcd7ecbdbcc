/**
 * A consumption import's day masks (bill/day-masks.ts): for each (key, transaction type) of a
 * month, the days it has a line on. They are read only when a month has a second consumption
 * file, to find a day billed in both, so they are kept as one row per import and month, not as a
 * row per key (a quarter of a million rows for a big bill, written at the end of its import):
 * `names` the transaction types as a JSON array; `keys` (stored key ids), `actions` (indexes into
 * `names`) and `masks`, each a packed array of unsigned 32-bit little-endian integers in the
 * bill's order.
 */
import type { Db } from './db.js';

export const DAY_MASKS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS cons_day_masks (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    names TEXT NOT NULL,
    keys BLOB NOT NULL,
    actions BLOB NOT NULL,
    masks BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS cons_day_masks_month ON cons_day_masks(month);
`;

/** One (key, transaction type) of a month and its days (bit d: day d + 1). */
export interface DayMask {
  importId: number;
  key: number;
  action: string;
  mask: number;
}

/** The masks of one import, gathered per month, written as one row each. */
export class DayMaskRows {
  private readonly months = new Map<string, { names: string[]; nameOf: Map<string, number>; keys: number[]; actions: number[]; masks: number[] }>();

  add(month: string, key: number, action: string, mask: number): void {
    let m = this.months.get(month);
    if (!m) this.months.set(month, (m = { names: [], nameOf: new Map(), keys: [], actions: [], masks: [] }));
    let name = m.nameOf.get(action);
    if (name === undefined) m.nameOf.set(action, (name = m.names.push(action) - 1));
    m.keys.push(key);
    m.actions.push(name);
    m.masks.push(mask);
  }

  write(db: Db, importId: number): void {
    const insert = db.prepare('insert into cons_day_masks (importId, month, names, keys, actions, masks) values (?, ?, ?, ?, ?, ?)');
    for (const [month, m] of this.months) insert.run(importId, month, JSON.stringify(m.names), packInts(m.keys), packInts(m.actions), packInts(m.masks));
  }
}

/** The month's masks of the live imports, by import and then in each bill's order. */
export function* monthDayMasks(db: Db, month: string, liveImport: string): Generator<DayMask> {
  const rows = db.prepare(`select importId, names, keys, actions, masks from cons_day_masks where month = ? and ${liveImport} order by importId, rowid`).raw().all(month) as [number, string, Buffer, Buffer, Buffer][];
  for (const [importId, names, keys, actions, masks] of rows) {
    const texts = JSON.parse(names) as string[];
    for (let i = 0; i < keys.length / 4; i++) {
      yield { importId, key: keys.readUInt32LE(4 * i), action: texts[actions.readUInt32LE(4 * i)]!, mask: masks.readUInt32LE(4 * i) };
    }
  }
}

/** Unsigned 32-bit integers (key ids, name indexes, 31-day masks): a value past that range throws, never wraps. */
function packInts(values: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(4 * values.length);
  for (let i = 0; i < values.length; i++) out.writeUInt32LE(values[i]!, 4 * i);
  return out;
}
