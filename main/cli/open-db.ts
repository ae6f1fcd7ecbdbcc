import { openDatabase, resolveDbPath, type Db } from '../core/store/index.js';
import type { CliIO, ParsedArgs } from './command.js';
import { stringFlag } from './command.js';

/** The database a command works on: --db, else BILLRECON_DB, else the app-data file. */
export function openCliDb(args: ParsedArgs, io: CliIO): Db {
  return openDatabase(resolveDbPath(stringFlag(args, 'db'), io.env));
}

export const DB_OPTION = { db: { type: 'string' } } as const;
