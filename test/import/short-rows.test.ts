/**
 * Issue 12 §3: a CSV row with fewer cells than the header (a truncated line) is refused like a
 * row with more, naming file:row and both counts; nothing of the file is stored. Read in this
 * thread and on the parse worker (the path of big bills) alike.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { runCli } from '../../main/cli/main.js';
import { listImports } from '../../main/core/store/index.js';
import { csvText } from '../../samples/lib/encode.js';
import { captureIo } from '../helpers/cli.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { feeRows, write } from '../helpers/files.js';

/** The sample fee bill (34 columns) with source row `row` cut to `cells` cells. */
function cutRow(row: number, cells: number): string {
  const rows = feeRows();
  expect(rows[0]).toHaveLength(34);
  rows[row - 1] = rows[row - 1]!.slice(0, cells);
  return csvText(rows);
}

describe('a row with fewer cells than the header is refused', () => {
  for (const worker of [false, true]) {
    it(`names file:row and both counts, stores nothing (${worker ? 'parse worker' : 'this thread'})`, async () => {
      const { db, path } = tempDb();
      const before = fingerprint(db, path);
      const dir = tempDir();
      const short = write(dir, 'short.csv', cutRow(8, 33));
      await expect(importFile(db, short, { worker })).rejects.toThrow(/^short\.csv:8: the row has 33 cells, the header has 34 \(truncated line\?\)$/);
      // A line cut in the middle of the row: far fewer cells.
      const cut = write(dir, 'cut.csv', cutRow(20, 16));
      await expect(importFile(db, cut, { worker })).rejects.toThrow(/^cut\.csv:20: the row has 16 cells, the header has 34 \(truncated line\?\)$/);
      expect(listImports(db)).toHaveLength(0);
      expect(fingerprint(db, path)).toBe(before);
      db.close();
    });
  }

  it('the CLI says so and exits 2; the full file then imports (37 rows)', async () => {
    const dir = tempDir();
    write(dir, 'short.csv', cutRow(8, 33));
    write(dir, 'whole.csv', csvText(feeRows()));
    const io = captureIo(dir);
    // --db absolute: a relative one is the process's working folder, not io.cwd.
    expect(await runCli(['import', '--db', join(dir, 'b.sqlite'), 'short.csv', 'whole.csv'], io)).toBe(2);
    expect(io.err).toBe('billrecon import: short.csv:8: the row has 33 cells, the header has 34 (truncated line?)\n');
    expect(io.out).toMatch(/^short\.csv: failed, nothing stored from it \(the reason is above\)\nwhole\.csv: fee-detail \(L3\), utf-8, 37 rows — imported as #1 /);
    expect(io.out.trimEnd().split('\n').at(-1)).toBe('1 imported, 0 duplicate, 1 failed (short.csv: nothing stored from it)');
  });
});
