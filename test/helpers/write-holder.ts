/**
 * Another billrecon process for the two-process tests (`tsx test/helpers/write-holder.ts DB
 * [FILE]`): takes the database's write lock as an import does, prints "locked", and when it reads
 * "go" on stdin imports FILE inside that transaction (when given), commits, prints the outcome
 * and "committed". The test decides when the lock is let go: no sleeps, only pipes.
 */
import { createInterface } from 'node:readline';
import { importFile } from '../../main/core/import/index.js';
import { openDatabase } from '../../main/core/store/index.js';
import { beginImmediate } from '../../main/core/store/write-turn.js';

const [dbPath, file] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: write-holder.ts DB [FILE]');
const db = openDatabase(dbPath);
beginImmediate(db);
process.stdout.write('locked\n');
let go = false;
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  go = true;
  break;
}
// The test went away without saying go: give the lock back, store nothing.
if (!go) {
  db.exec('ROLLBACK');
  process.stdout.write('abandoned\n');
  process.exit(3);
}
if (file) {
  const o = await importFile(db, file);
  process.stdout.write(`${JSON.stringify({ status: o.status, id: o.id, rows: o.rows })}\n`);
}
db.exec('COMMIT');
db.close();
process.stdout.write('committed\n');
// stdin stays open (the test's pipe): leave without waiting for it.
process.exit(0);
