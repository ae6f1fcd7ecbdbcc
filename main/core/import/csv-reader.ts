/**
 * A streaming RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks
 * (CRLF or LF). It yields records with the 1-based line on which each record starts, so an error
 * can name `file:row`. Written by hand rather than taken from a library so that row numbers are
 * exact and a truncated file (an unterminated quote at end of input) is an error, not a guess.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Bounds that keep a hostile file from being held in memory: one cell, one record (all its
 * cells) and the cells of a record. A bill's cells are short; an unclosed quote in a large file
 * would otherwise make the rest of the file one cell.
 */
export const CSV_LIMITS = { cellChars: 1 << 20, recordChars: 16 << 20, cells: 16_384 } as const;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvParser {
  private cells: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Just closed a quoted field; only a delimiter, newline or another quote may follow. */
  private afterQuote = false;
  private pendingCR = false;
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  private readonly delimiterChar: string;

  constructor(private readonly delimiter = COMMA) {
    this.delimiterChar = String.fromCharCode(delimiter);
  }

  /** Feed the next chunk of text; complete records are pushed to `out`. */
  push(text: string, out: CsvRecord[]): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        i = this.quoted(text, i);
        continue;
      }
      if (!this.afterQuote && !this.pendingCR && !this.fieldStarted && this.cells.length === 0) {
        const next = this.wholeLine(text, i, out);
        if (next !== -1) {
          i = next;
          continue;
        }
      }
      i = this.step(text, i, out);
    }
  }

  /** Inside a quoted field: up to its closing quote (a doubled one stays in the field) or the chunk's end. */
  private quoted(text: string, i: number): number {
    const n = text.length;
    const q = text.indexOf('"', i);
    if (q === -1) {
      this.countLines(text, i, n);
      this.field += text.slice(i);
      this.checkField();
      return n;
    }
    this.countLines(text, i, q);
    this.field += text.slice(i, q);
    this.checkField();
    if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
      this.field += '"';
      return q + 2;
    }
    // A quote that ends the chunk may yet be doubled: step() resumes the field if the next chunk starts with one.
    this.inQuotes = false;
    this.afterQuote = true;
    return q + 1;
  }

  /** Fast path at a record's start: a whole line without quotes is split in one call (most bill lines are); -1 when it does not apply. */
  private wholeLine(text: string, i: number, out: CsvRecord[]): number {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return -1;
    const end = nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    const seg = text.slice(i, end);
    if (seg.indexOf('\r') !== -1) return -1;
    const cells = seg.indexOf('"') === -1 ? seg.split(this.delimiterChar) : splitQuotedLine(seg, this.delimiterChar);
    if (!cells) return -1;
    if (cells.length > CSV_LIMITS.cells) throw new CsvSyntaxError(this.line, `a row of more than ${CSV_LIMITS.cells.toLocaleString('en')} cells: refused`);
    if (seg.length > CSV_LIMITS.cellChars) checkLine(this.line, seg, cells);
    if (seg.length > 0) out.push({ line: this.line, cells });
    this.line++;
    this.recordLine = this.line;
    return nl + 1;
  }

  /** One character (or a run of plain ones) outside quotes. */
  private step(text: string, i: number, out: CsvRecord[]): number {
    const c = text.charCodeAt(i);
    if (this.pendingCR) {
      this.pendingCR = false;
      if (c === LF) return i + 1;
    }
    if (this.afterQuote) {
      if (c === QUOTE) {
        // A doubled quote split across chunks: resume the quoted field.
        this.field += '"';
        this.inQuotes = true;
        this.afterQuote = false;
        return i + 1;
      }
      this.afterQuote = false;
      if (c !== this.delimiter && c !== LF && c !== CR) throw new CsvSyntaxError(this.line, `unexpected text after a closing quote`);
    }
    if (c === this.delimiter) {
      this.endField();
      return i + 1;
    }
    if (c === LF || c === CR) {
      this.endRecord(out);
      this.line++;
      this.recordLine = this.line;
      if (c === CR) this.pendingCR = true;
      return i + 1;
    }
    if (c === QUOTE && !this.fieldStarted) {
      this.inQuotes = true;
      this.fieldStarted = true;
      this.quoteLine = this.line;
      return i + 1;
    }
    return this.plainRun(text, i);
  }

  /** A run of plain characters, copied at once. */
  private plainRun(text: string, i: number): number {
    let j = i + 1;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === this.delimiter || d === LF || d === CR) break;
      j++;
    }
    this.field += text.slice(i, j);
    this.checkField();
    this.fieldStarted = true;
    return j;
  }

  /** End of input: flush the last record; an open quote means the file was cut short. */
  end(out: CsvRecord[]): void {
    if (this.inQuotes) {
      throw new CsvSyntaxError(this.quoteLine, `the file ends inside a quoted field opened on line ${this.quoteLine} (truncated file?)`);
    }
    this.afterQuote = false;
    if (this.fieldStarted || this.cells.length > 0) this.endRecord(out);
  }

  private countLines(text: string, from: number, to: number): void {
    let k = text.indexOf('\n', from);
    while (k !== -1 && k < to) {
      this.line++;
      k = text.indexOf('\n', k + 1);
    }
  }

  private recordChars = 0;

  private checkField(): void {
    if (this.field.length <= CSV_LIMITS.cellChars) return;
    const quoted = this.inQuotes ? ` (a quote opened on line ${this.quoteLine} and never closed?)` : '';
    throw new CsvSyntaxError(this.recordLine, `a cell longer than ${CSV_LIMITS.cellChars.toLocaleString('en')} characters${quoted}: refused`);
  }

  private endField(): void {
    this.recordChars += this.field.length;
    if (this.cells.length >= CSV_LIMITS.cells) throw new CsvSyntaxError(this.recordLine, `a row of more than ${CSV_LIMITS.cells.toLocaleString('en')} cells: refused`);
    if (this.recordChars > CSV_LIMITS.recordChars) throw new CsvSyntaxError(this.recordLine, `a row longer than ${CSV_LIMITS.recordChars.toLocaleString('en')} characters: refused`);
    this.cells.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    if (!this.fieldStarted && this.cells.length === 0) {
      // A blank line is not a record.
      return;
    }
    this.endField();
    out.push({ line: this.recordLine, cells: this.cells });
    this.cells = [];
    this.recordChars = 0;
  }
}

