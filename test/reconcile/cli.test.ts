import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import type { CliIO } from '../../main/cli/command.js';
import { openDatabase } from '../../main/core/store/index.js';
import { tempDir } from '../helpers/db.js';
import { addImport, cons, fee } from './helpers.js';
import { buildMay } from './month.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env, cwd: process.cwd() };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

function mayDb(): string {
  const path = join(tempDir(), 'b.sqlite');
  const db = openDatabase(path);
  buildMay(db);
  db.close();
  return path;
}

const TWO = /^-?\d+\.\d{2}$/;
const EIGHT = /^-?\d+\.\d{8}$/;

describe('billrecon reconcile', () => {
  it('--json prints the contract object and exits 1 while something is unexplained', async () => {
    const db = mayDb();
    const o = io();
    expect(await runCli(['reconcile', '--month', '2025-05', '--db', db, '--json'], o.cli)).toBe(1);
    const j = JSON.parse(o.out()) as Record<string, unknown> & {
      fee: { total: string; lines: number };
      consumption: { total: string; lines: number };
      precision: Record<string, unknown>;
      bridge: Record<string, string>;
      mismatches: Record<string, unknown>[];
    };
    expect(Object.keys(j).slice(0, 10)).toEqual(['month', 'keys', 'tolerance', 'period', 'fee', 'consumption', 'precision', 'lineChecks', 'bridge', 'mismatches']);
    expect(j).toMatchObject({ month: '2025-05', keys: ['month', 'product', 'resourceId', 'component'], tolerance: '0.01', period: 'deduction' });
    expect(j.fee).toEqual({ total: '287.76', lines: 38 });
    expect(j.consumption).toEqual({ total: '-20.40', lines: 37 });
    expect(j.precision).toMatchObject({ transactions: 37, rated: '287.75026000', deducted: '287.76', difference: '0.00974000', billed: '0.01', agrees: true });
    expect(j.lineChecks).toEqual({ checked: 1, failed: 0 });
    expect(j.bridge).toEqual({
      prepaidTiming: '344.00', crossMonth: '1.30', precision: '0.02', refunds: '-55.00', missing: '7.34', amountMismatch: '10.50', explained: '290.32', unexplained: '17.84',
    });
    for (const v of Object.values(j.bridge)) expect(v).toMatch(TWO);
    expect(j.precision.rated).toMatch(EIGHT);
    expect(j.precision.difference).toMatch(EIGHT);
    expect(j.mismatches).toHaveLength(9);
    for (const m of j.mismatches) {
      expect(m.id).toMatch(/^[0-9a-f]{12}$/);
      expect(m.fee).toMatch(TWO);
      expect(m.consumption).toMatch(TWO);
      expect(m.difference).toMatch(TWO);
      expect(['open', 'explained', 'accepted']).toContain(m.status);
    }
    expect(j.mismatches.find((m) => m.category === 'amountMismatch' && (m.key as Record<string, string>).resourceId === 'lb-1')).toMatchObject({
      fee: '30.01', consumption: '29.50', difference: '0.51', status: 'open',
    });
  });

  it('review marks make the gate pass; the human summary shows the bridge', async () => {
    const db = mayDb();
    const first = io();
    expect(await runCli(['reconcile', '--month', '2025-05', '--db', db, '--json'], first.cli)).toBe(1);
    const open = (JSON.parse(first.out()) as { mismatches: { id: string; category: string }[] }).mismatches.filter(
      (m) => m.category === 'missing' || m.category === 'amountMismatch',
    );
    const r = io({ BILLRECON_DB: db });
    expect(await runCli(['review', ...open.map((m) => m.id), '--status', 'accepted', '--comment', 'agreed with the vendor', '--user', 'alice'], r.cli)).toBe(0);
    expect(r.out().trim().split('\n')).toHaveLength(4);
    expect(r.out()).toContain(': accepted by alice at ');
    const again = io();
    expect(await runCli(['reconcile', '--month', '2025-05', '--db', db], again.cli)).toBe(0);
    expect(again.out()).toContain('Reconciliation 2025-05: deduction period, tolerance 0.01, keys month, product, resourceId, component');
    expect(again.out()).toMatch(/fee bill\s+287\.76 {2}\(38 lines\)/);
    expect(again.out()).toMatch(/difference\s+308\.16\n/);
    expect(again.out()).toMatch(/amount mismatch\s+10\.50\n/);
    expect(again.out()).toContain("the bill's 月度计费精度差异 line 0.01 agrees");
    expect(again.out()).toContain('Mismatches: 9 (0 unexplained and still open)');
    const j = io({ BILLRECON_DB: db });
    expect(await runCli(['review', open[0]!.id, '--status', 'explained', '--json'], j.cli)).toBe(0);
    const reviewed = (JSON.parse(j.out()) as { reviewed: Record<string, unknown>[] }).reviewed;
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]).toMatchObject({ id: open[0]!.id, status: 'explained', comment: null });
    for (const f of ['fee', 'consumption', 'difference']) expect(reviewed[0]![f]).toMatch(TWO);
  });

  it('exit 0 when everything is explained', async () => {
    const path = join(tempDir(), 'b.sqlite');
    const db = openDatabase(path);
    addImport(db, 'fee-detail', 'f.csv', [fee({ resourceId: 'x', discountedTotal: '5.00' })]);
    addImport(db, 'consumption', 'c.csv', [cons({ resourceId: 'x', day: '2025-05-02', amount: '5.00' })]);
    db.close();
    const o = io();
    expect(await runCli(['reconcile', '--month', '2025-05', '--db', path, '--json'], o.cli)).toBe(0);
    expect(JSON.parse(o.out())).toMatchObject({ bridge: { explained: '0.00', unexplained: '0.00' }, mismatches: [], precision: { billed: null, agrees: null } });
  });

  it('bad input exits 2 and names the flag', async () => {
    const db = mayDb();
    const cases: [string[], RegExp][] = [
      [['reconcile', '--db', db], /--month YYYY-MM is required/],
      [['reconcile', '--month', '2025-5', '--db', db], /--month must be YYYY-MM \(e\.g\. 2025-03\), not '2025-5'/],
      [['reconcile', '--month', '2025-05', '--period', 'usage', '--db', db], /--period must be deduction or billing, not 'usage'/],
      [['reconcile', '--month', '2025-05', '--tolerance', '1,5', '--db', db], /--tolerance must be a non-negative decimal such as 0\.01, not '1,5'/],
      [['reconcile', '--month', '2024-01', '--db', db], /nothing is imported for 2024-01: import its fee bill and consumption bill first/],
      [['review', 'abc', '--db', db], /--status is required/],
      [['review', 'abc', '--status', 'done', '--db', db], /--status must be one of open, explained, accepted, claim, not 'done'/],
      [['review', '--status', 'accepted', '--db', db], /no mismatch ID given/],
      [['review', 'abc', '--status', 'accepted', '--db', db], /no such mismatch: abc/],
    ];
    for (const [args, message] of cases) {
      const o = io();
      expect(await runCli(args, o.cli), args.join(' ')).toBe(2);
      expect(o.err()).toMatch(message);
    }
  });

  it('--period and --tolerance are applied and echoed', async () => {
    const db = mayDb();
    const o = io();
    await runCli(['reconcile', '--month', '2025-05', '--db', db, '--json', '--period', 'billing', '--tolerance', '0.51'], o.cli);
    const j = JSON.parse(o.out()) as { period: string; tolerance: string; bridge: Record<string, string> };
    expect(j.period).toBe('billing');
    expect(j.tolerance).toBe('0.51');
    // billing period: 30 April's 2.40 and 31 May's 1.10 are no longer cross-month
    expect(j.bridge.crossMonth).toBe('0.00');
  });
});
