/**
 * The month's mismatches kept in SQLite, so the UI can page, filter and sort a million of them
 * without loading them: each filter and sort has an index that starts with the month.
 */
import { fixed, money } from '../money/decimal.js';
import { parseUnits } from '../money/units.js';
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
  const k = parseUnits(EIGHT_DP.test(value) ? value : fixed(money(value), 8))!;
  return k > INT64_MAX ? INT64_MAX : k < -INT64_MAX ? -INT64_MAX : k;
}

export function replaceMonthMismatches(db: Db, month: Month, mismatches: readonly Mismatch[]): void {
  // Positional parameters: a month can hold a quarter of a million mismatches (every key missing).
  const insert = db.prepare(
    `insert into mismatch (id, month, category, explained, against, product, resourceId, component, keyJson, fee, consumption, difference,
       feeSort, consumptionSort, differenceSort, absDifferenceSort, status, comment, reviewedBy, reviewedAt, reopenedBecause, note,
       feeSources, consumptionSources, seq, owners, projects, tags)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      // The key columns as the list shows them, so a sort or filter goes by what is on screen: a
      // re-rating mismatch names an item and a day where the bridge's name a resource and a component.
      m.key.resourceId ?? m.key.item ?? null,
      m.key.component ?? m.key.date ?? null,
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
      scopeColumn(m.scope?.owners),
      scopeColumn(m.scope?.projects),
      scopeColumn(m.scope?.tags),
    );
  });
}

/** A scope column (migration 10): each value between U+0001 separators, so instr() finds a whole value; NULL for none. */
const SCOPE_SEP = '\u0001';
function scopeColumn(values: readonly string[] | undefined): string | null {
  return values && values.length > 0 ? SCOPE_SEP + values.join(SCOPE_SEP) + SCOPE_SEP : null;
}
function scopeValues(column: string | null | undefined): string[] {
  return column ? column.slice(1, -1).split(SCOPE_SEP) : [];
}

/** The member accounts, projects and tag values ("key=value") the scope filters of a month offer. */
export interface ScopeFacets {
  owners: string[];
  projects: string[];
  tags: string[];
}

/** Text order, a tag's untagged "key=" after its values; at most `max`. */
function facetOrder(values: Iterable<string>, max: number): string[] {
  const untagged = (v: string) => Number(v.endsWith('='));
  return [...new Set(values)].sort((a, b) => untagged(a) - untagged(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, max);
}

/**
 * The values the month's mismatches carry, computed by reconcile as it writes them and kept in
 * the month report: scanning a million stored mismatches three times took seconds per screen.
 */
export function facetsOfMismatches(list: readonly Pick<Mismatch, 'scope'>[], max = 500): ScopeFacets {
  const owners = new Set<string>();
  const projects = new Set<string>();
  const tags = new Set<string>();
  for (const m of list) {
    if (!m.scope) continue;
    for (const v of m.scope.owners) owners.add(v);
    for (const v of m.scope.projects) projects.add(v);
    for (const v of m.scope.tags) tags.add(v);
  }
  return { owners: facetOrder(owners, max), projects: facetOrder(projects, max), tags: facetOrder(tags, max) };
}

/** The same read from the stored mismatches: for a report kept from before reconcile recorded them (a frozen month). */
export function scopeFacets(db: Db, month: Month, max = 500): ScopeFacets {
  const values = (column: 'owners' | 'projects' | 'tags') => {
    const cells = db.prepare(`select distinct ${column} from mismatch where month = ? and ${column} is not null`).pluck().all(month) as string[];
    return facetOrder(cells.flatMap(scopeValues), max);
  };
  return { owners: values('owners'), projects: values('projects'), tags: values('tags') };
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
  owners?: string | null;
  projects?: string | null;
  tags?: string | null;
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
    ...(r.owners || r.projects || r.tags ? { scope: { owners: scopeValues(r.owners), projects: scopeValues(r.projects), tags: scopeValues(r.tags) } } : {}),
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
  /** Group accounts: rows whose key's lines carry this owner (使用者UIN), project or tag "key=value". */
  owner?: string;
  project?: string;
  tag?: string;
  sort?: 'seq' | 'difference' | 'absDifference' | 'fee' | 'consumption' | 'category' | 'product' | 'resourceId' | 'component' | 'status' | 'comment';
  dir?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * A row without a comment sorts after every comment (ascending; first descending): the first
 * click on the column shows the comments, not the month's uncommented rows. Written exactly as
 * migration 7's index mismatch_month_commented holds it.
 */
const NO_COMMENT = '(comment is null)';

/**
 * Each sort's ORDER BY terms, in the asked direction ('-' first: the other way), ending in a
 * tie-break the index already holds: the text columns' indexes end in seq; the figure and comment
 * indexes in the rowid only (every index does), which within a month runs in seq order as
 * replaceMonthMismatches inserts. A term the index does not hold would make SQLite sort the whole
 * month for one page. Status sorts as the list words it: an open row of an explained category
 * ("explained by rule") after the reviewed ones and before the open unexplained ones.
 */
const SORT_ORDERS: Record<NonNullable<MismatchPageQuery['sort']>, readonly string[]> = {
  seq: ['seq'],
  difference: ['differenceSort', 'rowid'],
  absDifference: ['absDifferenceSort', 'rowid'],
  fee: ['feeSort', 'rowid'],
  consumption: ['consumptionSort', 'rowid'],
  category: ['category', 'seq'],
  product: ['product', 'seq'],
  resourceId: ['resourceId', 'seq'],
  component: ['component', 'seq'],
  status: ['status', '-explained', 'seq'],
  comment: [NO_COMMENT, 'comment', 'rowid'],
};

/** The query's filters as SQL over the month (named parameters). */
function filterSql(q: Omit<MismatchPageQuery, 'offset' | 'limit'>): { cond: string; params: Record<string, unknown> } {
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
  // Scope filters read the month's rows (no index: a month's scoped list is a reading, not a page of a million).
  for (const [column, value] of [['owners', q.owner], ['projects', q.project], ['tags', q.tag]] as const) {
    if (value === undefined) continue;
    where.push(`instr(${column}, @${column}) > 0`);
    params[column] = SCOPE_SEP + value + SCOPE_SEP;
  }
  return { cond: where.join(' and '), params };
}

const pageParams = (q: MismatchPageQuery) => ({ limit: Math.max(0, Math.floor(q.limit)), offset: Math.max(0, Math.floor(q.offset)) });

/**
 * Whether a row waits for the accountant: unexplained and not yet reviewed. Written exactly as
 * migration 7's index mismatch_month_triage holds it (SQLite uses an index on an expression only
 * for the same expression), so the triage order's two segments are each one index range.
 */
const OPEN_UNEXPLAINED = `(explained = 0 and status = 'open')`;

/** The month report's rows per category (ReconcileReport.categories): counted once, when the list was stored. */
export interface StoredCategoryCount {
  category: MismatchCategory;
  explained: boolean;
  count: number;
}

interface ReviewedCount {
  explained: number;
  category: MismatchCategory;
  status: ReviewStatus;
  n: number;
}

/**
 * Rows a review took out of "open", per side, category and status: few (each is a person's
 * mark), read from migration 7's partial index mismatch_month_reviewed alone (it holds only
 * reviewed rows, so its WHERE is repeated here word for word: SQLite uses it only when the query
 * implies it).
 */
function reviewedCounts(db: Db, month: Month): ReviewedCount[] {
  return db
    .prepare(`select explained, category, status, count(*) as n from mismatch where month = ? and status <> 'open' group by explained, category, status`)
    .all(month) as ReviewedCount[];
}

/** Open unexplained rows per category: the report's count less the rows reviewed since. */
export function openUnexplainedCounts(db: Db, month: Month, categories: readonly StoredCategoryCount[]): Map<MismatchCategory, number> {
  const out = new Map<MismatchCategory, number>();
  for (const c of categories) if (!c.explained) out.set(c.category, (out.get(c.category) ?? 0) + c.count);
  for (const r of reviewedCounts(db, month)) if (r.explained === 0) out.set(r.category, (out.get(r.category) ?? 0) - r.n);
  return out;
}

/**
 * How many rows the query lists, and how many of them are open unexplained (the first part in
 * triage order). From the report's categories less the reviewed rows when the filters are the
 * month, a category or a status; a product or resource filter counts its rows.
 */
function listSizes(db: Db, q: MismatchPageQuery, categories: readonly StoredCategoryCount[] | undefined): { total: number; first: () => number } {
  const { cond, params } = filterSql(q);
  const scoped = q.owner !== undefined || q.project !== undefined || q.tag !== undefined;
  if (!categories || q.product !== undefined || q.resource !== undefined || scoped) {
    const count = (c: string) => db.prepare(`select count(*) from mismatch where ${c}`).pluck().get(params) as number;
    return { total: count(cond), first: () => (q.status === undefined || q.status === 'open' ? count(`${cond} and ${OPEN_UNEXPLAINED} = 1`) : 0) };
  }
  const inCategory = <T extends { category: MismatchCategory }>(x: T) => q.category === undefined || x.category === q.category;
  const reviewed = reviewedCounts(db, q.month).filter(inCategory);
  const stored = (explained: boolean) => categories.filter((c) => inCategory(c) && c.explained === explained).reduce((n, c) => n + c.count, 0);
  const reviewedOf = (explained: boolean) => reviewed.filter((r) => r.explained === (explained ? 1 : 0)).reduce((n, r) => n + r.n, 0);
  const openUnexplained = stored(false) - reviewedOf(false);
  if (q.status === undefined) return { total: stored(false) + stored(true), first: () => openUnexplained };
  if (q.status === 'open') return { total: openUnexplained + stored(true) - reviewedOf(true), first: () => openUnexplained };
  return { total: reviewed.filter((r) => r.status === q.status).reduce((n, r) => n + r.n, 0), first: () => 0 };
}

/**
 * A page of the month's mismatches in one column's order. `categories`, the month report's
 * (stored with the list), give the total without counting the rows; without them they are counted.
 */
export function listMismatches(db: Db, q: MismatchPageQuery, categories?: readonly StoredCategoryCount[]): { total: number; rows: Mismatch[] } {
  const terms = SORT_ORDERS[q.sort ?? 'seq'];
  if (!terms) throw new Error(`unknown sort '${String(q.sort)}'`);
  const dir = q.dir === 'desc' ? 'desc' : 'asc';
  const { cond, params } = filterSql(q);
  const { total } = listSizes(db, q, categories);
  const other = dir === 'asc' ? 'desc' : 'asc';
  const order = terms.map((t) => (t.startsWith('-') ? `${t.slice(1)} ${other}` : `${t} ${dir}`)).join(', ');
  const rows = db.prepare(`select * from mismatch where ${cond} order by ${order} limit @limit offset @offset`).all({ ...params, ...pageParams(q) }) as MismatchRow[];
  return { total, rows: rows.map(rowToMismatch) };
}

/**
 * Triage order: open unexplained mismatches first, then the rest, each largest |difference|
 * first, ties in list order (desc reverses the whole order). Each segment is one range of
 * mismatch_month_triage read in index order, so a page of a million rows sorts nothing.
 * `categories` are the month report's (for the counts); without them the rows are counted.
 */
export function listTriage(db: Db, q: MismatchPageQuery, categories?: readonly StoredCategoryCount[]): { total: number; rows: Mismatch[] } {
  const { cond, params } = filterSql(q);
  const sizes = listSizes(db, q, categories);
  const total = sizes.total;
  const first = sizes.first();
  const asc = q.dir !== 'desc';
  const segments = [
    { open: 1, size: first },
    { open: 0, size: total - first },
  ];
  if (!asc) segments.reverse();
  const order = asc ? 'absDifferenceSort desc, rowid asc' : 'absDifferenceSort asc, rowid desc';
  const { limit } = pageParams(q);
  const rows: Mismatch[] = [];
  let offset = pageParams(q).offset;
  for (const seg of segments) {
    if (rows.length >= limit) break;
    if (offset >= seg.size) {
      offset -= seg.size;
      continue;
    }
    const page = db
      .prepare(`select * from mismatch where ${cond} and ${OPEN_UNEXPLAINED} = @open order by ${order} limit @limit offset @offset`)
      .all({ ...params, open: seg.open, limit: limit - rows.length, offset }) as MismatchRow[];
    rows.push(...page.map(rowToMismatch));
    offset = 0;
  }
  return { total, rows };
}
