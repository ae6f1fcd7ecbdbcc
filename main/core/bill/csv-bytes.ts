/**
 * RFC 4180 records found in the file's bytes, not in decoded text. Comma, quote, CR and LF are
 * single ASCII bytes in UTF-8 and in GB18030 (no multi-byte character contains them), so a bill
 * can be split into records and cells without decoding it; the importer then decodes only the
 * few cells it needs as text and reads numbers and times straight from their ASCII digits.
 * Quoted fields may hold commas, doubled quotes and line breaks (CRLF, LF or CR). Each record
 * keeps the 1-based line it starts on (errors name `file:row`) and its byte offset (the stored
 * line points back into the kept original file). A file cut inside a quoted field is an error.
 */
export class CsvBytesError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvBytesError';
  }
}

/** Records of one scanned piece of a file: cell i of record r spans buf[cs[i], ce[i]). */
export interface CsvBytesBatch {
  buf: Uint8Array;
  /** Absolute file offset of buf[0]. */
  base: number;
  n: number;
  /** Physical line each record starts on. */
  row: Int32Array;
  /** Record start in buf. */
  start: Int32Array;
  /** Cells of record r are first[r] .. first[r + 1] − 1. */
  first: Int32Array;
  cs: Int32Array;
  ce: Int32Array;
  /** 0 plain, 1 quoted, 2 quoted holding doubled quotes (decode must undouble them). */
  cq: Uint8Array;
}

/** The batch's bytes as a Buffer (a view, not a copy), for Buffer's decoding methods. */
export function batchBuffer(b: CsvBytesBatch): Buffer {
  return Buffer.isBuffer(b.buf) ? b.buf : Buffer.from(b.buf.buffer, b.buf.byteOffset, b.buf.byteLength);
}

/** A cell, a record and a record's cells past these are refused: a bill never comes near them, a hostile or truncated file may. */
export const CSV_BYTE_LIMITS = { cellBytes: 1 << 20, recordBytes: 16 << 20, cells: 16_384 } as const;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Growing arrays of a scan; a reader may pass the same one to every scan (a batch is read before the next scan). */
export class Grow {
  row = new Int32Array(1024);
  start = new Int32Array(1024);
  first = new Int32Array(1025);
  cs = new Int32Array(1 << 15);
  ce = new Int32Array(1 << 15);
  cq = new Uint8Array(1 << 15);

  ensureRecords(n: number): void {
    if (n + 1 < this.row.length) return;
    const size = this.row.length * 2;
    this.row = copyInto(new Int32Array(size), this.row);
    this.start = copyInto(new Int32Array(size), this.start);
    this.first = copyInto(new Int32Array(size + 1), this.first);
  }

  ensureCells(n: number): void {
    if (n < this.cs.length) return;
    const size = this.cs.length * 2;
    this.cs = copyInto(new Int32Array(size), this.cs);
    this.ce = copyInto(new Int32Array(size), this.ce);
    this.cq = copyInto(new Uint8Array(size), this.cq);
  }
}

function copyInto<T extends Int32Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

/**
 * Scan the complete records of `buf` (from `from`); returns the batch and where the unfinished
 * last record starts (scanning resumes there with more bytes). `final`: no more bytes follow,
 * so the last record ends at the end of buf.
 */
