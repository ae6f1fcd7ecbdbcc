import { resolve } from 'node:path';
import { KINDS, type Kind } from '../../core/model.js';
import { importFile, parseMapOption, type ImportOutcome, type ImportProgress } from '../../core/import/index.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

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

Imports each FILE in one transaction: a bad row anywhere fails that file with
file:row:column: reason, and the database stays exactly as it was.

  --db PATH        database file (default: $BILLRECON_DB, else the app's data folder)
  --kind K         force the kind: ${KINDS.join(', ')}
                   (an L3-shaped file is a fee bill unless its name says 消耗账单/consumption/cost)
  --encoding E     force the text encoding: utf-8, gb18030 (gbk), utf-16le, utf-16be
  --replace        replace earlier imports that hold this file's transaction / task ids
  --map F=H,…      map canonical fields to this file's headers (saved as a profile and reused
                   for files with the same header row)
  --profile NAME   the name to save --map under
  --period P       statistic period of a fee bill: deduction (default) or billing
  --date DAY       the day usage results without a time of their own count on
  --json           print {"imports":[…]} instead of a table

Same file again (same sha256): a no-op reported as "duplicate".
Exit status: 0 imported, 2 bad input (nothing stored from that file).
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
    const db = openCliDb(args, io);
    const results: ImportOutcome[] = [];
    try {
      for (const f of args.positionals) {
        const outcome = await importFile(db, resolve(io.cwd, f), {
          kind: kind as Kind | undefined,
          encoding: stringFlag(args, 'encoding'),
          replace: boolFlag(args, 'replace'),
          map,
          saveProfile: stringFlag(args, 'profile'),
          period: period as 'deduction' | 'billing' | undefined,
          date: stringFlag(args, 'date'),
          displayName: f,
          onProgress: io.isTTY && !asJson ? progressBar(io) : undefined,
        });
        results.push(outcome);
        if (!asJson) {
          const note = outcome.status === 'duplicate' ? `already imported as #${outcome.id} (same sha256): nothing changed` : `imported as #${outcome.id}`;
          const replaced = outcome.replaced.length ? `; replaced #${outcome.replaced.join(', #')}` : '';
          io.stdout(`${f}: ${outcome.kind}${outcome.layout ? ` (${outcome.layout})` : ''}, ${outcome.encoding ?? 'xlsx'}, ${outcome.rows} rows — ${note}${replaced} [kind from ${outcome.kindReason}]\n`);
        }
      }
    } finally {
      db.close();
    }
    if (asJson) {
      io.stdout(
        json({
          imports: results.map((r) => ({ id: r.id, file: r.file, sha256: r.sha256, kind: r.kind, layout: r.layout, kindReason: r.kindReason, encoding: r.encoding, rows: r.rows, status: r.status, replaced: r.replaced })),
        }),
      );
    }
    return 0;
  },
};
