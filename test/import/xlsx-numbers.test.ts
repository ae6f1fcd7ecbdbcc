import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsxRows, type SheetRow } from '../../main/core/import/xlsx-reader.js';
import { plainDecimal, significantDigits } from '../../main/core/money/index.js';
import { tempDir } from '../helpers/db.js';
import { writeXlsx } from '../helpers/zip-file.js';

/**
 * A numeric cell of a workbook holds a double, which Excel writes with up to 17 digits and shows
 * with 15. Amounts are read from those digits, never through a float: the figure the accountant
 * sees in the cell, exactly.
 */
describe('numbers in a workbook', () => {
  it('are read digit for digit and rounded to the 15 significant digits Excel shows', async () => {
    const path = join(tempDir('billrecon-xlsx-numbers-'), 'numbers.xlsx');
    const values = ['0.10000000000000001', '1.1000000000000001', '0.30000000000000004', '123456789.12345678', '1.2E-3', '-12.340', '+007', '1234567.89012345'];
    await writeXlsx(path, function* () {
      yield `<row r="1">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${v}</v></c>`).join('')}</row>`;
    });
    const rows: SheetRow[] = [];
    for await (const r of readXlsxRows(path)) rows.push(r);
    expect(rows[0]!.cells).toEqual(['0.1', '1.1', '0.3', '123456789.123457', '0.0012', '-12.34', '7', '1234567.89012345']);
  });

  it('round half-up at the 15th significant digit on the digits (a float gives 98765432.12345679); hostile exponents are refused', () => {
    expect(significantDigits(plainDecimal('98765432.123456789')!, 15)).toBe('98765432.1234568');
    expect(String(Number('98765432.123456789'))).toBe('98765432.12345679');
    expect(plainDecimal('1e-400x')).toBeNull();
    expect(plainDecimal('1.5e2000')).toBeNull();
    expect(plainDecimal('-0.000')).toBe('0');
    expect(significantDigits('-0.00012345678901234567', 15)).toBe('-0.000123456789012346');
    expect(significantDigits('9.9999999999999999', 15)).toBe('10');
  });
});
