import type { Db } from './db.js';

export interface WriteTurnOptions {
  /** How long to wait quietly before saying so. */
  quietMs?: number;
  /** How long to wait in all before giving up with SQLite's busy error. */
  patienceMs?: number;
}

function isBusy(err: unknown): boolean {
  return typeof (err as { code?: unknown }).code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test((err as { code: string }).code);
}

function tryWriteLock(db: Db, waitMs: number): boolean {
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  }
  db.exec('ROLLBACK');
  return true;
}

/**
 * Wait until this connection could write: SQLite lets one writer at a time, and a second one
 * (an import while another import or the desktop app writes) otherwise fails after the busy
 * timeout with a bare "database is locked". After `quietMs` it calls `onWaiting` once, so the
 * user knows what it waits for, then waits up to `patienceMs` in all. The lock is released again
 * at once: the caller's own transaction takes it.
 */
export function waitForWriteTurn(db: Db, onWaiting: () => void, o: WriteTurnOptions = {}): void {
  const quietMs = o.quietMs ?? 1000;
  const patienceMs = o.patienceMs ?? 10 * 60_000;
  const saved = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    if (tryWriteLock(db, quietMs)) return;
    onWaiting();
    db.pragma(`busy_timeout = ${Math.max(0, patienceMs - quietMs)}`);
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/** What each connection says when one of its writes must wait for another process (the CLI: a line on stderr). */
const notices = new WeakMap<Db, { waiting: () => void; resumed?: () => void }>();

/**
 * `notice` when a write of this connection starts waiting for another process; `resumed` when
 * that wait is over (its turn came, or it gave up), so a window can take its waiting line down.
 */
export function onWriteWait(db: Db, notice: () => void, resumed?: () => void): void {
  notices.set(db, { waiting: notice, ...(resumed ? { resumed } : {}) });
}

/**
 * BEGIN IMMEDIATE when this process has its turn: a write that finds another process writing
 * (an import of a big bill holds the lock for seconds) waits `quietMs` quietly, then says so
 * through the connection's notice and waits up to `patienceMs` in all, instead of failing after
 * the connection's 5-second busy timeout with "database is locked".
 */
export function beginImmediate(db: Db, o: WriteTurnOptions = {}): void {
  const quietMs = o.quietMs ?? 1000;
  const patienceMs = o.patienceMs ?? 10 * 60_000;
  const saved = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma(`busy_timeout = ${quietMs}`);
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (!isBusy(err)) throw err;
    }
    const notice = notices.get(db);
    notice?.waiting();
    try {
      db.pragma(`busy_timeout = ${Math.max(0, patienceMs - quietMs)}`);
      db.exec('BEGIN IMMEDIATE');
    } finally {
      notice?.resumed?.();
    }
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/**
 * `work` in a write transaction begun by beginImmediate: committed when it returns, rolled back
 * when it throws. Inside a caller's transaction (an export that reconciles first) it is a
 * savepoint of that one, which already has its turn.
 */
export function inWriteTurn<T>(db: Db, work: () => T, o: WriteTurnOptions = {}): T {
  if (db.inTransaction) return db.transaction(work)();
  beginImmediate(db, o);
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
