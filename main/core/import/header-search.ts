/**
 * Where a table's header row is: after any preamble lines (a title, the account), recognised by
 * its headers, by the user's --map or by a saved mapping profile. The import and the preview ask
 * this one function, so a file previews with the header it will be imported with.
 */
import { createReadStream } from 'node:fs';
import type { Db } from '../store/database.js';
import { bytesDecoder, type BytesDecoder } from './byte-cells.js';
import { cellBytes, CsvBytesError, scanRecords, type CsvBytesBatch } from '../bill/csv-bytes.js';
import { HEADER_SEARCH_ROWS, headerKey, looksLikeHeader } from './headers.js';
import { tableRowChunks, type Sniffed, type TableRow } from './sources.js';
import { ImportError } from './types.js';

export interface HeaderFound {
  /** The header row, or null when no row looks like one. */
  header: TableRow | null;
  /** The first rows after the header (up to the number asked for) or, without a header, the rows read. */
  rows: TableRow[];
  /** For sheets and decoded text: the rest of the rows after `rows`, to read on from. */
  rest: AsyncGenerator<TableRow[]> | null;
}

export function savedProfile(db: Db, key: string): Record<string, string> | undefined {
  const r = db.prepare('select mapping from mapping_profile where headerKey = ? order by savedAt desc limit 1').get(key) as { mapping: string } | undefined;
  return r ? (JSON.parse(r.mapping) as Record<string, string>) : undefined;
}

export function trimTrailingEmpty(cells: readonly string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1]!.trim() === '') n--;
  return cells.slice(0, n).map((h) => h.replace(/^\uFEFF/, '').trim());
}

/** The test a row passes to be the header: --map's headers all present, the alias table, or a saved profile. */
export function headerTest(db: Db | undefined, map: Record<string, string> | undefined): (cells: string[]) => boolean {
  const userHeaders = Object.values(map ?? {});
  // The saved profiles' header rows, read once: a sheet of many rows asks for each.
  const profiles = new Set(db ? (db.prepare('select headerKey from mapping_profile').pluck().all() as string[]) : []);
  return (cells) => {
    if (userHeaders.length > 0 && userHeaders.every((h) => cells.some((x) => x.trim() === h))) return true;
    return looksLikeHeader(cells) || (profiles.size > 0 && profiles.has(headerKey(trimTrailingEmpty(cells))));
  };
}

/** A CSV that is UTF-8 or GB18030 is read as bytes; other text and sheets as decoded rows. */
export function readsAsBytes(s: Sniffed): s is Sniffed & { encoding: 'utf-8' | 'gb18030' } {
  return s.format === 'csv' && (s.encoding === 'utf-8' || s.encoding === 'gb18030');
}

export async function findHeader(file: string, path: string, s: Sniffed, isHeader: (cells: string[]) => boolean, want: number, signal?: AbortSignal): Promise<HeaderFound> {
  const chunks = readsAsBytes(s) ? csvHeadRows(file, path, s) : tableRowChunks(file, path, s, () => {}, signal);
  let before: TableRow[] = [];
  let header: TableRow | null = null;
  let skipSheet: string | null | undefined;
  const rows: TableRow[] = [];
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = next.value;
    for (let k = 0; k < chunk.length; k++) {
      const r = chunk[k]!;
      if (header) {
        if (r.sheet !== header.sheet || rows.length >= want) return done(header, rows, chunk.slice(k), chunks);
        rows.push(r);
        continue;
      }
      if (skipSheet !== undefined && r.sheet === skipSheet) continue;
      if (before.length > 0 && before[before.length - 1]!.sheet !== r.sheet) before = [];
      if (isHeader(r.cells)) {
        header = r;
        continue;
      }
      before.push(r);
      // A sheet's header is in its first rows too; the next sheet may still hold the bill.
      if (before.length >= HEADER_SEARCH_ROWS && s.format === 'csv') {
        await chunks.return(undefined);
        return { header: null, rows: before, rest: null };
      }
      if (before.length >= HEADER_SEARCH_ROWS) skipSheet = r.sheet;
    }
  }
  return header ? done(header, rows, [], null) : { header: null, rows: before, rest: null };
}

function done(header: TableRow, rows: TableRow[], left: TableRow[], chunks: AsyncGenerator<TableRow[]> | null): HeaderFound {
  const rest = (async function* (): AsyncGenerator<TableRow[]> {
    if (left.length > 0) yield left;
    if (chunks) yield* chunks;
  })();
  // return() of a generator that has not started runs none of its body: a caller that gives up
  // before reading the rows (a bill with columns missing, a preview) must still close the file.
  const finish = rest.return.bind(rest);
  rest.return = async (value) => {
    await chunks?.return(undefined);
    return finish(value);
  };
  return { header, rows, rest };
}

/** The first records of a byte-read CSV as decoded rows (the header search reads a few megabytes at most). */
async function* csvHeadRows(file: string, path: string, s: Sniffed & { encoding: 'utf-8' | 'gb18030' }): AsyncGenerator<TableRow[]> {
  const decode = bytesDecoder(s.encoding);
  const stream = createReadStream(path, { start: s.bomLength, highWaterMark: 1 << 16 });
  let carry: Buffer | null = null;
  let line = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const r = scanRecords(buf, 0, 0, line, false);
      carry = buf.subarray(r.rest);
      line = r.line;
      yield decodedRows(r.batch, decode);
    }
    if (carry && carry.length > 0) {
      const r = scanRecords(carry, 0, 0, line, true);
      yield decodedRows(r.batch, decode);
    }
  } catch (e) {
    if (e instanceof CsvBytesError) throw new ImportError(file, e.line, null, e.message);
    throw e;
  } finally {
    stream.destroy();
  }
}

function decodedRows(b: CsvBytesBatch, decode: BytesDecoder): TableRow[] {
  const rows: TableRow[] = [];
  for (let i = 0; i < b.n; i++) {
    const cells: string[] = [];
    for (let c = b.first[i]!; c < b.first[i + 1]!; c++) cells.push(decode(cellBytes(b, c)));
    rows.push({ row: b.row[i]!, cells, sheet: null });
  }
  return rows;
}
