/**
 * Issue 11 §8, group accounts: an organization's month (test/fixtures/group-accounts/README.md —
 * the vendor corpus's organization bill and a consumption bill made from it: two member accounts,
 * two projects, one tag) reconciled through the real importer into a real SQLite file. The report's
 * totals per account, project and tag are the README's hand-computed figures; the stored mismatch
 * list, the CLI and the export (read back with exceljs) narrow to an owner, a project or a tag.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { importFile } from '../../main/core/import/index.js';
import { lastRun, listMismatches, reconcileMonth, toReportJson } from '../../main/core/reconcile/index.js';
import type { ScopeFigures } from '../../main/core/reconcile/types.js';
import { captureIo } from '../helpers/cli.js';
import { tempDb, tempDir } from '../helpers/db.js';

const FIXTURES = join(__dirname, '..', 'fixtures');
const FEE = join(FIXTURES, 'vendor', 'bills', 'organization-l3-zh.csv');
const CONSUMPTION = join(FIXTURES, 'group-accounts', '消耗账单-organization-2023-08.csv');

async function groupMonth() {
  const { db, path } = tempDb();
  await importFile(db, FEE);
  await importFile(db, CONSUMPTION);
  return { db, path };
}

/** [value, fee, consumption, explained, unexplained, mismatches] at 8 dp. */
const row = (f: ScopeFigures) => [f.value, f.fee, f.consumption, f.explained, f.unexplained, f.mismatches];

