import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * The central directory of a zip file (an XLSX is one), read directly so that nothing is
 * inflated before the reader has decided which parts it needs and how much of each it accepts.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The file is not a zip we can read; `reason` completes "not a readable XLSX workbook: …". */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A directory bigger than this (about 200,000 names) is not a spreadsheet's. */
const MAX_DIRECTORY_BYTES = 16 << 20;
const MAX_ENTRIES = 100_000;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function u64(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a zip size is out of range (damaged file)');
  return Number(n);
}

interface Directory {
  offset: number;
  size: number;
  entries: number;
}

async function findDirectory(fh: FileHandle, fileSize: number): Promise<Directory> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(fh, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('the zip has no central directory (a truncated or damaged file)');
  let dir: Directory = { entries: tail.readUInt16LE(at + 10), size: tail.readUInt32LE(at + 12), offset: tail.readUInt32LE(at + 16) };
  if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
    const z = await readAt(fh, u64(tail, at - 20 + 8), 56);
    if (z.length < 56 || z.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('the zip64 directory record is damaged');
    dir = { entries: u64(z, 32), size: u64(z, 40), offset: u64(z, 48) };
  }
  if (dir.size > MAX_DIRECTORY_BYTES || dir.entries > MAX_ENTRIES) throw new ZipFormatError(`the zip lists ${dir.entries} entries: too many for a workbook`);
  if (dir.offset + dir.size > fileSize) throw new ZipFormatError('the zip directory points past the end of the file (a truncated file?)');
  return dir;
}

/** The zip64 extra field holds, in this order, the 32-bit fields that are 0xFFFFFFFF. */
function applyZip64(e: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const len = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number => {
        if (p + 8 > at + 4 + len) throw new ZipFormatError('the zip64 extra field is damaged');
        const v = u64(extra, p);
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localOffset === 0xffffffff) e.localOffset = next();
      return;
    }
    at += 4 + len;
  }
}

function parseDirectory(buf: Buffer, count: number): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError('the zip directory is damaged');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const flags = buf.readUInt16LE(at + 8);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const e: ZipEntry = {
      name: name.replace(/\\/g, '/').replace(/^\//, ''),
      method: buf.readUInt16LE(at + 10),
      flags,
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    applyZip64(e, buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.set(e.name, e);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Every entry of the zip by name (names with `/`, no leading slash). */
export async function readZipDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const dir = await findDirectory(fh, size);
    const buf = await readAt(fh, dir.offset, dir.size);
    if (buf.length < dir.size) throw new ZipFormatError('the zip directory is cut short (a truncated file?)');
    return parseDirectory(buf, dir.entries);
  } finally {
    await fh.close();
  }
}

/**
 * An entry's bytes, inflated as a stream. The caller bounds how much it reads; a compressed
 * size that runs past the file or an unknown method is refused here.
 */
export async function openZipEntry(path: string, e: ZipEntry): Promise<NodeJS.ReadableStream> {
  if (e.flags & 0x1) throw new ZipFormatError(`${e.name} is encrypted (a password-protected workbook: save it without a password)`);
  if (e.method !== 0 && e.method !== 8) throw new ZipFormatError(`${e.name} is compressed with method ${e.method}, which a workbook does not use`);
  const fh = await open(path, 'r');
  let start: number;
  try {
    const local = await readAt(fh, e.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`the zip entry ${e.name} is damaged`);
    start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + e.compressedSize > (await fh.stat()).size) throw new ZipFormatError(`the zip entry ${e.name} runs past the end of the file (a truncated file?)`);
  } finally {
    await fh.close();
  }
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 16 });
  if (e.method === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: 1 << 16 });
  raw.on('error', (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}
