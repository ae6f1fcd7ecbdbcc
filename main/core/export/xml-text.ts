/** Text escaping for the XML parts of an .xlsx. */

// XML 1.0 cannot carry most C0 controls at all; OOXML spells them _xHHHH_. A literal "_x0041_"
// in a bill would be decoded by Excel as "A", so its underscore is spelled out the same way.
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\r\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const REPLACE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\r\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;

function replacement(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case '\r':
      // A bare CR survives XML parsing only as a character reference.
      return '&#13;';
    case '_':
      return '_x005F_';
    default:
      return `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`;
  }
}

/** Escape text for element content or a double-quoted attribute. */
export function xmlText(s: string): string {
  return NEEDS_WORK.test(s) ? s.replace(REPLACE, replacement) : s;
}

/** Bytes xmlText may change: XML's specials, the C0 controls but tab (a line feed asks for xml:space), and the leads of "_x" and U+FFxx. */
const MAY_ESCAPE = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 32; c++) if (c !== 9) t[c] = 1;
  for (const c of '&<>"_') t[c.charCodeAt(0)] = 1;
  t[0xef] = 1;
  return t;
})();

/**
 * Whether valid UTF-8 bytes are a text cell's content as they are: nothing for xmlText to escape,
 * no xml:space, no quote prefix (no formula's first character), nothing String.trim() removes at
 * either end and no blank marker, no truncation. Conservative: a false only sends the cell the
 * way of the text (the leads of U+00A0, U+1680 and the U+2000 block are refused whatever follows).
 */
export function isPlainTextBytes(buf: Uint8Array, s: number, e: number): boolean {
  if (e <= s || e - s > EXCEL_MAX_CELL_BYTES || !plainEnd(buf, s, e, true)) return false;
  let last = e - 1;
  while (last > s && (buf[last]! & 0xc0) === 0x80) last--;
  if (!plainEnd(buf, last, e, false)) return false;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (MAY_ESCAPE[c] === 1 && (c !== 95 || buf[i + 1] === 120) && (c !== 0xef || buf[i + 1] === 0xbf)) return false;
  }
  return true;
}

/** A cell's UTF-8 bytes are at most this many UTF-16 units: a cell this short is never cut. */
const EXCEL_MAX_CELL_BYTES = 32_767;

/** Whether the character at buf[i] (the first, or the last, of a cell ending at e) leaves the text as it is. */
function plainEnd(buf: Uint8Array, i: number, e: number, first: boolean): boolean {
  const c = buf[i]!;
  if (c <= 32 || c === 0xc2 || c === 0xe1 || c === 0xe2) return false;
  if (first && (c === 61 || c === 43 || c === 45 || c === 64)) return false;
  if (c === 0xe3) return !(i + 2 < e && buf[i + 1] === 0x80 && buf[i + 2] === 0x80);
  if (c === 0xef) return !(i + 2 < e && buf[i + 1] === 0xbb && buf[i + 2] === 0xbf);
  return true;
}

/** "A", "B", … "Z", "AA" … for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Approximate on-screen width in Excel character units: CJK and full-width forms take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x2e80 && c <= 0xffef ? 2 : 1;
  }
  return w;
}

/** A sheet name as Excel allows it (≤ 31 characters, none of []:*?/\), quoted for formulas. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
