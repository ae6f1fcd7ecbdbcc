import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sha256File } from '../files/chunks.js';
import type { Db } from '../store/database.js';
import { getImport, insertImport } from '../store/bills.js';
import type { Kind } from '../model.js';
import { APP_VERSION } from '../version.js';
import { FIELDS, type FieldName } from '../bill/columns.js';
import { decideMapping, headerKey, type DecideOptions, type HeaderMapping } from './headers.js';
import { focusMapping } from './focus.js';
import { findHeader, headerTest, readsAsBytes, savedProfile, trimTrailingEmpty } from './header-search.js';
import { importJson, previewJson } from './json-import.js';
import { importBillLines, importWhiteboardRows, resolveOverlaps } from './table-import.js';
import { readHead, sniff, checkInputFile } from './sources.js';
import { startParseWorker, stopParseWorker } from './parse-in-worker.js';
import { startSourceWorker } from './source-in-worker.js';
import { ImportError, listSome, type ImportOptions, type ImportOutcome, type ImportPreview } from './types.js';
import { removeImportLines } from '../store/lines.js';
import { beginImmediate } from '../store/write-turn.js';
import { refuseClosedImport, refuseClosedUndo } from '../store/closed-months.js';
import { progressReporter, type Collected, type ImportBase, type ImportWorkers, type Progress } from './import-context.js';

export type { Collected, ImportBase, Progress } from './import-context.js';

export { ImportError } from './types.js';
export type { ImportOptions, ImportOutcome, ImportPreview, ImportProgress } from './types.js';

const PERIOD_BY_NAME: [RegExp, 'deduction' | 'billing'][] = [
  [/按计费周期|by_used_time|billing[-_ ]?period/i, 'billing'],
  [/按扣费周期|by_pay_time|deduction[-_ ]?period/i, 'deduction'],
];

/** From this size on a CSV bill is scanned in a worker thread while this thread writes. */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

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

export function unrecognised(file: string, row: number | null, m: HeaderMapping): ImportError {
  const missing = m.missing.map((f) => `${f} (${FIELDS[f].aliases.slice(0, 2).join(' / ')})`).join(', ');
  const unknown = m.unknown.length ? listSome(m.unknown) : 'none';
  return new ImportError(
    file,
    row,
    null,
    `headers not recognised as ${m.spec.kind}: missing canonical fields: ${missing}; unknown headers: ${unknown}. ` +
      `Map them with --map field=header,… (saved as a profile for files with the same header row).`,
  );
}

/**
 * Import one file atomically: everything in one transaction, so a bad row anywhere leaves the
 * database exactly as it was. The same file again (same sha256) is a no-op that says so.
 */
export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const file = options.displayName ?? basename(path);
  checkInputFile(path, file);
  const size = (await stat(path)).size;
  if (size === 0) throw new ImportError(file, null, null, 'empty file');
  validateMap(options.map);
  const workers = await earlyWorkers(file, path, size, options);
  try {
    // A file the size of no live import cannot be one of them: the source worker then hashes it on
    // the read it makes anyway, beside the parse, instead of this thread before it.
    const later = workers?.source?.sha256;
    const hashOf = (): Promise<string> => later ?? sha256File(path);
    let sha256 = later && !sizeImported(db, size) ? null : await sha256File(path);
    const dup = duplicateOutcome(db, file, sha256);
    if (dup) return dup;
    const s = sniff(file, await readHead(path), options.encoding);
    const period = options.period ?? PERIOD_BY_NAME.find(([re]) => re.test(file))?.[1] ?? 'deduction';
    const base: ImportBase = { fileName: file, filePath: path, size, sha256: sha256 ?? '', encoding: s.encodingLabel, period };
    const progress = progressReporter(file, size, options.onProgress);
    const tx = beginImport(db);
    try {
      // The same file imported at the same moment by another process: it won the write lock first.
      if (sha256 === null && sizeImported(db, size)) sha256 = await hashOf();
      const raced = duplicateOutcome(db, file, sha256);
      if (raced) {
        tx.rollback();
        return raced;
      }
      const c = s.format === 'json' ? await importJson(db, file, path, s, base, options, progress) : await importTable(db, file, path, s, base, options, progress, workers);
      const arrival = options.arrival?.(db, c.importId, c.kind) ?? { replaces: [], partOf: [] };
      const replaced = [...arrival.replaces, ...resolveOverlaps(db, file, c, options.replace ?? false, arrival.partOf)];
      // Now the file's months are known: one that is closed (or an import it replaces) refuses it, and the rollback stores nothing.
      refuseClosedImport(db, file, c.importId, replaced);
      const isFee = c.kind === 'fee-detail' || c.kind === 'fee-resource';
      sha256 ??= await hashOf();
      db.prepare('update import set rowCount = ?, aggregated = ?, period = ?, sha256 = ? where id = ?').run(c.rows, c.aggregated ? 1 : 0, isFee ? period : null, sha256, c.importId);
      if (options.map && Object.keys(options.map).length > 0) saveProfile(db, c, options.map, options.saveProfile);
      // A cancel that arrived while the last batch was written still stores nothing.
      if (options.signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
      tx.commit();
      progress.rows(c.rows, true);
      return { id: c.importId, file, sha256, kind: c.kind, kindReason: c.kindReason, layout: c.layout, encoding: s.encodingLabel, rows: c.rows, status: 'imported', replaced, notes: c.notes ?? [] };
    } catch (e) {
      tx.rollback();
      throw e;
    }
  } finally {
    stopParseWorker(workers?.parse ?? null);
    workers?.source?.stop();
  }
}

