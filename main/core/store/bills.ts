/**
 * The import records, and the whiteboard's usage results kept as typed rows (bills are stored as
 * normalized lines instead: line-writer.ts).
 */
import type { Db } from './db.js';
import type { ImportRecord, RecordingVideo, TranscodeResult, WhiteboardSession } from '../model.js';

/** The whiteboard's usage results: small files, one typed row each. */
export type ResultKind = 'tiw-transcode' | 'tiw-recording' | 'tiw-whiteboard';

/** Which table holds each kind's rows. */
export const TABLE_OF_KIND: Record<ResultKind, string> = {
  'tiw-transcode': 'tiw_transcode',
  'tiw-recording': 'tiw_recording',
  'tiw-whiteboard': 'tiw_session',
};

export interface RowOfKind {
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

type RowLayout = (row: object) => SqlValue[];

const LAYOUTS = new Map<string, RowLayout>();

/**
 * The layout of records over `cols`: `extra` as JSON, booleans as 0/1. Column names come from the
 * schema (pragma_table_info) and are quoted as JSON strings, so no record value ever reaches the
 * compiled source.
 */
function rowLayout(cols: readonly string[]): RowLayout {
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

/** A prepared inserter for one kind: records are plain domain objects, `extra` stored as JSON, booleans as 0/1. */
export function rowWriter<K extends ResultKind>(db: Db, kind: K): (row: RowOfKind[K]) => void {
  const table = TABLE_OF_KIND[kind];
  const cols = columnsOf(db, table);
  const layout = rowLayout(cols);
  const stmt = db.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
  return (row) => void stmt.run(layout(row));
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

interface ImportRow extends Omit<ImportRecord, 'aggregated' | 'notes'> {
  aggregated: number;
  /** A JSON array of sentences (migration 8). */
  notes?: string;
}

/** The stored record as the core uses it: flags as booleans, the notes as a list. */
function importRecord(r: ImportRow): ImportRecord {
  // A database opened read-only before migration 8 ran has no notes column.
  return { ...r, aggregated: r.aggregated === 1, notes: r.notes ? (JSON.parse(r.notes) as string[]) : [] };
}

export function listImports(db: Db): ImportRecord[] {
  return (db.prepare('select * from import order by id').all() as ImportRow[]).map(importRecord);
}

export function getImport(db: Db, id: number): ImportRecord | undefined {
  const r = db.prepare('select * from import where id = ?').get(id) as ImportRow | undefined;
  return r && importRecord(r);
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

const BOOLEANS: Record<ResultKind, readonly string[]> = {
  'tiw-transcode': ['succeeded', 'isStaticPpt'],
  'tiw-recording': ['succeeded'],
  'tiw-whiteboard': [],
};

/**
 * Live rows of a kind, optionally narrowed by a SQL condition over the table's columns
 * (e.g. `billMonth = ?`). Ordered by import then source row, so results are stable.
 */
export function readRows<K extends ResultKind>(db: Db, kind: K, where = '1=1', params: unknown[] = []): RowOfKind[K][] {
  const table = TABLE_OF_KIND[kind];
  const rows = db.prepare(`select * from ${table} where ${LIVE} and (${where}) order by importId, sourceRow`).all(...params) as Record<string, unknown>[];
  return rows.map((r) => parseRow<RowOfKind[K]>(r, BOOLEANS[kind]));
}

/** Iterate live rows without loading them all (for exports and large months). */
export function* iterateRows<K extends ResultKind>(db: Db, kind: K, where = '1=1', params: unknown[] = []): Generator<RowOfKind[K]> {
  const table = TABLE_OF_KIND[kind];
  const stmt = db.prepare(`select * from ${table} where ${LIVE} and (${where}) order by importId, sourceRow`);
  for (const r of stmt.iterate(...params) as IterableIterator<Record<string, unknown>>) yield parseRow<RowOfKind[K]>(r, BOOLEANS[kind]);
}
