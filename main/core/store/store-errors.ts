import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A database or file-system failure told as a sentence a user can act on: it names the path and
 * what to do. `isUserError` makes the CLI and the desktop handlers print it as it is.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly isUserError = true;
  constructor(
    readonly path: string,
    /** The SQLite or errno code it explains (SQLITE_BUSY, EACCES, …), or NO_DATABASE. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A command that only reads was pointed at a path where no billrecon database exists. */
export class NoDatabaseError extends StoreError {
  override name = 'NoDatabaseError';
  constructor(path: string, detail = '') {
    super(
      path,
      'NO_DATABASE',
      `no billrecon database at ${path}${detail}: nothing was created. Import a bill first ('billrecon import FILE...'), ` +
        `or point --db (or $BILLRECON_DB) at an existing database.`,
    );
  }
}

const COPY_HINT = 'or copy it to a writable folder and open the copy (--db COPY on the command line)';

type Explain = (path: string, err: Error) => string;

/** SQLite's primary result codes (extended codes such as SQLITE_BUSY_SNAPSHOT share their prefix). */
const SQLITE_EXPLAINED: [RegExp, RegExp, Explain][] = [
  [
    /^SQLITE_(BUSY|LOCKED)/,
    /database (table )?is locked|database is busy/i,
    (p) =>
      `${p} is busy: another billrecon process (the desktop app or another command) is writing to it and did not finish in time. ` +
      `Try again when it has finished; nothing was changed by this attempt.`,
  ],
  [
    /^SQLITE_READONLY/,
    /readonly database/i,
    (p, e) =>
      `${p} cannot be written: ${
        (e as { code?: string }).code === 'SQLITE_READONLY_DIRECTORY' ? `its folder ${dirname(p)} is read-only` : 'the file or its folder is read-only (or on a read-only disk)'
      }. Make them writable for your user, ${COPY_HINT}.`,
  ],
  [
    /^SQLITE_NOTADB/,
    /file is not a database/i,
    (p) => `${p} is not a billrecon database (not an SQLite file, or a damaged or encrypted one); it was not changed. Check the path (--db, $BILLRECON_DB).`,
  ],
  [
    /^SQLITE_CORRUPT/,
    /malformed/i,
    (p) => `${p} is damaged (the database disk image is malformed); it was not changed. Restore it from a backup, or start a new database with --db.`,
  ],
  [/^SQLITE_FULL/, /database or disk is full/i, (p) => `the disk holding ${p} is full: the change was not stored. Free some space and try again.`],
  [/^SQLITE_IOERR/, /disk I\/O error/i, (p) => `a disk read or write of ${p} failed (I/O error): the change was not stored. Check the disk and try again.`],
  [/^SQLITE_CANTOPEN/, /unable to open database file|directory does not exist/i, (p) => cannotOpen(p)],
];

/** Why SQLite could not open PATH, found by looking at the path itself. */
function cannotOpen(path: string): string {
  const folder = dirname(path);
  if (isDirectory(path)) return `${path} is a folder, not a database file: pass a file path, e.g. --db ${join(path, 'billrecon.sqlite')}.`;
  if (!existsSync(folder)) return `cannot open the database ${path}: the folder ${folder} does not exist. Create it or pass another --db path.`;
  if (!isDirectory(folder)) return `cannot open the database ${path}: ${folder} is a file, not a folder. Pass another --db path.`;
  if (!existsSync(path)) return `cannot create the database ${path}: the folder ${folder} is not writable for your user. Pass a --db path in a writable folder.`;
  return `cannot open the database ${path}: the file or its folder is not readable and writable for your user. Fix the permissions, ${COPY_HINT}.`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** File-system errors (errno codes), about the path the error names, else the database. */
const ERRNO_EXPLAINED: Record<string, (p: string, syscall: string) => string> = {
  EISDIR: (p) => `${p} is a folder, not a file: give a file path.`,
  ENOTDIR: (p) => `${p}: a part of this path is a file, not a folder. Check the path.`,
  ENOENT: (p) => `${p} does not exist. Check the path.`,
  EACCES: (p, op) => `${p}: permission denied${op ? ` (${op})` : ''}. Make it ${op === 'open' || op === 'read' || op === 'scandir' ? 'readable' : 'readable and writable'} for your user, or use another path.`,
  EPERM: (p, op) => `${p}: the operation is not permitted${op ? ` (${op})` : ''}. Check its permissions, or use another path.`,
  EROFS: (p) => `${p} is on a read-only file system: nothing can be written there. Use a path on a writable disk.`,
  ENOSPC: (p) => `the disk holding ${p} is full: nothing was stored. Free some space and try again.`,
  EMFILE: (p) => `too many files are open to open ${p}. Close some programs and try again.`,
};

/**
 * Turn a raw database or file-system error into a StoreError whose message names the path and
 * what to do. Anything else (an ImportError, a bug) comes back unchanged, so callers can always
 * `throw explainStoreError(err, dbPath)`.
 */
export function explainStoreError(err: unknown, dbPath: string): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  if (err instanceof StoreError || (err as { isUserError?: unknown }).isUserError === true) return err;
  const fields = err as Error & { code?: unknown; path?: unknown; syscall?: unknown };
  const code = typeof fields.code === 'string' ? fields.code : '';
  for (const [codes, messages, explain] of SQLITE_EXPLAINED) {
    if (codes.test(code) || (!code.startsWith('E') && messages.test(err.message))) return new StoreError(dbPath, code || 'SQLITE', explain(dbPath, err));
  }
  const errno = ERRNO_EXPLAINED[code];
  if (errno) {
    const path = typeof fields.path === 'string' ? fields.path : dbPath;
    const syscall = typeof fields.syscall === 'string' ? fields.syscall : '';
    return new StoreError(path, code, errno(path, syscall));
  }
  return err;
}
