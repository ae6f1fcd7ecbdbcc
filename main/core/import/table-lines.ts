/**
 * A bill read as rows of strings (an XLSX sheet, a UTF-16 CSV, the billing API's JSON) to
 * normalized lines. Its source is kept as a UTF-8 CSV of the rows (one record per data row, the
 * cells as written), which is what a line's `at` points into.
 */
import { BillNormalizer, type BillKind, type NormalizedFile } from '../bill/normalize.js';
import type { FieldName } from '../bill/columns.js';
import { csvRecordText } from '../bill/csv-text.js';
import type { SourceArchive } from '../store/source-archive.js';
import type { LineSink } from './csv-lines.js';
import { CellErrors, StringCells } from '../bill/row-cells.js';
import type { TableRow } from './sources.js';

export interface TableLinesJob {
  file: string;
  headers: string[];
  kind: BillKind;
  layout: string | null;
  columns: Partial<Record<FieldName, number>>;
  monthFromUsage: boolean;
  /** The sheet of the header row: the bill ends where another sheet starts. */
  sheet: string | null;
  /** A CSV (refuse rows shorter than the header), not a sheet (trailing empty cells left out). */
  csv: boolean;
}

export async function tableLines(rows: AsyncIterable<TableRow[]>, job: TableLinesJob, sink: LineSink, source: SourceArchive): Promise<NormalizedFile> {
  const norm = new BillNormalizer({ ...job, strictCellCount: job.csv });
  const cells = new StringCells(new CellErrors(job.file, job.headers));
  for await (const chunk of rows) {
    for (const r of chunk) {
      if (r.sheet !== job.sheet) return finish(norm, sink, source);
      const at = source.length;
      source.add(Buffer.from(csvRecordText(r.cells), 'utf8'));
      norm.add(cells.load(r.row, at, r.cells));
      if (norm.full) await sink(norm.take()!, source.length);
    }
  }
  return finish(norm, sink, source);
}

async function finish(norm: BillNormalizer, sink: LineSink, source: SourceArchive): Promise<NormalizedFile> {
  const last = norm.take();
  if (last) await sink(last, source.length);
  return norm.finish();
}
