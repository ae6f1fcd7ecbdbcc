/**
 * Closing a month (issue 15 §1). `closeMonth` reconciles the month, refuses while anything
 * unexplained is open (or the whiteboard re-rating could not run), and freezes it: the month
 * report with every mismatch, review mark and comment, the sha256 of every input file, the
 * catalog version and the exchange rate, stored with the close event in the append-only audit
 * log. While a month is closed every write that would change it is refused (store/closed-months.ts
 * says so in one sentence); `reopenMonth` reopens it with a reason. Both events stay in the log.
 */
import { createHash } from 'node:crypto';
import { activeTiwCatalog } from '../catalog/user-catalogs.js';
import type { Month } from '../model.js';
import { closedMonth, type FrozenFile, type FrozenMonth } from '../reconcile/closed.js';
import { lastRun, listMismatches, reconcileMonth, type ReconcileReport, type ReconcileRun } from '../reconcile/index.js';
import type { Mismatch } from '../report/mismatch.js';
import { appendAuditEvent, auditEvents, closeOf, localDate, type AuditEvent } from '../store/closed-months.js';
import { getImport, type Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { inWriteTurn } from '../store/write-turn.js';

export { closedMonth, type ClosedMonth, type FrozenMonth, type FrozenFile } from '../reconcile/closed.js';
export { auditEvents, closedMonths, MonthClosedError, type AuditEvent } from '../store/closed-months.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A close or reopen the accountant can fix (exit 2), or a month not ready to close (`gate`: exit 1). */
export class CloseError extends Error {
  readonly isUserError = true;
  override name = 'CloseError';
  constructor(
    message: string,
    readonly gate = false,
  ) {
    super(message);
  }
}

/** The sign-off as screens and exports show it. */
export interface SignOff {
  month: Month;
  closedBy: string;
  closedAt: string;
  note: string | null;
  sha256: string;
  files: number;
  mismatches: number;
}

export function signOffOf(db: Db, month: Month): SignOff | null {
  const c = closedMonth(db, month);
  if (!c) return null;
  const f = c.frozen;
  return { month, closedBy: f.closedBy, closedAt: f.closedAt, note: f.note, sha256: f.sha256, files: f.files.length, mismatches: f.mismatches.length };
}

function checkMonth(month: string): void {
  if (!MONTH.test(month)) throw new CloseError(`month must be YYYY-MM, not '${month}'`);
}

function checkName(what: string, value: string): string {
  const v = value.trim();
  if (v === '') throw new CloseError(`${what} is required`);
  if (v.length > 200) throw new CloseError(`${what} is longer than 200 characters`);
  return v;
}

/** Why the month cannot be signed off yet, in one sentence; null when it can. */
function notReady(r: ReconcileReport): string | null {
  if (r.fee.lines === 0 && r.consumption.lines === 0) return `nothing is imported for ${r.month}`;
  if (r.openUnexplained > 0) {
    const open = r.mismatches.filter((m) => !m.explained && m.status === 'open');
    const by = new Map<string, number>();
    for (const m of open) by.set(m.category, (by.get(m.category) ?? 0) + 1);
    const list = [...by].map(([c, n]) => `${c} ${n}`).join(', ');
    return `${open.length} unexplained mismatch${open.length === 1 ? ' is' : 'es are'} still open (${list}): review ${open.length === 1 ? 'it' : 'them'} first`;
  }
  const skipped = r.notes.find((n) => / not included: /.test(n));
  if (skipped) return `a check could not run (${skipped})`;
  return null;
}

/**
 * Reconcile and sign off a month in one write transaction (an import landing in between cannot
 * slip past the gate). Returns the frozen record.
 */
export function closeMonth(db: Db, o: { month: Month; by: string; note?: string | null; now?: Date }): FrozenMonth {
  checkMonth(o.month);
  const by = checkName('the name of who signs off (--by)', o.by);
  const note = o.note?.trim() ? o.note.trim() : null;
  return inWriteTurn(db, () => {
    const was = closeOf(db, o.month);
    if (was) throw new CloseError(`${o.month} is already closed (by ${was.who} on ${localDate(was.at)})`);
    const report = reconcileMonth(db, { month: o.month, user: by });
    const why = notReady(report);
    if (why) throw new CloseError(`cannot close ${o.month}: ${why}`, true);
    const frozen = freeze(db, o.month, by, note, (o.now ?? new Date()).toISOString());
    appendAuditEvent(db, { month: o.month, event: 'close', who: by, at: frozen.closedAt, why: note, frozen: JSON.stringify(frozen) });
    return frozen;
  });
}

export function reopenMonth(db: Db, o: { month: Month; by: string; reason: string; now?: Date }): AuditEvent {
  checkMonth(o.month);
  const by = checkName('the name of who reopens it (--by)', o.by);
  const reason = checkName('the reason (--reason)', o.reason);
  return inWriteTurn(db, () => {
    if (!closeOf(db, o.month)) throw new CloseError(`${o.month} is not closed: nothing to reopen`);
    const at = (o.now ?? new Date()).toISOString();
    const seq = appendAuditEvent(db, { month: o.month, event: 'reopen', who: by, at, why: reason });
    return { seq, month: o.month, event: 'reopen', who: by, at, why: reason };
  });
}

/** The month as it is now, frozen: the stored report, every mismatch with its mark, the inputs. */
function freeze(db: Db, month: Month, by: string, note: string | null, at: string): FrozenMonth {
  const run = lastRun(db, month)!;
  const mismatches: Mismatch[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { rows } = listMismatches(db, { month, sort: 'seq', dir: 'asc', offset, limit: 1000 });
    mismatches.push(...rows);
    if (rows.length < 1000) break;
  }
  const rating = db
    .prepare(`select id, catalogVersion, catalogSha256, catalogOrigin, currency, billCurrency, exchangeRate from rating_run where product = 'tiw' and month = ? order by id desc limit 1`)
    .get(month) as { id: number; catalogVersion: string; catalogSha256: string; catalogOrigin: string; currency: string; billCurrency: string | null; exchangeRate: string | null } | undefined;
  const active = activeTiwCatalog(db);
  const catalog = rating
    ? { version: rating.catalogVersion, sha256: rating.catalogSha256, origin: rating.catalogOrigin, currency: rating.currency }
    : { version: active.version, sha256: active.sha256, origin: active.origin, currency: active.currency };
  const rate = db.prepare('select fromCurrency as "from", toCurrency as "to", rate from exchange_rate where month = ? order by fromCurrency, toCurrency limit 1').get(month) as
    | { from: string; to: string; rate: string }
    | undefined;
  const body = {
    month,
    closedBy: by,
    closedAt: at,
    note,
    report: run.summary,
    ranAt: run.ranAt,
    inputs: run.inputs,
    mismatches,
    files: inputFiles(db, month, run.inputs.imports.map((i) => i.id)),
    catalog,
    exchangeRate: rate ?? null,
    ratingRun: rating?.id ?? null,
  };
  return { ...body, sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
}

/** The report's inputs and every live import with rows in the month (whiteboard usage too), by id; the audit report lists them for an open month. */
export function inputFiles(db: Db, month: Month, reportInputs: number[]): FrozenFile[] {
  const touching = db
    .prepare(
      `select importId from import_month where month = @month and ${LIVE_IMPORT}
       union select importId from tiw_transcode where substr(usageDay, 1, 7) = @month and ${LIVE_IMPORT}
       union select importId from tiw_recording where substr(usageDay, 1, 7) = @month and ${LIVE_IMPORT}
       union select importId from tiw_session where substr(joinTime, 1, 7) = @month and ${LIVE_IMPORT}`,
    )
    .pluck()
    .all({ month }) as number[];
  const ids = [...new Set([...reportInputs, ...touching])].sort((a, b) => a - b);
  return ids.flatMap((id) => {
    const r = getImport(db, id);
    return r ? [{ id, fileName: r.fileName, kind: r.kind, sha256: r.sha256, size: r.size, rows: r.rowCount, importedAt: r.importedAt }] : [];
  });
}

/** The log of one month (or all), newest last. */
export function auditLog(db: Db, month?: Month): AuditEvent[] {
  return auditEvents(db, month);
}

/** A closed month's frozen report in the shape of a stored run, so every reader shows what was signed off. */
export function frozenRun(db: Db, month: Month): ReconcileRun | null {
  const c = closedMonth(db, month);
  if (!c) return null;
  const f = c.frozen;
  return { month, ranAt: f.ranAt, tolerance: f.report.tolerance, period: f.report.period, summary: f.report, inputs: f.inputs };
}
