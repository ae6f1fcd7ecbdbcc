import type { Db } from './db.js';
import type {
  ConsumptionLine,
  FeeDetailLine,
  FeeResourceLine,
  ImportRecord,
  Kind,
  RecordingVideo,
  TranscodeResult,
  WhiteboardSession,
} from '../model.js';

/** Which table holds each kind's rows. */
export const TABLE_OF_KIND: Record<Kind, string> = {
  'fee-detail': 'fee_detail',
  'fee-resource': 'fee_resource',
  consumption: 'consumption',
  'tiw-transcode': 'tiw_transcode',
  'tiw-recording': 'tiw_recording',
  'tiw-whiteboard': 'tiw_session',
};

export interface RowOfKind {
  'fee-detail': FeeDetailLine;
  'fee-resource': FeeResourceLine;
  consumption: ConsumptionLine;
  'tiw-transcode': TranscodeResult;
  'tiw-recording': RecordingVideo;
  'tiw-whiteboard': WhiteboardSession;
}

export type SqlValue = string | number | bigint | null;

function toSql(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  return JSON.stringify(value);
}

/** Columns of a table, in order, from SQLite itself (so the writer can never drift from the schema). */
function columnsOf(db: Db, table: string): string[] {
  return (db.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[]).filter((c) => c !== 'id');
}

/** The columns a kind's rows are written as, in order: what `rowValues` lays a record out by. */
export function insertColumns(db: Db, kind: Kind): string[] {
  return columnsOf(db, TABLE_OF_KIND[kind]);
}

/** A function that lays a record out as the values of a fixed column list. */
export type RowLayout = (row: object) => SqlValue[];

const LAYOUTS = new Map<string, RowLayout>();

/**
 * The layout of records over `cols`: `extra` as JSON, booleans as 0/1. Compiled once per column
 * list into plain property reads, because reading a million rows' fields by a varying key was a
 * fifth of the parse worker's time. Column names come from the schema (pragma_table_info) and
 * are quoted as JSON strings, so no record value ever reaches the compiled source.
 */
export function rowLayout(cols: readonly string[]): RowLayout {
  const key = cols.join('\u0000');
  let layout = LAYOUTS.get(key);
  if (!layout) {
    const body = `return [${cols.map((c) => `toSql(r[${JSON.stringify(c)}])`).join(', ')}];`;
    const compiled = new Function('toSql', 'r', body) as (conv: typeof toSql, r: object) => SqlValue[];
    layout = (row) => compiled(toSql, row);
    LAYOUTS.set(key, layout);
  }
  return layout;
}

/**
 * A domain record as the values of `cols`, in order. Pure, so the importer's parse worker
 * (which has no database) can lay rows out for the writer.
 */
export function rowValues(cols: readonly string[], row: object): SqlValue[] {
  return rowLayout(cols)(row);
}

/**
 * A prepared inserter for rows already laid out by `rowValues` over `insertColumns(db, kind)`:
 * values are bound by position, no object is built per row. Call inside a transaction.
 */
export function valuesWriter(db: Db, kind: Kind): (values: SqlValue[]) => void {
  const table = TABLE_OF_KIND[kind];
  const cols = columnsOf(db, table);
  const stmt = db.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
  // Spread, not one array argument: better-sqlite3 then binds from the call's own arguments
  // instead of reading the array element by element through V8 (insert CPU 1.01 → 0.86 s per
  // 200,000 fee rows).
  return (values) => {
    stmt.run(...values);
  };
}

/**
 * A prepared inserter for one kind. Records are plain domain objects; `extra` is stored as JSON,
 * booleans as 0/1. Call inside a transaction for speed.
 */
export function rowWriter<K extends Kind>(db: Db, kind: K): (row: RowOfKind[K]) => void {
  const layout = rowLayout(insertColumns(db, kind));
  const write = valuesWriter(db, kind);
  return (row) => write(layout(row));
}

