/**
 * The month's mismatches kept in SQLite, so the UI can page, filter and sort a million of them
 * without loading them: each filter and sort has an index that starts with the month.
 */
import { fixed, money } from '../money/decimal.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import type { Mismatch, MismatchCategory, ReviewStatus } from './mismatch.js';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * Money as an exact integer of 10^-8 units, for ORDER BY (SQLite would sort the TEXT as text).
 * Beyond ±92 billion the key is held at SQLite's integer limit: such figures still sort first or
 * last, and the figure itself is stored exactly as text.
 */
const EIGHT_DP = /^-?\d{1,18}\.\d{8}$/;

export function sortKey(value: string): bigint {
  // Mismatch figures are already 8-dp text: the digits are the key (no decimal.js for 10^5 rows).
  const t = EIGHT_DP.test(value) ? value : fixed(money(value), 8);
  const k = BigInt(t.replace('.', ''));
  return k > INT64_MAX ? INT64_MAX : k < -INT64_MAX ? -INT64_MAX : k;
}

export function replaceMonthMismatches(db: Db, month: Month, mismatches: readonly Mismatch[]): void {
  // Positional parameters: a month can hold a quarter of a million mismatches (every key missing).
  const insert = db.prepare(
    `insert into mismatch (id, month, category, explained, against, product, resourceId, component, keyJson, fee, consumption, difference,
       feeSort, consumptionSort, differenceSort, absDifferenceSort, status, comment, reviewedBy, reviewedAt, reopenedBecause, note,
       feeSources, consumptionSources, seq)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.prepare('delete from mismatch where month = ?').run(month);
  mismatches.forEach((m, seq) => {
    const d = sortKey(m.difference);
    insert.run(
      m.id,
      m.month,
      m.category,
      m.explained ? 1 : 0,
      m.against,
      m.key.product ?? null,
      m.key.resourceId ?? null,
      m.key.component ?? null,
      JSON.stringify(m.key),
      m.fee,
      m.consumption,
      m.difference,
      sortKey(m.fee),
      sortKey(m.consumption),
      d,
      d < 0n ? -d : d,
      m.status,
      m.comment,
      m.reviewedBy,
      m.reviewedAt,
      m.reopenedBecause,
      m.note ?? null,
      JSON.stringify(m.feeSources),
      JSON.stringify(m.consumptionSources),
      seq,
    );
  });
}

interface MismatchRow {
  id: string;
  month: string;
  category: MismatchCategory;
  explained: number;
  against: Mismatch['against'];
  keyJson: string;
  fee: string;
  consumption: string;
  difference: string;
  status: ReviewStatus;
  comment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reopenedBecause: string | null;
  note: string | null;
  feeSources: string;
  consumptionSources: string;
}

export function rowToMismatch(r: MismatchRow): Mismatch {
  return {
    id: r.id,
    month: r.month,
    category: r.category,
    explained: r.explained === 1,
    key: JSON.parse(r.keyJson) as Record<string, string | null>,
    against: r.against,
    fee: r.fee,
    consumption: r.consumption,
    difference: r.difference,
    status: r.status,
    comment: r.comment,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    reopenedBecause: r.reopenedBecause,
    note: r.note,
    feeSources: JSON.parse(r.feeSources) as string[],
    consumptionSources: JSON.parse(r.consumptionSources) as string[],
  };
}

export function getMismatch(db: Db, id: string): Mismatch | undefined {
  const r = db.prepare('select * from mismatch where id = ?').get(id) as MismatchRow | undefined;
  return r && rowToMismatch(r);
}

export interface MismatchPageQuery {
  month: Month;
  category?: MismatchCategory;
  product?: string;
  resource?: string;
  status?: ReviewStatus;
  sort?: 'seq' | 'difference' | 'absDifference' | 'fee' | 'consumption' | 'category' | 'product' | 'resourceId' | 'component' | 'status';
  dir?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

const SORT_COLUMNS: Record<NonNullable<MismatchPageQuery['sort']>, string> = {
  seq: 'seq',
  difference: 'differenceSort',
  absDifference: 'absDifferenceSort',
  fee: 'feeSort',
  consumption: 'consumptionSort',
  category: 'category',
  product: 'product',
  resourceId: 'resourceId',
  component: 'component',
  status: 'status',
};

export function listMismatches(db: Db, q: MismatchPageQuery): { total: number; rows: Mismatch[] } {
  const where = ['month = @month'];
  const params: Record<string, unknown> = { month: q.month };
  const filters: [string, string, string | undefined][] = [
    ['category', 'category', q.category],
    ['product', 'product', q.product],
    ['resourceId', 'resource', q.resource],
    ['status', 'status', q.status],
  ];
  for (const [column, name, value] of filters) {
    if (value === undefined) continue;
    where.push(`${column} = @${name}`);
    params[name] = value;
  }
  const column = SORT_COLUMNS[q.sort ?? 'seq'];
  if (!column) throw new Error(`unknown sort '${String(q.sort)}'`);
  const dir = q.dir === 'desc' ? 'desc' : 'asc';
  const cond = where.join(' and ');
  const total = db.prepare(`select count(*) from mismatch where ${cond}`).pluck().get(params) as number;
  const rows = db
    .prepare(`select * from mismatch where ${cond} order by ${column} ${dir}, seq ${dir} limit @limit offset @offset`)
    .all({ ...params, limit: Math.max(0, Math.floor(q.limit)), offset: Math.max(0, Math.floor(q.offset)) }) as MismatchRow[];
  return { total, rows: rows.map(rowToMismatch) };
}
