import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../store/database.js';
import { TABLE_OF_KIND, getImport, insertColumns, insertImport, rowWriter, suspendIndexes, valuesWriter, type RowOfKind } from '../store/bills.js';
import type { Kind } from '../model.js';
import { APP_VERSION } from '../version.js';
import { FIELDS, type FieldName } from './fields.js';
import { HEADER_SEARCH_ROWS, decideMapping, headerKey, looksLikeHeader, type HeaderMapping } from './headers.js';
import { detectJsonKind, feeDetailFromJson, jsonItems, parseJsonDocument, recordingFromJson, transcodeFromJson, type JsonItem } from './json-records.js';
import { startParseWorker, stopParseWorker, workerBatches, type ParseWorker } from './parse-in-worker.js';
import { rowBatches, type RowBatch } from './row-batches.js';
import { decodeText, readHead, sniff, tableRowChunks, tableRows, type Sniffed, type TableRow } from './sources.js';
import { ImportError, type ImportOptions, type ImportOutcome, type ImportPreview, type ImportProgress } from './types.js';

export { ImportError } from './types.js';
export type { ImportOptions, ImportOutcome, ImportPreview, ImportProgress } from './types.js';

/** Kinds whose rows carry an identity that must not be stored twice by two different files. */
const IDENTITY: Partial<Record<Kind, string>> = {
  'fee-detail': 'transactionId',
  'tiw-transcode': 'taskId',
  'tiw-recording': 'taskId',
};

const PERIOD_BY_NAME: [RegExp, 'deduction' | 'billing'][] = [
  [/按计费周期|by_used_time|billing[-_ ]?period/i, 'billing'],
  [/按扣费周期|by_pay_time|deduction[-_ ]?period/i, 'deduction'],
];

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

function validateMap(map: Record<string, string> | undefined): void {
  for (const field of Object.keys(map ?? {})) {
    if (!(field in FIELDS)) {
      throw new ImportError('--map', null, null, `unknown canonical field '${field}' (known: ${Object.keys(FIELDS).join(', ')})`);
    }
  }
}

