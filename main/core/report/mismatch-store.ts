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
export function sortKey(value: string): bigint {
  const t = fixed(money(value), 8);
  const k = BigInt(t.replace('.', ''));
  return k > INT64_MAX ? INT64_MAX : k < -INT64_MAX ? -INT64_MAX : k;
}

export function replaceMonthMismatches(db: Db, month: Month, mismatches: readonly Mismatch[]): void {
  const insert = db.prepare(
    `insert into mismatch (id, month, category, explained, against, product, resourceId, component, keyJson, fee, consumption, difference,
       feeSort, consumptionSort, differenceSort, absDifferenceSort, status, comment, reviewedBy, reviewedAt, reopenedBecause, note,
       feeSources, consumptionSources, seq)
     values (@id, @month, @category, @explained, @against, @product, @resourceId, @component, @keyJson, @fee, @consumption, @difference,
       @feeSort, @consumptionSort, @differenceSort, @absDifferenceSort, @status, @comment, @reviewedBy, @reviewedAt, @reopenedBecause, @note,
       @feeSources, @consumptionSources, @seq)`,
  );
  db.prepare('delete from mismatch where month = ?').run(month);
  mismatches.forEach((m, seq) => {
    const d = sortKey(m.difference);
    insert.run({
      id: m.id,
      month: m.month,
      category: m.category,
      explained: m.explained ? 1 : 0,
      against: m.against,
      product: m.key.product ?? null,
      resourceId: m.key.resourceId ?? null,
      component: m.key.component ?? null,
      keyJson: JSON.stringify(m.key),
      fee: m.fee,
      consumption: m.consumption,
      difference: m.difference,
      feeSort: sortKey(m.fee),
      consumptionSort: sortKey(m.consumption),
      differenceSort: d,
      absDifferenceSort: d < 0n ? -d : d,
      status: m.status,
      comment: m.comment,
      reviewedBy: m.reviewedBy,
      reviewedAt: m.reviewedAt,
      reopenedBecause: m.reopenedBecause,
      note: m.note ?? null,
      feeSources: JSON.stringify(m.feeSources),
      consumptionSources: JSON.stringify(m.consumptionSources),
      seq,
    });
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
