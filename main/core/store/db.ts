import type Database from 'better-sqlite3';

/** An open billrecon database (better-sqlite3), as every store module takes it. */
export type Db = Database.Database;
