/**
 * An import's parts (bill/parts.ts) as one packed row per side and month, not a row per part:
 * writing a quarter of a million part rows, after the last line, was a third of a second of a
 * million-line import. The pack holds the parts' columns as little-endian arrays in one blob (key
 * ids, buckets, days with −1 for none, line counts, where each part's rows start, the amounts as
 * 64-bit integers, then the rows as delta varints); a reconciliation reads a month's packs whole.
 * Prepaid purchases, which other months look up by their service days, are kept as rows of their
 * own besides (prepaid_part, indexed by the last day).
 */
import type { Db } from './db.js';
import { FEE_CLASS } from '../bill/parts.js';

export const PART_PACKS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS part_pack (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    side INTEGER NOT NULL,
    month TEXT NOT NULL,
    parts BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS part_pack_month ON part_pack(month, side);
  CREATE TABLE IF NOT EXISTS prepaid_part (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    key INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    dayFrom INTEGER,
    dayTo INTEGER,
    amount INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    rows BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS prepaid_part_days ON prepaid_part(dayTo);
`;

/** The parts of one import, side and month, as stored: part i is key[i], bucket[i] …; its rows are rows[rowsFrom[i], rowsFrom[i + 1]). */
export interface StoredParts {
  n: number;
  /** bill_key ids. */
  key: Int32Array;
  bucket: Int32Array;
  /** −1 for none. */
  dayFrom: Int32Array;
  dayTo: Int32Array;
  lines: Int32Array;
  rowsFrom: Int32Array;
  amount: BigInt64Array;
  rows: Uint8Array;
}

const VERSION = 1;
const HEADER_INTS = 3;

export function encodeParts(p: StoredParts): Buffer {
  const ints = HEADER_INTS + 6 * p.n + 1;
  const amountAt = Math.ceil((4 * ints) / 8) * 8;
  const out = Buffer.alloc(amountAt + 8 * p.n + p.rows.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  const int = (v: number): void => {
    view.setInt32(at, v, true);
    at += 4;
  };
  [VERSION, p.n, p.rows.length].forEach(int);
  for (const a of [p.key, p.bucket, p.dayFrom, p.dayTo, p.lines]) for (let i = 0; i < p.n; i++) int(a[i]!);
  for (let i = 0; i <= p.n; i++) int(p.rowsFrom[i]!);
  for (let i = 0; i < p.n; i++) view.setBigInt64(amountAt + 8 * i, p.amount[i]!, true);
  out.set(p.rows, amountAt + 8 * p.n);
  return out;
}

export function decodeParts(blob: Uint8Array): StoredParts {
  // A copy of its own: typed arrays need their alignment, a blob read from SQLite has none to rely on.
  const bytes = new Uint8Array(blob.length);
  bytes.set(blob);
  const head = new Int32Array(bytes.buffer, 0, HEADER_INTS);
  if (head[0] !== VERSION) throw new Error(`a part pack of version ${head[0]} (this build reads ${VERSION})`);
  const n = head[1]!;
  const ints = (k: number, len = n): Int32Array => new Int32Array(bytes.buffer, 4 * (HEADER_INTS + k * n), len);
  const amountAt = Math.ceil((4 * (HEADER_INTS + 6 * n + 1)) / 8) * 8;
  return {
    n,
    key: ints(0),
    bucket: ints(1),
    dayFrom: ints(2),
    dayTo: ints(3),
    lines: ints(4),
    rowsFrom: ints(5, n + 1),
    amount: new BigInt64Array(bytes.buffer, amountAt, n),
    rows: bytes.subarray(amountAt + 8 * n, amountAt + 8 * n + head[2]!),
  };
}

/** A month's parts of one side and import: the pack, and its prepaid purchases as rows (fee side). */
export function writePartPack(db: Db, importId: number, side: number, month: string, p: StoredParts): void {
  db.prepare('insert into part_pack (importId, side, month, parts) values (?, ?, ?, ?)').run(importId, side, month, encodeParts(p));
  if (side !== 0) return;
  const prepaid = db.prepare('insert into prepaid_part (importId, month, key, bucket, dayFrom, dayTo, amount, lines, rows) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < p.n; i++) {
    if (p.bucket[i]! % 4 !== FEE_CLASS.prepaid) continue;
    const [from, to] = [p.dayFrom[i]!, p.dayTo[i]!];
    prepaid.run(importId, month, p.key[i]!, p.bucket[i]!, from < 0 ? null : from, to < 0 ? null : to, p.amount[i]!, p.lines[i]!, p.rows.subarray(p.rowsFrom[i]!, p.rowsFrom[i + 1]!));
  }
}

/** The month's packs of one side, of the imports `liveImport` (SQL over importId) admits, in import order. */
export function monthPacks(db: Db, month: string, side: number, liveImport: string): { importId: number; parts: StoredParts }[] {
  const rows = db.prepare(`select importId, parts from part_pack where month = ? and side = ? and ${liveImport} order by importId, rowid`).raw().all(month, side) as [number, Buffer][];
  return rows.map(([importId, blob]) => ({ importId, parts: decodeParts(blob) }));
}

export function removePartPacks(db: Db, importId: number): void {
  db.prepare('delete from part_pack where importId = ?').run(importId);
  db.prepare('delete from prepaid_part where importId = ?').run(importId);
}