/**
 * For a bulk load into a kind's table: drops its secondary indexes and returns the function that
 * recreates them from their own stored SQL. Both must run inside the caller's transaction, so a
 * failed import rolls the schema back with the rows. Building an index once from a sorted pass is
 * cheaper than keeping it up to date row by row once a file runs to hundreds of thousands of rows.
 */
export function suspendIndexes(db: Db, kind: Kind): () => void {
  const table = TABLE_OF_KIND[kind];
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null order by name`)
    .all(table) as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index "${i.name.replace(/"/g, '""')}"`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}

export type NewImport = Omit<ImportRecord, 'id' | 'status'> & { headers?: string[]; mapping?: Record<string, string> };

export function insertImport(db: Db, rec: NewImport): number {
  const info = db
    .prepare(
      `insert into import (fileName, filePath, size, sha256, kind, layout, kindReason, encoding, sheet, headerRow, rowCount,
        importedAt, appVersion, aggregated, period, headers, mapping)
       values (@fileName, @filePath, @size, @sha256, @kind, @layout, @kindReason, @encoding, @sheet, @headerRow, @rowCount,
        @importedAt, @appVersion, @aggregated, @period, @headers, @mapping)`,
    )
    .run({
      ...rec,
      aggregated: rec.aggregated ? 1 : 0,
      headers: JSON.stringify(rec.headers ?? []),
      mapping: JSON.stringify(rec.mapping ?? {}),
    });
  return Number(info.lastInsertRowid);
}

interface ImportRow extends Omit<ImportRecord, 'aggregated'> {
  aggregated: number;
}

export function listImports(db: Db): ImportRecord[] {
  return (db.prepare('select * from import order by id').all() as ImportRow[]).map((r) => ({ ...r, aggregated: r.aggregated === 1 }));
}

export function getImport(db: Db, id: number): ImportRecord | undefined {
  const r = db.prepare('select * from import where id = ?').get(id) as ImportRow | undefined;
  return r && { ...r, aggregated: r.aggregated === 1 };
}

/** Rows of a table that belong to live (not undone or replaced) imports. */
export const LIVE = `importId in (select id from import where status = 'imported')`;

function parseRow<T>(r: Record<string, unknown>, booleans: readonly string[]): T {
  const out: Record<string, unknown> = { ...r };
  delete out.id;
  out.extra = typeof r.extra === 'string' ? JSON.parse(r.extra) : {};
  for (const b of booleans) if (b in out && out[b] !== null) out[b] = out[b] === 1;
  return out as T;
}

const BOOLEANS: Record<Kind, readonly string[]> = {
  'fee-detail': ['aggregated'],
  'fee-resource': [],
  consumption: [],
  'tiw-transcode': ['succeeded', 'isStaticPpt'],
  'tiw-recording': ['succeeded'],
  'tiw-whiteboard': [],
};

/**
 * Live rows of a kind, optionally narrowed by a SQL condition over the table's columns
 * (e.g. `billMonth = ?`). Ordered by import then source row, so results are stable.
 */
export function readRows<K extends Kind>(db: Db, kind: K, where = '1=1', params: unknown[] = []): RowOfKind[K][] {
  const table = TABLE_OF_KIND[kind];
  const rows = db.prepare(`select * from ${table} where ${LIVE} and (${where}) order by importId, sourceRow`).all(...params) as Record<string, unknown>[];
  return rows.map((r) => parseRow<RowOfKind[K]>(r, BOOLEANS[kind]));
}

/** Iterate live rows without loading them all (for exports and large months). */
export function* iterateRows<K extends Kind>(db: Db, kind: K, where = '1=1', params: unknown[] = []): Generator<RowOfKind[K]> {
  const table = TABLE_OF_KIND[kind];
  const stmt = db.prepare(`select * from ${table} where ${LIVE} and (${where}) order by importId, sourceRow`);
  for (const r of stmt.iterate(...params) as IterableIterator<Record<string, unknown>>) yield parseRow<RowOfKind[K]>(r, BOOLEANS[kind]);
}
