/**
 * A CSV bill (UTF-8 or GB18030) from its bytes to normalized lines: scanned into records
 * (csv-bytes.ts), each data row read through ByteCells and classified (bill/normalize.ts), the
 * lines handed on a batch at a time. The same function runs in the import's parse worker and, for
 * small files, in the importing thread, so both store exactly the same lines.
 */
import { fileChunks } from '../files/chunks.js';
import { BillNormalizer, type BillKind, type LineBatch, type NormalizedFile } from '../bill/normalize.js';
import type { FieldName } from '../bill/columns.js';
import { ByteCells, bytesDecoder } from './byte-cells.js';
import { CsvBytesError, Grow, scanRecords, type CsvBytesBatch } from '../bill/csv-bytes.js';
import { firstInvalidByte, lineAt } from './encoding-check.js';
import { CellErrors } from '../bill/row-cells.js';
import { ImportError } from './types.js';

export interface CsvLinesJob {
  file: string;
  path: string;
  encoding: 'utf-8' | 'gb18030';
  bomLength: number;
  /** Records on or before this line (preamble, header) are not data. */
  headerRow: number;
  headers: string[];
  kind: BillKind;
  layout: string | null;
  columns: Partial<Record<FieldName, number>>;
  monthFromUsage: boolean;
}

export type LineSink = (batch: LineBatch, bytes: number) => void | Promise<void>;

export async function csvLines(job: CsvLinesJob, sink: LineSink, signal?: AbortSignal): Promise<NormalizedFile> {
  const norm = new BillNormalizer({ ...job, strictCellCount: true });
  const cells = new ByteCells(new CellErrors(job.file, job.headers), bytesDecoder(job.encoding));
  let carry: Buffer | null = null;
  let base = job.bomLength;
  let line = 1;
  let read = job.bomLength;
  const grow = new Grow();
  const feed = async (b: CsvBytesBatch) => {
    for (let r = 0; r < b.n; r++) {
      if (b.row[r]! <= job.headerRow) continue;
      norm.add(cells.load(b, r));
      if (norm.full) await sink(norm.take()!, read);
    }
  };
  const scan = (buf: Buffer, final: boolean) => {
    try {
      const s = scanRecords(buf, base, 0, line, final, grow);
      const bad = firstInvalidByte(job.encoding, buf, 0, s.rest);
      if (bad >= 0) throw new ImportError(job.file, lineAt(buf, 0, bad, line), null, `the bytes are not valid ${job.encoding} text (truncated or mixed encodings?)`);
      return s;
    } catch (e) {
      if (e instanceof CsvBytesError) throw new ImportError(job.file, e.line, null, e.message);
      throw e;
    }
  };
  // The unfinished record kept in `carry` is a view of the last read, or a copy: both outlive the next read.
  const reads = fileChunks(job.path, { start: job.bomLength });
  try {
    for await (const read1 of reads) {
      if (signal?.aborted) throw new ImportError(job.file, null, null, 'import cancelled');
      read += read1.length;
      let chunk = read1;
      // The record cut at the end of the last read is completed with as little of this one as it
      // takes (one line, more when a quoted cell holds line breaks): the read itself is not copied.
      if (carry && carry.length > 0) {
        let upTo = 0;
        for (;;) {
          const nl = chunk.indexOf(10, upTo);
          if (nl < 0) {
            upTo = chunk.length;
            break;
          }
          upTo = nl + 1;
          const head = Buffer.concat([carry, chunk.subarray(0, upTo)]);
          const s = scan(head, false);
          if (s.rest === head.length) break;
        }
        const head = Buffer.concat([carry, chunk.subarray(0, upTo)]);
        const s = scan(head, false);
        await feed(s.batch);
        carry = head.subarray(s.rest);
        base += s.rest;
        line = s.line;
        chunk = chunk.subarray(upTo);
        if (carry.length > 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
      }
      const s = scan(chunk, false);
      await feed(s.batch);
      carry = chunk.subarray(s.rest);
      base += s.rest;
      line = s.line;
    }
    if (carry && carry.length > 0) {
      const s = scan(carry, true);
      if (s.rest < carry.length) throw new ImportError(job.file, line, null, `the file ends in the middle of a ${job.encoding} character (truncated file?)`);
      await feed(s.batch);
    }
  } finally {
    await reads.return(undefined);
  }
  const last = norm.take();
  if (last) await sink(last, read);
  return norm.finish();
}
