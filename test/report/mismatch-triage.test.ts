/**
 * The mismatch table's orders, paged from SQLite: triage (open unexplained rows first, largest
 * |difference| on top, ties in list order; desc the whole order reversed) and every column both
 * ways, checked row for row against the same order computed in JS over 20,000 stored mismatches
 * with reviews, comments and many equal differences. Each page is read in index order (no
 * temporary B-tree sorts the month), the triage counts come from the report's categories less
 * the reviews, and a database of the previous schema gains the indexes on opening.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Mismatch } from '../../main/core/report/mismatch.js';
import { listMismatches, listTriage, openUnexplainedCounts, replaceMonthMismatches, type MismatchPageQuery } from '../../main/core/report/mismatch-store.js';
import { openDatabase, type Db } from '../../main/core/store/index.js';
import { MIGRATIONS } from '../../main/core/store/migrations/index.js';
import { migration007 } from '../../main/core/store/migrations/007-mismatch-triage.js';
import { tempDir } from '../helpers/db.js';
import { categoryCounts, syntheticMismatches } from '../helpers/mismatches.js';

const MONTH = '2025-05';
const ROWS = 20_000;

let db: Db;
let list: Mismatch[];

beforeAll(() => {
  db = openDatabase(join(tempDir('billrecon-triage-'), 'test.sqlite'));
  list = [...syntheticMismatches({ month: MONTH, rows: ROWS, reviewedEvery: 40, spread: 700 })];
  db.transaction(() => {
    replaceMonthMismatches(db, MONTH, list);
    // Another month around it: the month is always the first index column.
    replaceMonthMismatches(db, '2025-04', [...syntheticMismatches({ month: '2025-04', rows: 500, seed: 7 })]);
  })();
});

const abs = (m: Mismatch) => BigInt(m.difference.replace('-', '').replace('.', ''));
const openUnexplained = (m: Mismatch) => !m.explained && m.status === 'open';
const cmp = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

type Filters = Pick<MismatchPageQuery, 'category' | 'product' | 'status'>;
const matches = (f: Filters) => (m: Mismatch) =>
  (f.category === undefined || m.category === f.category) && (f.product === undefined || m.key.product === f.product) && (f.status === undefined || m.status === f.status);

/** The triage order in JS: list order (seq) is the tie-break, the whole order reversed for desc. */
function triageRef(f: Filters, dir: 'asc' | 'desc'): string[] {
  const seq = new Map(list.map((m, i) => [m.id, i]));
  const sorted = list.filter(matches(f)).sort((a, b) => cmp(Number(openUnexplained(b)), Number(openUnexplained(a))) || cmp(abs(b), abs(a)) || cmp(seq.get(a.id)!, seq.get(b.id)!));
  return (dir === 'asc' ? sorted : sorted.reverse()).map((m) => m.id);
}

const FILTERS: Filters[] = [{}, { category: 'missing' }, { category: 'precision' }, { status: 'open' }, { status: 'accepted' }, { product: '云硬盘CBS' }, { category: 'rating', status: 'open' }];

describe('triage order', () => {
  it('pages match the order computed in JS, across the boundary of the two segments, both ways, with and without the report counts', () => {
    const categories = categoryCounts(list);
    for (const f of FILTERS) {
      for (const dir of ['asc', 'desc'] as const) {
        const want = triageRef(f, dir);
        const first = list.filter(matches(f)).filter(openUnexplained).length;
        const boundary = dir === 'asc' ? first : want.length - first;
        for (const offset of [0, 137, Math.max(0, boundary - 20), want.length - 15]) {
          const q = { month: MONTH, ...f, dir, offset, limit: 50 };
          const counted = listTriage(db, q);
          const fromReport = listTriage(db, q, categories);
          const label = `${JSON.stringify(f)} ${dir} @${offset}`;
          expect(counted.total, label).toBe(want.length);
          expect(fromReport.total, label).toBe(want.length);
          expect(counted.rows.map((m) => m.id), label).toEqual(want.slice(offset, offset + 50));
          expect(fromReport.rows.map((m) => m.id), label).toEqual(want.slice(offset, offset + 50));
        }
      }
    }
  });

  it('counts open rows from the report less the reviews: a review moves a row to the second segment at once', () => {
    const categories = categoryCounts(list);
    const target = list.find((m) => m.category === 'missing' && m.status === 'open')!;
    const open = (ms: Mismatch[]) => ms.filter((m) => openUnexplained(m)).length;
    const before = openUnexplainedCounts(db, MONTH, categories);
    expect(before.get('missing')).toBe(open(list.filter((m) => m.category === 'missing')));
    expect([...before.values()].reduce((a, b) => a + b, 0)).toBe(open(list));
    // As review.ts marks a row: the stored list changes, the report's categories do not.
    db.prepare(`update mismatch set status = 'accepted' where id = ?`).run(target.id);
    try {
      expect(openUnexplainedCounts(db, MONTH, categories).get('missing')).toBe(before.get('missing')! - 1);
      const page = listTriage(db, { month: MONTH, offset: 0, limit: ROWS }, categories);
      const firstSegment = page.rows.filter((m) => openUnexplained(m)).length;
      expect(page.rows.slice(0, firstSegment).every(openUnexplained)).toBe(true);
      expect(page.rows.slice(firstSegment).some(openUnexplained)).toBe(false);
      expect(page.rows.findIndex((m) => m.id === target.id)).toBeGreaterThanOrEqual(firstSegment);
    } finally {
      db.prepare(`update mismatch set status = 'open' where id = ?`).run(target.id);
    }
  });
});

