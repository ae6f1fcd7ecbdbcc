import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { packPiece, PIECE } from '../store/source-archive.js';
import { yieldToOtherThreads } from '../workers/priority.js';

/**
 * The import's source worker: compresses a large file piece by piece for the source archive, and
 * hashes it on the same read, on a thread of its own while the parse worker and the importer do
 * the lines — at the lowest priority, on the time they leave (its pieces are needed only at the end).
 */
export type SourceJob = { path: string };
export type FromSource = { t: 'pieces'; pieces: { start: number; size: number; data: Uint8Array }[]; sha256: string } | { t: 'error'; message: string };

const port = parentPort!;
yieldToOtherThreads();
const send = (m: FromSource, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

port.once('message', (job: SourceJob) => {
  try {
    const { pieces, sha256 } = compressFile(job.path);
    send({ t: 'pieces', pieces, sha256 }, pieces.map((p) => p.data.buffer as ArrayBuffer));
  } catch (e) {
    send({ t: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});

function eachPiece(path: string, size: number, use: (bytes: Buffer, start: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (let start = 0; ; ) {
      const n = readSync(fd, buf, 0, size, start);
      if (n === 0) return;
      use(buf.subarray(0, n), start);
      start += n;
    }
  } finally {
    closeSync(fd);
  }
}

function compressFile(path: string): { pieces: { start: number; size: number; data: Uint8Array }[]; sha256: string } {
  const pieces: { start: number; size: number; data: Uint8Array }[] = [];
  const hash = createHash('sha256');
  eachPiece(path, PIECE, (bytes, start) => {
    hash.update(bytes);
    // A copy of its own: transferred whole, not the pool slab zlib may hand back.
    const packed = packPiece(bytes);
    pieces.push({ start, size: bytes.length, data: new Uint8Array(packed) });
  });
  return { pieces, sha256: hash.digest('hex') };
}
