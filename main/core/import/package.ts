/**
 * How bills arrive (issue 11 §9): a file as it is, or a ZIP package the vendor delivers to object
 * storage (`<uin>-<YYYYMM>-by_used_time-bill_details.zip`, `…-bill_pack.zip`, `…-按扣费周期-明细账单.zip`)
 * imported as the files inside it. Each inner file is an import of its own (its own sha256, the
 * package's kept beside it, reported imported / duplicate / failed like several files given at
 * once); the parts of a month split in several files are stored together or not at all, and are
 * one bill (a transaction cut at the split is no overlap). Every file, packed or not, goes through
 * arrivals.ts: a newer daily cumulative file replaces the older one.
 *
 * The package is read with the XLSX reader's zip code and its limits (directory size, entries,
 * bytes inflated), so a zip bomb is refused while it inflates, before it fills the disk.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { sha256File } from '../files/chunks.js';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Db } from '../store/db.js';
import { beginImmediate } from '../store/write-turn.js';
import { arrivalOf, partsOfSameBill, type PackageRef } from './arrivals.js';
import { splitPart } from './bill-names.js';
import { importFile, previewFile, undoImport } from './index.js';
import { checkInputFile, readHead } from './sources.js';
import { ImportError, type ImportOptions, type ImportOutcome, type ImportPreview } from './types.js';
import { XLSX_LIMITS } from './xlsx-reader.js';
import { openZipEntry, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-entries.js';

/** Limits of a package: a bill file inside may be as large as a workbook's sheet, and so may all of them together. */
export const PACKAGE_LIMITS = { entryBytes: XLSX_LIMITS.sheetBytes, totalBytes: XLSX_LIMITS.sheetBytes, billFiles: 1_000 } as const;

const BILL_FILE = /\.(csv|xlsx|json|jsonl|txt)$/i;
const WORKBOOK_PARTS = ['xl/workbook.xml', 'xl/workbook.bin', '[Content_Types].xml', 'mimetype'];

/** The vendor's cost-allocation (分账) bills: not a fee or consumption bill billrecon reconciles. */
const COST_ALLOCATION = /分账|cost[-_ ]?allocation|allocation[-_ ]?bill/i;

export type EntryStatus = 'imported' | 'duplicate' | 'failed' | 'skipped';

/** One inner file of a package, or the one file given. */
export interface EntryResult {
  file: string;
  status: EntryStatus;
  outcome?: ImportOutcome;
  /** Why it failed or was skipped, a sentence naming the file. */
  error?: string;
}

export interface ArrivalOutcome {
  file: string;
  /** The package (null for a file given as it is). */
  package: PackageRef | null;
  entries: EntryResult[];
}

/** A ZIP that is not a workbook: a package of bill files. */
export async function isPackage(path: string): Promise<boolean> {
  const head = await readHead(path, 4);
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return false;
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readZipDirectory(path);
  } catch {
    return /\.zip$/i.test(path);
  }
  if (WORKBOOK_PARTS.some((p) => entries.has(p))) return false;
  return /\.zip$/i.test(path) || [...entries.keys()].some((n) => BILL_FILE.test(n));
}

function refuseCostAllocation(file: string): void {
  if (COST_ALLOCATION.test(file)) {
    throw new ImportError(
      file,
      null,
      null,
      'a cost-allocation (分账) bill: it splits costs by allocation unit and tag, it is not the fee or consumption bill billrecon reconciles. ' +
        'Import the month\'s 明细账单 (fee detail, L3) and 消耗账单 (consumption) instead.',
    );
  }
}

/**
 * Import one path as it arrived: a package as its inner files, any other file as itself. A file
 * that fails is thrown as before (the caller reports it); a package reports each inner file.
 */
export async function importArrival(db: Db, path: string, options: ImportOptions = {}): Promise<ArrivalOutcome> {
  const file = options.displayName ?? basename(path);
  checkInputFile(path, file);
  refuseCostAllocation(file);
  if (!(await isPackage(path))) {
    const outcome = await importFile(db, path, { ...options, displayName: file, arrival: arrivalOf(file, null) });
    return { file, package: null, entries: [{ file, status: outcome.status, outcome }] };
  }
  return importPackage(db, path, file, options);
}

