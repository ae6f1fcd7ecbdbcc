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
import { recordCells, recordCursorsAt, sourceLayout, type RecordCursor, type SourceLayout } from './line-source.js';

export interface StoredLine extends StoredLineRow {
  fields: LineFields;
  /** Columns no field maps, by their header. */
  extra: Record<string, string>;
}

/** A stored line's normalized columns and its source record as scanned, not yet decoded. */
export interface StoredRecord extends StoredLineRow {
  layout: SourceLayout;
  /** The line's original record (valid until the generator moves on); null when the source lacks it. */
  source: RecordCursor | null;
}

interface StoredLineRow {
  importId: number;
  row: number;
  kind: number;
  verdict: number;
  amount: bigint;
  ref: string | null;
  day: number | null;
  key: { month: Month; product: string; resourceId: string; component: string };
}

export interface LineQuery {
  side: 0 | 1 | 2;
  /** Keys of these months only (all months when absent). */
  months?: readonly Month[];
  /** A further condition on the key: bill_key's month, product, resourceId, component (no other table has them). */
  keyWhere?: string;
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

/** The lines the query selects. */
export function* storedLines(db: Db, q: LineQuery): Generator<StoredLine> {
  for (const rec of storedRecords(db, q)) yield storedLineOf(rec);
}

/** The lines the query selects with their source records undecoded (the corrected detail reads their bytes). */
export function* storedRecords(db: Db, q: LineQuery): Generator<StoredRecord> {
  const keys = keyCondition(q);
  for (const importId of q.importIds ?? importsWithLines(db, q.side, q.months)) {
    let n = 0;
    for (const l of importRecords(db, importId, keys, q.ids)) {
      yield l;
      if (q.limit !== undefined && ++n >= q.limit) break;
    }
  }
}

/** A stored record's cells decoded and read as fields. */
export function storedLineOf(rec: StoredRecord): StoredLine {
  const { layout, source, ...row } = rec;
  const { fields, extra } = readLine(layout.headers, layout.mapping, source ? recordCells(source, layout) : []);
  return { ...row, fields, extra };
}

/** The query's condition on the key joined to each line (`k`), with its parameters. */
function keyCondition(q: Pick<LineQuery, 'months' | 'keyWhere'>): { sql: string; params: unknown[] } {
  const sql = [q.months ? `k.month in (${q.months.map(() => '?').join(',')})` : '1=1', q.keyWhere ? `(${q.keyWhere})` : '1=1'].join(' and ');
  return { sql, params: [...(q.months ?? [])] };
}

type RawLine = [bigint, bigint, bigint, bigint | null, bigint, string | null, bigint, bigint, Month, string, string, string];

/**
 * An import's lines whose key meets the condition, a page of ids at a time, each with its key
 * joined (one lookup per line, no key map to build) and its source record scanned.
 */
function* importRecords(db: Db, importId: number, keys: { sql: string; params: unknown[] }, ids?: readonly [number, number]): Generator<StoredRecord> {
  const layout = sourceLayout(db, importId);
  const [lo, hi] = lineRangeWithin(importId, ids);
  const page = db
    .prepare(
      `select l.id, l.kind, l.verdict, l.day, l.amount, l.ref, l.at, ${LINE_ROW_SQL.replace('id', 'l.id')}, k.month, k.product, k.resourceId, k.component
       from bill_line l join bill_key k on k.id = l.key where l.id > ? and l.id <= ? and ${keys.sql} order by l.id limit ${PAGE}`,
    )
    .safeIntegers(true)
    .raw();
  for (let after = lo - 1; ; ) {
    const rows = page.all(after, hi, ...keys.params) as RawLine[];
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]![0]);
    const records = recordCursorsAt(db, layout, rows.map((r) => Number(r[6])));
    for (const r of rows) {
      const rec = records.next();
      yield {
        importId,
        row: Number(r[7]),
        kind: Number(r[1]),
        verdict: Number(r[2]),
        day: r[3] === null ? null : Number(r[3]),
        amount: r[4],
        ref: r[5],
        key: { month: r[8], product: r[9], resourceId: r[10], component: r[11] },
        layout,
        source: rec.done ? null : rec.value,
      };
    }
    if (rows.length < PAGE) return;
  }
}