export function scanRecords(buf: Uint8Array, base: number, from: number, line: number, final: boolean, g: Grow = new Grow()): { batch: CsvBytesBatch; rest: number; line: number } {
  let n = 0;
  let cells = 0;
  let i = from;
  const end = buf.length;
  let rest = from;
  let restLine = line;
  records: while (i < end) {
    // Blank lines are not records.
    const c0 = buf[i]!;
    if (c0 === LF || c0 === CR) {
      i += c0 === CR && i + 1 < end && buf[i + 1] === LF ? 2 : 1;
      if (c0 === CR && i === end && !final) {
        i--;
        break;
      }
      line++;
      rest = i;
      restLine = line;
      continue;
    }
    g.ensureRecords(n);
    const recLine = line;
    const recStart = i;
    const firstCell = cells;
    for (;;) {
      g.ensureCells(cells);
      let c = i < end ? buf[i]! : -1;
      if (c === QUOTE) {
        // Quoted cell: to the closing quote; a doubled quote is a literal one.
        let j = i + 1;
        let doubled = 0;
        for (;;) {
          while (j < end && buf[j] !== QUOTE) {
            if (buf[j] === LF) line++;
            j++;
          }
          if (j - i > CSV_BYTE_LIMITS.cellBytes) throw tooLong(recLine, ` (a quote opened on line ${recLine} and never closed?)`);
          if (j >= end) {
            if (final) throw new CsvBytesError(recLine, `the file ends inside a quoted field opened on line ${recLine} (truncated file?)`);
            line = restLine;
            break records;
          }
          if (j + 1 < end && buf[j + 1] === QUOTE) {
            doubled = 1;
            j += 2;
            continue;
          }
          if (j + 1 >= end && !final) {
            line = restLine;
            break records;
          }
          break;
        }
        g.cs[cells] = i + 1;
        g.ce[cells] = j;
        g.cq[cells] = 1 + doubled;
        cells++;
        i = j + 1;
        c = i < end ? buf[i]! : -1;
        if (c !== COMMA && c !== LF && c !== CR && c !== -1) throw new CsvBytesError(line, 'unexpected text after a closing quote');
      } else {
        const s = i;
        while (i < end) {
          c = buf[i]!;
          if (c > COMMA || (c !== COMMA && c !== LF && c !== CR && c !== 0)) {
            i++;
            continue;
          }
          break;
        }
        if (i < end && c === 0) throw new CsvBytesError(line, 'binary data (a NUL byte) in a text file');
        if (i - s > CSV_BYTE_LIMITS.cellBytes) throw tooLong(recLine, '');
        if (i >= end && !final) {
          line = restLine;
          break records;
        }
        g.cs[cells] = s;
        g.ce[cells] = i;
        g.cq[cells] = 0;
        cells++;
        c = i < end ? buf[i]! : -1;
      }
      if (c === COMMA) {
        if (cells - firstCell >= CSV_BYTE_LIMITS.cells) throw new CsvBytesError(recLine, `a row of more than ${CSV_BYTE_LIMITS.cells.toLocaleString('en')} cells: refused`);
        if (i - recStart > CSV_BYTE_LIMITS.recordBytes) throw new CsvBytesError(recLine, `a row longer than ${CSV_BYTE_LIMITS.recordBytes.toLocaleString('en')} bytes: refused`);
        i++;
        continue;
      }
      // End of record: LF, CR, CRLF or end of input.
      if (c === CR && i + 1 >= end && !final) {
        line = restLine;
        break records;
      }
      if (c === CR) i += i + 1 < end && buf[i + 1] === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    g.row[n] = recLine;
    g.start[n] = recStart;
    g.first[n] = firstCell;
    n++;
    g.first[n] = cells;
    rest = i;
    restLine = line;
  }
  if (final && rest < end) rest = end;
  const batch: CsvBytesBatch = { buf, base, n, row: g.row, start: g.start, first: g.first, cs: g.cs, ce: g.ce, cq: g.cq };
  return { batch, rest, line: restLine };
}

function tooLong(line: number, why: string): CsvBytesError {
  return new CsvBytesError(line, `a cell longer than ${CSV_BYTE_LIMITS.cellBytes.toLocaleString('en')} bytes${why}: refused`);
}

/**
 * A cell's bytes, for a decoder: a quoted cell without its quotes and with doubled quotes
 * undoubled.
 */
export function cellBytes(b: CsvBytesBatch, cell: number): Uint8Array {
  const bytes = b.buf.subarray(b.cs[cell]!, b.ce[cell]!);
  if (b.cq[cell] !== 2) return bytes;
  const out = new Uint8Array(bytes.length);
  let k = 0;
  for (let i = 0; i < bytes.length; i++) {
    out[k++] = bytes[i]!;
    if (bytes[i] === QUOTE) i++;
  }
  return out.subarray(0, k);
}
