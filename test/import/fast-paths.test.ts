import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv, type CsvRecord } from '../../main/core/import/csv-reader.js';
import { isBlank, parseDecimal } from '../../main/core/import/values.js';

/** Outcome of a parse: the records, or the error message (both paths must agree on either). */
function outcome(run: () => CsvRecord[]): CsvRecord[] | string {
  try {
    return run();
  } catch (e) {
    return (e as Error).message;
  }
}

/** Fed one character at a time, no chunk holds a whole line: the general machine reads everything. */
function charByChar(text: string): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  for (const ch of text) p.push(ch, out);
  p.end(out);
  return out;
}

describe('the CSV reader\'s whole-line fast paths read exactly what the general parser reads', () => {
  it('on lines of quotes, commas, CR/LF and text', () => {
    const piece = fc.constantFrom('a', 'bc', '内存', ',', '"', '""', '\n', '\r\n', '\r', ' ', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(outcome(() => parseCsv(text))).toEqual(outcome(() => charByChar(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('on a bill line with a quoted component name', () => {
    const recs = parseCsv('h1,h2,h3\r\n1,"内存, 标准型SA2, 4GB",x\r\n"a ""b""",,"c"\r\n,"",\r\n');
    expect(recs.map((r) => r.cells)).toEqual([
      ['h1', 'h2', 'h3'],
      ['1', '内存, 标准型SA2, 4GB', 'x'],
      ['a "b"', '', 'c'],
      ['', '', ''],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('leaves a quote inside an unquoted field and text after a closing quote to the general parser', () => {
    expect(parseCsv('a,b"c,d\n').map((r) => r.cells)).toEqual([['a', 'b"c', 'd']]);
    expect(() => parseCsv('a,"b"c,d\n')).toThrow(/line 1|after a closing quote/);
  });
});

describe('the plain-decimal and blank fast paths agree with the general path', () => {
  /** Surrounding spaces force the general path (trim, regular expressions) for the same value. */
  const general = (t: string): string | null | Error => {
    try {
      return parseDecimal(` ${t} `);
    } catch (e) {
      return e as Error;
    }
  };
  const fast = (t: string): string | null | Error => {
    try {
      return parseDecimal(t);
    } catch (e) {
      return e as Error;
    }
  };

  it('on random digit, sign and point strings', () => {
    const chars = fc.constantFrom('0', '1', '9', '.', '-', '+', ',', 'e');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 14 }), (cs) => {
        const t = cs.join('');
        const a = fast(t);
        const b = general(t);
        if (a instanceof Error || b instanceof Error) expect(String(a)).toBe(String(b));
        else expect(a).toBe(b);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps the text exact and drops the sign of a negative zero', () => {
    expect(parseDecimal('3.62666656')).toBe('3.62666656');
    expect(parseDecimal('-0.00000000')).toBe('0.00000000');
    expect(parseDecimal('-0.00000001')).toBe('-0.00000001');
    expect(parseDecimal('007')).toBe('007');
    expect(parseDecimal('7.')).toBe('7');
    expect(parseDecimal('-.5')).toBe('-0.5');
  });

  it('blank markers', () => {
    for (const t of ['', '-', '--', ' - ', '—', '\u3000']) expect(isBlank(t)).toBe(true);
    for (const t of ['0', '-0', '---', 'a', ' x ']) expect(isBlank(t)).toBe(false);
  });
});
