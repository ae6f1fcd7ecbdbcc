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
