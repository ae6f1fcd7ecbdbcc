/**
 * JSON files: the whiteboard's transcode and recording results (kept as typed rows of their
 * own, whiteboard-results.ts), and the billing API's responses, read as tables and stored like
 * CSV bills (api-tables.ts): DescribeBillDetail (fee detail), DescribeCostDetail and
 * DescribeCostSummaryByResource (consumption), DescribeBillResourceSummary (fee, resource level).
 */
import type { BillKind } from '../bill/normalize.js';
import type { Db } from '../store/database.js';
import { insertImport, rowWriter, type ResultKind, type RowOfKind } from '../store/bills.js';
import { LineWriter, SIDE } from '../store/line-writer.js';
import { SourceArchive } from '../store/source-archive.js';
import { entryOn, type TiwCatalog } from '../catalog/tiw-catalog.js';
import { activeTiwCatalog } from '../catalog/user-catalogs.js';
import type { Day, Kind } from '../model.js';
import { APP_VERSION } from '../version.js';
import { FIELDS } from '../bill/columns.js';
import { billDetailTable, resourceSummaryTable, type ApiTable } from './api-tables.js';
import { decideMapping, type HeaderMapping } from './headers.js';
import { detectJsonKinds, jsonItems, type Json, type JsonItem } from './json-records.js';
import { readJsonDocument } from './json-document.js';
import { decodeText, type Sniffed } from './sources.js';
import { tableLines } from './table-lines.js';
import { ImportError, listSome, type ImportOptions, type ImportPreview } from './types.js';
import { recordingFromJson, ResultNotes, transcodeFromJson, type ResultOptions } from './whiteboard-results.js';
import type { Collected, ImportBase, Progress } from './import-context.js';

async function readAllText(file: string, path: string, s: Sniffed, options: ImportOptions, onBytes: (b: number) => void): Promise<string> {
  const parts: string[] = [];
  for await (const t of decodeText(file, path, s, onBytes, options.signal)) parts.push(t);
  return parts.join('');
}

async function readItems(file: string, path: string, s: Sniffed, options: ImportOptions, onBytes: (b: number) => void): Promise<JsonItem[]> {
  const doc = readJsonDocument(file, await readAllText(file, path, s, options, onBytes));
  return jsonItems(file, doc.value, doc.lines, doc.lineNumbers);
}

const JSON_KINDS: readonly Kind[] = ['fee-detail', 'fee-resource', 'consumption', 'tiw-transcode', 'tiw-recording'];

function kindOf(file: string, items: JsonItem[], forced: Kind | undefined): Kind {
  const kinds = detectJsonKinds(items);
  const kind = forced ?? kinds.find((k) => k !== undefined);
  if (!kind) {
    throw new ImportError(
      file,
      items[0]!.row,
      null,
      'not a recognised JSON: expected a transcode result (TaskId, Pages), a recording result (VideoInfos), a bill or consumption detail (DetailSet / ComponentSet) or a resource summary (ResourceSummarySet, Data with ResourceId)',
    );
  }
  const other = items.findIndex((_, i) => kinds[i] !== undefined && kinds[i] !== kind);
  if (other !== -1) throw new ImportError(file, items[other]!.row, items[other]!.path, `a ${kinds[other]} record in a ${kind} file: import one kind per file`);
  if (!JSON_KINDS.includes(kind)) throw new ImportError(file, null, null, `--kind ${kind} cannot be read from JSON`);
  return kind;
}

const isBillKind = (k: Kind): k is BillKind => k === 'fee-detail' || k === 'fee-resource' || k === 'consumption';

interface BillTable {
  table: ApiTable;
  m: HeaderMapping;
}

/** The records as a table and its columns' mapping: per component for details, per record for resource summaries. */
function billTable(file: string, items: JsonItem[], kind: BillKind, options: ImportOptions, preview = false): BillTable {
  const perComponent = items.some((i) => i.set === 'DetailSet' || 'ComponentSet' in i.value);
  const table = perComponent ? billDetailTable(file, items) : resourceSummaryTable(file, items, kind === 'consumption', preview ? (options.date ?? null) : options.date);
  const m = decideMapping(table.headers, { forcedKind: kind, fileName: file, userMap: { ...table.userMap, ...options.map } });
  if (m.missing.length > 0 && !preview) {
    const missing = m.missing.map((f) => `${f} (${FIELDS[f].aliases.filter((a) => /^[A-Z][A-Za-z]+$/.test(a)).join(' / ') || FIELDS[f].aliases[0]})`);
    throw new ImportError(file, null, null, `the records lack what a ${kind} line needs: ${listSome(missing)}`);
  }
  if (kind === 'consumption' && !perComponent && m.spec.layout !== 'summary') {
    throw new ImportError(file, null, null, 'a consumption resource summary without ConsumptionTypeName, DayDiff, DailyTotalCost or LeftRealTotalCost: pass --kind consumption only for DescribeCostDetail or DescribeCostSummaryByResource');
  }
  return { table, m };
}

const SIDE_OF: Record<BillKind, 0 | 1 | 2> = { 'fee-detail': SIDE.fee, consumption: SIDE.consumption, 'fee-resource': SIDE.feeResource };

