/**
 * What a reconciliation reads: the month's additive parts and figures as import stored them
 * (bill/parts.ts, store/part-packs.ts), for live imports only. One part per import, key and bucket — never a line.
 */
import { BUCKET, FEE_CLASS, unpackRows } from '../bill/parts.js';
import type { Month } from '../model.js';
import { toUnits } from '../money/index.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
import { monthPacks, partAmount, type StoredParts } from '../store/part-packs.js';
import type { Period } from './types.js';

export interface PartRow {
  importId: number;
  product: string;
  resourceId: string;
  component: string;
  bucket: number;
  dayFrom: number | null;
  dayTo: number | null;
  amount: bigint;
  lines: number;
  rows: number[];
}

/** What a part is narrowed by before it is read in full. */
export interface PartFields {
  importId: number;
  key: number;
  bucket: number;
  dayFrom: number | null;
  dayTo: number | null;
}

const ALL = (): boolean => true;

/** The vendor's precision line of a month (SPEC §2): what the precision figures read. */
export const isPrecisionPart = (p: PartFields): boolean => (p.bucket & BUCKET.classMask) === FEE_CLASS.precisionLine;

/** A side's parts of a month (store/part-packs.ts), optionally narrowed by `keep`, in import order and each import's order. */
export function monthParts(db: Db, month: Month, side: 0 | 1, keep: (p: PartFields) => boolean = ALL): PartRow[] {
  const kept: { importId: number; parts: StoredParts; i: number }[] = [];
  for (const { importId, parts } of monthPacks(db, month, side, LIVE_IMPORT)) {
    for (let i = 0; i < parts.n; i++) if (keep(partFields(importId, parts, i))) kept.push({ importId, parts, i });
  }
  const texts = keyTexts(db, month, new Set(kept.map((k) => k.parts.key[k.i]!)));
  return kept.map(({ importId, parts, i }) => {
    const [product, resourceId, component] = texts.get(parts.key[i]!)!;
    const f = partFields(importId, parts, i);
    return { importId, product, resourceId, component, bucket: f.bucket, dayFrom: f.dayFrom, dayTo: f.dayTo, amount: toUnits(partAmount(parts, i)), lines: parts.lines[i]!, rows: unpackRows(parts.rows.subarray(parts.rowsFrom[i]!, parts.rowsFrom[i + 1]!)) };
  });
}

function partFields(importId: number, p: StoredParts, i: number): PartFields {
  const [from, to] = [p.dayFrom[i]!, p.dayTo[i]!];
  return { importId, key: p.key[i]!, bucket: p.bucket[i]!, dayFrom: from < 0 ? null : from, dayTo: to < 0 ? null : to };
}

/** Product, resource and component of the month's keys `ids`: by id for a few, the month's keys read once for many. */
export function keyTexts(db: Db, month: Month, ids: ReadonlySet<number>): Map<number, [string, string, string]> {
  const out = new Map<number, [string, string, string]>();
  if (ids.size === 0) return out;
  const rows = (
    ids.size > 2000
      ? db.prepare('select id, product, resourceId, component from bill_key where month = ?').raw().all(month)
      : db.prepare('select id, product, resourceId, component from bill_key where id in (select value from json_each(?))').raw().all(JSON.stringify([...ids]))
  ) as [number, string, string, string][];
  for (const [id, product, resourceId, component] of rows) if (ids.has(id)) out.set(id, [product, resourceId, component]);
  return out;
}

type RawPart = [bigint, string, string, string, bigint, bigint | null, bigint | null, bigint, bigint, Uint8Array];

/** Prepaid purchases of other months whose service overlaps [fromDay, untilDay) (prepaid_part, by its last day). */
export function prepaidPartsOverlapping(db: Db, month: Month, fromDay: number, untilDay: number): PartRow[] {
  const rows = db
    .prepare(
      `select p.importId, k.product, k.resourceId, k.component, p.bucket, p.dayFrom, p.dayTo, p.amount, p.lines, p.rows
       from prepaid_part p join bill_key k on k.id = p.key
       where p.dayTo >= ? and p.dayFrom < ? and p.month <> ? and p.${LIVE_IMPORT}
       order by p.importId, p.rowid`,
    )
    .safeIntegers(true)
    .raw()
    .all(fromDay, untilDay, month) as RawPart[];
  return rows.map((r) => ({
    importId: Number(r[0]),
    product: r[1],
    resourceId: r[2],
    component: r[3],
    bucket: Number(r[4]),
    dayFrom: r[5] === null ? null : Number(r[5]),
    dayTo: r[6] === null ? null : Number(r[6]),
    amount: r[7],
    lines: Number(r[8]),
    rows: unpackRows(r[9]),
  }));
}

export interface MonthTotals {
  lines: number;
  amount: bigint;
  transactions: number;
  rated: bigint;
  deducted: bigint;
  aggregatedLines: number;
  pseudoLines: number;
  checked: number;
  failed: number;
}

export function monthTotals(db: Db, month: Month, side: 0 | 1): MonthTotals {
  const r = db
    .prepare(
      `select count(*), ifnull(sum(lines), 0), ifnull(sum(amount), 0), ifnull(sum(transactions), 0), ifnull(sum(rated), 0), ifnull(sum(deducted), 0),
         ifnull(sum(aggregatedLines), 0), ifnull(sum(pseudoLines), 0), ifnull(sum(checked), 0), ifnull(sum(failed), 0)
       from import_month where month = ? and side = ? and ${LIVE_IMPORT}`,
    )
    .safeIntegers(true)
    .raw()
    .get(month, side) as bigint[];
  return {
    lines: Number(r[1]),
    amount: r[2]!,
    transactions: Number(r[3]),
    rated: r[4]!,
    deducted: r[5]!,
    aggregatedLines: Number(r[6]),
    pseudoLines: Number(r[7]),
    checked: Number(r[8]),
    failed: Number(r[9]),
  };
}

/** The statistic period of each live fee import holding lines of the month (or of the months around it). */
export function importPeriods(db: Db, override: Period | undefined): (importId: number) => Period {
  const periods = new Map<number, Period>();
  for (const r of db.prepare(`select id, period from import where kind = 'fee-detail'`).all() as { id: number; period: string | null }[]) {
    periods.set(r.id, r.period === 'billing' ? 'billing' : 'deduction');
  }
  return (id) => override ?? periods.get(id) ?? 'deduction';
}

/** Live fee imports with lines in the month. */
export function feeImportsOf(db: Db, month: Month): number[] {
  return db.prepare(`select importId from import_month where month = ? and side = ${SIDE.fee} and ${LIVE_IMPORT} order by importId`).pluck().all(month) as number[];
}
