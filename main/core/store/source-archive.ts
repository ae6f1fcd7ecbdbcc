/**
 * Every import keeps its source verbatim, so a trace, the corrected detail and FOCUS read the
 * bill's own text: the original file's bytes for a CSV (a line's `at` is its byte offset), or a
 * UTF-8 CSV of the rows for a workbook or JSON (`at` is the offset in that text). The text is
 * kept in 1 MiB pieces, each compressed (brotli, on libuv's thread pool while the import writes
 * lines), so a line is read back by decompressing one or two pieces.
 */
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { promisify } from 'node:util';
import type { Db } from './db.js';

/** Brotli at quality 0: as small as deflate's fastest level on bill text, twice as fast both ways. */
const PACK = { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const compress = promisify(brotliCompress);

/** One piece of a source, compressed as the archive stores it. */
export function packPiece(raw: Uint8Array): Buffer {
  return brotliCompressSync(raw, PACK);
}
export const PIECE = 1 << 20;

interface Piece {
  start: number;
  size: number;
  data: Promise<Buffer> | Buffer;
}

/** Collects an import's source text in order; `store` writes it once the import commits its rows. */
export class SourceArchive {
  /** `sync`: compress in this thread as pieces fill (a schema migration runs inside one synchronous transaction). */
  constructor(private readonly sync = false) {}

  private readonly pieces: Piece[] = [];
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private offset = 0;

  /** An archive of pieces compressed elsewhere (the import's source worker), in file order. */
  static ofPieces(pieces: readonly { start: number; size: number; data: Uint8Array }[]): SourceArchive {
    const a = new SourceArchive(true);
    for (const p of pieces) a.pieces.push({ start: p.start, size: p.size, data: Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength) });
    const last = pieces[pieces.length - 1];
    a.offset = last ? last.start + last.size : 0;
    return a;
  }

  get length(): number {
    return this.offset + this.pendingSize;
  }

  add(bytes: Uint8Array): void {
    let b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (b.length > 0) {
      const take = Math.min(b.length, PIECE - this.pendingSize);
      // A whole piece handed over as is (a file read) is not copied.
      this.pending.push(take === PIECE ? b.subarray(0, take) : Buffer.from(b.subarray(0, take)));
      this.pendingSize += take;
      b = b.subarray(take);
      if (this.pendingSize === PIECE) this.seal();
    }
  }

  private seal(): void {
    if (this.pendingSize === 0) return;
    const raw = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pieces.push({ start: this.offset, size: raw.length, data: this.sync ? packPiece(raw) : compress(raw, PACK) });
    this.offset += raw.length;
    this.pending = [];
    this.pendingSize = 0;
  }

  /** Wait until at most `ahead` sealed pieces are still being compressed. */
  async settle(ahead: number): Promise<void> {
    const i = this.pieces.length - ahead - 1;
    if (i >= 0) await this.pieces[i]!.data;
  }

  async store(db: Db, importId: number): Promise<void> {
    this.seal();
    for (const p of this.pieces) p.data = await p.data;
    this.storeSync(db, importId);
  }

  /** Write the pieces, all compressed already (a `sync` archive, or after `store` awaited them). */
  storeSync(db: Db, importId: number): void {
    this.seal();
    const stmt = db.prepare('insert into source_chunk (importId, seq, start, size, data) values (?, ?, ?, ?, ?)');
    this.pieces.forEach((p, seq) => {
      if (!Buffer.isBuffer(p.data)) throw new Error('source piece not compressed yet');
      stmt.run(importId, seq, p.start, p.size, p.data);
    });
  }
}

/** Reads an import's source back: the bytes from an offset, one or more pieces at a time. */
export class SourceReader {
  private cache: { seq: number; bytes: Buffer } | null = null;
  private readonly starts: number[];
  private readonly piece;

  constructor(
    db: Db,
    private readonly importId: number,
  ) {
    this.starts = (db.prepare('select start from source_chunk where importId = ? order by seq').pluck().all(importId) as number[]);
    this.piece = db.prepare('select data from source_chunk where importId = ? and seq = ?').pluck();
  }

  get pieces(): number {
    return this.starts.length;
  }

  /** The piece, decompressed `seq`. */
  bytes(seq: number): Buffer {
    if (this.cache?.seq !== seq) this.cache = { seq, bytes: brotliDecompressSync(this.piece.get(this.importId, seq) as Buffer) };
    return this.cache.bytes;
  }

  /** Which piece holds offset `at`. */
  pieceOf(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  start(seq: number): number {
    return this.starts[seq]!;
  }
}

/**
 * A file's bytes into an archive, read beside the import (the thread pool compresses while the
 * importing thread writes lines); at most `ahead` pieces wait to be compressed, so memory stays flat.
 */
export async function archiveFile(path: string, ahead = 4): Promise<SourceArchive> {
  const { createReadStream } = await import('node:fs');
  const archive = new SourceArchive();
  for await (const chunk of createReadStream(path, { highWaterMark: PIECE }) as AsyncIterable<Buffer>) {
    archive.add(chunk);
    await archive.settle(ahead);
  }
  return archive;
}
