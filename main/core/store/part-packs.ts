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
import { FEE_CLASS, type PackedParts } from '../bill/parts.js';
import type { FastUnits, Units } from '../money/index.js';

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

/**
 * The parts of one import, side and month, as stored: the writer's collected columns
 * (bill/parts.ts PackedParts) with `key` as bill_key ids and the big amounts by part index.
 */
export type StoredParts = Omit<PackedParts, 'big'> & { big: ReadonlyMap<number, Units> };

/** Part i's amount. */
export function partAmount(p: StoredParts, i: number): FastUnits | Units {
  return p.big.get(i) ?? p.amount[i]!;
}

const VERSION = 1;
const HEADER_INTS = 4;
const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** Header (version, parts, row bytes, big amounts), six int32 columns, then 8-aligned: float64 amounts, (index, units) pairs of int64, the rows. */
export function encodeParts(p: StoredParts): Buffer {
  const amountAt = align8(4 * (HEADER_INTS + 6 * p.n + 1));
  const bigAt = amountAt + 8 * p.n;
  const rowsAt = bigAt + 16 * p.big.size;
  const out = Buffer.alloc(rowsAt + p.rows.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  const int = (v: number): void => {
    view.setInt32(at, v, true);
    at += 4;
  };
  [VERSION, p.n, p.rows.length, p.big.size].forEach(int);
  for (const a of [p.key, p.bucket, p.dayFrom, p.dayTo, p.lines]) for (let i = 0; i < p.n; i++) int(a[i]!);
  for (let i = 0; i <= p.n; i++) int(p.rowsFrom[i]!);
  for (let i = 0; i < p.n; i++) view.setFloat64(amountAt + 8 * i, p.amount[i]!, true);
  [...p.big].forEach(([i, units], k) => {
    view.setBigInt64(bigAt + 16 * k, BigInt(i), true);
    view.setBigInt64(bigAt + 16 * k + 8, units, true);
  });
  out.set(p.rows, rowsAt);
  return out;
}

export function decodeParts(blob: Uint8Array): StoredParts {
  // Typed arrays need their alignment: a blob that does not start on 8 bytes is copied first.
  const bytes = blob.byteOffset % 8 === 0 ? blob : Uint8Array.from(blob);
  const ints = new Int32Array(bytes.buffer, bytes.byteOffset, HEADER_INTS);
  if (ints[0] !== VERSION) throw new Error(`a part pack of version ${ints[0]} (this build reads ${VERSION})`);
  const [n, rowsLength, bigCount] = [ints[1]!, ints[2]!, ints[3]!];
  const column = (k: number, len = n): Int32Array => new Int32Array(bytes.buffer, bytes.byteOffset + 4 * (HEADER_INTS + k * n), len);
  const amountAt = align8(4 * (HEADER_INTS + 6 * n + 1));
  const bigAt = amountAt + 8 * n;
  const pairs = new BigInt64Array(bytes.buffer, bytes.byteOffset + bigAt, 2 * bigCount);
  const big = new Map<number, Units>();
  for (let k = 0; k < bigCount; k++) big.set(Number(pairs[2 * k]!), pairs[2 * k + 1]!);
  const rowsAt = bigAt + 16 * bigCount;
  return {
    n,
    key: column(0),
    bucket: column(1),
    dayFrom: column(2),
    dayTo: column(3),
    lines: column(4),
    rowsFrom: column(5, n + 1),
    amount: new Float64Array(bytes.buffer, bytes.byteOffset + amountAt, n),
    big,
    rows: bytes.subarray(rowsAt, rowsAt + rowsLength),
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
    prepaid.run(importId, month, p.key[i]!, p.bucket[i]!, from < 0 ? null : from, to < 0 ? null : to, partAmount(p, i), p.lines[i]!, p.rows.subarray(p.rowsFrom[i]!, p.rowsFrom[i + 1]!));
  }
}

export interface PackOfImport {
  importId: number;
  parts: StoredParts;
}

/** The packs decoded while `sharingPacks` runs, by month, side and filter; null outside. */
let shared: { db: Db; packs: Map<string, PackOfImport[]> } | null = null;

/**
 * Runs `read` with every pack it asks for decoded once: a reconciliation reads a month's parts
 * in several passes, inside one read transaction (nothing it reads changes meanwhile).
 */
export function sharingPacks<T>(db: Db, read: () => T): T {
  if (shared) return read();
  shared = { db, packs: new Map() };
  try {
    return read();
  } finally {
    shared = null;
  }
}

/** The month's packs of one side, of the imports `liveImport` (SQL over importId) admits, in import order. */
export function monthPacks(db: Db, month: string, side: number, liveImport: string): readonly PackOfImport[] {
  const id = `${month}\u0001${side}\u0001${liveImport}`;
  const known = shared?.db === db ? shared.packs.get(id) : undefined;
  if (known) return known;
  const rows = db.prepare(`select importId, parts from part_pack where month = ? and side = ? and ${liveImport} order by importId, rowid`).raw().all(month, side) as [number, Buffer][];
  const packs = rows.map(([importId, blob]) => ({ importId, parts: decodeParts(blob) }));
  if (shared?.db === db) shared.packs.set(id, packs);
  return packs;
}

export function removePartPacks(db: Db, importId: number): void {
  db.prepare('delete from part_pack where importId = ?').run(importId);
  db.prepare('delete from prepaid_part where importId = ?').run(importId);
}
