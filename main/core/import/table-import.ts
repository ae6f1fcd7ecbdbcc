/**
 * A table's data rows into the store, once its header is found and mapped: bill kinds as
 * normalized lines (classified in a worker for a big CSV, in this thread otherwise) with their
 * source kept verbatim; whiteboard session logs into their own table.
 */
import type { BillKind, LineBatch, NormalizedFile } from '../bill/normalize.js';
import type { FieldName } from '../bill/columns.js';
import type { Db } from '../store/database.js';
import { getImport, rowWriter } from '../store/bills.js';
import { LineWriter, SIDE, lineRange } from '../store/line-writer.js';
import { archiveFile, SourceArchive } from '../store/source-archive.js';
import { csvLines } from './csv-lines.js';
import type { HeaderMapping } from './headers.js';
import { readsAsBytes } from './header-search.js';
import { workerLines } from './parse-in-worker.js';
import type { ImportWorkers } from './import-context.js';
import { sessionRow } from './rows.js';
import { tableLines } from './table-lines.js';
import type { Sniffed, TableRow } from './sources.js';
import { ImportError, type ImportOptions } from './types.js';
import type { Collected, ImportBase, Progress } from './import-context.js';

export interface TableContext {
  db: Db;
  file: string;
  path: string;
  s: Sniffed;
  base: ImportBase;
  options: ImportOptions;
  progress: Progress;
  header: TableRow;
  headers: string[];
  mapping: HeaderMapping;
  columns: Partial<Record<FieldName, number>>;
}

const SIDE_OF: Record<BillKind, number> = { 'fee-detail': SIDE.fee, consumption: SIDE.consumption, 'fee-resource': SIDE.feeResource };

/**
 * Batches the parse worker may hold ahead of the writer: bounds memory (a batch is 1,024 lines,
 * some 100 kB), and keeps the worker parsing while the writer is busy once, at its first batch,
 * reading the month's keys stored by an earlier import (a quarter of a million for a consumption
 * bill after its fee bill): with 4 the worker stood still meanwhile.
 */
export const IN_FLIGHT = 64;

export async function importBillLines(ctx: TableContext, c: Collected, rest: AsyncGenerator<TableRow[]> | null, workers: ImportWorkers | null): Promise<Collected> {
  const { db, file, s, header, headers, options, progress } = ctx;
  const kind = c.kind as BillKind;
  const writer = new LineWriter(db, c.importId, SIDE_OF[kind] as 0 | 1 | 2);
  const sink = (batch: LineBatch, bytes: number): void => {
    writer.batch(batch);
    c.rows += batch.n;
    progress.bytes(bytes);
    progress.rows(c.rows);
  };
  const job = { file, headers, kind, layout: c.layout, columns: ctx.columns, monthFromUsage: ctx.base.period === 'billing' };
  let lines: NormalizedFile;
  let source: SourceArchive;
  if (readsAsBytes(s)) {
    await rest?.return(undefined);
    const archiving = workers?.source?.archive ?? archiveFile(ctx.path);
    archiving.catch(() => {});
    const csv = { ...job, path: ctx.path, encoding: s.encoding, bomLength: s.bomLength, headerRow: header.row };
    lines = workers ? await workerLines(workers.parse, { ...csv, inFlight: IN_FLIGHT }, sink, options.signal) : await csvLines(csv, sink, options.signal);
    source = await archiving;
  } else {
    source = new SourceArchive();
    lines = await tableLines(rest ?? (async function* () {})(), { ...job, sheet: header.sheet, csv: s.format === 'csv' }, sink, source);
  }
  writer.finish(lines);
  await source.store(db, c.importId);
  db.prepare('update import set source = ? where id = ?').run(readsAsBytes(s) ? 'file' : 'csv', c.importId);
  c.aggregated = lines.aggregated;
  return c;
}

