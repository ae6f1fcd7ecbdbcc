// Run: npx tsx scripts/record-golden.ts /tmp/golden   (writes test/fixtures/golden/ from what this checkout computes)
/** Records the reconcile JSON and exports of samples/ and of a 100k bench month with today's code. */
import { mkdirSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../main/cli/main.js';
import { writeFeeMonth, writeConsumptionMonth } from '../bench/fee-month.js';

const out = process.argv[2]!;
const cwd = process.cwd();
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; }, isTTY: false, env: { BILLRECON_USER: 'golden' } as Record<string, string>, cwd };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}
async function job(name: string, files: string[], month: string, rate: boolean) {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = join('/tmp', `golden-${name}.sqlite`);
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const imp = await cli(['import', '--db', db, '--json', ...files]);
  if (imp.code !== 0) throw new Error(imp.err);
  if (rate) { const r = await cli(['rate', 'tiw', '--db', db, '--month', month, '--exchange-rate', 'USD/CNY=7', '--json']); writeFileSync(join(dir, 'rate.json'), r.out); }
  for (const period of ['', 'billing']) {
    const rec = await cli(['reconcile', '--db', db, '--month', month, '--json', ...(period ? ['--period', period] : [])]);
    writeFileSync(join(dir, `reconcile${period ? '-' + period : ''}.json`), rec.out);
  }
  for (const lang of ['zh-CN', 'en']) {
    mkdirSync(join(dir, `csv-${lang}`), { recursive: true });
    const e = await cli(['export', '--db', db, '--month', month, '--lang', lang, '--out', join(dir, `workbook-${lang}.xlsx`), '--csv', join(dir, `csv-${lang}`), '--focus', join(dir, `focus-${lang}.csv`), '--json']);
    if (e.code !== 0) throw new Error(e.err);
  }
  return db;
}
const S = (f: string) => join('samples', f);
const sampleDb = await job('samples', [S('fee-detail-2025-03.gbk.csv'), S('消耗账单-2025-03.csv'), S('消耗账单-资源汇总-2025-03.csv'), S('tiw-transcode-2025-03.json'), S('tiw-recording-2025-03.jsonl'), S('tiw-whiteboard-2025-03.csv')], '2025-03', true);
console.log('samples done', sampleDb);
const benchDir = '/tmp/golden-bench';
mkdirSync(benchDir, { recursive: true });
await writeFeeMonth(join(benchDir, 'fee-detail-100000.csv'), 100_000);
await writeConsumptionMonth(join(benchDir, '消耗账单-100000.csv'), 100_000);
await job('bench-100k', [join(benchDir, 'fee-detail-100000.csv'), join(benchDir, '消耗账单-100000.csv')], '2025-03', false);
console.log('bench done');
// Keep: samples verbatim; bench-100k as its JSON plus digests of every export.
import { digests } from '../test/helpers/golden.js';
const keep = join(cwd, 'test/fixtures/golden');
rmSync(keep, { recursive: true, force: true });
mkdirSync(join(keep, 'samples'), { recursive: true });
const { cpSync } = await import('node:fs');
cpSync(join(out, 'samples'), join(keep, 'samples'), { recursive: true });
const manifest: Record<string, Record<string, string>> = {};
const walk = (d: string, rel = ''): void => {
  for (const f of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, f.name);
    if (f.isDirectory()) walk(p, rel + f.name + '/');
    else if (f.name.endsWith('.json')) copyFileSync(p, join(keep, 'bench-100k-' + f.name));
    else manifest[rel + f.name] = digests(p);
  }
};
walk(join(out, 'bench-100k'));
writeFileSync(join(keep, 'bench-100k-digests.json'), JSON.stringify(manifest, null, 1) + '\n');