/**
 * The import's own transaction, or a savepoint inside the caller's: the parts of a split bill
 * in a package are stored all together or not at all, each still atomic on its own.
 */
function beginImport(db: Db): { commit(): void; rollback(): void } {
  if (!db.inTransaction) {
    // Another process's import may hold the write lock for a while: wait for it, and say so.
    beginImmediate(db);
    return { commit: () => db.exec('COMMIT'), rollback: () => void (db.inTransaction && db.exec('ROLLBACK')) };
  }
  db.exec('SAVEPOINT import_file');
  return {
    commit: () => db.exec('RELEASE import_file'),
    rollback: () => {
      if (!db.inTransaction) return;
      db.exec('ROLLBACK TO import_file');
      db.exec('RELEASE import_file');
    },
  };
}

/** Whether a live import has this many bytes: only then can a file be one already imported. */
function sizeImported(db: Db, size: number): boolean {
  return db.prepare(`select 1 from import where size = ? and status = 'imported' limit 1`).get(size) !== undefined;
}

/** The no-op outcome of a file a live import holds (same sha256); null when none does or the hash is not known yet. */
function duplicateOutcome(db: Db, file: string, sha256: string | null): ImportOutcome | null {
  if (sha256 === null) return null;
  const d = db.prepare(`select * from import where sha256 = ? and status = 'imported' order by id limit 1`).get(sha256) as
    | { id: number; kind: Kind; kindReason: string; layout: string | null; encoding: string | null; rowCount: number }
    | undefined;
  return d ? { id: d.id, file, sha256, kind: d.kind, kindReason: d.kindReason, layout: d.layout, encoding: d.encoding, rows: d.rowCount, status: 'duplicate', replaced: [] } : null;
}

function saveProfile(db: Db, c: Collected, map: Record<string, string>, name: string | undefined): void {
  db.prepare('insert or replace into mapping_profile (name, kind, headerKey, mapping, savedAt) values (?, ?, ?, ?, ?)').run(
    name ?? `${c.kind}-${createHash('sha256').update(headerKey(c.headers)).digest('hex').slice(0, 8)}`,
    c.kind,
    headerKey(c.headers),
    JSON.stringify(map),
    new Date().toISOString(),
  );
}

/**
 * A CSV bill big enough to pay for them is parsed on one worker and compressed on another, both
 * started before anything else so their start-up overlaps the hashing and the header search. Any
 * doubt means none: the import then reads the file in this thread, with the same code.
 */
async function earlyWorkers(file: string, path: string, size: number, options: ImportOptions): Promise<ImportWorkers | null> {
  if (!(options.worker ?? size >= WORKER_FROM_BYTES)) return null;
  try {
    if (!readsAsBytes(sniff(file, await readHead(path), options.encoding))) return null;
  } catch {
    return null;
  }
  const parse = startParseWorker();
  return parse ? { parse, source: startSourceWorker(path) } : null;
}

