import { listImports } from '../../core/store/index.js';
import { undoArrival } from '../../core/import/package.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { inWriteTurn } from '../../core/store/write-turn.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

export const command: Command = {
  name: 'imports',
  summary: 'list the audit trail of imported files; --undo ID undoes one batch',
  help: `Usage: billrecon imports [--db PATH] [--json] [--undo ID]

Lists every imported file: id, status (imported / undone / replaced), kind, encoding, sheet,
header row, rows, sha256, when and by which billrecon version, and under each file the notes
its import made (as \`billrecon import\` prints them: whiteboard failures kept without a row,
events skipped, a month taken from --date …).

  --db PATH   database file (default: $BILLRECON_DB, else the app's data folder)
  --undo ID   undo import ID as a whole: its rows are removed, its audit record stays, marked undone
              (imports it had replaced come back; the other parts of a split month go with it)
  --json      print {"imports":[…]}
`,
  options: { ...DB_OPTION, json: { type: 'boolean' }, undo: { type: 'string' } },
  async run(args, io) {
    const undo = stringFlag(args, 'undo');
    if (undo !== undefined && !/^\d+$/.test(undo)) throw new UsageError('--undo takes an import id (a number)');
    const db = openCliDb(args, io, undo === undefined ? 'read' : 'existing');
    try {
      if (undo !== undefined) {
        // In its write turn (the connection's notice says when it waits): the undo reads the bill's
        // parts before it writes, and a read that turns into a write while another process writes
        // fails at once, so waiting for a free lock first and writing after is not enough.
        const ids = inWriteTurn(db, () => undoArrival(db, Number(undo)));
        io.stdout(ids.length > 1 ? `imports #${ids.join(', #')} undone (the parts of one split month)\n` : `import #${undo} undone\n`);
        return 0;
      }
      const rows = listImports(db);
      if (boolFlag(args, 'json')) {
        io.stdout(json({ imports: rows }));
        return 0;
      }
      if (rows.length === 0) {
        io.stdout('no imports yet\n');
        return 0;
      }
      for (const r of rows) {
        io.stdout(
          `#${r.id} ${r.status.padEnd(8)} ${r.kind}${r.layout ? `/${r.layout}` : ''} ${r.fileName} — ${r.rowCount} rows, ${r.encoding ?? r.sheet ?? ''}` +
            `${r.headerRow ? `, header row ${r.headerRow}` : ''}, sha256 ${r.sha256.slice(0, 12)}…` +
            `${r.packageSha256 ? ` (package sha256 ${r.packageSha256.slice(0, 12)}…)` : ''}, ${r.importedAt} (billrecon ${r.appVersion})\n`,
        );
        // The audit record keeps what the import noted; the listing says it as the import did.
        for (const n of r.notes ?? []) io.stdout(`  note: ${n}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