export async function importJson(db: Db, file: string, path: string, s: Sniffed, base: ImportBase, options: ImportOptions, progress: Progress): Promise<Collected> {
  const items = await readItems(file, path, s, options, (b) => progress.bytes(b));
  if (items.length === 0) throw new ImportError(file, null, null, 'no result records in this JSON');
  const kind = kindOf(file, items, options.kind);
  const kindReason = options.kind ? '--kind' : 'JSON fields';
  const record = { ...base, kind, layout: null, kindReason, sheet: null, headerRow: null, rowCount: 0, importedAt: new Date().toISOString(), appVersion: APP_VERSION, aggregated: false };
  if (isBillKind(kind)) return importBillRecords(db, file, billTable(file, items, kind, options), kind, record, base);
  const importId = insertImport(db, record);
  const c: Collected = { kind, layout: null, kindReason, rows: 0, aggregated: false, headers: [], importId };
  const notes = new ResultNotes(kind === 'tiw-transcode' ? 'pages and ResultUrl' : 'video durations');
  const opts: ResultOptions = { date: options.date, dynamicRatio: catalogRatio(db) };
  const write = rowWriter(db, kind) as (row: RowOfKind[ResultKind]) => void;
  for (const it of items) {
    const rows = kind === 'tiw-transcode' ? [transcodeFromJson(file, importId, it, opts, notes)].filter((r) => r !== null) : recordingFromJson(file, importId, it, opts, notes);
    for (const row of rows) {
      write(row);
      c.rows++;
    }
  }
  // A log of nothing but failures is imported: the failures are what it records.
  if (c.rows === 0 && notes.recorded === 0) throw new ImportError(file, null, null, 'no rows to import (no results / videos in these records)');
  c.notes = keepNotes(db, importId, notes.lines());
  return c;
}

/** The notes go into the audit record with the rows, in the import's transaction. */
function keepNotes(db: Db, importId: number, notes: string[]): string[] {
  if (notes.length > 0) db.prepare('update import set notes = ? where id = ?').run(JSON.stringify(notes), importId);
  return notes;
}

/** The dynamic transcode ratio on a day, for the notes; the catalog is read once, when a note needs it. */
function catalogRatio(db: Db): (day: Day) => string | null {
  let catalog: TiwCatalog | undefined;
  return (day) => {
    try {
      catalog ??= activeTiwCatalog(db);
      return entryOn(catalog, day).dynamicTranscodeRatio;
    } catch {
      return null;
    }
  };
}

async function importBillRecords(db: Db, file: string, t: BillTable, kind: BillKind, record: Parameters<typeof insertImport>[1], base: ImportBase): Promise<Collected> {
  const { table, m } = t;
  const layout = kind === 'consumption' ? m.spec.layout : 'api';
  const mapping = Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, table.headers[i]!]));
  const importId = insertImport(db, { ...record, layout, headers: table.headers, mapping });
  const c: Collected = { kind, layout, kindReason: record.kindReason, rows: 0, aggregated: false, headers: table.headers, importId, notes: keepNotes(db, importId, table.notes) };
  const writer = new LineWriter(db, importId, SIDE_OF[kind]);
  const source = new SourceArchive();
  const rows = (async function* () {
    yield table.rows;
  })();
  const job = { file, headers: table.headers, kind, layout, columns: m.columns, monthFromUsage: base.period === 'billing', sheet: null, csv: false };
  const lines = await tableLines(rows, job, (b) => {
    writer.batch(b);
    c.rows += b.n;
  }, source);
  writer.finish(lines);
  await source.store(db, importId);
  db.prepare(`update import set source = 'csv' where id = ?`).run(importId);
  c.aggregated = lines.aggregated;
  if (c.rows === 0) throw new ImportError(file, null, null, 'no rows to import (no components in these records)');
  return c;
}

/** A value as a preview cell: text as it is, anything nested as compact JSON (never "[object Object]"). */
function previewCell(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const PREVIEW_ROWS = 10;

export async function previewJson(file: string, path: string, size: number, s: Sniffed, options: ImportOptions): Promise<ImportPreview> {
  const items = await readItems(file, path, s, options, () => {});
  if (items.length === 0) throw new ImportError(file, null, null, 'no result records in this JSON');
  const kind = kindOf(file, items, options.kind);
  const common = { file, size, kind, kindReason: options.kind ? '--kind' : 'JSON fields', encoding: s.encodingLabel, sheet: null, headerRow: null };
  if (isBillKind(kind)) {
    // The table the import will store, its columns marked as the import will read them.
    const { table, m } = billTable(file, items.slice(0, PREVIEW_ROWS), kind, options, true);
    return {
      ...common,
      layout: kind === 'consumption' ? m.spec.layout : 'api',
      headers: table.headers,
      mapping: Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, table.headers[i]!])),
      unknownHeaders: m.unknown,
      missing: m.missing,
      rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => r.cells),
    };
  }
  const shown = items.slice(0, PREVIEW_ROWS);
  const keys = [...new Set(shown.flatMap((i) => Object.keys(i.value)))];
  return { ...common, layout: null, headers: keys, mapping: {}, unknownHeaders: [], missing: [], rows: shown.map((i) => keys.map((k) => previewCell(i.value[k]))) };
}