/** Parse `canonical=header,canonical=header`. */
export function parseMapOption(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ImportError('--map', null, null, `expected canonical=header, got '${part}'`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  validateMap(out);
  return out;
}

function savedProfile(db: Db, key: string): Record<string, string> | undefined {
  const r = db.prepare('select mapping from mapping_profile where headerKey = ? order by savedAt desc limit 1').get(key) as { mapping: string } | undefined;
  return r ? (JSON.parse(r.mapping) as Record<string, string>) : undefined;
}

function unrecognised(file: string, row: number | null, m: HeaderMapping): ImportError {
  const missing = m.missing.map((f) => `${f} (${FIELDS[f].aliases.slice(0, 2).join(' / ')})`).join(', ');
  const unknown = m.unknown.length ? m.unknown.join(', ') : 'none';
  return new ImportError(
    file,
    row,
    null,
    `headers not recognised as ${m.spec.kind}: missing canonical fields: ${missing}; unknown headers: ${unknown}. ` +
      `Map them with --map field=header,… (saved as a profile for files with the same header row).`,
  );
}

function progressReporter(file: string, totalBytes: number, cb?: (p: ImportProgress) => void) {
  let bytes = 0;
  let last = 0;
  return {
    bytes(b: number) {
      bytes = b;
    },
    rows(rows: number, force = false) {
      if (!cb) return;
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      cb({ file, rows, bytes, totalBytes, percent: force ? 100 : totalBytes ? Math.min(99, Math.floor((bytes / totalBytes) * 100)) : 0 });
    },
  };
}

interface Collected {
  kind: Kind;
  layout: string | null;
  kindReason: string;
  rows: number;
  aggregated: boolean;
  sheet: string | null;
  headerRow: number | null;
  headers: string[];
  mapping: Record<string, string>;
  importId: number;
}

type NewImportBase = {
  fileName: string;
  filePath: string;
  size: number;
  sha256: string;
  encoding: string | null;
  period: 'deduction' | 'billing' | null;
};

/**
 * Import one file atomically: everything in one transaction, so a bad row anywhere leaves the
 * database exactly as it was. The same file again (same sha256) is a no-op that says so.
 */
export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const file = options.displayName ?? basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new ImportError(file, null, null, `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size === 0) throw new ImportError(file, null, null, 'empty file');
  validateMap(options.map);
  const worker = await earlyParseWorker(file, path, size, options);
  try {
    const sha256 = await sha256File(path);
    const dup = db.prepare(`select * from import where sha256 = ? and status = 'imported' order by id limit 1`).get(sha256) as
      | { id: number; kind: Kind; kindReason: string; layout: string | null; encoding: string | null; rowCount: number }
      | undefined;
    if (dup) {
      return { id: dup.id, file, sha256, kind: dup.kind, kindReason: dup.kindReason, layout: dup.layout, encoding: dup.encoding, rows: dup.rowCount, status: 'duplicate', replaced: [] };
    }
    const s = sniff(file, await readHead(path), options.encoding);
    const period = options.period ?? PERIOD_BY_NAME.find(([re]) => re.test(file))?.[1] ?? 'deduction';
    const base: NewImportBase = { fileName: file, filePath: path, size, sha256, encoding: s.encodingLabel, period };
    const progress = progressReporter(file, size, options.onProgress);

    db.exec('BEGIN IMMEDIATE');
    try {
      const c = s.format === 'json' ? await importJson(db, file, path, s, base, options, progress) : await importTable(db, file, path, s, base, options, progress, worker);
      const replaced = resolveOverlaps(db, file, c, options.replace ?? false);
      db.prepare('update import set rowCount = ?, aggregated = ?, period = ? where id = ?').run(
        c.rows,
        c.aggregated ? 1 : 0,
        c.kind === 'fee-detail' || c.kind === 'fee-resource' ? period : null,
        c.importId,
      );
      if (options.map && Object.keys(options.map).length > 0) {
        db.prepare('insert or replace into mapping_profile (name, kind, headerKey, mapping, savedAt) values (?, ?, ?, ?, ?)').run(
          options.saveProfile ?? `${c.kind}-${createHash('sha256').update(headerKey(c.headers)).digest('hex').slice(0, 8)}`,
          c.kind,
          headerKey(c.headers),
          JSON.stringify(options.map),
          new Date().toISOString(),
        );
      }
      db.exec('COMMIT');
      progress.rows(c.rows, true);
      return { id: c.importId, file, sha256, kind: c.kind, kindReason: c.kindReason, layout: c.layout, encoding: s.encodingLabel, rows: c.rows, status: 'imported', replaced };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    stopParseWorker(worker);
  }
}

/**
 * A parse worker for a CSV bill big enough to pay for one, started before the file is hashed so
 * its start-up overlaps the hashing and the header search. Any doubt (unreadable head, not CSV)
 * means none: the import then decides everything exactly as before, in this thread.
 */
async function earlyParseWorker(file: string, path: string, size: number, options: ImportOptions): Promise<ParseWorker | null> {
  if (!(options.worker ?? size >= WORKER_FROM_BYTES)) return null;
  try {
    if (sniff(file, await readHead(path), options.encoding).format !== 'csv') return null;
  } catch {
    return null;
  }
  return startParseWorker();
}

function resolveOverlaps(db: Db, file: string, c: Collected, replace: boolean): number[] {
  const col = IDENTITY[c.kind];
  if (!col) return [];
  const table = TABLE_OF_KIND[c.kind];
  const rows = db
    .prepare(
      `select o.importId as id, min(o.${col}) as sample from ${table} o
       where o.importId != ? and o.importId in (select id from import where status = 'imported')
         and o.${col} in (select ${col} from ${table} where importId = ? and ${col} is not null)
       group by o.importId order by o.importId`,
    )
    .all(c.importId, c.importId) as { id: number; sample: string }[];
  if (rows.length === 0) return [];
  if (!replace) {
    const list = rows.map((r) => `#${r.id} (${getImport(db, r.id)?.fileName ?? '?'}, e.g. ${col} ${r.sample})`).join(', ');
    throw new ImportError(file, null, null, `${rows.length === 1 ? 'an earlier import already holds' : 'earlier imports already hold'} ${col}s of this file: ${list}. Pass --replace to replace ${rows.length === 1 ? 'it' : 'them'} as a whole.`);
  }
  const now = new Date().toISOString();
  const stmt = db.prepare(`update import set status = 'replaced', statusAt = ?, replacedBy = ? where id = ?`);
  for (const r of rows) stmt.run(now, c.importId, r.id);
  return rows.map((r) => r.id);
}

