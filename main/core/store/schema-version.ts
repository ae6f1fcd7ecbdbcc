import type { Database } from 'better-sqlite3';
import { SCHEMA_VERSION, type Migration } from './migrations/index.js';

export class NewerDatabaseError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${path}: this database was written by a newer billrecon (schema version ${found}; this version understands up to ${supported}). ` +
        `Upgrade billrecon to open it; it was not changed.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuse a database written by a newer billrecon (it is not touched). */
export function checkNotNewer(db: Database, path: string, migrations: readonly Migration[]): number {
  const current = schemaVersion(db);
  const supported = Math.max(migrations.length, SCHEMA_VERSION);
  if (current > supported) throw new NewerDatabaseError(path, current, supported);
  return current;
}