const SORTS: { sort: NonNullable<MismatchPageQuery['sort']>; key: (m: Mismatch) => string | bigint | null; nullsLast?: boolean }[] = [
  { sort: 'difference', key: (m) => BigInt(m.difference.replace('.', '')) },
  { sort: 'absDifference', key: abs },
  { sort: 'fee', key: (m) => BigInt(m.fee.replace('.', '')) },
  { sort: 'consumption', key: (m) => BigInt(m.consumption.replace('.', '')) },
  { sort: 'category', key: (m) => m.category },
  { sort: 'product', key: (m) => m.key.product ?? null },
  // What the list shows in these columns: a re-rating row's item and day.
  { sort: 'resourceId', key: (m) => m.key.resourceId ?? m.key.item ?? null },
  { sort: 'component', key: (m) => m.key.component ?? m.key.date ?? null },
  // As the list words it: an open row of an explained category ("explained by rule") before the
  // open unexplained ones; the reviewed likewise (both shown as their review status).
  { sort: 'status', key: (m) => `${m.status}|${m.explained ? 0 : 1}` },
  { sort: 'comment', key: (m) => m.comment, nullsLast: true },
];

describe('every column both ways', () => {
  it('totals from the report equal the rows counted, for every filter the report can answer and the others', () => {
    const categories = categoryCounts(list);
    for (const f of [...FILTERS, { status: 'explained' as const }, { category: 'missing' as const, status: 'accepted' as const }]) {
      const want = list.filter(matches(f)).length;
      expect(listMismatches(db, { month: MONTH, ...f, sort: 'fee', offset: 0, limit: 1 }, categories).total, JSON.stringify(f)).toBe(want);
      expect(listMismatches(db, { month: MONTH, ...f, sort: 'fee', offset: 0, limit: 1 }).total, JSON.stringify(f)).toBe(want);
    }
  });

  it('each sort is the column order (none first ascending; no comment last), ties in list order the same way', () => {
    for (const { sort, key, nullsLast } of SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const none = nullsLast ? 1 : -1;
        const byKey = (a: Mismatch, b: Mismatch) => {
          const [x, y] = [key(a), key(b)];
          return x === y ? 0 : x === null ? none : y === null ? -none : cmp(x, y);
        };
        const sorted = list.map((m, seq) => ({ m, seq })).sort((a, b) => byKey(a.m, b.m) || a.seq - b.seq);
        const want = (dir === 'asc' ? sorted : sorted.reverse()).map((x) => x.m.id);
        for (const offset of [0, 9_950]) {
          const page = listMismatches(db, { month: MONTH, sort, dir, offset, limit: 100 }, categoryCounts(list));
          expect(page.rows.map((m) => m.id), `${sort} ${dir} @${offset}`).toEqual(want.slice(offset, offset + 100));
          expect(page.total).toBe(ROWS);
        }
      }
    }
  });
});

interface Issued {
  sql: string;
  args: unknown[];
}

