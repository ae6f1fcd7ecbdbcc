import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../../main/core/store/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../helpers/cli.js';
import { runCli } from '../../main/cli/main.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';
import { openWithLibreOffice, valueOf } from './libreoffice.js';

const capture = (cwd: string) => captureIo(cwd);

describe('billrecon export', () => {
  it('writes the workbook, both CSVs and FOCUS; a line that does not add up is highlighted with its rule', async () => {
    const dir = tempDir('billrecon-cli-export-');
    const db = join(dir, 'db.sqlite');
    // The first line's 组件原价 says 1800.01 where 150 × 1 × 12 = 1800.00.
    const rows = feeRows();
    const orig = rows[0]!.indexOf('组件原价');
    rows[1]![orig] = '1800.01000000';
    write(dir, 'fee-detail-2025-03.csv', '\ufeff' + feeCsvText(rows));
    expect(await runCli(['import', '--db', db, 'fee-detail-2025-03.csv', join(SAMPLES, '消耗账单-2025-03.csv')], capture(dir))).toBe(0);

    const io = capture(dir);
    const code = await runCli(['export', '--db', db, '--month', '2025-03', '--out', 'march.xlsx', '--lang', 'en', '--csv', '.', '--focus', 'focus-2025-03.csv', '--json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const written = JSON.parse(io.out) as { workbook: { sheets: string[]; totals: Record<string, string | number> }; detailCsv: { rows: number }; mismatchesCsv: { rows: number }; focus: { rows: number } };
    expect(written.workbook.sheets).toEqual(['Summary', 'Mismatches', 'Claims', 'Corrected detail', 'Precision']);
    expect(written.workbook.totals).toMatchObject({ lines: 37, linesWithDifferences: 1, originalDiff: '0.01000000', discountedDiff: '-0.00830000' });
    expect(written.detailCsv.rows).toBe(37);
    expect(written.focus.rows).toBe(37);
    for (const f of ['march.xlsx', 'corrected-detail-2025-03.csv', 'mismatches-2025-03.csv', 'focus-2025-03.csv']) expect(existsSync(join(dir, f)), f).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'march.xlsx')) as unknown as ArrayBuffer);
    const detail = wb.getWorksheet('Corrected detail')!;
    const headers = (detail.getRow(1).values as string[]).slice(1);
    const billed = detail.getRow(2).getCell(headers.indexOf('Original Cost') + 1);
    const diff = detail.getRow(2).getCell(headers.indexOf('Original cost difference') + 1);
    expect((billed.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect((diff.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(diff.note)).toMatch(/^Rule: original cost = list price × usage × duration/);
    expect(diff.value).toBe(0.01);
    // The next line adds up: not highlighted.
    expect((detail.getRow(3).getCell(headers.indexOf('Original Cost') + 1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFFC7CE');
    const summary = wb.getWorksheet('Summary')!;
    const row = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === 'Original cost difference')!;
    expect(row.getCell(2).value).toMatchObject({ formula: "SUM('Corrected detail'!AN2:AN38)", result: 0.01 });

    const lo = openWithLibreOffice([join(dir, 'march.xlsx')]).get(join(dir, 'march.xlsx'))!;
    expect(valueOf(lo.get('Summary'), 'Original cost difference')).toBe('0.01000000');
    expect(valueOf(lo.get('Summary'), 'Lines with a recomputation difference')).toBe('1');
  });

  it('bad flags name the flag and exit 2, writing nothing', async () => {
    const dir = tempDir('billrecon-cli-export-bad-');
    writeFileSync(join(dir, 'a-file.txt'), 'not a folder');
    openDatabase(join(dir, 'db.sqlite')).close();
    const cases: [string[], RegExp][] = [
      [['--out', 'a.xlsx'], /--month YYYY-MM is required/],
      [['--month', '2025-3', '--out', 'a.xlsx'], /--month 2025-3: expected YYYY-MM/],
      [['--month', '2025-03', '--out', 'a.xlsx', '--lang', 'fr'], /--lang fr: expected zh-CN or en/],
      [['--month', '2025-03', '--out', 'a.csv'], /--out a\.csv: the workbook must be a \.xlsx file/],
      [['--month', '2025-03', '--out', 'nowhere/a.xlsx'], /--out nowhere\/a\.xlsx: folder .*nowhere does not exist/],
      [['--month', '2025-03', '--csv', 'a-file.txt'], /--csv a-file\.txt is a file, not a folder/],
      [['--month', '2025-03', '--out', 'a.xlsx', '--tolerance=-1'], /--tolerance -1: expected a non-negative amount/],
      [['--month', '2025-03'], /--out FILE\.xlsx is required/],
      [['--month', '2025-03', '--out', 'a.xlsx'], /--month 2025-03: no fee-bill or consumption lines are imported for this month/],
    ];
    for (const [args, message] of cases) {
      const io = capture(dir);
      expect(await runCli(['export', '--db', join(dir, 'db.sqlite'), ...args], io), args.join(' ')).toBe(2);
      expect(io.err).toMatch(message);
    }
    expect(existsSync(join(dir, 'a.xlsx'))).toBe(false);
  });
});
