import { openDatabase, resolveDbPath, type Db } from '../core/store/index.js';
import { explainStoreError } from '../core/store/store-errors.js';
import { onWriteWait, waitForWriteTurn } from '../core/store/write-turn.js';
import type { CliIO, ParsedArgs } from './command.js';
import { stringFlag } from './command.js';

/**
 * How a command uses the database: 'create' may make a new one (import, account set), 'existing'
 * needs one and may write to it, 'read' only reads (also in a read-only folder). The last two
 * say "no billrecon database at PATH" and create nothing when there is none.
 */
export type DbAccess = 'create' | 'existing' | 'read';

/** The database a command works on: --db, else BILLRECON_DB, else the app-data file. */
export function cliDbPath(args: ParsedArgs, io: CliIO): string {
  return resolveDbPath(stringFlag(args, 'db'), io.env);
}

const waitingLine = (path: string) => `waiting for another billrecon process to finish writing ${path}…\n`;

/**
 * The command's connection. A write of the core that finds another process writing (an import
 * or a reconcile waiting for its turn) says so on stderr after a second, then waits.
 */
export function openCliDb(args: ParsedArgs, io: CliIO, access: DbAccess = 'existing'): Db {
  const path = cliDbPath(args, io);
  let db: Db;
  try {
    db = openDatabase(path, { access });
  } catch (err) {
    throw explainStoreError(err, path);
  }
  onWriteWait(db, () => io.stderr(waitingLine(path)));
  return db;
}

/**
 * Before writing: when another process holds the write lock for more than a second, say what
 * this one waits for instead of hanging silently (or failing with "database is locked").
 */
export function awaitWriteTurn(db: Db, args: ParsedArgs, io: CliIO): void {
  waitForWriteTurn(db, () => io.stderr(waitingLine(cliDbPath(args, io))));
}

export const DB_OPTION = { db: { type: 'string' } } as const;
