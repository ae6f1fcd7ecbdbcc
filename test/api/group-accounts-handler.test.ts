/**
 * Group accounts (issue 11 §8) through the handler table the window calls: the organization month
 * of test/fixtures/group-accounts (real importer, real SQLite file). The month report carries the
 * per-account, project and tag totals only for a group bill; the mismatch facets list the owners,
 * projects and tags of the stored list; the page query filters by them (in triage order too); a
 * malformed scope is refused before the core sees it.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, toFailure, type HandlerTable } from '../../main/api/handlers.js';
import type { ScopeFiguresView } from '../../main/api/contract.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

const FIXTURES = join(__dirname, '..', 'fixtures');
const FEE = join(FIXTURES, 'vendor', 'bills', 'organization-l3-zh.csv');
const CONSUMPTION = join(FIXTURES, 'group-accounts', '消耗账单-organization-2023-08.csv');
const MONTH = '2023-08';

let db: Db;
let table: HandlerTable;

beforeEach(async () => {
  db = tempDb().db;
  table = createHandlers({ db, emit: () => undefined, user: 'tester' });
  for (const [i, path] of [FEE, CONSUMPTION].entries()) await table.commitImport({ path, opId: `g${i}` });
});
afterEach(() => db.close());

const row = (f: ScopeFiguresView) => [f.value, f.fee, f.consumption, f.explained, f.unexplained, f.mismatches];
const page = (q: Record<string, string>, sort: 'triage' | 'seq' = 'triage') => table.mismatches({ month: MONTH, ...q, sort, offset: 0, limit: 100 });

describe('group accounts in the window’s API', () => {
  it('the month report carries the totals per account, project and tag (exact, from the stored report)', async () => {
    const r = await table.monthReport({ month: MONTH });
    expect([r.fee.total, r.consumption.total, r.bridge.explained, r.bridge.unexplained]).toEqual(['-80.21', '-78.36', '-0.89', '-0.96']);
    expect(r.groups!.owners.map(row)).toEqual([
      ['700000686592', '0.68040500', '0.64040500', '0.00000000', '0.04000000', 1],
      ['909619400', '-80.89000000', '-79.00000000', '-0.89000000', '-1.00000000', 2],
    ]);
    expect(r.groups!.projects.map(row)).toEqual([
      ['element_test', '-80.89000000', '-80.00000000', '-0.89000000', '0.00000000', 1],
      ['默认项目', '0.68040500', '1.64040500', '0.00000000', '-0.96000000', 2],
    ]);
    expect(r.groups!.tags.map((t) => t.value)).toEqual(['jemmahuang=jemmahuang', 'jemmahuang=']);
    // The same after a reconcile from the window.
    expect((await table.reconcile({ month: MONTH })).groups).toEqual(r.groups);
  });

  it('facets list the owners, projects and tags; the page filters by each (2, 1, 2, 1 rows)', async () => {
    await table.monthReport({ month: MONTH });
    const f = await table.mismatchFacets({ month: MONTH });
    expect([f.owners, f.projects, f.tags]).toEqual([['700000686592', '909619400'], ['element_test', '默认项目'], ['jemmahuang=jemmahuang', 'jemmahuang=']]);
    const owner = await page({ owner: '909619400' });
    expect([owner.total, owner.rows.map((m) => [m.category, m.key.product, m.difference])]).toEqual([
      2,
      // Triage: the open missing line first, then the explained refund.
      [['missing', '云硬盘CBS', '-1.00000000'], ['refunds', '云服务器CVM', '-0.89000000']],
    ]);
    expect(owner.rows.map((m) => m.scope!.owners)).toEqual([['909619400'], ['909619400']]);
    expect((await page({ owner: '909619400' }, 'seq')).total).toBe(2);
    expect((await page({ project: 'element_test' })).rows.map((m) => m.category)).toEqual(['refunds']);
    expect((await page({ tag: 'jemmahuang=' })).total).toBe(3);
    expect((await page({ tag: 'jemmahuang=jemmahuang', owner: '700000686592' })).rows.map((m) => [m.category, m.difference])).toEqual([['amountMismatch', '0.04000000']]);
    expect((await page({ owner: '90961940' })).total).toBe(0);
  });

  it('a malformed scope is refused with the field named', async () => {
    const refused = async (q: object) => {
      try {
        await table.mismatches({ month: MONTH, offset: 0, limit: 10, ...q });
      } catch (err) {
        return toFailure(err);
      }
      throw new Error('expected a refusal');
    };
    expect(await refused({ tag: 'jemmahuang' })).toEqual({ type: 'input', message: 'mismatches: tag: tag must be KEY=VALUE (KEY= for the lines without it)' });
    expect((await refused({ owner: '' })).message).toMatch(/^mismatches: owner: /);
    expect((await refused({ project: 'x'.repeat(201) })).message).toMatch(/^mismatches: project: /);
    expect((await refused({ owner: 7 })).message).toMatch(/^mismatches: owner: /);
  });

  it('a single account’s month (the sample month) has no group tables, and its scope facets name its one account and project (its tags still allocate)', async () => {
    const one = tempDb().db;
    const t = createHandlers({ db: one, emit: () => undefined, user: 'tester' });
    for (const [i, f] of ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv'].entries()) await t.commitImport({ path: join(SAMPLES, f), opId: `s${i}` });
    const r = await t.monthReport({ month: '2025-03' });
    expect([r.fee.total, 'groups' in r]).toEqual(['2058.55', false]);
    const f = await t.mismatchFacets({ month: '2025-03' });
    expect([f.owners, f.projects, f.tags]).toEqual([['100012345678'], ['默认项目'], ['env=batch', 'env=prod', 'env=']]);
    one.close();
  });
});
