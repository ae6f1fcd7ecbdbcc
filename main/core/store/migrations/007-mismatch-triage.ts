/**
 * Migration 7: the mismatch list's default order and its comment column, paged from an index.
 *
 * Triage order (open unexplained rows first, each part largest |difference| first) had no index:
 * a page filtered the month's rows through mismatch_month_absdifference, and the rows that come
 * second (explained or reviewed) were found only after reading past every open one. The index
 * holds the segment as an expression, written exactly as report/mismatch-store.ts's
 * OPEN_UNEXPLAINED (SQLite uses an expression index only for the same expression), then
 * |difference| descending, so each segment is one index range in display order, ties in rowid
 * (list) order. The screen's counts come from the month report's categories less the reviewed
 * rows, which a partial index holds apart (only rows whose status is not 'open': no cost for the
 * open ones a reconcile stores, and the counts never walk the month). The comment column sorts
 * like the others, from an index that starts with the month, rows without a comment after the
 * commented ones (the same expression as the store's NO_COMMENT), and the status column in the
 * words the list shows (reviewed, then explained by rule, then open: status, then explained
 * descending).
 * IF NOT EXISTS: safe on a database where an index was made by hand while investigating.
 */
export const migration007 = `
  CREATE INDEX IF NOT EXISTS mismatch_month_triage ON mismatch(month, (explained = 0 and status = 'open'), absDifferenceSort DESC);
  CREATE INDEX IF NOT EXISTS mismatch_month_reviewed ON mismatch(month, explained, category, status) WHERE status <> 'open';
  CREATE INDEX IF NOT EXISTS mismatch_month_commented ON mismatch(month, (comment is null), comment);
  CREATE INDEX IF NOT EXISTS mismatch_month_status_shown ON mismatch(month, status, explained DESC, seq);
`;
