import type { Db } from './db.js';

/**
 * The WAL is copied into the database file while the connection is idle, not inside the commit
 * that filled it: SQLite's automatic checkpoint runs in the committing call, so a million-line
 * import's commit spent four times as long checkpointing as committing, and the next small write
 * would pay for the last big one. A passive checkpoint every few seconds outside any transaction
 * keeps the WAL short; closing the connection checkpoints what is left.
 */
const EVERY_MS = 2000;

export function checkpointWhenIdle(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
  const timer = setInterval(() => {
    if (!db.open) clearInterval(timer);
    else if (!db.inTransaction) {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Another process writing: the next tick tries again.
      }
    }
  }, EVERY_MS);
  timer.unref();
}
