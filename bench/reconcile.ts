/**
 * `npm run bench reconcile [ROWS]`: the generated month (bench/fee-month.ts) imported with the
 * real importer, reconciled with `reconcileMonth`, and the same job done by DuckDB reading the
 * same two CSVs — in the same run, so the ratio is measured under the same machine load.
 *
 * Each phase runs in its own child process so that each peak RSS is that phase's own (maxRSS of
 * a process never goes down): import, reconcile of the already imported month, DuckDB.
 *
 * BENCH_RECONCILE_DB=path keeps the imported database there and reuses it on the next run
 * (import is then skipped), for profiling the reconcile step alone:
 *   node --cpu-prof --import tsx bench/reconcile.ts --child reconcile path 2025-03
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureMonthCsvs } from './fee-month.js';
import { peakRssMb } from './peak-rss.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const MONTH = '2025-03';
const TOLERANCE = '0.01';

/** What both engines must agree on: the figures are text so that nothing is compared as a float. */
interface Counts {
  feeLines: number;
  consumptionLines: number;
  feeTotal: string;
  consumptionTotal: string;
  transactions: number;
  rated: string;
  deducted: string;
  precisionDifference: string;
  /** Keys (product, resource, component) on either side. */
  keys: number;
  /** Keys whose fee and consumption sums differ: missing + beyond tolerance + within tolerance. */
  missing: number;
  amountMismatch: number;
  withinTolerance: number;
}

interface PhaseResult {
  seconds: number;
  /** Reconcile only: the whiteboard re-rating source (main/core/rating) timed on its own afterwards. */
  ratingSeconds?: number;
  peakRssMb: number;
  baseRssMb: number;
  counts?: Counts;
  rows?: number;
}

const peakMb = (): number => peakRssMb();

// ---- child phases ---------------------------------------------------------------------------

async function childImport(dbPath: string, fee: string, consumption: string): Promise<PhaseResult> {
  const { importFile } = await import('../main/core/import/index.js');
  const { openDatabase } = await import('../main/core/store/index.js');
  const db = openDatabase(dbPath);
  const base = peakMb();
  const t = performance.now();
  let rows = 0;
  for (const path of [fee, consumption]) rows += (await importFile(db, path)).rows;
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return { seconds, peakRssMb: peakMb(), baseRssMb: base, rows };
}

async function childReconcile(dbPath: string, month: string): Promise<PhaseResult> {
  const { reconcileMonth } = await import('../main/core/reconcile/index.js');
  const { openDatabase } = await import('../main/core/store/index.js');
  const db = openDatabase(dbPath);
  const base = peakMb();
  const t = performance.now();
  const r = reconcileMonth(db, { month, tolerance: TOLERANCE, user: 'bench' });
  const seconds = (performance.now() - t) / 1000;
  const bridgeKeys = r.mismatches.filter((m) => m.against === 'consumption' && m.key.product !== '月度计费精度差异');
  const count = (c: string) => bridgeKeys.filter((m) => m.category === c).length;
  // The re-rating runs inside reconcileMonth; timed again alone to show its share.
  const { ratingMismatches } = await import('../main/core/rating/index.js');
  const tr = performance.now();
  try {
    ratingMismatches(db, month);
  } catch {
    // reconcileMonth turns this into a note; the time is what matters here
  }
  const ratingSeconds = (performance.now() - tr) / 1000;
  // A key is stored once per month for both bills (store/line-writer.ts StoredKeys).
  const keys = db.prepare('select count(*) from bill_key where month = ?').pluck().get(month) as number;
  db.close();
  return {
    seconds,
    ratingSeconds,
    peakRssMb: peakMb(),
    baseRssMb: base,
    counts: {
      feeLines: r.fee.lines,
      consumptionLines: r.consumption.lines,
      feeTotal: r.fee.total,
      consumptionTotal: r.consumption.total,
      transactions: r.precision.transactions,
      rated: r.precision.rated,
      deducted: r.precision.deducted,
      precisionDifference: r.precision.difference,
      keys,
      missing: count('missing'),
      amountMismatch: count('amountMismatch'),
      withinTolerance: count('precision'),
    },
  };
}

/** The reconcile engine's own passes (reconcileMonth with no extra mismatch source: no whiteboard re-rating). */
async function childBridge(dbPath: string, month: string): Promise<PhaseResult> {
  const { reconcileMonth } = await import('../main/core/reconcile/index.js');
  const { openDatabase } = await import('../main/core/store/index.js');
  const db = openDatabase(dbPath);
  const base = peakMb();
  const t = performance.now();
  reconcileMonth(db, { month, tolerance: TOLERANCE, user: 'bench', sources: [] });
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return { seconds, peakRssMb: peakMb(), baseRssMb: base };
}