/** A whole line read by the fast path, held to the same limits as the general parser. */
function checkLine(line: number, seg: string, cells: string[]): void {
  if (seg.length > CSV_LIMITS.recordChars) throw new CsvSyntaxError(line, `a row longer than ${CSV_LIMITS.recordChars.toLocaleString('en')} characters: refused`);
  if (cells.some((c) => c.length > CSV_LIMITS.cellChars)) throw new CsvSyntaxError(line, `a cell longer than ${CSV_LIMITS.cellChars.toLocaleString('en')} characters: refused`);
}

/**
 * One whole line with quoted fields (a bill's "内存, 标准型SA2, 4GB" is on every fifth line), split
 * without the character-by-character machine. Returns null for anything it does not fully
 * understand — a quoted field running onto the next line, text after a closing quote — and the
 * general parser then reads the line, errors and all.
 */
function splitQuotedLine(seg: string, delim: string): string[] | null {
  const cells: string[] = [];
  const n = seg.length;
  let i = 0;
  for (;;) {
    const q = seg.indexOf('"', i);
    if (q === -1) {
      // The rest has no quote: the native split is the fast part.
      const rest = seg.slice(i).split(delim);
      for (let k = 0; k < rest.length; k++) cells.push(rest[k]!);
      return cells;
    }
    if (q > i) {
      // A quote inside an unquoted field is a literal character: the general parser's business.
      if (seg[q - 1] !== delim) return null;
      const before = seg.slice(i, q - 1).split(delim);
      for (let k = 0; k < before.length; k++) cells.push(before[k]!);
    }
    let field = '';
    let from = q + 1;
    for (;;) {
      const close = seg.indexOf('"', from);
      if (close === -1) return null;
      field += seg.slice(from, close);
      if (seg.charCodeAt(close + 1) === QUOTE) {
        field += '"';
        from = close + 2;
        continue;
      }
      i = close + 1;
      break;
    }
    cells.push(field);
    if (i === n) return cells;
    if (seg[i] !== delim) return null;
    i++;
    if (i === n) {
      cells.push('');
      return cells;
    }
  }
}

/** Parse a whole string (tests, small files). */
export function parseCsv(text: string): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  p.push(text, out);
  p.end(out);
  return out;
}
