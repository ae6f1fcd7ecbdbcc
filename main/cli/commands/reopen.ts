import { osUser } from '../../core/reconcile/index.js';
import { reopenMonth } from '../../core/close/index.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const command: Command = {
  name: 'reopen',
  summary: 'reopen a closed month, with a reason (kept in the audit log)',
  help: `Usage: billrecon reopen --month YYYY-MM --reason "…" [--by NAME] [--db PATH] [--json]

Reopens a month closed with 'billrecon close': imports, undo, reviews and reconciling it are
allowed again. The reopen is appended to the audit log with who, when and why; the close and
its frozen record stay there.

  --month YYYY-MM   the month to reopen (required)
  --reason TEXT     why it is reopened (required)
  --by NAME         who reopens it (default: the OS user name)
  --db PATH         database file (default: $BILLRECON_DB, else the app's data folder)
  --json            print the audit event as JSON

Exit status: 0 reopened, 2 error (not closed, bad arguments).
`,
  options: { ...DB_OPTION, month: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (month === undefined) throw new UsageError('--month YYYY-MM is required');
    if (!MONTH.test(month)) throw new UsageError(`--month must be YYYY-MM (e.g. 2025-03), not '${month}'`);
    const reason = stringFlag(args, 'reason');
    if (reason === undefined || reason.trim() === '') throw new UsageError('--reason is required: why the month is reopened');
    const db = openCliDb(args, io);
    try {
      const e = reopenMonth(db, { month, by: stringFlag(args, 'by') ?? osUser(), reason });
      io.stdout(boolFlag(args, 'json') ? json(e) : `${month} reopened by ${e.who} at ${e.at}: ${e.why}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