/** Rows per batch handed from the parser to the writer. */
const BATCH_ROWS = 1024;
/** Batches the parse worker may hold ahead of the writer (bounds memory). */
const IN_FLIGHT = 4;
/**
 * From this size on a CSV bill is parsed in a worker thread while this thread writes: below it,
 * starting the worker costs more than it saves.
 */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;
/**
 * From this size on a table's secondary indexes are dropped for the load and rebuilt at the end
 * of the same transaction (about 150,000 fee rows; measured to pay from a few hundred thousand).
 */
const SUSPEND_INDEXES_FROM_BYTES = 64 * 1024 * 1024;

async function importTable(
  db: Db,
  file: string,
  path: string,
  s: Sniffed,
  base: NewImportBase,
  options: ImportOptions,
  progress: ReturnType<typeof progressReporter>,
  spareWorker: ParseWorker | null,
): Promise<Collected> {
  let pre: TableRow[] = [];
  const userHeaders = Object.values(options.map ?? {});
  const isHeader = (cells: string[]) => {
    if (userHeaders.length > 0 && userHeaders.every((h) => cells.some((x) => x.trim() === h))) return true;
    return looksLikeHeader(cells) || savedProfile(db, headerKey(trimTrailingEmpty(cells))) !== undefined;
  };
  const chunks = tableRowChunks(file, path, s, (b) => progress.bytes(b), options.signal);
  // Find the header row (after any preamble lines), then hand the rest of the file to the writer.
  let found: { row: TableRow; rest: TableRow[] } | null = null;
  search: for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = next.value;
    for (let k = 0; k < chunk.length; k++) {
      const r = chunk[k]!;
      if (pre.length > 0 && pre[pre.length - 1]!.sheet !== r.sheet) pre = [];
      if (isHeader(r.cells)) {
        found = { row: r, rest: chunk.slice(k + 1) };
        break search;
      }
      pre.push(r);
      if (pre.length >= HEADER_SEARCH_ROWS && s.format === 'csv') break search;
    }
  }
  if (!found) {
    await chunks.return(undefined);
    const first = pre.find((r) => r.cells.some((x) => x.trim() !== ''));
    if (!first) throw new ImportError(file, null, null, 'empty file: no header row and no data');
    throw unrecognised(file, first.row, decideMapping(trimTrailingEmpty(first.cells), { forcedKind: options.kind, fileName: file, userMap: options.map }));
  }
  const r = found.row;
  const headers = trimTrailingEmpty(r.cells);
  const userMap = options.map ?? savedProfile(db, headerKey(headers)) ?? {};
  const m = decideMapping(headers, { forcedKind: options.kind, fileName: file, userMap });
  if (m.missing.length > 0) {
    await chunks.return(undefined);
    throw unrecognised(file, r.row, m);
  }
  const mapping = Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, headers[i]!]));
  const importId = insertImport(db, {
    ...base,
    kind: m.spec.kind,
    layout: m.spec.layout,
    kindReason: m.kindReason,
    sheet: r.sheet,
    headerRow: r.row,
    rowCount: 0,
    importedAt: new Date().toISOString(),
    appVersion: APP_VERSION,
    aggregated: false,
    headers,
    mapping,
  });
  const c: Collected = { kind: m.spec.kind, layout: m.spec.layout, kindReason: m.kindReason, rows: 0, aggregated: false, sheet: r.sheet, headerRow: r.row, headers, mapping, importId };
  const columns = insertColumns(db, c.kind);
  const write = valuesWriter(db, c.kind);

  const monthFromUsage = base.period === 'billing';
  const worker = s.format === 'csv' ? spareWorker : null;
  let batches: AsyncIterable<RowBatch>;
  if (worker) {
    await chunks.return(undefined);
    const job = { file, path, sniffed: s, headerRow: r.row, headers, forcedKind: options.kind, userMap, importId, columns: [...columns], batchRows: BATCH_ROWS, monthFromUsage, inFlight: IN_FLIGHT };
    batches = workerBatches(worker, job, (b) => progress.bytes(b), options.signal);
  } else {
    const rest = found.rest;
    const remaining = async function* (): AsyncGenerator<TableRow[]> {
      if (rest.length > 0) yield rest;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    };
    batches = rowBatches(remaining(), { file, importId, mapping: m, columns, sheet: r.sheet, batchRows: BATCH_ROWS, monthFromUsage });
  }
  const restoreIndexes = (options.rebuildIndexes ?? base.size >= SUSPEND_INDEXES_FROM_BYTES) ? suspendIndexes(db, c.kind) : null;
  try {
    for await (const b of batches) {
      const rows = b.rows;
      for (let i = 0; i < rows.length; i++) write(rows[i]!);
      c.rows += rows.length;
      if (b.aggregated) c.aggregated = true;
      progress.rows(c.rows);
    }
  } finally {
    await chunks.return(undefined);
  }
  restoreIndexes?.();
  if (c.rows === 0) throw new ImportError(file, (c.headerRow ?? 0) + 1, null, 'no data rows after the header');
  return c;
}

function trimTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1]!.trim() === '') n--;
  return cells.slice(0, n).map((h) => h.replace(/^\uFEFF/, '').trim());
}

async function readAllText(file: string, path: string, s: Sniffed, options: ImportOptions, progress: ReturnType<typeof progressReporter>): Promise<string> {
  const parts: string[] = [];
  for await (const t of decodeText(file, path, s, (b) => progress.bytes(b), options.signal)) parts.push(t);
  return parts.join('');
}

async function importJson(
  db: Db,
  file: string,
  path: string,
  s: Sniffed,
  base: NewImportBase,
  options: ImportOptions,
  progress: ReturnType<typeof progressReporter>,
): Promise<Collected> {
  const doc = parseJsonDocument(file, await readAllText(file, path, s, options, progress));
  const items = jsonItems(doc.value, doc.lines, doc.lineNumbers);
  if (items.length === 0) throw new ImportError(file, null, null, 'no result records in this JSON');
  const kinds = items.map(detectJsonKind);
  const kind = options.kind ?? kinds.find((k) => k !== undefined);
  if (!kind) throw new ImportError(file, items[0]!.row, null, 'not a recognised JSON: expected a transcode result (TaskId, Pages), a recording result (VideoInfos) or a bill detail (DetailSet / ComponentSet)');
  const other = items.findIndex((it, i) => kinds[i] !== undefined && kinds[i] !== kind);
  if (other !== -1) throw new ImportError(file, items[other]!.row, items[other]!.path, `a ${kinds[other]} record in a ${kind} file: import one kind per file`);
  if (kind !== 'fee-detail' && kind !== 'tiw-transcode' && kind !== 'tiw-recording') {
    throw new ImportError(file, null, null, `--kind ${kind} cannot be read from JSON`);
  }
  const importId = insertImport(db, {
    ...base,
    kind,
    layout: kind === 'fee-detail' ? 'api' : null,
    kindReason: options.kind ? '--kind' : 'JSON fields',
    sheet: null,
    headerRow: null,
    rowCount: 0,
    importedAt: new Date().toISOString(),
    appVersion: APP_VERSION,
    aggregated: false,
  });
  const c: Collected = { kind, layout: kind === 'fee-detail' ? 'api' : null, kindReason: options.kind ? '--kind' : 'JSON fields', rows: 0, aggregated: false, sheet: null, headerRow: null, headers: [], mapping: {}, importId };
  const write = rowWriter(db, kind) as (row: RowOfKind[Kind]) => void;
  const rowsOf = (it: JsonItem): RowOfKind[Kind][] => {
    if (kind === 'tiw-transcode') return [transcodeFromJson(file, importId, it, options.date)];
    if (kind === 'tiw-recording') return recordingFromJson(file, importId, it, options.date);
    return feeDetailFromJson(file, importId, it);
  };
  for (const it of items) {
    for (const row of rowsOf(it)) {
      write(row);
      c.rows++;
      if ('aggregated' in row && row.aggregated) c.aggregated = true;
    }
  }
  if (c.rows === 0) throw new ImportError(file, null, null, 'no rows to import (no components / videos in these records)');
  return c;
}

