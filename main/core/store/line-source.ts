/**
 * A stored line's original cells, read back from its import's verbatim source (source-archive.ts):
 * one line for a trace, or every record in order for an export. The cells are the bill's own text,
 * decoded with the file's encoding; the header row and the field mapping come from the import record.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { batchBuffer, cellBytes, scanRecords, type CsvBytesBatch } from '../bill/csv-bytes.js';
import type { Db } from './db.js';
import { SourceReader } from './source-archive.js';

export interface SourceLayout {
  importId: number;
  /** The original file's bytes ('file', in `encoding`) or a UTF-8 CSV of the rows ('csv'). */
  source: 'file' | 'csv';
  decoder: TextDecoder;
  headers: string[];
  /** canonical field → header */
  mapping: Record<string, string>;
}

export function sourceLayout(db: Db, importId: number): SourceLayout {
  const r = db.prepare('select source, encoding, headers, mapping from import where id = ?').get(importId) as { source: string; encoding: string | null; headers: string; mapping: string };
  const encoding = r.source === 'file' && r.encoding && /18030|gbk/i.test(r.encoding) ? 'gb18030' : 'utf-8';
  return { importId, source: r.source === 'csv' ? 'csv' : 'file', decoder: new TextDecoder(encoding), headers: JSON.parse(r.headers) as string[], mapping: JSON.parse(r.mapping) as Record<string, string> };
}

/**
 * Decode a record's cells straight from the scanned buffer: most cells are ASCII (amounts, ids,
 * times), which Buffer slices as one-byte strings without a TextDecoder call or a subarray each.
 * TextDecoder drops a leading BOM from what it decodes; a UTF-8 cell that starts with one loses it
 * here too, so both paths give the same text.
 */
function decodeRecord(b: CsvBytesBatch, r: number, decoder: TextDecoder): string[] {
  const buf = batchBuffer(b);
  const utf8 = decoder.encoding === 'utf-8';
  const first = b.first[r]!;
  const n = b.first[r + 1]! - first;
  if (utf8 && n > 1) {
    const cells = utf8RecordCells(b, buf, first, n, decoder);
    if (cells) return cells;
  }
  const cells = new Array<string>(n);
  for (let c = first; c < first + n; c++) cells[c - first] = decodeCell(b, buf, c, decoder, utf8);
  return cells;
}

function decodeCell(b: CsvBytesBatch, buf: Buffer, c: number, decoder: TextDecoder, utf8: boolean): string {
  const s = b.cs[c]!;
  const e = b.ce[c]!;
  return b.cq[c] === 2 || !isAsciiOrPlainUtf8(buf, s, e, utf8) ? decoder.decode(cellBytes(b, c)) : buf.toString(utf8 ? 'utf8' : 'latin1', s, e);
}

/**
 * A valid UTF-8 record decoded in one call and cut at its cells' character offsets: one string
 * per record instead of one per cell. In valid UTF-8 every byte but a continuation byte starts a
 * character, and a 4-byte one is two UTF-16 units. Cells of doubled quotes or starting with a BOM
 * are decoded on their own, as decodeCell does; null for a record that is not valid UTF-8.
 */
function utf8RecordCells(b: CsvBytesBatch, buf: Buffer, first: number, n: number, decoder: TextDecoder): string[] | null {
  const from = b.cs[first]!;
  const to = b.ce[first + n - 1]!;
  if (!isUtf8(buf.subarray(from, to))) return null;
  const text = buf.toString('utf8', from, to);
  const cells = new Array<string>(n);
  let at = from;
  let unit = 0;
  for (let k = 0; k < n; k++) {
    const c = first + k;
    const s = b.cs[c]!;
    const e = b.ce[c]!;
    for (; at < s; at++) unit += utf16Units(buf[at]!);
    const start = unit;
    for (; at < e; at++) unit += utf16Units(buf[at]!);
    cells[k] = b.cq[c] === 2 || (e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) ? decodeCell(b, buf, c, decoder, true) : text.substring(start, unit);
  }
  return cells;
}

/** UTF-16 units a byte of valid UTF-8 adds: none for a continuation byte, two for a 4-byte character's lead. */
function utf16Units(byte: number): number {
  return (byte & 0xc0) === 0x80 ? 0 : byte >= 0xf0 ? 2 : 1;
}

