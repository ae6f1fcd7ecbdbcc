/**
 * JSON files: the whiteboard's transcode and recording results (kept as typed rows of their
 * own), and the billing API's DescribeBillDetail, read as a table of components and stored like
 * a CSV bill (api-tables.ts).
 */
import type { Db } from '../store/database.js';
import { insertImport, rowWriter, type RowOfKind } from '../store/bills.js';
import { LineWriter, SIDE } from '../store/line-writer.js';
import { SourceArchive } from '../store/source-archive.js';
import type { Kind } from '../model.js';
import { APP_VERSION } from '../version.js';
import { billDetailTable } from './api-tables.js';
import { decideMapping } from './headers.js';
import { detectJsonKind, jsonItems, recordingFromJson, transcodeFromJson, type JsonItem } from './json-records.js';
import { readJsonDocument } from './json-document.js';
import { decodeText, type Sniffed } from './sources.js';
import { tableLines } from './table-lines.js';
import { ImportError, type ImportOptions, type ImportPreview } from './types.js';
import type { Collected, ImportBase, Progress } from './import-context.js';

async function readAllText(file: string, path: string, s: Sniffed, options: ImportOptions, onBytes: (b: number) => void): Promise<string> {
  const parts: string[] = [];
  for await (const t of decodeText(file, path, s, onBytes, options.signal)) parts.push(t);
  return parts.join('');
}

async function readItems(file: string, path: string, s: Sniffed, options: ImportOptions, onBytes: (b: number) => void): Promise<JsonItem[]> {
  const doc = readJsonDocument(file, await readAllText(file, path, s, options, onBytes));
  return jsonItems(doc.value, doc.lines, doc.lineNumbers);
}

function kindOf(file: string, items: JsonItem[], forced: Kind | undefined): Kind {
  const kinds = items.map(detectJsonKind);
  const kind = forced ?? kinds.find((k) => k !== undefined);
  if (!kind) throw new ImportError(file, items[0]!.row, null, 'not a recognised JSON: expected a transcode result (TaskId, Pages), a recording result (VideoInfos) or a bill detail (DetailSet / ComponentSet)');
  const other = items.findIndex((_, i) => kinds[i] !== undefined && kinds[i] !== kind);
  if (other !== -1) throw new ImportError(file, items[other]!.row, items[other]!.path, `a ${kinds[other]} record in a ${kind} file: import one kind per file`);
  if (kind !== 'fee-detail' && kind !== 'tiw-transcode' && kind !== 'tiw-recording') throw new ImportError(file, null, null, `--kind ${kind} cannot be read from JSON`);
  return kind;
}

export async function importJson(db: Db, file: string, path: string, s: Sniffed, base: ImportBase, options: ImportOptions, progress: Progress): Promise<Collected> {
  const items = await readItems(file, path, s, options, (b) => progress.bytes(b));
  if (items.length === 0) throw new ImportError(file, null, null, 'no result records in this JSON');
  const kind = kindOf(file, items, options.kind);
  const kindReason = options.kind ? '--kind' : 'JSON fields';
  const layout = kind === 'fee-detail' ? 'api' : null;
  const record = { ...base, kind, layout, kindReason, sheet: null, headerRow: null, rowCount: 0, importedAt: new Date().toISOString(), appVersion: APP_VERSION, aggregated: false };
  if (kind === 'fee-detail') return importBillDetail(db, file, items, record, base, options);
  const importId = insertImport(db, record);
  const c: Collected = { kind, layout, kindReason, rows: 0, aggregated: false, headers: [], importId };
  const write = rowWriter(db, kind) as (row: RowOfKind[Kind]) => void;
  for (const it of items) {
    const rows = kind === 'tiw-transcode' ? [transcodeFromJson(file, importId, it, options.date)] : recordingFromJson(file, importId, it, options.date);
    for (const row of rows) {
      write(row);
      c.rows++;
    }
  }
  if (c.rows === 0) throw new ImportError(file, null, null, 'no rows to import (no components / videos in these records)');
  return c;
}

async function importBillDetail(db: Db, file: string, items: JsonItem[], record: Parameters<typeof insertImport>[1], base: ImportBase, options: ImportOptions): Promise<Collected> {
  const table = billDetailTable(file, items);
  const m = decideMapping(table.headers, { forcedKind: 'fee-detail', fileName: file, userMap: options.map ?? {} });
  const mapping = Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, table.headers[i]!]));
  const importId = insertImport(db, { ...record, headers: table.headers, mapping });
  const c: Collected = { kind: 'fee-detail', layout: 'api', kindReason: record.kindReason, rows: 0, aggregated: false, headers: table.headers, importId };
  const writer = new LineWriter(db, importId, SIDE.fee);
  const source = new SourceArchive();
  const rows = (async function* () {
    yield table.rows;
  })();
  const job = { file, headers: table.headers, kind: 'fee-detail' as const, layout: 'api', columns: m.columns, monthFromUsage: base.period === 'billing', sheet: null, csv: false };
  const lines = await tableLines(rows, job, (b) => {
    writer.batch(b);
    c.rows += b.n;
  }, source);
  writer.finish(lines);
  await source.store(db, importId);
  db.prepare(`update import set source = 'csv' where id = ?`).run(importId);
  c.aggregated = lines.aggregated;
  if (c.rows === 0) throw new ImportError(file, null, null, 'no rows to import (no components / videos in these records)');
  return c;
}

export async function previewJson(file: string, path: string, size: number, s: Sniffed, options: ImportOptions): Promise<ImportPreview> {
  const items = await readItems(file, path, s, options, () => {});
  const kind = options.kind ?? items.map(detectJsonKind).find((k) => k !== undefined);
  if (!kind) throw new ImportError(file, null, null, 'not a recognised JSON result');
  const keys = [...new Set(items.slice(0, 10).flatMap((i) => Object.keys(i.value)))].filter((k) => typeof items[0]?.value[k] !== 'object');
  return {
    file, size, kind, kindReason: options.kind ? '--kind' : 'JSON fields', layout: null, encoding: s.encodingLabel, sheet: null, headerRow: null,
    headers: keys, mapping: {}, unknownHeaders: [], missing: [],
    rows: items.slice(0, 10).map((i) => keys.map((k) => String(i.value[k] ?? ''))),
  };
}
