import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mismatch } from '../main/core/report/mismatch.js';
import { facetsOfMismatches, listMismatches, listTriage, openUnexplainedCounts, replaceMonthMismatches, type MismatchPageQuery } from '../main/core/report/mismatch-store.js';
import { currentInputs, writeMonthReport } from '../main/core/reconcile/month-report.js';
import type { ReconcileReport } from '../main/core/reconcile/types.js';
import { openDatabase, type Db } from '../main/core/store/index.js';
import { categoryCounts, syntheticMismatches } from '../test/helpers/mismatches.js';

/**
 * The mismatch table's queries on a month with 1,000,000 stored mismatches (one in 200 reviewed,
 * many equal differences), straight on the store as the host answers the screen: the first page
 * in triage order (the screen's default), the other way, deep pages, every column both ways, and
 * the open counts the month overview shows. Each figure is the median of 5 runs. Prints figures.
 */

const PAGE = 200;

/** The month's stored report: what the screens read beside the list (categories, count). */
function storeReport(db: Db, month: string, list: Mismatch[]): void {
  const zero = '0.00';
  const bridge = { prepaidTiming: zero, crossMonth: zero, precision: zero, refunds: zero, missing: zero, amountMismatch: zero, explained: zero, unexplained: zero };
  const report: ReconcileReport = {
    month,
    keys: ['month', 'product', 'resourceId', 'component'],
    tolerance: '0.01',
    period: 'deduction',
    fee: { total: zero, lines: 0 },
    consumption: { total: zero, lines: 0 },
    precision: { transactions: 0, rated: '0.00000000', deducted: zero, difference: '0.00000000', billed: null, agrees: null, aggregatedLines: 0, pseudoLines: 0 },
    lineChecks: { checked: 0, failed: 0 },
    bridgeExact: bridge,
    bridge,
    mismatches: list,
    scopeFacets: facetsOfMismatches(list),
    duplicates: [],
    notes: [`bench data: ${list.length.toLocaleString('en')} synthetic mismatches`],
    openUnexplained: list.filter((m) => !m.explained && m.status === 'open').length,
    categories: categoryCounts(list).map((c) => ({ ...c, difference: '0.00000000' })),
    currency: 'CNY',
  };
  writeMonthReport(db, report, currentInputs(db, month, null));
}

/** A month of `rows` synthetic mismatches stored with its report, as reconcileMonth leaves it. */
export function seedMismatchMonth(db: Db, month: string, rows: number): Mismatch[] {
  const list = [...syntheticMismatches({ month, rows, reviewedEvery: 200, spread: 50_000 })];
  db.transaction(() => {
    replaceMonthMismatches(db, month, list);
    storeReport(db, month, list);
  })();
  return list;
}

function median(work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2]!;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function benchTriage(rows = Number(process.env.BENCH_TRIAGE_ROWS ?? 1_000_000)): Promise<void> {
  const month = '2099-02';
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-triage-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const t0 = performance.now();
    const list = seedMismatchMonth(db, month, rows);
    const seeded = performance.now() - t0;
    const categories = categoryCounts(list);
    const open = list.filter((m) => !m.explained && m.status === 'open').length;
    const triage = (q: Partial<MismatchPageQuery>, withCounts = true) => () => listTriage(db, { month, offset: 0, limit: PAGE, ...q }, withCounts ? categories : undefined);
    // The machine is shared: the load says how far the figures are from an idle run.
    const load = loadavg()[0]!.toFixed(1);
    console.log(`triage: ${rows.toLocaleString('en')} mismatches in ${month} (${open.toLocaleString('en')} open unexplained), stored with their indexes in ${(seeded / 1000).toFixed(1)} s; load average ${load}`);
    console.log(`  first page (${PAGE} rows), triage order: ${ms(median(triage({})))}; the other way: ${ms(median(triage({ dir: 'desc' })))}`);
    console.log(
      `  page at row 500,000: ${ms(median(triage({ offset: 500_000 })))}; page across the two segments (row ${open.toLocaleString('en')}): ${ms(median(triage({ offset: open - PAGE / 2 })))}`,
    );
    console.log(`  first page with the rows counted instead of the report's counts: ${ms(median(triage({}, false)))}; category = missing: ${ms(median(triage({ category: 'missing' })))}`);
    const sorts: NonNullable<MismatchPageQuery['sort']>[] = ['absDifference', 'difference', 'fee', 'consumption', 'category', 'product', 'resourceId', 'component', 'status', 'comment'];
    const columnTimes = sorts.flatMap((sort) => (['asc', 'desc'] as const).map((d) => ({ sort, d, t: median(() => listMismatches(db, { month, sort, dir: d, offset: 0, limit: PAGE }, categories)) })));
    const slowest = columnTimes.reduce((a, b) => (b.t > a.t ? b : a));
    const fastest = columnTimes.reduce((a, b) => (b.t < a.t ? b : a));
    console.log(`  first page of each column, both ways (${columnTimes.length} orders): ${ms(fastest.t)} (${fastest.sort} ${fastest.d}) to ${ms(slowest.t)} (${slowest.sort} ${slowest.d})`);
    console.log(`  open unexplained per category for the month overview: ${ms(median(() => openUnexplainedCounts(db, month, categories)))}`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] && /bench\/triage\.[cm]?[jt]s$/.test(process.argv[1].replace(/\\/g, '/'));
if (invoked) void benchTriage();
