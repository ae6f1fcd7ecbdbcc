import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFeeMonth } from '../../bench/fee-month.js';
import { exportWorkbook } from '../../main/core/export/index.js';
import { BLOCK_LINES, encodeBlock, planBlocks } from '../../main/core/export/detail-blocks.js';
import { monthLines } from '../../main/core/export/month-lines.js';
import { encodeBlocks } from '../../main/core/export/detail-pool.js';
import { importFile } from '../../main/core/import/index.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { readZip } from './zip-read.js';

/**
 * The Corrected detail is encoded in blocks of lines, shared between a worker thread and this one
 * when there are several (detail-pool.ts). The workbook must not depend on who encoded it: the
 * same bytes as every block encoded in this thread, with one worker (the default) or two,
 * continuation sheets included.
 */
const MONTH = '2025-03';
const LINES = 20_000;
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the Corrected detail in blocks', () => {
  const dir = tempDir('billrecon-blocks-');
  let db: Db;

  const transactions = (): number => db.prepare("select count(distinct ref) from bill_line where ref is not null and ref not in ('', '-')").pluck().get() as number;

  beforeAll(async () => {
    db = tempDb().db;
    const fee = join(dir, 'fee-detail-20000.csv');
    await writeFeeMonth(fee, LINES);
    await importFile(db, fee);
  }, 120_000);

  afterEach(() => {
    delete process.env.BILLRECON_EXPORT_WORKERS;
  });

  async function exportWith(workers: number, name: string, maxRowsPerSheet?: number, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
    process.env.BILLRECON_EXPORT_WORKERS = String(workers);
    const path = join(dir, name);
    const r = await exportWorkbook(db, path, { month: MONTH, lang, ...(maxRowsPerSheet ? { maxRowsPerSheet } : {}) });
    expect(r.totals.lines).toBe(LINES);
    return path;
  }

  it('plans blocks of at most BLOCK_LINES lines that follow each other and never cross a sheet part', () => {
    const src = monthLines(db, MONTH);
    // Parts of 6,999 data rows, blocks of 4,096 lines: 6,999 = 4,096 + 2,903 twice, then 6,002 = 4,096 + 1,906.
    expect(BLOCK_LINES).toBe(4096);
    const blocks = [...planBlocks(src, 2, 6999)];
    expect(blocks.map((b) => b.rows)).toEqual([4096, 2903, 4096, 2903, 4096, 1906]);
    expect(blocks.map((b) => b.firstRow)).toEqual([2, 4098, 2, 4098, 2, 4098]);
    const wide = [...planBlocks(src, 2, 1_048_575)];
    expect(wide.map((b) => b.rows)).toEqual([4096, 4096, 4096, 4096, 3616]);
    expect(wide.map((b) => b.firstRow)).toEqual([2, 4098, 8194, 12290, 16386]);
    for (let i = 1; i < wide.length; i++) expect(wide[i]!.from).toBeGreaterThan(wide[i - 1]!.to);
  });

  it('gives the same bytes from one or two workers as from this thread alone', async () => {
    const here = await exportWith(0, 'here.xlsx');
    const one = await exportWith(1, 'one.xlsx');
    const workers = await exportWith(2, 'workers.xlsx');
    expect(sha256(one)).toBe(sha256(here));
    expect(sha256(workers)).toBe(sha256(here));
    const sheet = readZip(readFileSync(workers)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet.match(/<row /g)).toHaveLength(LINES + 1);
    expect(sheet).toContain(`<row r="${LINES + 1}">`);
  }, 120_000);

  it('and with the detail continued on further sheets', async () => {
    const here = await exportWith(0, 'split-here.xlsx', 7000);
    const workers = await exportWith(1, 'split-workers.xlsx', 7000);
    expect(sha256(workers)).toBe(sha256(here));
    const parts = readZip(readFileSync(workers));
    const rows = [1, 2, 3].map((i) => parts.get(`xl/worksheets/sheet${i}.xml`)!.toString('utf8').match(/<row /g)!.length);
    expect(rows).toEqual([7000, 7000, 6003]);
    expect(parts.get('xl/workbook.xml')!.toString('utf8')).toMatch(/name="明细\(重算\) \(2\)".*name="明细\(重算\) \(3\)"/);
  }, 120_000);

  it('writes the Precision sheet beside the detail (aside) with the bytes it had written after it', async () => {
    // A database in memory cannot be opened a second time: there the sheets run one after the other.
    const bytes = db.serialize();
    bytes[18] = bytes[19] = 1; // rollback journal: a copy in memory has no WAL (store/open-existing.ts)
    const inMemory = new Database(bytes, { readonly: true });
    try {
      for (const [name, maxRows] of [['one', undefined], ['split', 7000]] as const) {
        const after = join(dir, `${name}-after.xlsx`);
        await exportWorkbook(inMemory, after, { month: MONTH, lang: 'en', ...(maxRows ? { maxRowsPerSheet: maxRows } : {}) });
        const aside = await exportWith(1, `${name}-aside.xlsx`, maxRows, 'en');
        expect(sha256(aside)).toBe(sha256(after));
      }
      const parts = readZip(readFileSync(join(dir, 'split-aside.xlsx')));
      const book = parts.get('xl/workbook.xml')!.toString('utf8');
      expect(book).toMatch(/name="Precision" sheetId="\d+" r:id="rId4"\/><sheet name="Precision \(2\)" sheetId="\d+" r:id="rId5"\/>/);
      const precisionRows = [4, 5, 6].map((i) => parts.get(`xl/worksheets/sheet${i}.xml`)?.toString('utf8').match(/<row /g)?.length);
      expect(precisionRows.reduce((a, b) => a! + (b ?? 0), 0)! - precisionRows.filter((n) => n !== undefined).length).toBe(transactions());
    } finally {
      inMemory.close();
    }
  }, 120_000);

  it('without a temporary folder to keep it aside, the Precision sheet follows the detail: the same bytes', async () => {
    const aside = await exportWith(1, 'tmp-aside.xlsx', undefined, 'en');
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, 'no-such-folder');
    try {
      const after = await exportWith(1, 'tmp-after.xlsx', undefined, 'en');
      expect(sha256(after)).toBe(sha256(aside));
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  }, 120_000);

  it('a block that fails, in the worker or here, fails the export with its message after the blocks before it', async () => {
    process.env.BILLRECON_EXPORT_WORKERS = '1';
    const src = monthLines(db, MONTH);
    const encoding = { spec: { kinds: [], letters: [], widths: [], wrapCols: [], plainStyle: [], highlightStyle: [] }, styles: { ids: [], quoted: [[0, 1]] as [number, number][] } };
    const jobs = [...planBlocks(src, 2, 1_048_575)].map((b, i) => ({ ...b, rows: i === 3 ? b.rows - 1 : b.rows, month: MONTH, lang: 'en' as const, extraKeys: src.extraKeys, encoding }));
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const block of encodeBlocks(db, src, jobs)) seen.push(block.lines);
    };
    await expect(run()).rejects.toThrow(`export: the month's fee lines changed while it was exported (${BLOCK_LINES} lines where ${BLOCK_LINES - 1} were planned); export again`);
    expect(seen).toEqual([BLOCK_LINES, BLOCK_LINES, BLOCK_LINES]);
  });

  it('refuses a block whose lines changed since it was planned, saying so', () => {
    const src = monthLines(db, MONTH);
    const [first] = [...planBlocks(src, 2, 1_048_575)];
    const encoding = { spec: { kinds: [], letters: [], widths: [], wrapCols: [], plainStyle: [], highlightStyle: [] }, styles: { ids: [], quoted: [[0, 1]] as [number, number][] } };
    expect(() => encodeBlock(db, { ...first!, rows: first!.rows + 1, month: MONTH, lang: 'en', extraKeys: src.extraKeys, encoding }, src)).toThrow(
      `export: the month's fee lines changed while it was exported (${BLOCK_LINES} lines where ${BLOCK_LINES + 1} were planned); export again`,
    );
  });
});
