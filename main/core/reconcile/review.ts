/**
 * Review marks: an accountant says a mismatch is explained or accepted, with a comment. A mark
 * belongs to the mismatch's stable id and remembers the figures it was made against; when a
 * later run computes different figures for that id, the mark no longer holds and goes back to
 * open, saying why. Every change is also appended to review_event (the audit trail).
 */
import { userInfo } from 'node:os';
import type { Mismatch, ReviewStatus } from '../report/mismatch.js';
import type { Db } from '../store/index.js';
import { getMismatch } from '../report/mismatch-store.js';
import { refuseIfClosed } from '../store/closed-months.js';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['open', 'explained', 'accepted', 'claim'];

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

interface ReviewRow {
  id: string;
  month: string;
  status: ReviewStatus;
  comment: string | null;
  reviewedBy: string;
  reviewedAt: string;
  fee: string;
  consumption: string;
  difference: string;
  reopenedBecause: string | null;
}

export class UnknownMismatchError extends Error {
  readonly isUserError = true;
  constructor(readonly ids: string[]) {
    super(`no such mismatch: ${ids.join(', ')} (run reconcile for the month first; ids are listed in its output)`);
    this.name = 'UnknownMismatchError';
  }
}

/** Mark several mismatches at once; all or none. */
export function setReview(db: Db, ids: readonly string[], status: ReviewStatus, comment: string | null, user?: string, now = new Date()): Mismatch[] {
  if (!REVIEW_STATUSES.includes(status)) throw new Error(`status must be one of ${REVIEW_STATUSES.join(', ')}, not '${status}'`);
  const who = user ?? osUser();
  const at = now.toISOString();
  const get = db.prepare('select id, month, fee, consumption, difference from mismatch where id = ?');
  const upsert = db.prepare(
    `insert into review (id, month, status, comment, reviewedBy, reviewedAt, fee, consumption, difference, reopenedBecause)
     values (@id, @month, @status, @comment, @who, @at, @fee, @consumption, @difference, null)
     on conflict(id) do update set status = excluded.status, comment = excluded.comment, reviewedBy = excluded.reviewedBy,
       reviewedAt = excluded.reviewedAt, fee = excluded.fee, consumption = excluded.consumption, difference = excluded.difference,
       reopenedBecause = null`,
  );
  const mark = db.prepare(
    'update mismatch set status = ?, comment = ?, reviewedBy = ?, reviewedAt = ?, reopenedBecause = null where id = ?',
  );
  const event = db.prepare('insert into review_event (id, status, comment, who, at, reason) values (?, ?, ?, ?, ?, null)');
  return db.transaction(() => {
    const rows = ids.map((id) => ({ id, row: get.get(id) as { id: string; month: string; fee: string; consumption: string; difference: string } | undefined }));
    const unknown = rows.filter((r) => !r.row).map((r) => r.id);
    if (unknown.length > 0) throw new UnknownMismatchError(unknown);
    // A closed month's marks are part of its sign-off.
    refuseIfClosed(db, rows.map((r) => r.row!.month), 'cannot change review marks');
    const out: Mismatch[] = [];
    for (const { row } of rows) {
      const r = row!;
      upsert.run({ ...r, status, comment, who, at });
      mark.run(status, comment, who, at, r.id);
      event.run(r.id, status, comment, who, at);
      out.push(getMismatch(db, r.id)!);
    }
    return out;
  })();
}

/**
 * Put the stored marks on freshly computed mismatches. A mark whose figures no longer match
 * is reopened (and stays reopened in the database, with the reason) so it is looked at again.
 */
export function applyReviews(db: Db, mismatches: Mismatch[], user: string, now = new Date()): void {
  const get = db.prepare('select * from review where id = ?');
  const reopen = db.prepare(
    `update review set status = 'open', reopenedBecause = @reason, reviewedAt = @at, fee = @fee, consumption = @consumption,
       difference = @difference where id = @id`,
  );
  const event = db.prepare(`insert into review_event (id, status, comment, who, at, reason) values (?, 'open', ?, ?, ?, ?)`);
  const at = now.toISOString();
  for (const m of mismatches) {
    const r = get.get(m.id) as ReviewRow | undefined;
    if (!r) continue;
    const changed: string[] = [];
    if (r.fee !== m.fee) changed.push(`fee ${r.fee} → ${m.fee}`);
    if (r.consumption !== m.consumption) changed.push(`consumption ${r.consumption} → ${m.consumption}`);
    if (r.difference !== m.difference) changed.push(`difference ${r.difference} → ${m.difference}`);
    if (changed.length > 0 && r.status !== 'open') {
      const reason = `figures changed after it was marked ${r.status} by ${r.reviewedBy} at ${r.reviewedAt}: ${changed.join(', ')}`;
      reopen.run({ id: m.id, reason, at, fee: m.fee, consumption: m.consumption, difference: m.difference });
      event.run(m.id, r.comment, user, at, reason);
      m.status = 'open';
      m.comment = r.comment;
      m.reviewedBy = r.reviewedBy;
      m.reviewedAt = at;
      m.reopenedBecause = reason;
    } else {
      m.status = r.status;
      m.comment = r.comment;
      m.reviewedBy = r.reviewedBy;
      m.reviewedAt = r.reviewedAt;
      m.reopenedBecause = r.reopenedBecause;
    }
  }
}
