/**
 * Closed months (issue 15 §1): the append-only audit log of sign-offs (month_audit), read and
 * appended here, and the one refusal every write that would touch a closed month makes. The
 * log's rows are never updated or deleted (the migration's triggers refuse it): a month is
 * closed while its latest event is `close`.
 */
import type { Db } from './db.js';

export type AuditEventKind = 'close' | 'reopen';

export interface AuditEvent {
  seq: number;
  month: string;
  event: AuditEventKind;
  who: string;
  at: string;
  why: string | null;
}

/** A close still in force, with the frozen record it stored (JSON, read by reconcile/closed.ts). */
export interface CloseRow extends AuditEvent {
  event: 'close';
  frozen: string;
}

/** A write refused because it would change a closed month; the user can fix it by reopening. */
export class MonthClosedError extends Error {
  readonly isUserError = true;
  override name = 'MonthClosedError';
  constructor(
    readonly month: string,
    readonly closedBy: string,
    readonly closedAt: string,
    readonly action: string,
  ) {
    super(`${action}: ${month} was closed by ${closedBy} on ${localDate(closedAt)}: reopen it first`);
  }
}

/** The calendar day of an instant in vendor-local time (UTC+8), as the bills and the screens count days. */
export function localDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso.slice(0, 10) : new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whether the table exists: a read-only connection to a database older than the migration has none. */
function hasLog(db: Db): boolean {
  return db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'month_audit'`).get() !== undefined;
}

/** The months closed now (their latest event is a close), with that close. */
export function closedMonths(db: Db): Map<string, CloseRow> {
  if (!hasLog(db)) return new Map();
  const rows = db
    .prepare(
      `select a.seq, a.month, a.event, a.who, a.at, a.why, a.frozen from month_audit a
       where a.seq = (select max(b.seq) from month_audit b where b.month = a.month) and a.event = 'close' order by a.month`,
    )
    .all() as CloseRow[];
  return new Map(rows.map((r) => [r.month, r]));
}

/** The close in force for a month, or null when it is open (never closed, or reopened since). */
export function closeOf(db: Db, month: string): CloseRow | null {
  if (!hasLog(db)) return null;
  const r = db.prepare('select seq, month, event, who, at, why, frozen from month_audit where month = ? order by seq desc limit 1').get(month) as
    | (AuditEvent & { frozen: string | null })
    | undefined;
  return r && r.event === 'close' && r.frozen !== null ? (r as CloseRow) : null;
}

/** Throws MonthClosedError naming the first closed month among `months`. */
export function refuseIfClosed(db: Db, months: Iterable<string>, action: string): void {
  const closed = closedMonths(db);
  if (closed.size === 0) return;
  for (const m of [...new Set(months)].sort()) {
    const c = closed.get(m);
    if (c) throw new MonthClosedError(m, c.who, c.at, action);
  }
}

/** The months an import's rows fall in: its bill lines' months, or its whiteboard usage days' months. */
export function monthsOfImports(db: Db, importIds: readonly number[]): string[] {
  if (importIds.length === 0) return [];
  const ids = JSON.stringify(importIds);
  const rows = db
    .prepare(
      `select month from import_month where importId in (select value from json_each(@ids))
       union select substr(usageDay, 1, 7) from tiw_transcode where importId in (select value from json_each(@ids))
       union select substr(usageDay, 1, 7) from tiw_recording where importId in (select value from json_each(@ids))
       union select substr(joinTime, 1, 7) from tiw_session where importId in (select value from json_each(@ids))`,
    )
    .pluck()
    .all({ ids }) as string[];
  return rows.filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
}

/**
 * The import's one check (import/index.ts, before its commit): a file whose rows fall in a closed
 * month, or that replaces an import that does, is refused; the caller rolls back, so nothing of
 * it is stored. Costs one small query when no month is closed.
 */
export function refuseClosedImport(db: Db, file: string, importId: number, replaced: readonly number[]): void {
  if (closedMonths(db).size === 0) return;
  refuseIfClosed(db, monthsOfImports(db, [importId, ...replaced]), `cannot import ${file}`);
}

/** Undoing an import removes its rows and brings back the imports it replaced: both sides must be open months. */
export function refuseClosedUndo(db: Db, importId: number): void {
  if (closedMonths(db).size === 0) return;
  const back = db.prepare(`select id from import where replacedBy = ? and status = 'replaced'`).pluck().all(importId) as number[];
  refuseIfClosed(db, monthsOfImports(db, [importId, ...back]), `cannot undo import #${importId}`);
}

/** Appends an event to the log (the only write the log allows). */
export function appendAuditEvent(db: Db, e: Omit<AuditEvent, 'seq'> & { frozen?: string | null }): number {
  const info = db
    .prepare('insert into month_audit (month, event, who, at, why, frozen) values (?, ?, ?, ?, ?, ?)')
    .run(e.month, e.event, e.who, e.at, e.why, e.frozen ?? null);
  return Number(info.lastInsertRowid);
}

/** The log in order, for one month or all. */
export function auditEvents(db: Db, month?: string): AuditEvent[] {
  if (!hasLog(db)) return [];
  const cols = 'seq, month, event, who, at, why';
  return (month
    ? db.prepare(`select ${cols} from month_audit where month = ? order by seq`).all(month)
    : db.prepare(`select ${cols} from month_audit order by seq`).all()) as AuditEvent[];
}
