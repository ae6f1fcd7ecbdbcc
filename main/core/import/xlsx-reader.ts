import ExcelJS from 'exceljs';

export interface SheetRow {
  sheet: string;
  /** 1-based row number in the sheet, as the spreadsheet shows it. */
  row: number;
  cells: string[];
}

type CellValue = ExcelJS.CellValue;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A cell as the text the bill had. Numbers are a spreadsheet's doubles already: their shortest
 * round-trip text is exactly what was typed. Dates in a sheet are wall-clock values (exceljs
 * presents them as UTC), written back as "YYYY-MM-DD HH:mm:ss" — vendor local time.
 */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      return result === undefined ? '' : cellText(result as CellValue);
    }
    if ('text' in v && 'hyperlink' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/** Stream the rows of every worksheet, in order, without loading the workbook. */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const ws of reader) {
    const sheet = (ws as unknown as { name?: string }).name ?? 'Sheet';
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { sheet, row: row.number, cells };
    }
  }
}

