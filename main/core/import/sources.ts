import { closeSync, openSync, statSync } from 'node:fs';
import { fileChunks } from '../files/chunks.js';
import { open } from 'node:fs/promises';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-reader.js';
import { createDecoder, detectEncoding, normaliseEncoding, type Encoding } from './encoding.js';
import { ImportError } from './types.js';
import { XlsxError, ZipFormatError, readXlsxRowChunks } from './xlsx-reader.js';

export type Format = 'csv' | 'xlsx' | 'json';

export interface Sniffed {
  format: Format;
  encoding: Encoding | null;
  encodingLabel: string | null;
  bomLength: number;
}

const HEAD_BYTES = 64 * 1024;

const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is a file, not a folder)',
  EACCES: 'cannot read the file: permission denied (make it readable for your user)',
  EPERM: 'cannot read the file: the operation is not permitted (check its permissions)',
  ELOOP: 'cannot read the file: the path is a loop of symbolic links',
  ENAMETOOLONG: 'cannot read the file: the path is too long',
  EMFILE: 'cannot read the file: too many files are open',
};

function unreadable(displayName: string, err: unknown): ImportError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return new ImportError(displayName, null, null, UNREADABLE[code] ?? `cannot read the file (${code || (err as Error).message})`);
}

/**
 * A path given as an input file must be a readable regular file. Say which it is not, in a
 * sentence naming it, before anything is hashed or parsed (a folder would otherwise surface as
 * a bare EISDIR from the first read).
 */
export function checkInputFile(path: string, displayName: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw unreadable(displayName, err);
  }
  if (st.isDirectory()) throw new ImportError(displayName, null, null, 'is a folder, not a file: give the bill files inside it');
  if (!st.isFile()) throw new ImportError(displayName, null, null, 'is not a regular file (a device, pipe or socket): give a bill file');
  try {
    closeSync(openSync(path, 'r'));
  } catch (err) {
    throw unreadable(displayName, err);
  }
}

export async function readHead(path: string, bytes = HEAD_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decide the container format and text encoding from the file's first bytes. */
export function sniff(file: string, head: Uint8Array, forcedEncoding?: string): Sniffed {
  if (head.length === 0) throw new ImportError(file, null, null, 'empty file');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    return { format: 'xlsx', encoding: null, encodingLabel: null, bomLength: 0 };
  }
  let det = detectEncoding(head);
  if (forcedEncoding) {
    const enc = normaliseEncoding(forcedEncoding);
    if (!enc) throw new ImportError('--encoding', null, null, `unknown encoding (use utf-8, gb18030, gbk, utf-16le or utf-16be)`, forcedEncoding);
    det = { encoding: enc, bomLength: det.encoding === enc ? det.bomLength : 0, label: `${enc} (--encoding)` };
  }
  const sample = createDecoder(det.encoding);
  let text: string;
  try {
    text = sample.decode(head.subarray(det.bomLength), { stream: true });
  } catch {
    throw new ImportError(file, 1, null, `the bytes are not valid ${det.encoding} text (binary file, or pass --encoding)`);
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    throw new ImportError(file, line, null, 'binary data (a NUL byte): not a CSV, XLSX or JSON file');
  }
  const first = text.replace(/^\s+/, '')[0];
  const format: Format = first === '{' || first === '[' ? 'json' : 'csv';
  return { format, encoding: det.encoding, encodingLabel: det.label, bomLength: det.bomLength };
}

const DECODE_SLICE = 64 * 1024;

export interface TextProgress {
  (bytes: number): void;
}

