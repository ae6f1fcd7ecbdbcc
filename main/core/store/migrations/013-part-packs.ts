import type { Db } from '../db.js';
import { fastOrUnits } from '../../money/index.js';
import { PART_PACKS_SCHEMA, writePartPack, type StoredParts } from '../part-packs.js';

type RawV12 = [bigint, bigint, string, bigint, bigint, bigint | null, bigint | null, bigint, bigint, Uint8Array];

interface PartRowV12 {
  importId: number;
  side: number;
  month: string;
  key: number;
  bucket: number;
  dayFrom: number;
  dayTo: number;
  amount: bigint;
  lines: number;
  rows: Uint8Array;
}

const day = (d: bigint | null): number => (d === null ? -1 : Number(d));

/**
 * Migration 13: an import's parts as one packed row per side and month (store/part-packs.ts), not
 * a row per part: the stored parts move over in their order and `bill_part` goes. (A schema-4
 * database converted by migration 5 already wrote packs: see 005-convert.ts.)
 */
export function migrationPartPacks(db: Db): void {
  db.exec(PART_PACKS_SCHEMA);
  const raw = db
    .prepare('select importId, side, month, key, bucket, dayFrom, dayTo, amount, lines, rows from bill_part order by importId, side, month, rowid')
    .safeIntegers(true)
    .raw()
    .all() as RawV12[];
  const rows = raw.map(
    (r): PartRowV12 => ({ importId: Number(r[0]), side: Number(r[1]), month: r[2], key: Number(r[3]), bucket: Number(r[4]), dayFrom: day(r[5]), dayTo: day(r[6]), amount: r[7], lines: Number(r[8]), rows: r[9] }),
  );
  for (let from = 0; from < rows.length; ) {
    const { importId, side, month } = rows[from]!;
    let to = from;
    while (to < rows.length && rows[to]!.importId === importId && rows[to]!.side === side && rows[to]!.month === month) to++;
    writePartPack(db, importId, side, month, packOf(rows.slice(from, to)));
    from = to;
  }
  db.exec('DROP TABLE bill_part');
}

function packOf(rows: readonly PartRowV12[]): StoredParts {
  const n = rows.length;
  const p: StoredParts = {
    n,
    key: Int32Array.from(rows, (r) => r.key),
    bucket: Int32Array.from(rows, (r) => r.bucket),
    dayFrom: Int32Array.from(rows, (r) => r.dayFrom),
    dayTo: Int32Array.from(rows, (r) => r.dayTo),
    lines: Int32Array.from(rows, (r) => r.lines),
    rowsFrom: new Int32Array(n + 1),
    amount: Float64Array.from(rows, (r) => {
      const a = fastOrUnits(r.amount);
      return typeof a === 'number' ? a : NaN;
    }),
    big: new Map(rows.flatMap((r, i) => (typeof fastOrUnits(r.amount) === 'bigint' ? [[i, r.amount]] : []))),
    rows: new Uint8Array(rows.reduce((s, r) => s + r.rows.length, 0)),
  };
  let at = 0;
  rows.forEach((r, i) => {
    p.rowsFrom[i] = at;
    p.rows.set(r.rows, at);
    at += r.rows.length;
  });
  p.rowsFrom[n] = at;
  return p;
}
