import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { openReadOnly, requireBillreconSchema, requireExistingFile } from './open-existing.js';
import { checkNotNewer } from './schema-version.js';
import { checkpointWhenIdle } from './checkpoint.js';

export { NewerDatabaseError, checkNotNewer, schemaVersion } from './schema-version.js';

export type { Db } from './db.js';
import type { Db } from './db.js';

export interface OpenOptions {
  /** Path to an Electron-ABI build of better_sqlite3.node; only the Electron shell passes it. */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * 'create' (the default) creates a missing file and its folder; 'existing' refuses a path
   * with no database (NoDatabaseError) and creates nothing; 'read' also opens read-only, applies
   * no migration, and reads a database in a read-only folder too.
   */
  access?: 'create' | 'existing' | 'read';
  /** Extra migrations appended by later modules' tests; production passes none. */
  migrations?: readonly Migration[];
}

/**
 * Pages of a new database (SQLite's largest; an existing database keeps its own). A bill line is
 * small and a month's lines are written and read in id order: with 4 KiB pages an import of a
 * million lines wrote twice as many WAL frames (a header and a page each) and a reconciliation
 * read more, slower both (README, Benchmarks).
 */
export const PAGE_SIZE = 65536;

/** The native binding each database was opened with: a worker reading the same file needs it too. */
const bindings = new WeakMap<Db, string>();

/** The binding `db` was opened with (an Electron build in the app), undefined for npm's own. */
export function nativeBindingOf(db: Db): string | undefined {
  return bindings.get(db);
}

/** How another connection opens the file a database reads: a worker's, or one running a query beside `db`'s. */
export interface ReaderSpec {
  dbPath: string;
  nativeBinding?: string;
}

/** Null for a database in memory (a copy of one in a read-only folder): it cannot be opened again by path. */
export function readerOf(db: Db): ReaderSpec | null {
  if (db.memory) return null;
  const binding = nativeBindingOf(db);
  return { dbPath: db.name, ...(binding ? { nativeBinding: binding } : {}) };
}

/** A read-only connection to the file a ReaderSpec names (better-sqlite3 runs one statement at a time per connection). */
export function openReader(spec: ReaderSpec): Db {
  return openDatabase(spec.dbPath, { access: 'read', ...(spec.nativeBinding ? { nativeBinding: spec.nativeBinding } : {}) });
}

/** Open (creating if needed) a billrecon database: WAL, foreign keys on, migrations applied. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = openWith(path, options);
  if (options.nativeBinding) bindings.set(db, options.nativeBinding);
  return db;
}

function openWith(path: string, options: OpenOptions): Db {
  const access = options.access ?? 'create';
  if (access === 'read') return openReadOnly(path, options.nativeBinding, options.migrations ?? MIGRATIONS, upgradeInPlace);
  if (access === 'existing') requireExistingFile(path);
  else if (path !== ':memory:' && !existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: access === 'existing',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (access === 'existing') requireBillreconSchema(db, path);
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      // A new database only (an existing one keeps its pages): see PAGE_SIZE.
      db.pragma(`page_size = ${PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      checkpointWhenIdle(db);
    }
    db.pragma('busy_timeout = 5000');
    migrate(db, path, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Db, path: string, migrations: readonly Migration[]): void {
  const current = checkNotNewer(db, path, migrations);
  for (let v = current; v < migrations.length; v++) {
    const step = migrations[v]!;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Open once with write access, which applies the migrations, and close again (openReadOnly's upgrade). */
function upgradeInPlace(path: string, nativeBinding: string | undefined, migrations: readonly Migration[]): void {
  openDatabase(path, { access: 'existing', migrations, ...(nativeBinding ? { nativeBinding } : {}) }).close();
}