async function importTable(db: Db, file: string, path: string, s: ReturnType<typeof sniff>, base: ImportBase, options: ImportOptions, progress: Progress, workers: ImportWorkers | null): Promise<Collected> {
  const found = await findHeader(file, path, s, headerTest(db, options.map), 0, options.signal);
  if (!found.header) {
    await found.rest?.return(undefined);
    const first = found.rows.find((r) => r.cells.some((x) => x.trim() !== ''));
    if (!first) throw new ImportError(file, null, null, 'empty file: no header row and no data');
    throw unrecognised(file, first.row, decideMapping(trimTrailingEmpty(first.cells), { forcedKind: options.kind, fileName: file, userMap: options.map }));
  }
  const header = found.header;
  const headers = trimTrailingEmpty(header.cells);
  const userMap = options.map ?? savedProfile(db, headerKey(headers)) ?? {};
  const m = focusOrDecide(headers, { forcedKind: options.kind, fileName: file, userMap });
  if (m.missing.length > 0) {
    await found.rest?.return(undefined);
    throw unrecognised(file, header.row, m);
  }
  const mapping = Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, headers[i]!]));
  const importId = insertImport(db, {
    ...base,
    kind: m.spec.kind,
    layout: m.spec.layout,
    kindReason: m.kindReason,
    sheet: header.sheet,
    headerRow: header.row,
    rowCount: 0,
    importedAt: new Date().toISOString(),
    appVersion: APP_VERSION,
    aggregated: false,
    headers,
    mapping,
  });
  const c: Collected = { kind: m.spec.kind, layout: m.spec.layout, kindReason: m.kindReason, rows: 0, aggregated: false, headers, importId };
  const ctx = { db, file, path, s, base, options, progress, header, headers, mapping: m, columns: m.columns as Partial<Record<FieldName, number>> };
  const stored = m.spec.kind === 'tiw-whiteboard' ? await importWhiteboardRows(ctx, c, found.rest) : await importBillLines(ctx, c, found.rest, workers);
  if (stored.rows === 0) throw new ImportError(file, header.row + 1, null, 'no data rows after the header');
  return stored;
}

/** A FOCUS header row maps by its own table (focus.ts); any other by the alias table. */
function focusOrDecide(headers: string[], o: DecideOptions): HeaderMapping {
  const focus = o.forcedKind === undefined || o.forcedKind === 'fee-detail' ? focusMapping(headers, o.userMap) : null;
  return focus ?? decideMapping(headers, o);
}

/** What the UI shows before commit: kind, encoding, mapping and the first rows, found as the import finds them. */
export async function previewFile(path: string, options: ImportOptions = {}, db?: Db): Promise<ImportPreview> {
  const file = options.displayName ?? basename(path);
  checkInputFile(path, file);
  const size = (await stat(path)).size;
  const s = sniff(file, await readHead(path), options.encoding);
  if (s.format === 'json') return previewJson(file, path, size, s, options);
  const found = await findHeader(file, path, s, headerTest(db, options.map), 10, options.signal);
  await found.rest?.return(undefined);
  const h = found.header ?? found.rows[0];
  if (!h) throw new ImportError(file, null, null, 'empty file');
  const headers = trimTrailingEmpty(h.cells);
  const userMap = options.map ?? (db ? savedProfile(db, headerKey(headers)) : undefined) ?? {};
  const m = focusOrDecide(headers, { forcedKind: options.kind, fileName: file, userMap });
  return {
    file, size, kind: m.spec.kind, kindReason: m.kindReason, layout: m.spec.layout, encoding: s.encodingLabel, sheet: h.sheet, headerRow: h.row,
    headers,
    mapping: Object.fromEntries(Object.entries(m.columns).map(([f, i]) => [f, headers[i]!])),
    unknownHeaders: m.unknown,
    missing: m.missing as FieldName[],
    rows: (found.header ? found.rows : found.rows.slice(1)).slice(0, 10).map((r) => r.cells),
  };
}

/** Undo an import batch as a whole: its rows go, the audit record stays, marked undone. */
export function undoImport(db: Db, id: number): void {
  const rec = getImport(db, id);
  if (!rec) throw new ImportError(`import #${id}`, null, null, 'no such import');
  if (rec.status !== 'imported') throw new ImportError(`import #${id}`, null, null, `already ${rec.status}`);
  db.transaction(() => {
    refuseClosedUndo(db, rec.id);
    removeImportLines(db, rec.id, rec.kind);
    const now = new Date().toISOString();
    db.prepare(`update import set status = 'undone', statusAt = ? where id = ?`).run(now, id);
    // Imports this one had replaced come back.
    db.prepare(`update import set status = 'imported', statusAt = ?, replacedBy = null where replacedBy = ? and status = 'replaced'`).run(now, id);
  })();
}