/** What the UI shows before commit: kind, encoding, mapping and the first rows. */
export async function previewFile(path: string, options: ImportOptions = {}, db?: Db): Promise<ImportPreview> {
  const file = options.displayName ?? basename(path);
  const size = (await stat(path)).size;
  const s = sniff(file, await readHead(path), options.encoding);
  if (s.format === 'json') {
    const text = await readAllText(file, path, s, options, progressReporter(file, size));
    const doc = parseJsonDocument(file, text);
    const items = jsonItems(doc.value, doc.lines, doc.lineNumbers);
    const kind = options.kind ?? items.map(detectJsonKind).find((k) => k !== undefined);
    if (!kind) throw new ImportError(file, null, null, 'not a recognised JSON result');
    const keys = [...new Set(items.slice(0, 10).flatMap((i) => Object.keys(i.value)))].filter((k) => typeof items[0]?.value[k] !== 'object');
    return {
      file, size, kind, kindReason: options.kind ? '--kind' : 'JSON fields', layout: null, encoding: s.encodingLabel, sheet: null, headerRow: null,
      headers: keys, mapping: {}, unknownHeaders: [], missing: [],
      rows: items.slice(0, 10).map((i) => keys.map((k) => String(i.value[k] ?? ''))),
    };
  }
  const rows: TableRow[] = [];
  let header: TableRow | null = null;
  for await (const r of tableRows(file, path, s, () => {}, options.signal)) {
    if (!header) {
      if (looksLikeHeader(r.cells)) {
        header = r;
        rows.length = 0;
      } else if (rows.length >= HEADER_SEARCH_ROWS) break;
      else rows.push(r);
      continue;
    }
    if (r.sheet !== header.sheet) break;
    rows.push(r);
    if (rows.length >= 10) break;
  }
  const h = header ?? rows[0];
  if (!h) throw new ImportError(file, null, null, 'empty file');
  const headers = trimTrailingEmpty(h.cells);
  const userMap = options.map ?? (db ? savedProfile(db, headerKey(headers)) : undefined) ?? {};
  const m = decideMapping(headers, { forcedKind: options.kind, fileName: file, userMap });
  return {
    file, size, kind: m.spec.kind, kindReason: m.kindReason, layout: m.spec.layout, encoding: s.encodingLabel, sheet: h.sheet, headerRow: h.row,
    headers,
    mapping: Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, headers[i]!])),
    unknownHeaders: m.unknown,
    missing: m.missing as FieldName[],
    rows: (header ? rows : rows.slice(1)).slice(0, 10).map((r) => r.cells),
  };
}

/** Undo an import batch as a whole: its rows go, the audit record stays, marked undone. */
export function undoImport(db: Db, id: number): void {
  const rec = getImport(db, id);
  if (!rec) throw new ImportError(`import #${id}`, null, null, 'no such import');
  if (rec.status !== 'imported') throw new ImportError(`import #${id}`, null, null, `already ${rec.status}`);
  db.transaction(() => {
    db.prepare(`delete from ${TABLE_OF_KIND[rec.kind]} where importId = ?`).run(id);
    const now = new Date().toISOString();
    db.prepare(`update import set status = 'undone', statusAt = ? where id = ?`).run(now, id);
    // Imports this one had replaced come back.
    db.prepare(`update import set status = 'imported', statusAt = ?, replacedBy = null where replacedBy = ? and status = 'replaced'`).run(now, id);
  })();
}
