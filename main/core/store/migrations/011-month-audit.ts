import type { Db } from '../db.js';

/**
 * Migration 11: closing a month (issue 15 §1). `month_audit` is the append-only log of sign-offs:
 * who closed or reopened which month, when and why. A close keeps the month as it was signed
 * off in `frozen` (JSON: the month report with every mismatch, its review mark and comment, the
 * sha256 of every input file, the catalog version and the exchange rate); a reopen keeps none.
 * Triggers refuse any UPDATE or DELETE, so the log is only ever appended to; a month is closed
 * while its latest event is a close.
 *
 * IF NOT EXISTS throughout: numbered while other migrations were being written beside it, it must
 * not fail on a database where it ran under another number.
 */
export function migrationMonthAudit(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS month_audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      month TEXT NOT NULL,
      event TEXT NOT NULL CHECK (event IN ('close', 'reopen')),
      who TEXT NOT NULL,
      at TEXT NOT NULL,
      why TEXT,
      frozen TEXT,
      CHECK ((event = 'close') = (frozen IS NOT NULL))
    );
    CREATE INDEX IF NOT EXISTS month_audit_month ON month_audit(month, seq);
    CREATE TRIGGER IF NOT EXISTS month_audit_no_update BEFORE UPDATE ON month_audit
      BEGIN SELECT RAISE(ABORT, 'the month audit log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS month_audit_no_delete BEFORE DELETE ON month_audit
      BEGIN SELECT RAISE(ABORT, 'the month audit log is append-only'); END;
  `);
}
