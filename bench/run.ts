import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchImport } from './import.js';

/** `npm run bench [which…]`: import, rating, export, ui (all when none given). Prints figures only. */
const which = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
const rowsArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const rows = rowsArg ? Number(rowsArg) : Number(process.env.BENCH_ROWS ?? 1_000_000);
const want = (name: string): boolean => which.length === 0 || which.includes(name);

if (want('import')) await benchImport(rows);

for (const [name, fn] of [['rating', 'benchRating'], ['export', 'benchExport'], ['ui', 'benchUi']] as const) {
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
  await (run as () => Promise<void>)();
}
