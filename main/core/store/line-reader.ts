/**
 * Stored bill lines with their original cells, for the readers that need the whole line (the
 * corrected detail, FOCUS, the whiteboard rating): the normalized columns from bill_line and the
 * cells read back from the import's verbatim source as fields (bill/line-fields.ts). Lines come in
 * import and row order, a page at a time, so a million-line month streams.
 */
import { readLine, type LineFields } from '../bill/line-fields.js';
import type { Month } from '../model.js';
import type { Db } from './db.js';
import { LIVE_IMPORT } from './lines.js';
import { LINE_ROW_SQL, lineRange, lineRangeWithin } from './line-writer.js';
import { recordsAt, sourceLayout } from './line-source.js';

export interface StoredLine {
  importId: number;
  row: number;
  kind: number;
  verdict: number;
  amount: bigint;
  ref: string | null;
  day: number | null;
  key: { month: Month; product: string; resourceId: string; component: string };
  fields: LineFields;
  /** Columns no field maps, by their header. */
  extra: Record<string, string>;
}

export interface LineQuery {
  side: 0 | 1 | 2;
  /** Keys of these months only (all months when absent). */
  months?: readonly Month[];
  /** A further condition on the key (bill_key columns). */
  keyWhere?: string;
  keyParams?: unknown[];
  /** These imports only. */
  importIds?: readonly number[];
  /** At most this many lines per import. */
  limit?: number;
  /** Only lines whose id lies in [from, to] (a block of one import, export/detail-blocks.ts). */
  ids?: readonly [number, number];
}

const PAGE = 8192;

/** The live imports of a side with lines in the months. */
export function importsWithLines(db: Db, side: number, months?: readonly Month[]): number[] {
  const monthSql = months ? `and month in (${months.map(() => '?').join(',')})` : '';
  return db.prepare(`select distinct importId from import_month where side = ? ${monthSql} and ${LIVE_IMPORT} order by importId`).pluck().all(side, ...(months ?? [])) as number[];
}

/** The ids of the side's lines in the months, per import, in the order storedLines gives them. */
export function storedLineIds(db: Db, q: Pick<LineQuery, 'side' | 'months' | 'importIds'>): { importId: number; ids: number[] }[] {
  const monthSql = q.months ? `month in (${q.months.map(() => '?').join(',')})` : '1=1';
  const select = db.prepare(`select id from bill_line where id between ? and ? and key in (select id from bill_key where ${monthSql}) order by id`).pluck();
  return (q.importIds ?? importsWithLines(db, q.side, q.months)).map((importId) => ({ importId, ids: select.all(...lineRange(importId), ...(q.months ?? [])) as number[] }));
}

/** The keys the query's lines may have, by id. */
export type LineKeys = Map<number, StoredLine['key']>;

export function lineKeys(db: Db, q: Pick<LineQuery, 'months' | 'keyWhere' | 'keyParams'>): LineKeys {
  const monthSql = q.months ? `month in (${q.months.map(() => '?').join(',')})` : '1=1';
  const keys: LineKeys = new Map();
  for (const k of db.prepare(`select id, month, product, resourceId, component from bill_key where ${monthSql} and (${q.keyWhere ?? '1=1'})`).all(...(q.months ?? []), ...(q.keyParams ?? [])) as (StoredLine['key'] & { id: number })[]) {
    keys.set(k.id, { month: k.month, product: k.product, resourceId: k.resourceId, component: k.component });
  }
  return keys;
}

/** The lines the query selects; `keys` when the caller already has the query's (lineKeys), e.g. reading a month in blocks. */
export function* storedLines(db: Db, q: LineQuery, keys: LineKeys = lineKeys(db, q)): Generator<StoredLine> {
  if (keys.size === 0) return;
  for (const importId of q.importIds ?? importsWithLines(db, q.side, q.months)) {
    let n = 0;
    for (const l of importLines(db, importId, keys, q.ids)) {
      yield l;
      if (q.limit !== undefined && ++n >= q.limit) break;
    }
  }
}

type RawLine = [bigint, bigint, bigint, bigint, bigint | null, bigint, string | null, bigint, bigint];

function* importLines(db: Db, importId: number, keys: Map<number, StoredLine['key']>, ids?: readonly [number, number]): Generator<StoredLine> {
  const layout = sourceLayout(db, importId);
  const [lo, hi] = lineRangeWithin(importId, ids);
  const page = db.prepare(`select id, key, kind, verdict, day, amount, ref, at, ${LINE_ROW_SQL} from bill_line where id > ? and id <= ? order by id limit ${PAGE}`).safeIntegers(true).raw();
  for (let after = lo - 1; ; ) {
    const rows = page.all(after, hi) as RawLine[];
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]![0]);
    const wanted = rows.filter((r) => keys.has(Number(r[1])));
    const records = recordsAt(db, layout, wanted.map((r) => Number(r[7])));
    for (const r of wanted) {
      const rec = records.next();
      const cells = rec.done ? [] : rec.value.cells;
      const { fields, extra } = readLine(layout.headers, layout.mapping, cells);
      yield {
        importId,
        row: Number(r[8]),
        kind: Number(r[2]),
        verdict: Number(r[3]),
        day: r[4] === null ? null : Number(r[4]),
        amount: r[5],
        ref: r[6],
        key: keys.get(Number(r[1]))!,
        fields,
        extra,
      };
    }
    if (rows.length < PAGE) return;
  }
}
