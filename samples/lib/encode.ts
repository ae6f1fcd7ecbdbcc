/**
 * Encoders for writing test and sample files in the encodings the vendor's users produce.
 * Node's TextEncoder writes UTF-8 only; the GBK table is built by inverting the runtime's own
 * GBK decoder over every double-byte code, so no extra dependency is needed and the round trip
 * is exact by construction.
 */
let gbkTable: Map<string, number> | null = null;

function table(): Map<string, number> {
  if (gbkTable) return gbkTable;
  const dec = new TextDecoder('gbk');
  const m = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !m.has(ch)) m.set(ch, (lead << 8) | trail);
    }
  }
  gbkTable = m;
  return m;
}

export function encodeGbk(text: string): Buffer {
  const t = table();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const gb = t.get(ch);
    if (gb === undefined) throw new Error(`character ${ch} (U+${code.toString(16)}) has no GBK code`);
    out.push(gb >> 8, gb & 0xff);
  }
  return Buffer.from(out);
}

export function encodeUtf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from('\uFEFF' + text, 'utf16le');
  if (endian === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

export function encodeUtf8(text: string, bom = false): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}

/** One CSV field, quoted when it must be. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvText(rows: string[][], eol = '\r\n'): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}
