import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../main/core/store/index.js';

export function tempDir(prefix = 'billrecon-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDb(): { path: string; db: Db } {
  const path = join(tempDir('billrecon-db-'), 'test.sqlite');
  return { path, db: openDatabase(path) };
}

/**
 * The database file's bytes after folding the WAL into it: equal fingerprints mean the database
 * is byte-for-byte what it was.
 */
export function fingerprint(db: Db, path: string): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