/** A whiteboard session log (RoomId, UserId, JoinTime, LeaveTime): small, kept as typed rows. */
export async function importWhiteboardRows(ctx: TableContext, c: Collected, rest: AsyncGenerator<TableRow[]> | null): Promise<Collected> {
  const write = rowWriter(ctx.db, 'tiw-whiteboard');
  for await (const chunk of rest ?? []) {
    for (const r of chunk) {
      if (r.sheet !== ctx.header.sheet) return c;
      if (r.cells.every((x) => x.trim() === '')) continue;
      write(sessionRow(ctx.file, c.importId, r.row, r.cells, ctx.mapping));
      c.rows++;
    }
  }
  return c;
}

/** Kinds whose rows carry an identity that two different files must not both hold: the usage results' task ids. */
const TASK_TABLE: Partial<Record<string, string>> = { 'tiw-transcode': 'tiw_transcode', 'tiw-recording': 'tiw_recording' };

/**
 * A file holding 交易IDs (fee detail) or task ids (whiteboard results) that a live earlier import
 * holds is refused, or with --replace replaces those imports as a whole.
 */
export function resolveOverlaps(db: Db, file: string, c: Collected, replace: boolean, partOf: readonly number[] = []): number[] {
  const shared = c.kind === 'fee-detail' ? sharedTransactions(db, c.importId) : c.kind in TASK_TABLE ? sharedTasks(db, TASK_TABLE[c.kind]!, c.importId) : [];
  // The other parts of the same split bill: a transaction cut at the split is in both.
  const found = shared.filter((r) => !partOf.includes(r.id));
  if (found.length === 0) return [];
  const col = c.kind === 'fee-detail' ? 'transactionId' : 'taskId';
  if (!replace) {
    const list = found.map((r) => `#${r.id} (${getImport(db, r.id)?.fileName ?? '?'}, e.g. ${col} ${r.sample})`).join(', ');
    const one = found.length === 1;
    throw new ImportError(file, null, null, `${one ? 'an earlier import already holds' : 'earlier imports already hold'} ${col}s of this file: ${list}. Pass --replace to replace ${one ? 'it' : 'them'} as a whole.`);
  }
  const now = new Date().toISOString();
  const stmt = db.prepare(`update import set status = 'replaced', statusAt = ?, replacedBy = ? where id = ?`);
  for (const r of found) stmt.run(now, c.importId, r.id);
  return found.map((r) => r.id);
}

/**
 * Live fee imports sharing a 交易ID with this one. Only imports that share a bill month can (a
 * transaction is deducted in one month), so the usual import — a month nobody holds yet — reads
 * nothing; otherwise this import's ids are held in a set and the others' lines are scanned once.
 */
function sharedTransactions(db: Db, importId: number): { id: number; sample: string }[] {
  const others = db
    .prepare(
      `select distinct o.importId from import_month o join import_month n on n.month = o.month and n.importId = ?
       join import i on i.id = o.importId where o.importId != ? and i.status = 'imported' and i.kind = 'fee-detail' order by o.importId`,
    )
    .pluck()
    .all(importId, importId) as number[];
  if (others.length === 0) return [];
  const [lo, hi] = lineRange(importId);
  const mine = new Set(db.prepare(`select ref from bill_line where id between ? and ? and ref is not null`).pluck().all(lo, hi) as string[]);
  const out: { id: number; sample: string }[] = [];
  const stmt = db.prepare(`select ref from bill_line where id between ? and ? and ref is not null`).pluck();
  for (const id of others) {
    const [olo, ohi] = lineRange(id);
    let sample: string | null = null;
    for (const ref of stmt.iterate(olo, ohi) as IterableIterator<string>) {
      if (ref !== '-' && mine.has(ref) && (sample === null || ref < sample)) sample = ref;
    }
    if (sample !== null) out.push({ id, sample });
  }
  return out;
}

function sharedTasks(db: Db, table: string, importId: number): { id: number; sample: string }[] {
  return db
    .prepare(
      `select o.importId as id, min(o.taskId) as sample from ${table} o
       where o.importId != ? and o.importId in (select id from import where status = 'imported')
         and o.taskId in (select taskId from ${table} where importId = ? and taskId is not null)
       group by o.importId order by o.importId`,
    )
    .all(importId, importId) as { id: number; sample: string }[];
}
