/**
 * The app's import handlers take a ZIP package as the CLI does (issue 11 §9): the preview is its
 * first bill file's with the list of files inside, the commit reports each inner file, the undo of
 * one part of a split month undoes the month's bill.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, type HandlerTable } from '../../main/api/handlers.js';
import type { ProgressEvent } from '../../main/api/contract.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb } from '../helpers/db.js';

const PKG = join(__dirname, '..', 'fixtures', 'vendor', 'packages');
const SPLIT = '100010445724-202405-by_used_time-bill_details.zip';

let db: Db;
let table: HandlerTable;
let events: ProgressEvent[];

beforeEach(() => {
  db = tempDb().db;
  events = [];
  table = createHandlers({ db, emit: (e) => events.push(e), user: 'tester' });
});
afterEach(() => db.close());

describe('import handlers and ZIP packages', () => {
  it('preview, commit (each inner file reported, 2 + 1 rows of 2024-05), the audit trail with the package, undo of the bill', async () => {
    const [p] = await table.previewImport({ paths: [join(PKG, SPLIT)] });
    expect(p).toMatchObject({ ok: true, preview: { file: SPLIT, kind: 'fee-detail', entries: [`${SPLIT}/100010445724-202405-by_used_time-bill_details-1.csv`, `${SPLIT}/100010445724-202405-by_used_time-bill_details-2.csv`] } });
    const o = await table.commitImport({ path: join(PKG, SPLIT), opId: 'op-1' });
    expect(o).toMatchObject({ file: SPLIT, status: 'imported', rows: 3, months: ['2024-05'] });
    expect(o.inner?.map((i) => [i.file.slice(SPLIT.length + 1), i.status, i.rows])).toEqual([
      ['100010445724-202405-by_used_time-bill_details-1.csv', 'imported', 2],
      ['100010445724-202405-by_used_time-bill_details-2.csv', 'imported', 1],
    ]);
    expect(events.filter((e) => e.phase === 'import').map((e) => (e as { file: string }).file)).toContain(`${SPLIT}/100010445724-202405-by_used_time-bill_details-2.csv`);
    const trail = await table.listImports(undefined);
    expect(trail.map((r) => [r.id, r.status, r.package])).toEqual([[1, 'imported', SPLIT], [2, 'imported', SPLIT]]);
    expect(trail[0]!.packageSha256).toBe(o.sha256);
    const after = await table.undoImport({ id: 2 });
    expect(after.map((r) => r.status)).toEqual(['undone', 'undone']);
  });

  it('the same package again is a duplicate for each file inside', async () => {
    await table.commitImport({ path: join(PKG, SPLIT), opId: 'op-1' });
    const again = await table.commitImport({ path: join(PKG, SPLIT), opId: 'op-2' });
    expect(again).toMatchObject({ status: 'duplicate', rows: 0 });
    expect(again.inner?.map((i) => i.status)).toEqual(['duplicate', 'duplicate']);
  });
});
