import type { Migration } from './migrations/index.js';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as Db } from 'better-sqlite3';
import { checkNotNewer } from './schema-version.js';
import { NoDatabaseError, StoreError, explainStoreError } from './store-errors.js';

/** Refuse a path that holds no database file, before SQLite could create one there. */
export function requireExistingFile(path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NoDatabaseError(path);
    throw explainStoreError(err, path);
  }
  if (isDirectory) throw new StoreError(path, 'EISDIR', `${path} is a folder, not a database file: pass a file path, e.g. --db ${join(path, 'billrecon.sqlite')}.`);
}

/**
 * A path that holds an SQLite file with no billrecon schema (an empty file, someone else's
 * database) is not ours to migrate: refuse it before anything is written to it.
 */
export function requireBillreconSchema(db: Db, path: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) > 0) return;
  const tables = db.prepare(`select count(*) from sqlite_master`).pluck().get() as number;
  if (tables === 0) throw new NoDatabaseError(path, ' (the file is empty)');
  throw new StoreError(path, 'SQLITE_NOTADB', `${path} is an SQLite database, but not billrecon's (no billrecon schema); it was not changed. Check the path (--db, $BILLRECON_DB).`);
}

/**
 * Open an existing database read-only: no file is created, nothing is migrated or written. A
 * database whose folder is read-only is read from a private in-memory copy, since SQLite cannot
 * create the WAL index beside it; a database of an older schema is upgraded first when it can be
 * written, and otherwise refused with a sentence saying so.
 */
/** Applies the migrations to the file (openDatabase with write access); given by database.ts. */
export type Upgrade = (path: string, nativeBinding: string | undefined, migrations: readonly Migration[]) => void;

export function openReadOnly(path: string, nativeBinding: string | undefined, migrations: readonly Migration[], upgrade: Upgrade): Db {
  requireExistingFile(path);
  const binding = nativeBinding ? { nativeBinding } : {};
  let db = new Database(path, { readonly: true, fileMustExist: true, ...binding });
  try {
    db.pragma('user_version', { simple: true });
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') throw explainStoreError(err, path);
    db = inMemoryCopy(path, binding);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    requireBillreconSchema(db, path);
    if (checkNotNewer(db, path, migrations) >= migrations.length) return db;
  } catch (err) {
    db.close();
    throw explainStoreError(err, path);
  }
  db.close();
  return upgradeThenReopen(path, nativeBinding, migrations, upgrade);
}

function upgradeThenReopen(path: string, nativeBinding: string | undefined, migrations: readonly Migration[], upgrade: Upgrade): Db {
  try {
    upgrade(path, nativeBinding, migrations);
  } catch (err) {
    const explained = explainStoreError(err, path);
    throw new StoreError(
      path,
      'OLD_SCHEMA',
      `${path} was written by an older billrecon and must be upgraded before it can be read, which needs write access: ${explained.message}`,
    );
  }
  return openReadOnly(path, nativeBinding, migrations, upgrade);
}

/** The database file's pages, as a read-only in-memory database (rollback-journal header). */
function inMemoryCopy(path: string, binding: { nativeBinding?: string }): Db {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new StoreError(
      path,
      'SQLITE_READONLY_DIRECTORY',
      `${path} is in a read-only folder and its latest changes are still in ${wal}: open it once where it can be written, ` +
        `or copy both files to a writable folder and open the copy (--db COPY).`,
    );
  }
  const bytes = readFileSync(path);
  // Bytes 18 and 19 say "WAL" (2); an in-memory copy has no WAL, so it is read as a plain file.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true, ...binding });
}
