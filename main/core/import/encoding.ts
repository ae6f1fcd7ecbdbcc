import { TextDecoder } from 'node:util';

/**
 * Text encodings the vendor's files come in: UTF-8 (with or without BOM), GB18030/GBK (Chinese
 * Windows Excel "CSV"), UTF-16 LE/BE with BOM (Excel "Unicode text"). Detection is explicit —
 * BOM first, then a strict UTF-8 check of the opening bytes — and always reported, so the
 * accountant sees what was assumed and can override it.
 */
export const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030', // GB18030 is a superset of GBK and GB2312; decoding GBK bytes as GB18030 is exact.
  gb2312: 'gb18030',
  cp936: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  ucs2: 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function normaliseEncoding(name: string): Encoding | undefined {
  return ALIASES[name.trim().toLowerCase()];
}

export interface Detected {
  encoding: Encoding;
  /** Bytes of BOM to skip. */
  bomLength: number;
  /** How it was decided, for the audit trail and the preview. */
  label: string;
}

/** Decide from the first bytes of the file (a few tens of KB is plenty). */
export function detectEncoding(head: Uint8Array): Detected {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, label: 'utf-8 (BOM)' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, label: 'utf-16le (BOM)' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, label: 'utf-16be (BOM)' };
  if (isValidUtf8Prefix(head)) return { encoding: 'utf-8', bomLength: 0, label: 'utf-8' };
  return { encoding: 'gb18030', bomLength: 0, label: 'gb18030' };
}

/** Strict UTF-8 check that tolerates a multi-byte sequence cut off at the end of the sample. */
function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Step back over a possibly truncated trailing sequence (at most 3 bytes).
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (need > back) end -= back;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** A streaming decoder that throws on bytes that are not valid in the encoding. */
export function createDecoder(encoding: Encoding): TextDecoder {
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
}
