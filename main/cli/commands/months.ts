import { yearTable, type YearRow } from '../../core/close/year.js';
import { localDate } from '../../core/store/closed-months.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const HEADS = ['month', 'files', 'fee', 'consumption', 'explained', 'unexplained', 'open', 'precision ours / billed', 'whiteboard rated / billed', 'closed'];

function cells(r: YearRow): string[] {
  const w = r.whiteboard;
  const state = { current: '', stale: ' (report out of date)', none: '', closed: '' }[r.report];
  return [
    r.month,
    String(r.files),
    r.fee?.total ?? 'not reconciled',
    r.consumption?.total ?? '',
    r.explained ?? '',
    r.unexplained === null ? '' : `${r.unexplained}${state}`,
    r.openMismatches === null ? '' : String(r.openMismatches),
    r.precision ? `${r.precision.ours} / ${r.precision.billed ?? 'no line'}` : '',
    w ? `${w.rated} / ${w.billed}${w.currency ? ` ${w.currency}` : ''}` : '',
    r.closed ? `${localDate(r.closed.at)} by ${r.closed.by}` : 'open',
  ];
}

/** The rows as an aligned table (numbers right-aligned), then one line per month whose neighbours are missing. */
function table(rows: YearRow[]): string {
  const body = rows.map(cells);
  const width = HEADS.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const right = new Set([1, 2, 3, 4, 5, 6]);
  const line = (c: string[]) => c.map((x, i) => (right.has(i) ? x.padStart(width[i]!) : x.padEnd(width[i]!))).join('  ').trimEnd() + '\n';
  let out = line(HEADS) + body.map(line).join('');
  for (const r of rows.filter((x) => x.missingNeighbours.length > 0)) {
    out += `\n${r.month}: no bill imported for ${r.missingNeighbours.join(' and ')}: cross-month differences with ${r.missingNeighbours.length === 1 ? 'it' : 'them'} cannot be verified`;
  }
  return out + (rows.some((x) => x.missingNeighbours.length > 0) ? '\n' : '');
}

export const command: Command = {
  name: 'months',
  summary: 'the year at a glance: one row per month from the stored month reports',
  help: `Usage: billrecon months [--year YYYY] [--db PATH] [--json]

One row per month with bills, a report or a sign-off: files imported, fee and consumption
totals, explained and unexplained, unexplained mismatches still open, precision ours vs the
bill's line, whiteboard rated vs billed, and whether the month is closed. Read from the
persisted month reports (a closed month's frozen one), never recomputed: a month never
reconciled says so, and one whose imports changed since says its report is out of date
('billrecon reconcile --month M'). Months whose neighbouring month has no bill imported are
listed below the table: their cross-month differences cannot be verified.

  --year YYYY   only this year's months
  --db PATH     database file (default: $BILLRECON_DB, else the app's data folder)
  --json        print {"months":[…]} (money as decimal strings; products per month)

Exit status: 0, 2 error.
`,
  options: { ...DB_OPTION, year: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const year = stringFlag(args, 'year');
    if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year must be YYYY (e.g. 2025), not '${year}'`);
    const db = openCliDb(args, io, 'read');
    try {
      const rows = yearTable(db, year);
      if (boolFlag(args, 'json')) io.stdout(json({ months: rows }));
      else io.stdout(rows.length === 0 ? `no months yet${year ? ` in ${year}` : ''}\n` : table(rows));
      return 0;
    } finally {
      db.close();
    }
  },
};
