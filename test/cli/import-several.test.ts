import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { runCli } from '../../main/cli/main.js';
import { openDatabase, listImports } from '../../main/core/store/index.js';
import { csvText, encodeUtf8 } from '../../samples/lib/encode.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES, feeRows, write } from '../helpers/files.js';

const FEE = join(SAMPLES, 'fee-detail-2025-03.gbk.csv');
const CONSUMPTION = join(SAMPLES, '消耗账单-2025-03.csv');

/** The sample fee bill with one amount that is not a number on source row 3. */
function badFile(dir: string): string {
  const rows = feeRows();
  rows[2]![28] = 'abc';
  return write(dir, 'bad.csv', encodeUtf8(csvText(rows)));
}

describe('import A BAD C: each file on its own, every file reported, exit 2', () => {
  it('in text: A and C are imported, BAD failed with its reason, a summary line', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite');
    badFile(dir);
    const io = captureIo(dir);
    expect(await runCli(['import', '--db', db, FEE, 'bad.csv', CONSUMPTION], io)).toBe(2);
    const lines = io.out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${FEE}: fee-detail \\(L3\\), gb18030, 37 rows — imported as #1 \\[kind from headers\\]$`));
    expect(lines[1]).toBe('bad.csv: failed, nothing stored from it (the reason is above)');
    expect(lines[2]).toMatch(new RegExp(`^${CONSUMPTION}: consumption .* rows — imported as #2 `));
    expect(lines[3]).toBe('2 imported, 0 duplicate, 1 failed (bad.csv: nothing stored from it)');
    expect(io.err).toBe('billrecon import: bad.csv:3:优惠后总价: not a number (value "abc")\n');
    const d = openDatabase(db);
    expect(listImports(d).map((r) => [r.fileName, r.status])).toEqual([
      [FEE, 'imported'],
      [CONSUMPTION, 'imported'],
    ]);
    d.close();
  });

  it('in --json: one entry per file with its status, the failed one with its error; duplicates and a folder too', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite');
    badFile(dir);
    mkdirSync(join(dir, 'bills'));
    const first = captureIo(dir);
    expect(await runCli(['import', '--db', db, FEE], first)).toBe(0);
    const io = captureIo(dir);
    expect(await runCli(['import', '--db', db, '--json', FEE, 'bad.csv', 'bills', CONSUMPTION], io)).toBe(2);
    const out = JSON.parse(io.out) as { imports: Record<string, unknown>[]; imported: number; duplicate: number; failed: number };
    expect(out.imports.map((i) => [i.file, i.status, i.id, i.error])).toEqual([
      [FEE, 'duplicate', 1, undefined],
      ['bad.csv', 'failed', null, 'bad.csv:3:优惠后总价: not a number (value "abc")'],
      ['bills', 'failed', null, 'bills: is a folder, not a file: give the bill files inside it'],
      [CONSUMPTION, 'imported', 2, undefined],
    ]);
    expect([out.imported, out.duplicate, out.failed]).toEqual([1, 1, 2]);
    expect(io.err).toBe('');
  });
});