/**
 * The same job in DuckDB: both CSVs read (UTF-8 with BOM, as fee-month.ts writes them; DuckDB
 * reads them as they are), fee lines grouped by 交易ID in DECIMAL(20,8) and rounded half-up to
 * 2 dp, both sides summed per key and joined, mismatches counted.
 */
async function childDuckdb(fee: string, consumption: string, month: string): Promise<PhaseResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const base = peakMb();
  const t = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const csv = (path: string) => `read_csv(${q(path)}, header = true, all_varchar = true, encoding = 'utf-8')`;
  await con.run(
    `create table fee as select "产品名称" as product, nullif("资源ID", '-') as res, coalesce("组件名称", "组件类型") as comp,
       "交易ID" as tx, cast("优惠后总价" as decimal(20, 8)) as amount
     from ${csv(fee)} where "账单月份" = ${q(month)}`,
  );
  await con.run(
    `create table cons as select "产品名称" as product, nullif("资源ID", '-') as res, coalesce("组件名称", "组件类型") as comp,
       cast("优惠后总价" as decimal(20, 8)) as amount
     from ${csv(consumption)} where "账单月份" = ${q(month)}`,
  );
  // round() on a DECIMAL rounds half away from zero: half-up for the positive and negative alike (SPEC §2).
  const precision = (
    await con.runAndReadAll(
      `select count(*)::integer, sum(rated)::varchar, sum(deducted)::varchar, (sum(deducted) - sum(rated))::varchar
       from (select tx, sum(amount) as rated, round(sum(amount), 2) as deducted from fee
             where tx is not null and tx <> '-' and product <> '月度计费精度差异' group by tx)`,
    )
  ).getRowsJS()[0] as [number, string, string, string];
  const bridge = (
    await con.runAndReadAll(
      `with f as (select product, res, comp, sum(amount) as fee from fee where product <> '月度计费精度差异' group by all),
            c as (select product, res, comp, sum(amount) as cons from cons group by all),
            j as (select f.fee, c.cons, coalesce(f.fee, 0) - coalesce(c.cons, 0) as d
                  from f full outer join c on f.product = c.product and f.res is not distinct from c.res and f.comp is not distinct from c.comp)
       select count(*)::integer,
         count(*) filter (where fee is null or cons is null)::integer,
         count(*) filter (where fee is not null and cons is not null and abs(d) > ${TOLERANCE})::integer,
         count(*) filter (where fee is not null and cons is not null and d <> 0 and abs(d) <= ${TOLERANCE})::integer
       from j`,
    )
  ).getRowsJS()[0] as [number, number, number, number];
  const totals = (
    await con.runAndReadAll(
      `select (select count(*) from fee)::integer, (select count(*) from cons)::integer,
         (select round(sum(amount), 2) from fee)::varchar, (select round(sum(amount), 2) from cons)::varchar`,
    )
  ).getRowsJS()[0] as [number, number, string, string];
  con.closeSync();
  instance.closeSync();
  const seconds = (performance.now() - t) / 1000;
  const fix = (s: string | null, dp: number) => {
    const v = s ?? '0';
    const [i, f = ''] = v.split('.');
    return `${i}.${f.padEnd(dp, '0').slice(0, dp)}`;
  };
  return {
    seconds,
    peakRssMb: peakMb(),
    baseRssMb: base,
    counts: {
      feeLines: totals[0],
      consumptionLines: totals[1],
      feeTotal: fix(totals[2], 2),
      consumptionTotal: fix(totals[3], 2),
      transactions: precision[0],
      rated: fix(precision[1], 8),
      deducted: fix(precision[2], 2),
      precisionDifference: fix(precision[3], 8),
      keys: bridge[0],
      missing: bridge[1],
      amountMismatch: bridge[2],
      withinTolerance: bridge[3],
    },
  };
}

// ---- parent ---------------------------------------------------------------------------------