/** Bytes Buffer decodes as TextDecoder would: ASCII in any encoding, or UTF-8 not starting with a BOM. */
function isAsciiOrPlainUtf8(buf: Buffer, s: number, e: number, utf8: boolean): boolean {
  if (utf8) return !(e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf);
  for (let i = s; i < e; i++) if (buf[i]! >= 0x80) return false;
  return true;
}

/** The record that starts at `at`, its cells decoded. */
export function recordAt(db: Db, layout: SourceLayout, at: number): string[] {
  const reader = new SourceReader(db, layout.importId);
  let seq = reader.pieceOf(at);
  let buf: Buffer = reader.bytes(seq).subarray(at - reader.start(seq));
  for (;;) {
    const last = seq + 1 >= reader.pieces;
    const s = scanRecords(buf, 0, 0, 1, last);
    if (s.batch.n > 0 && (s.batch.n > 1 || s.rest > 0 || last)) return decodeRecord(s.batch, 0, layout.decoder);
    if (last) return [];
    seq++;
    buf = Buffer.concat([buf, reader.bytes(seq)]);
  }
}

/** Every record of the source with its offset, in order, a piece at a time. */
export function* sourceRecords(db: Db, layout: SourceLayout): Generator<{ at: number; cells: string[] }> {
  const reader = new SourceReader(db, layout.importId);
  let carry: Buffer | null = null;
  let base = 0;
  for (let seq = 0; seq < reader.pieces; seq++) {
    const piece = reader.bytes(seq);
    const buf: Buffer = carry && carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
    const s = scanRecords(buf, base, 0, 1, seq + 1 === reader.pieces);
    for (let r = 0; r < s.batch.n; r++) yield { at: base + s.batch.start[r]!, cells: decodeRecord(s.batch, r, layout.decoder) };
    carry = buf.subarray(s.rest);
    base += s.rest;
  }
}

/** A scanned record: record `r` of `batch`, read before the generator moves on (the cursor is reused). */
export interface RecordCursor {
  at: number;
  batch: CsvBytesBatch;
  r: number;
}

/** The cells of a scanned record, decoded. */
export function recordCells(c: RecordCursor, layout: SourceLayout): string[] {
  return decodeRecord(c.batch, c.r, layout.decoder);
}

/** Cell `k` of a scanned record (k below its cell count), decoded as recordCells decodes it. */
export function recordCell(c: RecordCursor, k: number, layout: SourceLayout): string {
  const b = c.batch;
  const buf = batchBuffer(b);
  return decodeCell(b, buf, b.first[c.r]! + k, layout.decoder, layout.decoder.encoding === 'utf-8');
}

/**
 * The records that start at the given offsets (ascending), each as scanned (its cells decoded
 * only when asked); the others are scanned past. One pass over the source, a piece at a time.
 */
export function* recordCursorsAt(db: Db, layout: SourceLayout, ats: readonly number[]): Generator<RecordCursor> {
  if (ats.length === 0) return;
  const reader = new SourceReader(db, layout.importId);
  let want = 0;
  let seq = reader.pieceOf(ats[0]!);
  // Scanning starts on the first wanted record: a record boundary, whatever the piece boundaries are.
  let base = ats[0]!;
  let carry: Buffer | null = reader.bytes(seq).subarray(base - reader.start(seq));
  const cursor = { at: 0, batch: null as unknown as CsvBytesBatch, r: 0 };
  for (seq++; want < ats.length; seq++) {
    const more = seq < reader.pieces;
    const piece = more ? reader.bytes(seq) : Buffer.alloc(0);
    const buf: Buffer = carry && carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
    const s = scanRecords(buf, base, 0, 1, !more);
    cursor.batch = s.batch;
    for (let r = 0; r < s.batch.n && want < ats.length; r++) {
      const at = base + s.batch.start[r]!;
      while (want < ats.length && ats[want]! < at) want++;
      if (ats[want] === at) {
        cursor.at = at;
        cursor.r = r;
        yield cursor;
        want++;
      }
    }
    carry = buf.subarray(s.rest);
    base += s.rest;
    if (!more) break;
  }
}