/** Decode a text file as a stream, strictly: invalid bytes are an error naming the line. */
export async function* decodeText(
  file: string,
  path: string,
  s: Sniffed,
  onBytes: TextProgress,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const decoder = createDecoder(s.encoding!);
  // Read a megabyte at a time (fewer, cheaper reads) but decode and hand on 64 KB at a time: a
  // slice's cells then die young (whole-megabyte slices lived long enough to be promoted and
  // raised the peak RSS of a 1M-row import by about 100 MB, for no speed).
  const reads = fileChunks(path, { start: s.bomLength });
  let bytes = s.bomLength;
  let lines = 1;
  try {
    for await (const read of reads) {
      for (let at = 0; at < read.length; at += DECODE_SLICE) {
        if (signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
        const chunk = read.subarray(at, at + DECODE_SLICE);
        bytes += chunk.length;
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new ImportError(file, lines, null, `the bytes are not valid ${s.encoding} text (truncated or mixed encodings?)`);
        }
        if (text.indexOf('\u0000') !== -1) {
          const before = text.slice(0, text.indexOf('\u0000'));
          throw new ImportError(file, lines + before.split('\n').length - 1, null, 'binary data (a NUL byte) in a text file');
        }
        let k = text.indexOf('\n');
        while (k !== -1) {
          lines++;
          k = text.indexOf('\n', k + 1);
        }
        onBytes(bytes);
        yield text;
      }
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new ImportError(file, lines, null, `the file ends in the middle of a ${s.encoding} character (truncated file?)`);
    }
    if (tail) yield tail;
  } finally {
    await reads.return(undefined);
  }
}

/** CSV records from a decoded text stream, a decoded chunk's worth at a time. */
export async function* csvRecordChunks(file: string, texts: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser();
  try {
    for await (const t of texts) {
      const out: CsvRecord[] = [];
      parser.push(t, out);
      if (out.length > 0) yield out;
    }
    const out: CsvRecord[] = [];
    parser.end(out);
    if (out.length > 0) yield out;
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportError(file, e.line, null, e.message);
    throw e;
  }
}

/** CSV records from a decoded text stream. */
export async function* csvRecords(file: string, texts: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  for await (const chunk of csvRecordChunks(file, texts)) yield* chunk;
}

/** Rows of a tabular file (CSV or XLSX) with their source row numbers. */
export interface TableRow {
  row: number;
  cells: string[];
  sheet: string | null;
}

/** An XLSX reader's failure as a sentence naming the file (and the sheet, row and cell it is about). */
function xlsxImportError(file: string, e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof XlsxError) return new ImportError(file, e.row, e.cell, e.message);
  if (e instanceof ZipFormatError) return new ImportError(file, null, null, `not a readable XLSX workbook: ${e.message}`);
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_')) return new ImportError(file, null, null, 'not a readable XLSX workbook: its compressed data is damaged (a truncated or corrupted file?)');
  return new ImportError(file, null, null, `not a readable XLSX workbook: ${String((e as Error).message ?? e).slice(0, 200)}`);
}

async function* xlsxRowChunks(file: string, path: string, signal?: AbortSignal): AsyncGenerator<TableRow[]> {
  const chunks = readXlsxRowChunks(path);
  try {
    for (;;) {
      let next: IteratorResult<{ sheet: string; row: number; cells: string[] }[]>;
      try {
        next = await chunks.next();
      } catch (e) {
        throw xlsxImportError(file, e);
      }
      if (next.done) return;
      if (signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
      yield next.value;
    }
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * Rows of a tabular file in chunks (a decoded read of CSV at a time): a million-line bill then
 * costs a few thousand awaits instead of a million.
 */
export async function* tableRowChunks(
  file: string,
  path: string,
  s: Sniffed,
  onBytes: TextProgress,
  signal?: AbortSignal,
): AsyncGenerator<TableRow[]> {
  if (s.format === 'xlsx') {
    yield* xlsxRowChunks(file, path, signal);
    return;
  }
  for await (const records of csvRecordChunks(file, decodeText(file, path, s, onBytes, signal))) {
    const rows = new Array<TableRow>(records.length);
    for (let i = 0; i < records.length; i++) rows[i] = { row: records[i]!.line, cells: records[i]!.cells, sheet: null };
    yield rows;
  }
}

export async function* tableRows(
  file: string,
  path: string,
  s: Sniffed,
  onBytes: TextProgress,
  signal?: AbortSignal,
): AsyncGenerator<TableRow> {
  for await (const chunk of tableRowChunks(file, path, s, onBytes, signal)) yield* chunk;
}
