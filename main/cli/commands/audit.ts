import { resolve } from 'node:path';
import { exportAuditCsv } from '../../core/export/sign-off.js';
import { auditEvents } from '../../core/store/closed-months.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const command: Command = {
  name: 'audit',
  summary: 'the audit log of month sign-offs (close, reopen), printed or as CSV',
  help: `Usage: billrecon audit [--month YYYY-MM] [--csv FILE] [--lang zh-CN|en] [--db PATH] [--json]

Lists every close and reopen of a month, oldest first: sequence number, month, event, who, when
(UTC) and why (the close's note, the reopen's reason). The log is append-only: nothing in it is
ever changed or removed.

  --month YYYY-MM    only this month's events
  --csv FILE         also write the log as CSV (UTF-8 with BOM, headers in --lang)
  --lang L           zh-CN or en (default en), for the CSV's headers and event names
  --db PATH          database file (default: $BILLRECON_DB, else the app's data folder)
  --json             print {"events":[…]}

Exit status: 0, 2 error.
`,
  options: { ...DB_OPTION, month: { type: 'string' }, csv: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (month !== undefined && !MONTH.test(month)) throw new UsageError(`--month must be YYYY-MM (e.g. 2025-03), not '${month}'`);
    const lang = stringFlag(args, 'lang') ?? 'en';
    if (lang !== 'en' && lang !== 'zh-CN') throw new UsageError(`--lang must be zh-CN or en, not '${lang}'`);
    const csv = stringFlag(args, 'csv');
    const db = openCliDb(args, io, 'read');
    try {
      const events = auditEvents(db, month);
      if (csv !== undefined) await exportAuditCsv(resolve(io.cwd, csv), events, lang);
      if (boolFlag(args, 'json')) io.stdout(json({ events }));
      else if (events.length === 0) io.stdout(`no months closed yet${month ? ` (${month})` : ''}\n`);
      else for (const e of events) io.stdout(`#${e.seq} ${e.month} ${e.event.padEnd(6)} by ${e.who} at ${e.at}${e.why ? `: ${e.why}` : ''}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
