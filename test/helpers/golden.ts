/**
 * "Same answers" (issue 10 point 7): the reconcile JSON and the exports recorded with the old
 * engine (test/fixtures/golden/) against today's. Fields that name the run are masked on both
 * sides: ISO instants (import, run and review times; the workbook's document dates) and the
 * temporary folder a run wrote into. Everything else must be byte-identical.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g;

/** Text with the run's instants masked. Vendor times carry +08:00 and are kept: they are data. */
export function maskRun(text: string): string {
  return text.replace(INSTANT, (t) => (t.endsWith('+08:00') ? t : '<instant>'));
}

/** A zip's entries by name, inflated (the exports write stored or deflated entries). */
export function zipEntries(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    out.set(name, method === 0 ? Buffer.from(raw) : inflateRawSync(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** What is compared of an output file: for a workbook each part's masked text, for text files the masked text. */
export function comparable(path: string): Map<string, string> {
  const buf = readFileSync(path);
  if (path.endsWith('.xlsx')) {
    const parts = new Map<string, string>();
    for (const [name, data] of [...zipEntries(buf)].sort(([a], [b]) => (a < b ? -1 : 1))) parts.set(name, maskRun(data.toString('utf8')));
    return parts;
  }
  return new Map([['', maskRun(buf.toString('utf8'))]]);
}

/** sha256 of each comparable part: the manifest kept for outputs too big to commit. */
export function digests(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of comparable(path)) out[name] = createHash('sha256').update(text).digest('hex');
  return out;
}
