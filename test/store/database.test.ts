import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion, NewerDatabaseError } from '../../main/core/store/index.js';
import { PAGE_SIZE } from '../../main/core/store/database.js';
import { MIGRATIONS } from '../../main/core/store/migrations/index.js';
import { resolveDbPath } from '../../main/core/store/location.js';

const V4 = join(import.meta.dirname, '..', 'fixtures', 'v4');
const tmp = () => join(mkdtempSync(join(tmpdir(), 'billrecon-db-')), 'b.sqlite');

describe('store', () => {
  it('creates a WAL database with foreign keys and all migrations applied', () => {
    const db = openDatabase(tmp());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = db.prepare("select name from sqlite_master where type='table' order by name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['import', 'bill_key', 'bill_line', 'part_pack', 'prepaid_part', 'import_month', 'line_check', 'source_chunk', 'month_report', 'tiw_transcode', 'tiw_recording', 'tiw_session']),
    );
    // Migration 5 stores bill lines once, normalized: the per-kind bill tables are gone; 13 packs the parts.
    expect(tables.filter((t) => ['fee_detail', 'fee_resource', 'consumption', 'bill_part'].includes(t as string))).toEqual([]);
    db.close();
  });

  it('makes a new database of 64 KiB pages and leaves an existing one its own', () => {
    const db = openDatabase(tmp());
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(PAGE_SIZE).toBe(65536);
    db.close();
    // The release before wrote 4 KiB pages: the upgrade keeps them, as WAL mode cannot change them.
    const dir = mkdtempSync(join(tmpdir(), 'billrecon-db-'));
    copyFileSync(join(V4, 'samples-2025-03.v4.sqlite'), join(dir, 'v4.sqlite'));
    const old = openDatabase(join(dir, 'v4.sqlite'));
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    expect(schemaVersion(old)).toBe(MIGRATIONS.length);
    old.close();
  });

  it('never stores money as REAL', () => {
    const db = openDatabase(tmp());
    const tables = db.prepare("select name from sqlite_master where type='table'").pluck().all() as string[];
    const realColumns = tables.flatMap((t) =>
      (db.prepare(`select name, type from pragma_table_info(?)`).all(t) as { name: string; type: string }[])
        .filter((c) => c.type.toUpperCase().includes('REAL'))
        .map((c) => `${t}.${c.name}`),
    );
    expect(realColumns).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const path = tmp();
    const db = openDatabase(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(path)).toThrow(new RegExp(`newer billrecon \\(schema version ${MIGRATIONS.length + 5}; this version understands up to ${MIGRATIONS.length}\\)`));
  });

  it('resolves the database path: --db, then BILLRECON_DB, then the app-data folder', () => {
    expect(resolveDbPath('/x/a.sqlite', { BILLRECON_DB: '/y/b.sqlite' })).toBe('/x/a.sqlite');
    expect(resolveDbPath(undefined, { BILLRECON_DB: '/y/b.sqlite' })).toBe('/y/b.sqlite');
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/home/u/.config' })).toMatch(/billrecon[\\/]billrecon\.sqlite$/);
  });
});