/** Every statement the store prepares while `work` runs, with what it was run with. */
function statementsOf(d: Db, work: () => void): Issued[] {
  const issued: Issued[] = [];
  const prepare = d.prepare.bind(d);
  const spy = (sql: string) => {
    const stmt = prepare(sql);
    return new Proxy(stmt, {
      get(target, name, receiver) {
        const v = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'all' && name !== 'get') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        return (...args: unknown[]) => {
          issued.push({ sql, args });
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };
  Object.defineProperty(d, 'prepare', { value: spy, configurable: true });
  try {
    work();
  } finally {
    Reflect.deleteProperty(d, 'prepare');
  }
  return issued;
}

function plan(d: Db, s: Issued): string {
  return (d.prepare(`explain query plan ${s.sql}`).all(...(s.args as [])) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('query plans: no page sorts the month', () => {
  it('triage pages read mismatch_month_triage in order; with report counts only the reviewed rows are counted, from their own index', () => {
    const categories = categoryCounts(list);
    const issued = statementsOf(db, () => {
      for (const dir of ['asc', 'desc'] as const) for (const offset of [0, 15_000]) listTriage(db, { month: MONTH, dir, offset, limit: 200 }, categories);
      listTriage(db, { month: MONTH, category: 'missing', offset: 0, limit: 200 }, categories);
      openUnexplainedCounts(db, MONTH, categories);
    });
    const pages = issued.filter((s) => s.sql.startsWith('select *'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const s of pages) expect(plan(db, s), s.sql).toMatch(/USING INDEX mismatch_month_triage \(month=\? AND <expr>=\?\)$/);
    const counts = issued.filter((s) => !s.sql.startsWith('select *'));
    expect(counts.length).toBeGreaterThan(0);
    for (const s of counts) {
      expect(s.sql, 'the counts of the reviewed rows only').toMatch(/status <> 'open'/);
      expect(plan(db, s), s.sql).toBe('SEARCH mismatch USING COVERING INDEX mismatch_month_reviewed (month=?)');
    }
  });

  it('every column sort, both ways, reads its index in order', () => {
    const issued = statementsOf(db, () => {
      for (const { sort } of SORTS) for (const dir of ['asc', 'desc'] as const) listMismatches(db, { month: MONTH, sort, dir, offset: 0, limit: 200 }, categoryCounts(list));
    });
    const pages = issued.filter((s) => s.sql.startsWith('select *'));
    expect(pages).toHaveLength(SORTS.length * 2);
    for (const s of pages) expect(plan(db, s), s.sql).not.toMatch(/TEMP B-TREE|SCAN/);
    expect(issued.filter((s) => s.sql.includes('count(*)') && !s.sql.includes(`status <> 'open'`)), 'no statement counts the month').toEqual([]);
  });
});

/**
 * Today's store writes columns later migrations added: the rows are written to a current database
 * and the old schema's columns copied across, as that release would have stored them.
 */
function storeInOldSchema(old: Db, rows: Mismatch[]): void {
  const currentPath = join(tempDir('billrecon-triage-cur-'), 'current.sqlite');
  const current = openDatabase(currentPath);
  replaceMonthMismatches(current, MONTH, rows);
  current.close();
  const cols = (old.prepare(`select name from pragma_table_info('mismatch')`).pluck().all() as string[]).map((c) => `"${c}"`).join(', ');
  old.prepare('attach database ? as current').run(currentPath);
  old.exec(`insert into main.mismatch (${cols}) select ${cols} from current.mismatch`);
  old.exec('detach database current');
}

describe('upgrade', () => {
  let old: Db | undefined;
  afterEach(() => old?.close());

  it('a database of the schema before migration 7 gains the triage, reviewed, comment and shown-status indexes on opening, its pages unchanged', () => {
    const at = MIGRATIONS.indexOf(migration007);
    expect(at).toBeGreaterThan(0);
    const path = join(tempDir('billrecon-triage-up-'), 'old.sqlite');
    old = openDatabase(path, { migrations: MIGRATIONS.slice(0, at) });
    const rows = [...syntheticMismatches({ month: MONTH, rows: 2_000, reviewedEvery: 10, seed: 3 })];
    storeInOldSchema(old, rows);
    const indexes = (d: Db) => d.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'mismatch' and name in ('mismatch_month_triage', 'mismatch_month_reviewed', 'mismatch_month_commented', 'mismatch_month_status_shown')`).pluck().all();
    expect(indexes(old)).toEqual([]);
    const before = listTriage(old, { month: MONTH, offset: 0, limit: 2_000 }).rows.map((m) => m.id);
    old.close();
    old = openDatabase(path);
    expect(old.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect((indexes(old) as string[]).sort()).toEqual(['mismatch_month_commented', 'mismatch_month_reviewed', 'mismatch_month_status_shown', 'mismatch_month_triage']);
    expect(listTriage(old, { month: MONTH, offset: 0, limit: 2_000 }, categoryCounts(rows)).rows.map((m) => m.id)).toEqual(before);
  });
});
