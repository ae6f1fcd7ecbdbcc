import { resolve } from 'node:path';
import { KINDS, type Kind } from '../../core/model.js';
import { parseMapOption, type ImportOptions, type ImportOutcome, type ImportProgress } from '../../core/import/index.js';
import { importArrival } from '../../core/import/package.js';
import { checkInputFile } from '../../core/import/sources.js';
import type { Db } from '../../core/store/database.js';
import { explainStoreError } from '../../core/store/store-errors.js';
import { UsageError, boolFlag, json, stringFlag, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { DB_OPTION, cliDbPath, openCliDb } from '../open-db.js';

function progressBar(io: { stderr(t: string): void }) {
  return (p: ImportProgress) => {
    const width = 30;
    const filled = Math.floor((p.percent / 100) * width);
    io.stderr(`\r${p.file} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(p.percent).padStart(3)}% ${p.rows} rows`);
    if (p.percent === 100) io.stderr('\n');
  };
}

export const command: Command = {
  name: 'import',
  summary: 'import bill and usage files (CSV, XLSX, JSON) into the database, atomically',
  help: `Usage: billrecon import [--db PATH] [--kind K] [--encoding E] [--replace] [--map F=H,…] [--profile NAME]
                        [--period deduction|billing] [--date YYYY-MM-DD] [--json] FILE...

Imports each FILE in its own transaction: a bad row anywhere fails that file with
file:row:column: reason, nothing of it is stored, and the next FILE is still imported.
Every FILE is reported: imported, duplicate or failed (and why).

A ZIP package (the vendor's …-bill_details.zip, …-bill_pack.zip, …-明细账单.zip) is imported
as the files inside it, each reported as PACKAGE/FILE; the parts of a month split in several
CSV files are stored together or not at all. A newer daily file (<uin>-<YYYYMMDD>-…) replaces
the earlier daily files of its month, the monthly file (<uin>-<YYYYMM>-…) replaces them all
(listed by 'billrecon imports', undone with --undo).

  --db PATH        database file (default: $BILLRECON_DB, else the app's data folder)
  --kind K         force the kind: ${KINDS.join(', ')}
                   (an L3-shaped file is a fee bill unless its name says 消耗账单/consumption/cost)
  --encoding E     force the text encoding: utf-8, gb18030 (gbk), utf-16le, utf-16be
  --replace        replace earlier imports that hold this file's transaction / task ids
  --map F=H,…      map canonical fields to this file's headers (saved as a profile and reused
                   for files with the same header row)
  --profile NAME   the name to save --map under
  --period P       statistic period of a fee bill: deduction (default) or billing
  --date DAY       the day usage results without a time of their own count on, and the
                   month of a DescribeCostSummaryByResource response (it does not say it)
  --json           print {"imports":[…], "imported": N, "duplicate": N, "failed": N} instead of
                   lines; a failed file has "status": "failed" and its "error"

Same file again (same sha256): a no-op reported as "duplicate".
Exit status: 0 every file imported (or a duplicate), 2 some file failed (nothing stored from it).
`,
  options: {
    ...DB_OPTION,
    kind: { type: 'string' },
    encoding: { type: 'string' },
    replace: { type: 'boolean' },
    map: { type: 'string' },
    profile: { type: 'string' },
    period: { type: 'string' },
    date: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('no FILE given. Usage: billrecon import [options] FILE...');
    const kind = stringFlag(args, 'kind');
    if (kind !== undefined && !KINDS.includes(kind as Kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
    const period = stringFlag(args, 'period');
    if (period !== undefined && period !== 'deduction' && period !== 'billing') throw new UsageError('--period must be deduction or billing');
    const mapText = stringFlag(args, 'map');
    const map = mapText ? parseMapOption(mapText) : undefined;
    const asJson = boolFlag(args, 'json');
    const options: ImportOptions = {
      kind: kind as Kind | undefined,
      encoding: stringFlag(args, 'encoding'),
      replace: boolFlag(args, 'replace'),
      map,
      saveProfile: stringFlag(args, 'profile'),
      period: period as 'deduction' | 'billing' | undefined,
      date: stringFlag(args, 'date'),
      onProgress: io.isTTY && !asJson ? progressBar(io) : undefined,
    };
    const db = openCliDb(args, io, 'create');
    const results: FileResult[] = [];
    try {
      for (const f of args.positionals) {
        for (const result of await importOne(db, f, options, args, io)) {
          results.push(result);
          if (!asJson) reportText(result, io);
        }
      }
    } finally {
      db.close();
    }
    const failed = results.filter((r) => r.status === 'failed');
    if (asJson) io.stdout(json({ imports: results.map(resultJson), ...counts(results) }));
    else if (results.length > 1 || failed.length > 0) {
      const c = counts(results);
      io.stdout(
        `${c.imported} imported, ${c.duplicate} duplicate, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}` +
          `${failed.length ? ` (${failed.map((r) => r.file).join(', ')}: nothing stored from ${failed.length === 1 ? 'it' : 'them'})` : ''}\n`,
      );
    }
    return failed.length > 0 ? 2 : 0;
  },
};

type FileResult =
  | { file: string; status: 'imported' | 'duplicate'; outcome: ImportOutcome; package: string | null }
  | { file: string; status: 'failed'; error: string; package?: string | null }
  | { file: string; status: 'skipped'; error: string; package?: string | null };

/**
 * One file in its own transaction (a package: each file inside it); a failure is this file's
 * result, and the next file goes on.
 */
async function importOne(db: Db, f: string, options: ImportOptions, args: ParsedArgs, io: CliIO): Promise<FileResult[]> {
  const path = resolve(io.cwd, f);
  try {
    checkInputFile(path, f);
    // No wait here: the import waits for its write turn when it begins its transaction, after
    // the file is hashed, so two imports of one file started together find the winner's record.
    const arrival = await importArrival(db, path, { ...options, displayName: f });
    const pkg = arrival.package?.name ?? null;
    return arrival.entries.map((e): FileResult => {
      if (e.outcome) return { file: e.file, status: e.outcome.status, outcome: e.outcome, package: pkg };
      return { file: e.file, status: e.status === 'skipped' ? 'skipped' : 'failed', error: e.error ?? 'failed', package: pkg };
    });
  } catch (err) {
    const explained = explainStoreError(err, cliDbPath(args, io));
    const known = 'isUserError' in explained || explained.name === 'UsageError';
    const message = known ? explained.message : `${f}: internal error, nothing stored from this file: ${explained.message}`;
    return [{ file: f, status: 'failed', error: message }];
  }
}

function reportText(r: FileResult, io: CliIO): void {
  if (r.status === 'skipped') {
    io.stdout(`${r.error}\n`);
    return;
  }
  if (r.status === 'failed') {
    io.stderr(`billrecon import: ${r.error}\n`);
    io.stdout(`${r.file}: failed, nothing stored from it (the reason is above)\n`);
    return;
  }
  const o = r.outcome;
  const note = o.status === 'duplicate' ? `already imported as #${o.id} (same sha256): nothing changed` : `imported as #${o.id}`;
  const replaced = o.replaced.length ? `; replaced #${o.replaced.join(', #')}` : '';
  io.stdout(`${r.file}: ${o.kind}${o.layout ? ` (${o.layout})` : ''}, ${o.encoding ?? 'xlsx'}, ${o.rows} rows — ${note}${replaced} [kind from ${o.kindReason}]\n`);
  for (const n of o.notes ?? []) io.stdout(`  note: ${n}\n`);
}

function resultJson(r: FileResult) {
  const pkg = r.package ? { package: r.package } : {};
  if (r.status === 'failed' || r.status === 'skipped') return { id: null, file: r.file, status: r.status, error: r.error, ...pkg };
  const o = r.outcome;
  return { id: o.id, file: o.file, sha256: o.sha256, kind: o.kind, layout: o.layout, kindReason: o.kindReason, encoding: o.encoding, rows: o.rows, status: o.status, replaced: o.replaced, ...(o.notes?.length ? { notes: o.notes } : {}), ...pkg };
}

function counts(results: FileResult[]): { imported: number; duplicate: number; failed: number; skipped?: number } {
  const skipped = results.filter((r) => r.status === 'skipped').length;
  return {
    imported: results.filter((r) => r.status === 'imported').length,
    duplicate: results.filter((r) => r.status === 'duplicate').length,
    failed: results.filter((r) => r.status === 'failed').length,
    ...(skipped ? { skipped } : {}),
  };
}
