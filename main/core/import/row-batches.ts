import { rowLayout, type SqlValue } from '../store/bills.js';
import type { HeaderMapping } from './headers.js';
import { buildRow } from './rows.js';
import type { TableRow } from './sources.js';

/**
 * The data rows of a tabular bill, checked and laid out as the values the store writes, in
 * batches. The same function runs in the import's parse worker and, for small files or when no
 * worker can be started, in the importing thread, so both ways store exactly the same values.
 */
export interface RowBatch {
  /** One array per data row, in the order of the `columns` it was built for. */
  rows: SqlValue[][];
  /** Some row of the batch is a month-aggregated line (交易ID "-"). */
  aggregated: boolean;
}

export interface BatchContext {
  file: string;
  importId: number;
  mapping: HeaderMapping;
  /** The table's insert columns (`insertColumns`). */
  columns: readonly string[];
  /** The sheet the header row is on: the bill ends where another sheet starts. */
  sheet: string | null;
  batchRows: number;
  /** A billing-period fee bill: lines without 账单月份 belong to their usage month. */
  monthFromUsage: boolean;
}

export async function* rowBatches(chunks: AsyncIterable<TableRow[]>, ctx: BatchContext): AsyncGenerator<RowBatch> {
  const { file, importId, mapping, columns, sheet, batchRows, monthFromUsage } = ctx;
  const layout = rowLayout(columns);
  let rows: SqlValue[][] = [];
  let aggregated = false;
  for await (const chunk of chunks) {
    for (let k = 0; k < chunk.length; k++) {
      const r = chunk[k]!;
      if (r.sheet !== sheet) {
        if (rows.length > 0) yield { rows, aggregated };
        return;
      }
      if (isBlankRow(r.cells)) continue;
      const row = buildRow(file, importId, r.row, r.cells, mapping, monthFromUsage);
      if ('aggregated' in row && row.aggregated) aggregated = true;
      rows.push(layout(row));
      if (rows.length >= batchRows) {
        yield { rows, aggregated };
        rows = [];
        aggregated = false;
      }
    }
  }
  if (rows.length > 0) yield { rows, aggregated };
}

function isBlankRow(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}

/** The rows after the header row (a worker re-reads the file from its start). */
export async function* rowsAfter(chunks: AsyncIterable<TableRow[]>, headerRow: number): AsyncGenerator<TableRow[]> {
  let past = false;
  for await (const chunk of chunks) {
    if (past) {
      yield chunk;
      continue;
    }
    const i = chunk.findIndex((r) => r.row > headerRow);
    if (i === -1) continue;
    past = true;
    yield i === 0 ? chunk : chunk.slice(i);
  }
}