describe('group accounts (issue 11 §8)', () => {
  it('the month report holds fee, consumption, explained and unexplained per account, project and tag', async () => {
    const { db } = await groupMonth();
    const r = reconcileMonth(db, { month: '2023-08', user: 'test' });
    expect([r.fee.total, r.consumption.total, r.bridge.explained, r.bridge.unexplained]).toEqual(['-80.21', '-78.36', '-0.89', '-0.96']);
    const g = r.groups!;
    expect(g.owners.map(row)).toEqual([
      ['700000686592', '0.68040500', '0.64040500', '0.00000000', '0.04000000', 1],
      ['909619400', '-80.89000000', '-79.00000000', '-0.89000000', '-1.00000000', 2],
    ]);
    expect(g.projects.map(row)).toEqual([
      ['element_test', '-80.89000000', '-80.00000000', '-0.89000000', '0.00000000', 1],
      ['默认项目', '0.68040500', '1.64040500', '0.00000000', '-0.96000000', 2],
    ]);
    expect(g.tags.map(row)).toEqual([
      ['jemmahuang=jemmahuang', '0.34020250', '0.34020250', '0.00000000', '0.04000000', 1],
      ['jemmahuang=', '-80.54979750', '-78.69979750', '-0.89000000', '-0.96000000', 3],
    ]);
    expect([g.owners.map((o) => o.feeLines), g.owners.map((o) => o.consumptionLines)]).toEqual([[2, 1], [2, 2]]);
    // The stored report (what the screens and exports read) holds the same figures.
    expect(lastRun(db, '2023-08')!.summary.groups).toEqual(g);
    db.close();
  });

  it('each stored mismatch carries its owner, project and tags, and the list filters by them', async () => {
    const { db } = await groupMonth();
    reconcileMonth(db, { month: '2023-08', user: 'test' });
    const list = (q: { owner?: string; project?: string; tag?: string }) =>
      listMismatches(db, { month: '2023-08', ...q, offset: 0, limit: 100 }).rows.map((m) => [m.category, m.key.product, m.difference]);
    expect(listMismatches(db, { month: '2023-08', offset: 0, limit: 100 }).rows.map((m) => m.scope)).toEqual([
      { owners: ['909619400'], projects: ['element_test'], tags: ['jemmahuang='] },
      { owners: ['909619400'], projects: ['默认项目'], tags: ['jemmahuang='] },
      { owners: ['700000686592'], projects: ['默认项目'], tags: ['jemmahuang=', 'jemmahuang=jemmahuang'] },
    ]);
    expect(list({ owner: '909619400' })).toEqual([
      ['refunds', '云服务器CVM', '-0.89000000'],
      ['missing', '云硬盘CBS', '-1.00000000'],
    ]);
    expect(list({ owner: '700000686592' })).toEqual([['amountMismatch', 'NAT网关', '0.04000000']]);
    expect(list({ project: '默认项目' })).toEqual([
      ['missing', '云硬盘CBS', '-1.00000000'],
      ['amountMismatch', 'NAT网关', '0.04000000'],
    ]);
    expect(list({ tag: 'jemmahuang=jemmahuang' })).toEqual([['amountMismatch', 'NAT网关', '0.04000000']]);
    expect(list({ owner: '909619400', project: 'element_test' })).toEqual([['refunds', '云服务器CVM', '-0.89000000']]);
    // A value is matched whole: no account's UIN is a prefix match of another.
    expect(list({ owner: '90961940' })).toEqual([]);
    expect(listMismatches(db, { month: '2023-08', owner: '909619400', offset: 0, limit: 100 }).total).toBe(2);
    db.close();
  });

  it('a single account’s month (the sample month) keeps its report as before: no groups in the JSON', async () => {
    const { db } = tempDb();
    await importFile(db, join(__dirname, '..', '..', 'samples', 'fee-detail-2025-03.gbk.csv'));
    await importFile(db, join(__dirname, '..', '..', 'samples', '消耗账单-2025-03.csv'));
    const r = reconcileMonth(db, { month: '2025-03', user: 'test' });
    // One account, one project: the tag env still allocates (line by line), the views show it only when asked.
    expect(r.groups!.owners.map((o) => [o.value, o.fee, o.feeLines])).toEqual([['100012345678', '2058.54925773', r.fee.lines]]);
    expect(r.groups!.tags.map((t) => t.value)).toEqual(['env=batch', 'env=prod', 'env=']);
    // Each dimension adds up to the month exactly (the fee total 2058.55 is the 2-dp figure of 2058.54925773).
    const sum = (xs: ScopeFigures[], k: 'fee' | 'consumption') => xs.reduce((s, x) => s + BigInt(x[k].replace('.', '')), 0n);
    const [owners, tags] = [r.groups!.owners, r.groups!.tags];
    expect([sum(tags, 'fee'), sum(tags, 'consumption')]).toEqual([sum(owners, 'fee'), sum(owners, 'consumption')]);
    expect([sum(owners, 'consumption'), r.consumption.total]).toEqual([-14354666893n, '-143.55']);
    const json = toReportJson(r);
    expect(['groups' in json, 'scope' in (json.mismatches as object[])[0]!]).toEqual([false, false]);
    db.close();
  });

  it('CLI: reconcile prints the per-account tables and narrows to --owner / --project / --tag, its exit status the scope’s', async () => {
    const { db, path } = await groupMonth();
    db.close();
    const cli = async (...args: string[]) => {
      const io = captureIo(tempDir(), { BILLRECON_USER: 'test' });
      const code = await runCli(['reconcile', '--db', path, '--month', '2023-08', ...args], io);
      return { code, out: io.out, err: io.err };
    };
    const all = await cli();
    expect(all.code).toBe(1);
    expect(all.out).toContain('By member account (使用者UIN):\n');
    expect(all.out).toContain('  700000686592                        0.68          0.64          0.00          0.04           1\n');
    expect(all.out).toContain('  909619400                         -80.89        -79.00         -0.89         -1.00           2\n');
    expect(all.out).toContain('  jemmahuang= (untagged)            -80.55        -78.70         -0.89         -0.96           3\n');
    const owner = await cli('--owner', '909619400');
    expect(owner.out).toContain('Scope: account 909619400');
    expect(owner.out).toContain('Mismatches in scope: 2 (1 unexplained and still open)\n');
    const json = JSON.parse((await cli('--project', 'element_test', '--json')).out) as { mismatches: { category: string; scope: unknown }[]; scope: unknown };
    expect(json.mismatches.map((m) => m.category)).toEqual(['refunds']);
    expect(json.scope).toEqual({ project: 'element_test', groups: [{ dimension: 'projects', value: 'element_test', fee: '-80.89000000', feeLines: 1, consumption: '-80.00000000', consumptionLines: 1, explained: '-0.89000000', unexplained: '0.00000000', mismatches: 1 }] });
    // Only explained rows in scope: the gate passes for this project.
    expect((await cli('--project', 'element_test')).code).toBe(0);
    const tag = await cli('--tag', '标签键:jemmahuang=jemmahuang');
    expect(tag.out).toContain('Mismatches in scope: 1 (1 unexplained and still open)\n  ');
    expect(tag.out).toContain('amountMismatch open              0.04  NAT网关 / nat-ftuh6xel');
    const bad = await cli('--tag', 'jemmahuang');
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--tag must be KEY=VALUE')]);
  });

  it('export: an Accounts sheet per account, project and tag; --owner narrows the Mismatches sheet and CSV', async () => {
    const { db, path } = await groupMonth();
    db.close();
    const dir = tempDir();
    const io = captureIo(dir, { BILLRECON_USER: 'test' });
    expect(await runCli(['export', '--db', path, '--month', '2023-08', '--lang', 'en', '--out', 'all.xlsx'], io)).toBe(0);
    expect(await runCli(['export', '--db', path, '--month', '2023-08', '--lang', 'en', '--out', 'owner.xlsx', '--csv', 'csv', '--owner', '909619400'], io)).toBe(0);
    const book = async (f: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, f));
      return wb;
    };
    const values = (ws: ExcelJS.Worksheet) => ws.getSheetValues().slice(1).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    const all = await book('all.xlsx');
    expect(values(all.getWorksheet('Accounts')!).map((r) => r.slice(0, 8))).toEqual([
      ['By', 'Value', 'Fee bill', 'Consumption bill', 'Fee − consumption', 'Explained', 'Unexplained', 'Mismatches'],
      ['Member account (UIN)', '700000686592', 0.680405, 0.640405, 0.04, 0, 0.04, 1],
      ['Member account (UIN)', '909619400', -80.89, -79, -1.89, -0.89, -1, 2],
      ['Project', 'element_test', -80.89, -80, -0.89, -0.89, 0, 1],
      ['Project', '默认项目', 0.680405, 1.640405, -0.96, 0, -0.96, 2],
      ['Tag', 'jemmahuang=jemmahuang', 0.3402025, 0.3402025, 0, 0, 0.04, 1],
      ['Tag', 'jemmahuang= (untagged)', -80.5497975, -78.6997975, -1.85, -0.89, -0.96, 3],
    ]);
    const owner = await book('owner.xlsx');
    expect(values(owner.getWorksheet('Accounts')!).slice(1).map((r) => r.slice(0, 8))).toEqual([['Member account (UIN)', '909619400', -80.89, -79, -1.89, -0.89, -1, 2]]);
    const mismatches = values(owner.getWorksheet('Mismatches')!);
    expect(mismatches.slice(1).map((r) => ['云服务器CVM', '云硬盘CBS', 'NAT网关'].filter((p) => JSON.stringify(r).includes(p)))).toEqual([['云服务器CVM'], ['云硬盘CBS']]);
    const csv = readFileSync(join(dir, 'csv', 'mismatches-2023-08.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(3);
  });
});
