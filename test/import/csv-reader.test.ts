import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvParser, parseCsv, type CsvRecord } from '../../main/core/import/csv-reader.js';

/** A copy of csv-spectrum in the repository (see its README: CRLF files restored). */
const SPECTRUM = join(__dirname, '..', 'fixtures', 'csv-spectrum');

function readCase(file: string): string {
  return readFileSync(join(SPECTRUM, 'csvs', file), 'utf8');
}

function toObjects(records: CsvRecord[]): Record<string, string>[] {
  const [header, ...rows] = records;
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.cells.map((h, i) => [h, r.cells[i] ?? ''])));
}

describe('csv-spectrum acid test', () => {
  const files = readdirSync(join(SPECTRUM, 'csvs')).filter((f) => f.endsWith('.csv'));
  it('has the 11 cases', () => expect(files.length).toBe(11));
  for (const file of files) {
    it(`${file} parses record for record`, () => {
      const text = readCase(file);
      const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', file.replace(/\.csv$/, '.json')), 'utf8'));
      expect(toObjects(parseCsv(text))).toEqual(expected);
    });
    it(`${file} parses the same when fed one character at a time`, () => {
      const text = readCase(file);
      const p = new CsvParser();
      const out: CsvRecord[] = [];
      for (const ch of text) p.push(ch, out);
      p.end(out);
      expect(out).toEqual(parseCsv(text));
    });
  }
});

describe('csv reader', () => {
  it('reports the line each record starts on, across quoted newlines', () => {
    const recs = parseCsv('a,b\r\n"x\ny",1\n\nlast,2');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(recs[1]!.cells).toEqual(['x\ny', '1']);
  });
  it('refuses a file cut off inside a quoted field, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"open\nmore')).toThrow(/ends inside a quoted field opened on line 2/);
  });
  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(/after a closing quote/);
  });
});
