import { closeMonth, CloseError } from '../../core/close/index.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const command: Command = {
  name: 'close',
  summary: 'sign a month off and freeze it (only when nothing unexplained is open)',
  help: `Usage: billrecon close --month YYYY-MM --by NAME [--note "…"] [--db PATH] [--json]

Reconciles the month and signs it off when nothing unexplained is open (every missing, amount
mismatch and re-rating difference reviewed) and every check could run. Closing freezes the
month: its report with every mismatch, review mark and comment, the sha256 of every input file,
the price catalog version and the exchange rate are stored with the close in the append-only
audit log ('billrecon audit'). While the month is closed, imports that touch it, --replace and
undo of its files, review changes, and a reconcile or re-rating that would change it are
refused, naming the close; its exports carry the sign-off and are the same bytes every time.
'billrecon reopen' reopens it.

  --month YYYY-MM   the month to close (required)
  --by NAME         who signs it off (required; kept in the audit log)
  --note TEXT       why / what was agreed (kept with the close)
  --db PATH         database file (default: $BILLRECON_DB, else the app's data folder)
  --json            print the sign-off as JSON

Exit status: 0 closed, 1 not closed because something is still open (the reason is printed),
2 error (already closed, nothing imported, bad arguments).
`,
  options: { ...DB_OPTION, month: { type: 'string' }, by: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (month === undefined) throw new UsageError('--month YYYY-MM is required');
    if (!MONTH.test(month)) throw new UsageError(`--month must be YYYY-MM (e.g. 2025-03), not '${month}'`);
    const by = stringFlag(args, 'by');
    if (by === undefined || by.trim() === '') throw new UsageError('--by NAME is required: who signs the month off');
    const db = openCliDb(args, io);
    try {
      const f = closeMonth(db, { month, by, note: stringFlag(args, 'note') ?? null });
      const summary = { month, closedBy: f.closedBy, closedAt: f.closedAt, note: f.note, sha256: f.sha256, fee: f.report.fee, consumption: f.report.consumption, mismatches: f.mismatches.length, files: f.files.map((x) => ({ file: x.fileName, sha256: x.sha256 })), catalog: f.catalog, exchangeRate: f.exchangeRate };
      if (boolFlag(args, 'json')) io.stdout(json(summary));
      else
        io.stdout(
          `${month} closed by ${f.closedBy} at ${f.closedAt}${f.note ? ` (${f.note})` : ''}\n` +
            `  fee ${f.report.fee.total}, consumption ${f.report.consumption.total}, ${f.mismatches.length} mismatches reviewed or explained\n` +
            `  ${f.files.length} input files, catalog ${f.catalog.version}${f.exchangeRate ? `, rate 1 ${f.exchangeRate.from} = ${f.exchangeRate.rate} ${f.exchangeRate.to}` : ''}\n` +
            `  frozen record sha256 ${f.sha256}\n`,
        );
      return 0;
    } catch (err) {
      if (err instanceof CloseError && err.gate) {
        io.stderr(`billrecon close: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      db.close();
    }
  },
};
