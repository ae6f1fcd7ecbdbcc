import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import type { Db } from '../store/index.js';
import { writeAtomically } from './atomic-file.js';
import { CorrectedDetail } from './corrected-detail.js';
import { CsvWriter } from './csv-writer.js';
import { label, type Lang } from './labels.js';
import { monthLines } from './month-lines.js';
import { MISMATCH_HEADS, MISMATCH_MONEY, mismatchCells } from './mismatch-columns.js';

/** The Corrected detail sheet as CSV: same columns, same order, same figures. */
export async function exportDetailCsv(db: Db, target: string, options: { month: Month; lang: Lang }): Promise<{ path: string; rows: number }> {
  const src = monthLines(db, options.month);
  const layout = new CorrectedDetail(options.lang, src.extraKeys);
  return writeAtomically(target, async (out) => {
    const csv = new CsvWriter(out, layout.columns.map((c) => (c.kind === 'text' ? 'text' : 'number')));
    await csv.header(layout.columns.map((c) => c.header));
    let rows = 0;
    for (const d of src.lines()) {
      await csv.row(layout.row(d).cells);
      rows++;
    }
    await csv.end();
    return { path: target, rows };
  });
}

/** The Mismatches sheet as CSV (amounts at 2 decimals). */
export async function exportMismatchesCsv(target: string, mismatches: Iterable<Mismatch>, lang: Lang): Promise<{ path: string; rows: number }> {
  const headers = MISMATCH_HEADS;
  const kinds = headers.map((h) => (MISMATCH_MONEY.has(h) ? 'number' : 'text') as 'number' | 'text');
  return writeAtomically(target, async (out) => {
    const csv = new CsvWriter(out, kinds);
    await csv.header(headers.map((h) => label(lang, h)));
    let rows = 0;
    for (const m of mismatches) {
      await csv.row(mismatchCells(m, lang));
      rows++;
    }
    await csv.end();
    return { path: target, rows };
  });
}