interface Planned {
  entry: ZipEntry;
  file: string;
}

/** The package's bill files in order, grouped into bills: the numbered parts of one split month together. */
function planEntries(file: string, entries: Map<string, ZipEntry>): { groups: Planned[][]; skipped: EntryResult[] } {
  const skipped: EntryResult[] = [];
  const groups = new Map<string, Planned[]>();
  let total = 0;
  for (const e of entries.values()) {
    const inner = `${file}/${e.name}`;
    if (e.name.endsWith('/') || e.name.startsWith('__MACOSX/') || basename(e.name).startsWith('.')) continue;
    if (/\.zip$/i.test(e.name)) {
      skipped.push({ file: inner, status: 'failed', error: `${inner}: a ZIP inside a ZIP package: unzip the outer one and import the package inside it` });
      continue;
    }
    if (!BILL_FILE.test(e.name)) {
      skipped.push({ file: inner, status: 'skipped', error: `${inner}: not a bill file (CSV, XLSX or JSON): left out` });
      continue;
    }
    if (e.size > PACKAGE_LIMITS.entryBytes) throw new ImportError(inner, null, null, `the package says it inflates to ${e.size.toLocaleString('en')} bytes, more than ${PACKAGE_LIMITS.entryBytes.toLocaleString('en')}: refused`);
    total += e.size;
    if (total > PACKAGE_LIMITS.totalBytes) throw new ImportError(file, null, null, `the package's files inflate to more than ${PACKAGE_LIMITS.totalBytes.toLocaleString('en')} bytes: refused`);
    const { stem, part } = splitPart(e.name);
    const key = part !== null ? `part:${stem}` : `file:${e.name}`;
    const g = groups.get(key) ?? [];
    g.push({ entry: e, file: inner });
    groups.set(key, g);
  }
  const planned = [...groups.values()];
  if (planned.reduce((n, g) => n + g.length, 0) > PACKAGE_LIMITS.billFiles) throw new ImportError(file, null, null, `the package holds more than ${PACKAGE_LIMITS.billFiles} bill files: refused`);
  for (const g of planned) g.sort((a, b) => (splitPart(a.entry.name).part ?? 0) - (splitPart(b.entry.name).part ?? 0));
  return { groups: planned, skipped };
}

