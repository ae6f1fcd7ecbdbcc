import { describe, expect, it, onTestFinished } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { writeConsumptionMonth, writeFeeMonth } from '../../bench/fee-month.js';
import { captureIo } from '../helpers/cli.js';
import { comparable, digests } from '../helpers/golden.js';

/**
 * Issue 10 point 7: the one-engine rewrite gives the same answers as the five-engine one did.
 * test/fixtures/golden/ holds what the old engine printed and wrote for the sample month and for
 * a 100,000-line bench month (test/fixtures/golden/README.md); today's CLI must match it, run
 * names (times) masked.
 */
const ROOT = join(__dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(ROOT, { BILLRECON_USER: 'golden' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** import, (rate), reconcile twice, export in both languages: what scripts/record-golden.ts did. */
async function run(files: string[], out: string, rate: boolean): Promise<void> {
  const db = join(out, 'db.sqlite');
  const imp = await cli(['import', '--db', db, '--json', ...files]);
  expect(imp.err).toBe('');
  if (rate) await cli(['rate', 'tiw', '--db', db, '--month', '2025-03', '--exchange-rate', 'USD/CNY=7', '--json']);
  for (const period of ['', 'billing']) {
    const r = await cli(['reconcile', '--db', db, '--month', '2025-03', '--json', ...(period ? ['--period', period] : [])]);
    expect(r.err).toBe('');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(out, `reconcile${period ? '-' + period : ''}.json`), r.out);
  }
  for (const lang of ['zh-CN', 'en']) {
    mkdirSync(join(out, `csv-${lang}`));
    const e = await cli(['export', '--db', db, '--month', '2025-03', '--lang', lang, '--out', join(out, `workbook-${lang}.xlsx`), '--csv', join(out, `csv-${lang}`), '--focus', join(out, `focus-${lang}.csv`)]);
    expect(e.err).toBe('');
  }
}

function outputs(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((f) => (statSync(join(dir, rel, f)).isDirectory() ? outputs(dir, join(rel, f)) : [join(rel, f)]));
}

describe('the one engine gives the old engine’s answers (issue 10, point 7)', () => {
  it('on the sample month: reconcile JSON, workbooks, CSVs and FOCUS', async () => {
    const out = mkdtempSync(join(tmpdir(), 'golden-samples-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const S = (f: string) => join('samples', f);
    await run([S('fee-detail-2025-03.gbk.csv'), S('消耗账单-2025-03.csv'), S('消耗账单-资源汇总-2025-03.csv'), S('tiw-transcode-2025-03.json'), S('tiw-recording-2025-03.jsonl'), S('tiw-whiteboard-2025-03.csv')], out, true);
    const expected = outputs(join(GOLDEN, 'samples')).filter((f) => f !== 'rate.json');
    expect(expected.length).toBe(10);
    for (const f of expected) {
      expect({ file: f, parts: Object.fromEntries(comparable(join(out, f))) }).toEqual({ file: f, parts: Object.fromEntries(comparable(join(GOLDEN, 'samples', f))) });
    }
  });

  it('on a 100,000-line bench month: the same JSON and the same digests of every export', async () => {
    const bench = '/tmp/golden-bench';
    mkdirSync(bench, { recursive: true });
    const fee = join(bench, 'fee-detail-100000.csv');
    const cons = join(bench, '消耗账单-100000.csv');
    await writeFeeMonth(fee, 100_000);
    await writeConsumptionMonth(cons, 100_000);
    const out = mkdtempSync(join(tmpdir(), 'golden-bench-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    await run([fee, cons], out, false);
    for (const f of ['reconcile.json', 'reconcile-billing.json']) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(GOLDEN, `bench-100k-${f}`), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(GOLDEN, 'bench-100k-digests.json'), 'utf8')) as Record<string, Record<string, string>>;
    for (const [f, parts] of Object.entries(manifest)) expect({ file: f, parts: digests(join(out, f)) }).toEqual({ file: f, parts });
  }, 300_000);
});
