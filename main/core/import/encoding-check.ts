/**
 * The bill is scanned as bytes and most cells are never decoded, so the bytes are checked to be
 * valid text of the file's encoding as they stream by: a truncated or mixed-encoding file is
 * refused naming its line, as a strict decoder would.
 */
import { isUtf8 } from 'node:buffer';

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or −1. */
function firstBadUtf8(b: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > to) return i;
    for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

/** Offset of the first byte that breaks GB18030's one-, two- and four-byte structure, or −1. */
function firstBadGb18030(b: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c === 0x80 || c === 0xff || i + 1 >= to) return i;
    const d = b[i + 1]!;
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) {
      i += 2;
      continue;
    }
    if (d >= 0x30 && d <= 0x39 && i + 3 < to && b[i + 2]! >= 0x81 && b[i + 2]! <= 0xfe && b[i + 3]! >= 0x30 && b[i + 3]! <= 0x39) {
      i += 4;
      continue;
    }
    return i;
  }
  return -1;
}

/** The offset of the first invalid byte of [from, to) in the encoding, or −1 when the text is valid. */
export function firstInvalidByte(encoding: 'utf-8' | 'gb18030', b: Uint8Array, from: number, to: number): number {
  if (encoding === 'utf-8') return isUtf8(b.subarray(from, to)) ? -1 : firstBadUtf8(b, from, to);
  return firstBadGb18030(b, from, to);
}

/** The line (1-based, counted from `line` at `from`) that holds byte `at`. */
export function lineAt(b: Uint8Array, from: number, at: number, line: number): number {
  for (let i = from; i < at; i++) if (b[i] === 10) line++;
  return line;
}