/** Inflate one entry to `to`, counting the bytes as they come: more than the directory said is a hostile or damaged package. */
async function extract(path: string, e: ZipEntry, to: string, inner: string): Promise<void> {
  if (e.flags & 0x1) throw new ImportError(inner, null, null, 'the file is encrypted in the package (a password-protected ZIP): unzip it with its password first');
  if (e.method !== 0 && e.method !== 8) throw new ImportError(inner, null, null, `compressed with method ${e.method}, which billrecon does not read (only stored and deflated): unzip it first`);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > e.size || seen > PACKAGE_LIMITS.entryBytes) done(new ImportError(inner, null, null, `inflates past the ${e.size.toLocaleString('en')} bytes the package says it holds (a damaged or hostile ZIP): refused`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(await openZipEntry(path, e), counter, createWriteStream(to, { mode: 0o600 }));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(inner, null, null, `cannot be read from the package: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function importPackage(db: Db, path: string, file: string, options: ImportOptions): Promise<ArrivalOutcome> {
  const sha256 = await sha256File(path);
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readZipDirectory(path);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new ImportError(file, null, null, `not a readable ZIP package: ${err.message}`);
    throw err;
  }
  const pkg: PackageRef = { name: file, sha256 };
  const { groups, skipped } = planEntries(file, entries);
  if (groups.length === 0) throw new ImportError(file, null, null, `a ZIP package holding no bill file (CSV, XLSX or JSON): it holds ${entries.size} file${entries.size === 1 ? '' : 's'}`);
  const dir = await mkdtemp(join(tmpdir(), 'billrecon-package-'));
  const results: EntryResult[] = [];
  try {
    for (const group of groups) {
      if (options.signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
      results.push(...(await importGroup(db, path, dir, group, pkg, options)));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const order = new Map([...entries.keys()].map((n, i) => [`${file}/${n}`, i]));
  const inOrder = [...results, ...skipped].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { file, package: pkg, entries: inOrder };
}

/** One bill of the package: a file on its own, or the parts of a split month, together or not at all. */
async function importGroup(db: Db, path: string, dir: string, group: Planned[], pkg: PackageRef, options: ImportOptions): Promise<EntryResult[]> {
  const together = group.length > 1;
  const results: EntryResult[] = [];
  if (together) beginImmediate(db);
  try {
    for (const [i, p] of group.entries()) {
      const to = join(dir, `${i}-${basename(p.entry.name).replace(/[^\w.\-\u4e00-\u9fff]/g, '_')}`);
      try {
        refuseCostAllocation(p.file);
        await extract(path, p.entry, to, p.file);
        if ((await stat(to)).size !== p.entry.size) throw new ImportError(p.file, null, null, 'holds fewer bytes than the package says (a truncated ZIP)');
        const outcome = await importFile(db, to, { ...options, displayName: p.file, arrival: arrivalOf(p.file, pkg) });
        results.push({ file: p.file, status: outcome.status, outcome });
      } catch (err) {
        results.push({ file: p.file, status: 'failed', error: err instanceof Error ? err.message : String(err) });
        if (together) break;
      } finally {
        await rm(to, { force: true });
      }
    }
    if (together) settleParts(db, group, results);
  } catch (err) {
    if (together && db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return results;
}

/** The parts of a split month: all stored, or (one failed) none, each saying why. */
function settleParts(db: Db, group: Planned[], results: EntryResult[]): void {
  const failed = results.find((r) => r.status === 'failed');
  if (!failed) {
    db.exec('COMMIT');
    return;
  }
  db.exec('ROLLBACK');
  const why = `nothing stored from it: ${failed.file} is a part of the same split month and failed`;
  for (const [i, p] of group.entries()) {
    const r = results[i];
    if (r === failed) continue;
    results[i] = { file: p.file, status: 'failed', error: `${p.file}: ${why}` };
  }
}

/** The preview of a package: its first bill file's, with the list of what is inside. */
export async function previewArrival(path: string, options: ImportOptions = {}, db?: Db): Promise<ImportPreview & { entries?: string[] }> {
  const file = options.displayName ?? basename(path);
  checkInputFile(path, file);
  refuseCostAllocation(file);
  if (!(await isPackage(path))) return previewFile(path, options, db);
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readZipDirectory(path);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new ImportError(file, null, null, `not a readable ZIP package: ${err.message}`);
    throw err;
  }
  const { groups } = planEntries(file, entries);
  const first = groups[0]?.[0];
  if (!first) throw new ImportError(file, null, null, `a ZIP package holding no bill file (CSV, XLSX or JSON): it holds ${entries.size} file${entries.size === 1 ? '' : 's'}`);
  const dir = await mkdtemp(join(tmpdir(), 'billrecon-package-'));
  try {
    const to = join(dir, basename(first.entry.name).replace(/[^\w.\-\u4e00-\u9fff]/g, '_'));
    await extract(path, first.entry, to, first.file);
    const p = await previewFile(to, { ...options, displayName: first.file }, db);
    return { ...p, file, size: (await stat(path)).size, entries: groups.flat().map((g) => g.file) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Undo an import; the parts of a split month go together (their replaced files come back once). */
export function undoArrival(db: Db, id: number): number[] {
  const ids = partsOfSameBill(db, id);
  db.transaction(() => {
    for (const i of [...ids].sort((a, b) => b - a)) undoImport(db, i);
  })();
  return ids.length > 0 ? ids : [id];
}
