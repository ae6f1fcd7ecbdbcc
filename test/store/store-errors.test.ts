import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { openDatabase } from '../../main/core/store/index.js';
import { StoreError, explainStoreError } from '../../main/core/store/store-errors.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';
import { opened, runCliAsUser } from '../helpers/other-user.js';

/** What a function throws (it must throw). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

const RAW = /database is locked|attempt to write a readonly database|file is not a database|unable to open database file|EISDIR|EACCES|SQLITE_/;

describe('explainStoreError: the raw errors of SQLite and the file system become sentences naming the path', () => {
  it('database is locked: another process is writing; try again when it has finished', () => {
    const path = join(tempDir(), 'b.sqlite');
    const holder = openDatabase(path);
    const other = openDatabase(path);
    holder.exec('BEGIN IMMEDIATE');
    other.pragma('busy_timeout = 0');
    const raw = thrown(() => other.exec('BEGIN IMMEDIATE'));
    expect((raw as Error).message).toBe('database is locked');
    const e = explainStoreError(raw, path);
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toBe(
      `${path} is busy: another billrecon process (the desktop app or another command) is writing to it and did not finish in time. Try again when it has finished; nothing was changed by this attempt.`,
    );
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
  });

  it('attempt to write a readonly database: make it writable or use a copy', () => {
    const path = join(tempDir(), 'b.sqlite');
    openDatabase(path).close();
    const ro = new Database(path, { readonly: true });
    const raw = thrown(() => ro.exec(`insert into setting (key, value) values ('x', 'y')`));
    ro.close();
    expect((raw as Error).message).toBe('attempt to write a readonly database');
    expect(explainStoreError(raw, path).message).toBe(
      `${path} cannot be written: the file or its folder is read-only (or on a read-only disk). Make them writable for your user, or copy it to a writable folder and open the copy (--db COPY on the command line).`,
    );
  });

  it('file is not a database: names the file and says it was not changed', () => {
    const path = join(tempDir(), 'notes.sqlite');
    writeFileSync(path, 'these are my notes, not a database '.repeat(200));
    const raw = thrown(() => openDatabase(path));
    expect((raw as Error).message).toBe('file is not a database');
    expect(explainStoreError(raw, path).message).toBe(`${path} is not a billrecon database (not an SQLite file, or a damaged or encrypted one); it was not changed. Check the path (--db, $BILLRECON_DB).`);
    expect(readFileSync(path, 'utf8')).toBe('these are my notes, not a database '.repeat(200));
  });

  it('unable to open database file: a folder, a missing folder, a file where a folder should be', () => {
    const dir = tempDir();
    const raw = thrown(() => new Database(dir));
    expect((raw as Error).message).toBe('unable to open database file');
    expect(explainStoreError(raw, dir).message).toBe(`${dir} is a folder, not a database file: pass a file path, e.g. --db ${join(dir, 'billrecon.sqlite')}.`);
    writeFileSync(join(dir, 'plain'), 'x');
    const under = join(dir, 'plain', 'b.sqlite');
    expect(explainStoreError(thrown(() => new Database(under)), under).message).toBe(
      `cannot open the database ${under}: ${join(dir, 'plain')} is a file, not a folder. Pass another --db path.`,
    );
  });

  it('EISDIR and EACCES name the path they are about', () => {
    const dir = tempDir();
    const eisdir = explainStoreError(thrown(() => writeFileSync(dir, 'x')), join(dir, 'b.sqlite'));
    expect(eisdir.message).toBe(`${dir} is a folder, not a file: give a file path.`);
    const eacces = explainStoreError(Object.assign(new Error(`EACCES: permission denied, open '${dir}/x'`), { code: 'EACCES', syscall: 'open', path: `${dir}/x` }), 'db');
    expect(eacces.message).toBe(`${dir}/x: permission denied (open). Make it readable for your user, or use another path.`);
  });

  it('other errors pass through unchanged', () => {
    const bug = new TypeError('x is not a function');
    expect(explainStoreError(bug, 'db')).toBe(bug);
  });
});

describe('the CLI never prints the raw error', () => {
  it('--db naming a folder, a text file, or a path in a folder the user cannot enter', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'not a database\n'.repeat(300));
    const folder = await cli(['import', '--db', dir, join(SAMPLES, 'tiw-whiteboard-2025-03.csv')], dir);
    expect(folder.err).toBe(`billrecon import: ${dir} is a folder, not a database file: pass a file path, e.g. --db ${join(dir, 'billrecon.sqlite')}.\n`);
    expect(folder.code).toBe(2);
    const notDb = await cli(['reconcile', '--month', '2025-03', '--db', join(dir, 'notes.txt')], dir);
    expect(notDb.err).toBe(`billrecon reconcile: ${join(dir, 'notes.txt')} is not a billrecon database (not an SQLite file, or a damaged or encrypted one); it was not changed. Check the path (--db, $BILLRECON_DB).\n`);
    for (const r of [folder, notDb]) expect(r.err).not.toMatch(RAW);

    const home = opened(tempDir());
    const locked = join(home, 'private');
    mkdirSync(locked, { mode: 0o700 });
    const denied = runCliAsUser(['import', '--db', join(locked, 'b.sqlite'), join(SAMPLES, 'tiw-whiteboard-2025-03.csv')], home);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toMatch(new RegExp(`^billrecon import: (${locked}/b\\.sqlite: permission denied|cannot create the database ${locked}/b\\.sqlite)`));
    expect(denied.stderr).not.toMatch(RAW);
  });

  it('a writer that must wait says what it waits for, then does its work', async () => {
    const dir = tempDir();
    const path = join(dir, 'b.sqlite');
    openDatabase(path).close();
    const holder = spawn(
      process.execPath,
      ['-e', `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const db=new D(${JSON.stringify(path)});db.exec('BEGIN IMMEDIATE');console.log('locked');setTimeout(()=>{db.exec('ROLLBACK');db.close()},2500)`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const started = Date.now();
    const r = await cli(['import', '--db', path, 'tiw-whiteboard-2025-03.csv'], SAMPLES);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(r.err).toBe(`waiting for another billrecon process to finish writing ${path}…\n`);
    expect(r.out).toMatch(/^tiw-whiteboard-2025-03\.csv: tiw-whiteboard, utf-8, \d+ rows — imported as #1/);
    expect(r.code).toBe(0);
  });
});

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}
