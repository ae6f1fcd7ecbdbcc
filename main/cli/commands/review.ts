import { fixed, money } from '../../core/money/decimal.js';
import { mismatchJson, REVIEW_STATUSES, setReview, UnknownMismatchError } from '../../core/reconcile/index.js';
import type { ReviewStatus } from '../../core/report/mismatch.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';
import { inWriteTurn } from '../../core/store/write-turn.js';

export const command: Command = {
  name: 'review',
  summary: 'mark mismatches explained / accepted / claim / open, with a comment',
  help: `Usage: billrecon review ID... --status explained|accepted|claim|open [--comment "…"] [--user NAME] [--db PATH] [--json]

Sets a review mark on each mismatch ID (ids are printed by 'billrecon reconcile'). The mark keeps
who (the OS user name unless --user) and when, survives re-imports and re-runs, and goes back to
open by itself when a later run finds different figures for that mismatch.

  --status S     explained, accepted, claim (money to ask back from the vendor:
                 'billrecon claims' lists it) or open
  --comment C    why (kept with the mark)
  --user NAME    who marks it (default: the OS user name)
  --db PATH      database file (default: $BILLRECON_DB, else the app's data folder)
  --json         print the marked mismatches as JSON

Exit status: 0 marked, 2 error (an unknown id marks none).
`,
  options: { ...DB_OPTION, status: { type: 'string' }, comment: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' } },
  positionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('no mismatch ID given. Usage: billrecon review ID... --status explained|accepted|claim|open');
    const status = stringFlag(args, 'status');
    if (status === undefined) throw new UsageError(`--status is required: ${REVIEW_STATUSES.join(', ')}`);
    if (!REVIEW_STATUSES.includes(status as ReviewStatus)) throw new UsageError(`--status must be one of ${REVIEW_STATUSES.join(', ')}, not '${status}'`);
    const db = openCliDb(args, io);
    try {
      // Reads and writes in one turn: another process's import cannot slip in between.
      const marked = inWriteTurn(db, () => setReview(db, args.positionals, status as ReviewStatus, stringFlag(args, 'comment') ?? null, stringFlag(args, 'user')));
      if (boolFlag(args, 'json')) io.stdout(json({ reviewed: marked.map((m) => mismatchJson(m)) }));
      else for (const m of marked) io.stdout(`${m.id} ${m.category} ${fixed(money(m.difference), 2)}: ${m.status} by ${m.reviewedBy} at ${m.reviewedAt}\n`);
      return 0;
    } catch (err) {
      if (err instanceof UnknownMismatchError) throw new UsageError(err.message);
      throw err;
    } finally {
      db.close();
    }
  },
};
