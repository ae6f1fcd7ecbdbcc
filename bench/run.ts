import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchImport } from './import.js';

/** `npm run bench [which…] [ROWS]`: import, reconcile, floor, rating, export, ui, triage, host, hostile-xlsx (all when none given). Prints figures only. */
const which = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
const rowsArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const rows = rowsArg ? Number(rowsArg) : Number(process.env.BENCH_ROWS ?? 1_000_000);
const want = (name: string): boolean => which.length === 0 || which.includes(name);

if (want('import')) await benchImport(rows);

// reconcile, floor, host and export take the row count (their month is bench/fee-month.ts's, like import's); the others build their own.
const BENCHES = [['reconcile', 'benchReconcile'], ['floor', 'benchFloor'], ['rating', 'benchRating'], ['export', 'benchExport'], ['ui', 'benchUi'], ['triage', 'benchTriage'], ['host', 'benchHost'], ['hostile-xlsx', 'benchHostileXlsx']] as const;
const TAKES_ROWS: ReadonlySet<string> = new Set(['reconcile', 'floor', 'host', 'export']);
for (const [name, fn] of BENCHES) {
  if (!want(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`bench ${name}: skipped (bench/${name}.ts not present)`);
    continue;
  }
  const mod = (await import(`./${name}.js`)) as Record<string, unknown>;
  const run = mod[fn];
  if (typeof run !== 'function') {
    console.log(`bench ${name}: skipped (bench/${name}.ts exports no ${fn})`);
    continue;
  }
  if (TAKES_ROWS.has(name)) await (run as (rows: number) => Promise<void>)(rows);
  else await (run as () => Promise<void>)();
}
