import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exportMonth, type Lang } from '../../core/export/index.js';
import { linesInMonth } from '../../core/store/index.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import type { Db } from '../../core/store/database.js';
import { DB_OPTION, openCliDb } from '../open-db.js';
import { beginImmediate } from '../../core/store/write-turn.js';
import { SCOPE_HELP, SCOPE_OPTIONS, scopeFilter } from '../scope-flags.js';
import { hasScopeFilter } from '../../core/reconcile/index.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function folderOf(flag: string, given: string, file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--${flag} ${given}: folder ${dirname(given)} does not exist`);
}

/** A file an export is to write: not a folder, and not an existing file the user made read-only. */
function checkTarget(flag: string, given: string, file: string): void {
  if (!existsSync(file)) return;
  const st = statSync(file);
  if (st.isDirectory()) throw new UsageError(`--${flag} ${given} is a folder: give the file to write, e.g. ${join(given, 'export.xlsx')}`);
  let writable = (st.mode & 0o222) !== 0;
  try {
    accessSync(file, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new UsageError(`--${flag} ${given}: the existing file is read-only, so it was not replaced. Make it writable or choose another name.`);
}

/** --csv DIR: made when missing; its two CSVs of the month must be writable where they exist. */
function prepareCsvDir(given: string, dir: string, month: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--csv ${given} is a file, not a folder`);
  for (const name of [`mismatches-${month}.csv`, `corrected-detail-${month}.csv`]) checkTarget('csv', join(given, name), join(dir, name));
}

/**
 * Run the export inside one transaction that is committed only when every file is written, so a
 * failed export (a full disk, a killed writer) leaves the database as it was, reconciliation
 * results included.
 */
async function unchangedOnFailure<T>(db: Db, writes: boolean, work: () => Promise<T>): Promise<T> {
  // A reconciling export writes: take the write lock up front (waiting for another process's
  // write and saying so), so its reads and writes see one state.
  if (writes) beginImmediate(db);
  else db.exec('BEGIN');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export const command: Command = {
  name: 'export',
  summary: 'write the corrected workbook of a month (.xlsx), CSVs and the FOCUS 1.2 detail',
  help: `Usage: billrecon export --month YYYY-MM --out FILE.xlsx [--db PATH] [--lang zh-CN|en]
                        [--csv DIR] [--focus FILE.csv] [--tolerance 0.01] [--period deduction|billing]
                        [--no-reconcile] [--owner UIN | --project P | --tag KEY=VALUE] [--json]

Reconciles the month (as 'billrecon reconcile' does) and writes the corrected workbook:
Summary (account, month, files with sha256 and import time, period, tolerance, totals as SUM
formulas with their values, precision ours vs billed, the bridge), Mismatches (coloured by
category), Corrected detail (original columns, recomputed figures, differences highlighted with
the rule as a comment), Precision (per 交易ID: rated 8 dp, deducted 2 dp, difference), and
Whiteboard rating (per day and item, from the latest 'billrecon rate tiw' run) when rated. Every
row carries its source as file:row. A sheet past 1,048,576 rows continues on "Name (2)".

Files are written to a temporary file beside the target and renamed, so a failed export leaves
nothing behind and does not change the database (a killed one leaves a hidden .NAME.partial
file, which the next export to that folder removes); the same database and options give a
byte-identical file. An --out that is a folder, or an existing read-only target, is refused
before any work. Bill text that a
spreadsheet would read as a formula (= + - @ tab CR) is kept as text.

  --month YYYY-MM      the bill month (required)
  --out FILE.xlsx      the workbook to write (required unless --csv or --focus is given)
  --db PATH            database file (default: $BILLRECON_DB, else the app's data folder)
  --lang zh-CN|en      header language (default zh-CN)
  --csv DIR            also write DIR/mismatches-YYYY-MM.csv and DIR/corrected-detail-YYYY-MM.csv
                       (UTF-8 with BOM; DIR is created when missing)
  --focus FILE.csv     also write the fee-bill detail as FinOps FOCUS 1.2 columns
  --tolerance AMOUNT   amount-mismatch tolerance for the reconciliation (default: the stored setting, 0.01)
  --period P           override the statistic period: deduction (扣费周期) or billing (计费周期)
  --no-reconcile       leave the reconciliation out (only the fee bill's own sheets)
${SCOPE_HELP}
                     (the Mismatches sheet and CSV and the Accounts sheet are the scope's;
                     the corrected detail stays the month's)

A group bill (several member accounts or projects) gets an Accounts sheet: fee, consumption,
explained and unexplained per member account, project and tag, as the month report holds them.
  --json               print what was written as JSON
`,
  options: {
    ...DB_OPTION,
    month: { type: 'string' },
    out: { type: 'string' },
    lang: { type: 'string' },
    csv: { type: 'string' },
    focus: { type: 'string' },
    tolerance: { type: 'string' },
    period: { type: 'string' },
    'no-reconcile': { type: 'boolean' },
    json: { type: 'boolean' },
    ...SCOPE_OPTIONS,
  },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (!month) throw new UsageError('--month YYYY-MM is required');
    if (!MONTH.test(month)) throw new UsageError(`--month ${month}: expected YYYY-MM, e.g. 2025-03`);
    const langText = stringFlag(args, 'lang') ?? 'zh-CN';
    if (langText !== 'zh-CN' && langText !== 'en') throw new UsageError(`--lang ${langText}: expected zh-CN or en`);
    const lang: Lang = langText;
    const out = stringFlag(args, 'out');
    const csvDir = stringFlag(args, 'csv');
    const focus = stringFlag(args, 'focus');
    if (!out && !csvDir && !focus) throw new UsageError('--out FILE.xlsx is required (or --csv DIR / --focus FILE.csv)');
    const outPath = out ? resolve(io.cwd, out) : undefined;
    if (outPath) {
      checkTarget('out', out!, outPath);
      if (!/\.xlsx$/i.test(outPath)) throw new UsageError(`--out ${out}: the workbook must be a .xlsx file`);
      folderOf('out', out!, outPath);
    }
    const csvPath = csvDir ? resolve(io.cwd, csvDir) : undefined;
    const focusPath = focus ? resolve(io.cwd, focus) : undefined;
    if (focusPath) {
      checkTarget('focus', focus!, focusPath);
      folderOf('focus', focus!, focusPath);
    }
    const tolerance = stringFlag(args, 'tolerance');
    if (tolerance !== undefined && !/^\d+(\.\d+)?$/.test(tolerance)) throw new UsageError(`--tolerance ${tolerance}: expected a non-negative amount such as 0.01`);
    const period = stringFlag(args, 'period');
    if (period !== undefined && period !== 'deduction' && period !== 'billing') throw new UsageError(`--period ${period}: expected deduction or billing`);
    const reconcile = !boolFlag(args, 'no-reconcile');
    const scope = scopeFilter(args);
    if (hasScopeFilter(scope) && !reconcile) throw new UsageError('--owner, --project and --tag narrow the reconciliation: leave out --no-reconcile');

    if (csvPath) prepareCsvDir(csvDir!, csvPath, month);
    const db = openCliDb(args, io);
    try {
      if (linesInMonth(db, month) === 0) throw new UsageError(`--month ${month}: no fee-bill or consumption lines are imported for this month (see 'billrecon imports')`);
      const progress = io.isTTY
        ? (done: number, total: number) => io.stderr(`\rexporting ${month}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} detail lines${done === total ? '\n' : ''}`)
        : undefined;
      if (csvPath) mkdirSync(csvPath, { recursive: true });
      const written = await unchangedOnFailure(db, reconcile, () => exportMonth(db, {
        month,
        lang,
        ...(outPath ? { workbook: outPath } : {}),
        ...(csvPath ? { csvDir: csvPath } : {}),
        ...(focusPath ? { focus: focusPath } : {}),
        ...(tolerance ? { tolerance } : {}),
        ...(period ? { period } : {}),
        reconcile,
        ...(hasScopeFilter(scope) ? { scope } : {}),
        ...(progress ? { onProgress: progress } : {}),
      }));
      if (boolFlag(args, 'json')) io.stdout(json(written));
      else {
        if (written.workbook) io.stdout(`workbook: ${written.workbook.path} (${written.workbook.sheets.join(', ')})\n`);
        if (written.detailCsv) io.stdout(`corrected detail CSV: ${written.detailCsv.path} (${written.detailCsv.rows} lines)\n`);
        if (written.mismatchesCsv) io.stdout(`mismatches CSV: ${written.mismatchesCsv.path} (${written.mismatchesCsv.rows} rows)\n`);
        if (written.focus) io.stdout(`FOCUS CSV: ${written.focus.path} (${written.focus.rows} rows)\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
