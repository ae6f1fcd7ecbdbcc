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
