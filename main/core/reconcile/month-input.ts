/**
 * What a reconciliation reads: the month's additive parts and figures as import stored them
 * (bill/parts.ts), for live imports only. One row per import, key and bucket — never a line.
 */
import { unpackRows } from '../bill/parts.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { SIDE } from '../store/line-writer.js';
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

type RawPart = [bigint, string, string, string, bigint, bigint | null, bigint | null, bigint, bigint, Uint8Array];

function partRow(r: RawPart): PartRow {
  return {
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
  };
}

const PART_COLUMNS = `p.importId, k.product, k.resourceId, k.component, p.bucket, p.dayFrom, p.dayTo, p.amount, p.lines, p.rows`;

/** A side's parts of a month, optionally narrowed (`where` over p.*). */
export function monthParts(db: Db, month: Month, side: 0 | 1, where = '1=1', params: unknown[] = []): PartRow[] {
  const rows = db
    .prepare(`select ${PART_COLUMNS} from bill_part p join bill_key k on k.id = p.key where p.month = ? and p.side = ? and p.${LIVE_IMPORT} and (${where}) order by p.importId, p.rowid`)
    .safeIntegers(true)
    .raw()
    .all(month, side, ...params) as RawPart[];
  return rows.map(partRow);
}

/** Prepaid purchases of other months whose service overlaps [fromDay, untilDay) (through bill_part_prepaid). */
export function prepaidPartsOverlapping(db: Db, month: Month, fromDay: number, untilDay: number): PartRow[] {
  const rows = db
    .prepare(
      `select ${PART_COLUMNS} from bill_part p join bill_key k on k.id = p.key
       where p.side = 0 and p.bucket % 4 = 2 and p.dayTo >= ? and p.dayFrom < ? and p.month <> ? and p.${LIVE_IMPORT}
       order by p.importId, p.rowid`,
    )
    .safeIntegers(true)
    .raw()
    .all(fromDay, untilDay, month) as RawPart[];
  return rows.map(partRow);
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