function runChild(args: string[]): PhaseResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench reconcile: child ${args[0]} failed (exit ${String(r.status)})`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as PhaseResult;
}

/** DuckDB's whole job on the two CSVs, in its own process (the floor bench sets it against SQLite's own costs). */
export function duckdbSeconds(fee: string, consumption: string, month = MONTH): number {
  return runChild(['duckdb', fee, consumption, month]).seconds;
}

/** Import, reconcile, DuckDB; prints the figures, the ratio and whether each target is met. */
export async function benchReconcile(rows = 1_000_000): Promise<void> {
  const { loadavg } = await import('node:os');
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const keep = process.env.BENCH_RECONCILE_DB;
  const dir = keep ? null : mkdtempSync(join(tmpdir(), 'billrecon-bench-reconcile-'));
  const dbPath = keep ?? join(dir!, 'bench.sqlite');
  try {
    let imported: PhaseResult | null = null;
    if (!keep || !existsSync(dbPath)) {
      imported = runChild(['import', dbPath, fee, consumption]);
      console.log(
        `reconcile bench: import ${imported.rows ?? 0} rows in ${imported.seconds.toFixed(2)} s, peak RSS ${imported.peakRssMb} MB`,
      );
    } else {
      console.log(`reconcile bench: reusing the imported month in ${dbPath} (BENCH_RECONCILE_DB)`);
    }
    const bridge = runChild(['bridge', dbPath, MONTH]);
    const ours = runChild(['reconcile', dbPath, MONTH]);
    const duck = runChild(['duckdb', fee, consumption, MONTH]);
    const a = ours.counts!;
    const b = duck.counts!;
    console.log(`reconcile ${MONTH}, ${rows.toLocaleString('en-US')} rows per bill (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    const fields = Object.keys(a) as (keyof Counts)[];
    const w = Math.max(...fields.map((f) => f.length));
    console.log(`  ${''.padEnd(w)}  ${'billrecon'.padStart(20)}  ${'duckdb'.padStart(20)}`);
    for (const f of fields) console.log(`  ${f.padEnd(w)}  ${String(a[f]).padStart(20)}  ${String(b[f]).padStart(20)}${a[f] === b[f] ? '' : '   ← differs'}`);
    const same = fields.every((f) => a[f] === b[f]);
    console.log(`  counts and figures ${same ? 'agree' : 'DIFFER'}`);
    const ratio = ours.seconds / duck.seconds;
    console.log(
      `  reconcile (already imported): ${ours.seconds.toFixed(2)} s, peak RSS ${ours.peakRssMb} MB (process ${ours.baseRssMb} MB before)` +
        `   targets ≤ 1.0 × duckdb ${ours.seconds <= duck.seconds ? 'met' : 'NOT met'}, < 400 MB ${ours.peakRssMb < 400 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `    of which whiteboard re-rating (main/core/rating, run by reconcileMonth): ≈ ${(ours.ratingSeconds ?? 0).toFixed(2)} s;` +
        ` the engine's passes alone: ${bridge.seconds.toFixed(2)} s, peak RSS ${bridge.peakRssMb} MB`,
    );
    console.log(`  duckdb (read both CSVs + same job): ${duck.seconds.toFixed(2)} s, peak RSS ${duck.peakRssMb} MB`);
    console.log(`  ratio reconcile / duckdb: ${ratio.toFixed(2)} (the engine's passes alone: ${(bridge.seconds / duck.seconds).toFixed(2)})`);
    if (imported) {
      const end = imported.seconds + ours.seconds;
      console.log(
        `  import + reconcile end to end: ${end.toFixed(2)} s = ${(end / duck.seconds).toFixed(2)} × duckdb` +
          `   target ≤ 6 × duckdb (${(6 * duck.seconds).toFixed(2)} s) ${end <= 6 * duck.seconds ? 'met' : 'NOT met'};` +
          ` import peak RSS ${imported.peakRssMb} MB ${imported.peakRssMb < 400 ? '' : '(over 400 MB)'}`,
      );
      console.log(`  import + the engine's passes alone: ${(imported.seconds + bridge.seconds).toFixed(2)} s = ${((imported.seconds + bridge.seconds) / duck.seconds).toFixed(2)} × duckdb`);
    }
    if (!same) process.exitCode = 1;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, phase, ...rest] = args as [string, string, ...string[]];
    const out =
      phase === 'import'
        ? await childImport(rest[0]!, rest[1]!, rest[2]!)
        : phase === 'reconcile'
          ? await childReconcile(rest[0]!, rest[1] ?? MONTH)
          : phase === 'bridge'
            ? await childBridge(rest[0]!, rest[1] ?? MONTH)
            : await childDuckdb(rest[0]!, rest[1]!, rest[2] ?? MONTH);
    console.log(JSON.stringify(out));
  } else {
    const n = args.find((a) => /^\d+$/.test(a));
    await benchReconcile(n ? Number(n) : Number(process.env.BENCH_ROWS ?? 1_000_000));
  }
}
