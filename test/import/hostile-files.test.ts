import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { readJsonDocument, MAX_JSON_DEPTH } from '../../main/core/import/json-document.js';
import { checkInputFile } from '../../main/core/import/sources.js';
import { CSV_LIMITS, CsvSyntaxError, parseCsv } from '../../main/core/import/csv-reader.js';
import { ImportError, listSome } from '../../main/core/import/types.js';
import { readXlsxRows } from '../../main/core/import/xlsx-reader.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { feeRows, write } from '../helpers/files.js';
import { opened, runCliAsUser } from '../helpers/other-user.js';
import { hugeCell, inlineRows, writeXlsx, writeZip } from '../helpers/zip-file.js';

const INTERNAL = /Cannot read properties|undefined|Maximum call stack|is not a function|\n\s+at /;

async function failure(p: Promise<unknown>): Promise<ImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('hostile XLSX files', () => {
  it('one huge cell (16 MB here; bench/hostile-xlsx.ts measures 200 MB) in a small file is refused early, with a short message, nothing stored', async () => {
    const dir = tempDir();
    const path = join(dir, 'bomb.xlsx');
    await writeXlsx(path, () => hugeCell(16));
    expect(statSync(path).size).toBeLessThan(400_000);
    const { db, path: dbPath } = tempDb();
    const before = fingerprint(db, dbPath);
    const err = await failure(importFile(db, path));
    expect(err.message).toBe('bomb.xlsx: sheet "Sheet1" holds a piece of XML (one value, tag or comment) longer than 1,048,576 characters: refused');
    expect(fingerprint(db, dbPath)).toBe(before);
    db.close();
  });

  it('a row past the column limit, and a row of many large cells, are refused naming the row', async () => {
    const dir = tempDir();
    const wide = join(dir, 'wide.xlsx');
    await writeXlsx(wide, function* () {
      yield '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFE1" t="inlineStr"><is><t>y</t></is></c></row>';
    });
    const { db } = tempDb();
    expect((await failure(importFile(db, wide))).message).toBe('wide.xlsx:1:Sheet1: the row has a cell past column XFD (16,384): refused');
    const long = join(dir, 'long-row.xlsx');
    await writeXlsx(long, function* () {
      yield '<row r="7">';
      const cell = 'B'.repeat(1 << 20);
      for (let i = 0; i < 20; i++) yield `<c t="inlineStr"><is><t>${cell}</t></is></c>`;
      yield '</row>';
    });
    expect((await failure(importFile(db, long))).message).toBe('long-row.xlsx:7: the row holds more than 16,777,216 characters: refused');
    db.close();
  });

  it('an XLSX without r= references (valid per the standard) is read by position', async () => {
    const dir = tempDir();
    const path = join(dir, 'no-refs.xlsx');
    const rows = feeRows();
    await writeXlsx(path, () => inlineRows(rows, false));
    const cells: string[][] = [];
    for await (const r of readXlsxRows(path)) cells.push(r.cells);
    expect(cells).toEqual(rows);
    const { db } = tempDb();
    const out = await importFile(db, path);
    expect([out.kind, out.rows, out.status]).toEqual(['fee-detail', rows.length - 1, 'imported']);
    db.close();
  });

  it('a zip of other files renamed .xlsx is said not to be a workbook, not "empty file"', async () => {
    const dir = tempDir();
    const path = join(dir, 'photos.xlsx');
    await writeZip(path, [
      { name: 'notes.txt', data: 'hello' },
      { name: 'img/cat.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) },
    ]);
    const { db } = tempDb();
    expect((await failure(importFile(db, path))).message).toBe('photos.xlsx: a zip archive, but not an Excel workbook: it holds 2 files ("notes.txt", "img/cat.png") and no xl/workbook.xml');
    const ods = join(dir, 'sheet.xlsx');
    await writeZip(ods, [{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }, { name: 'content.xml', data: '<x/>' }]);
    expect((await failure(importFile(db, ods))).message).toBe('sheet.xlsx: an OpenDocument spreadsheet or text (.ods/.odt), not an Excel workbook: save it as .xlsx or CSV');
    const cut = join(dir, 'cut.xlsx');
    write(dir, 'cut.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]));
    expect((await failure(importFile(db, cut))).message).toBe('cut.xlsx: not a readable XLSX workbook: the zip has no central directory (a truncated or damaged file)');
    db.close();
  });
});

describe('hostile JSON', () => {
  it('nested 200,000 deep: a clear error naming the file and line, no stack overflow', () => {
    const text = '{"Response":\n' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    let err: unknown;
    try {
      readJsonDocument('deep.json', text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toBe(`deep.json:2: JSON nested deeper than ${MAX_JSON_DEPTH} levels (at column 256): refused; a bill or usage record nests a few levels at most`);
  });

  it('reads what parseJsonDocument reads: a document, JSON lines; syntax errors name line and column', () => {
    expect(readJsonDocument('a.json', '{"a":[1,{"b":"[[["}]}')).toEqual({ value: { a: [1, { b: '[[[' }] }, lines: false });
    expect(readJsonDocument('a.jsonl', '{"a":1}\n\n{"b":2}\n')).toEqual({ value: [{ a: 1 }, { b: 2 }], lines: true, lineNumbers: [1, 3] });
    expect(() => readJsonDocument('b.json', '{\n  "a": 1,\n  "b": [1, 2\n}')).toThrow(/^b\.json:4: not valid JSON at column 1: /);
    expect(() => readJsonDocument('c.jsonl', '{"a":1}\n{"b":\n')).toThrow(/^c\.jsonl:2: not valid JSON/);
    expect(() => readJsonDocument('d.json', '{"a": "' + 'x'.repeat(5000) + '" oops}')).toThrow(/^d\.json:1: not valid JSON at column 5010: Expected ',' or '}' after property value$/);
  });
});

describe('paths that are not readable files', () => {
  it('a folder given as FILE, a missing file: a sentence naming it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'march'));
    expect(() => checkInputFile(join(dir, 'march'), 'march')).toThrow(new ImportError('march', null, null, 'is a folder, not a file: give the bill files inside it'));
    expect(() => checkInputFile(join(dir, 'nope.csv'), 'nope.csv')).toThrow('nope.csv: no such file');
  });

  it('an unreadable file: permission denied, in words', () => {
    const dir = opened(tempDir());
    const f = write(dir, 'secret.csv', 'a,b\n1,2\n');
    chmodSync(f, 0o600);
    const r = runCliAsUser(['import', '--db', join(dir, 'b.sqlite'), 'secret.csv'], dir);
    expect(r.stderr).toBe('billrecon import: secret.csv: cannot read the file: permission denied (make it readable for your user)\n');
    expect(r.status).toBe(2);
  });
});

describe('messages stay short', () => {
  it('a value is quoted to 80 characters; lists stop at 20 names', () => {
    const e = new ImportError('f.csv', 3, '金额', 'not a number', 'x'.repeat(5000));
    expect(e.message).toBe(`f.csv:3:金额: not a number (value "${'x'.repeat(80)}…")`);
    const names = Array.from({ length: 45 }, (_, i) => `h${i}`);
    expect(listSome(names)).toBe(`${names.slice(0, 20).join(', ')} and 25 more`);
    expect(listSome(['a'.repeat(300)])).toBe('a'.repeat(80) + '…');
    expect(new ImportError('f.csv', null, null, 'y'.repeat(10_000)).message.length).toBeLessThan(2_100);
    for (const m of [e.message]) expect(m).not.toMatch(INTERNAL);
  });
});

describe('hostile CSV', () => {
  it('the CSV reader refuses a cell, a row or a cell count past its limits', () => {
    const cell = 'x'.repeat(CSV_LIMITS.cellChars + 1);
    expect(() => parseCsv(`a,b\n1,"never closed,${cell}`)).toThrow(new CsvSyntaxError(2, 'a cell longer than 1,048,576 characters (a quote opened on line 2 and never closed?): refused'));
    expect(() => parseCsv(`a,b\n1,${cell}\n`)).toThrow('a cell longer than 1,048,576 characters: refused');
    expect(() => parseCsv(`a\n${','.repeat(CSV_LIMITS.cells)}\n`)).toThrow('a row of more than 16,384 cells: refused');
    const big = '"' + 'y'.repeat(CSV_LIMITS.cellChars - 10) + '"';
    expect(() => parseCsv(`a\n${Array(17).fill(big).join(',')}\n`)).toThrow('a row longer than 16,777,216 characters: refused');
  });

  it('an unclosed quote early in a large file is refused at the cell limit, naming the line', async () => {
    const dir = tempDir();
    const rows = feeRows();
    const head = rows.slice(0, 3).map((r) => r.join(',')).join('\n');
    const path = write(dir, 'open-quote.csv', `${head}\n1,"never closed,${'x'.repeat(3 << 20)}\n`);
    const { db } = tempDb();
    // Either reader's sentence (the import's own byte reader may see the end of the file first).
    expect((await failure(importFile(db, path))).message).toMatch(
      /^open-quote\.csv:4: (a cell longer than 1,048,576 (characters|bytes) \(a quote opened on line 4 and never closed\?\): refused|the file ends inside a quoted field opened on line 4 \(truncated file\?\))$/,
    );
    const wide = write(dir, 'wide.csv', `${head}\n${','.repeat(20_000)}\n`);
    expect((await failure(importFile(db, wide))).message).toBe('wide.csv:4: a row of more than 16,384 cells: refused');
    db.close();
  });
});
