/**
 * Rows of cells stored as one import's bill lines, in this thread and synchronously: the same
 * classifier and writer an import uses, over rows already in memory. The schema-4 migration
 * stores its old rows this way; so do tests that build a bill line by line.
 */
import { BillNormalizer, type BillKind } from '../bill/normalize.js';
import type { FieldName } from '../bill/columns.js';
import { csvRecordText } from '../bill/csv-text.js';
import { CellErrors, StringCells } from '../bill/row-cells.js';
import type { Db } from './db.js';
import { LineWriter, SIDE } from './line-writer.js';
import { SourceArchive } from './source-archive.js';

export interface RowsToStore {
  importId: number;
  file: string;
  kind: BillKind;
  layout: string | null;
  headers: string[];
  /** canonical field → header */
  mapping: Record<string, string>;
  monthFromUsage: boolean;
  rows: Iterable<{ row: number; cells: string[] }>;
}

const SIDE_OF: Record<BillKind, 0 | 1 | 2> = { 'fee-detail': SIDE.fee, consumption: SIDE.consumption, 'fee-resource': SIDE.feeResource };

/** Stores the rows (in a transaction the caller holds); returns how many lines and whether one is month-aggregated. */
export function storeRowsSync(db: Db, t: RowsToStore): { lines: number; aggregated: boolean } {
  const columns = Object.fromEntries(Object.entries(t.mapping).map(([f, h]) => [f, t.headers.indexOf(h)]).filter(([, i]) => (i as number) >= 0)) as Partial<Record<FieldName, number>>;
  const norm = new BillNormalizer({ file: t.file, kind: t.kind, layout: t.layout, columns, headers: t.headers, monthFromUsage: t.monthFromUsage, strictCellCount: false });
  const cells = new StringCells(new CellErrors(t.file, t.headers));
  const writer = new LineWriter(db, t.importId, SIDE_OF[t.kind]);
  const source = new SourceArchive(true);
  let lines = 0;
  const flush = () => {
    const b = norm.take();
    if (b) {
      writer.batch(b);
      lines += b.n;
    }
  };
  for (const r of t.rows) {
    const at = source.length;
    source.add(Buffer.from(csvRecordText(r.cells), 'utf8'));
    norm.add(cells.load(r.row, at, r.cells));
    if (norm.full) flush();
  }
  flush();
  const done = norm.finish();
  writer.finish(done);
  source.storeSync(db, t.importId);
  db.prepare(`update import set source = 'csv', headers = ?, mapping = ? where id = ?`).run(JSON.stringify(t.headers), JSON.stringify(t.mapping), t.importId);
  return { lines, aggregated: done.aggregated };
}
