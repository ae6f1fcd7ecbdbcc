import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_CELL_COMMENTS, XlsxWriter } from '../../main/core/export/xlsx-writer.js';
import { ZipStream } from '../../main/core/export/zip-stream.js';
import { tempDir } from '../helpers/db.js';
import { readZip } from './zip-read.js';

describe('zip stream', () => {
  it('round-trips entries, UTF-8 names, and a fixed timestamp', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const zip = new ZipStream(sink);
    const big = randomBytes(3_000_000);
    await zip.add('a.txt', 'hello');
    await zip.add('empty.txt', '');
    const e = await zip.open('目录/b.bin');
    for (let i = 0; i < big.length; i += 100_000) await e.write(big.subarray(i, i + 100_000));
    await e.close();
    await zip.finish();
    const buf = Buffer.concat(chunks);
    const entries = readZip(buf);
    expect(entries.get('a.txt')!.toString()).toBe('hello');
    expect(entries.get('empty.txt')!.length).toBe(0);
    expect(entries.get('目录/b.bin')!.equals(big)).toBe(true);
    // DOS date 1980-01-01 00:00 in every local header.
    expect(buf.readUInt16LE(10)).toBe(0);
    expect(buf.readUInt16LE(12)).toBe(0x21);
  });

  it('waits for a slow file instead of buffering: bytes in flight stay bounded', async () => {
    let maxQueued = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(_c: Buffer, _e, cb) {
        setTimeout(cb, 1);
      },
    });
    const zip = new ZipStream(slow);
    const e = await zip.open('incompressible.bin');
    const block = randomBytes(256 * 1024);
    for (let i = 0; i < 120; i++) {
      await e.write(block); // 30 MB in all
      maxQueued = Math.max(maxQueued, slow.writableLength);
    }
    await e.close();
    await zip.finish();
    // Without backpressure the whole 30 MB would queue at the file; here a few chunks at most.
    expect(maxQueued).toBeLessThan(4 * 1024 * 1024);
  });

  it('an entry written aside while another streams is placed after it whole, and its spill file has no name', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const zip = new ZipStream(sink);
    const spills = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith(`billrecon-spill-${process.pid}-`));
    const before = spills();
    const streamed = randomBytes(2_000_000);
    const asideData = Buffer.concat([randomBytes(1_500_000), Buffer.from('和 a tail '.repeat(50_000))]);
    const aside = zip.aside('b.bin');
    const e = await zip.open('a.bin');
    // Written in turns, as the Precision sheet is beside the Corrected detail.
    for (let i = 0; i < 20; i++) {
      await e.write(streamed.subarray(i * 100_000, (i + 1) * 100_000));
      const step = Math.ceil(asideData.length / 20);
      await aside.entry.write(asideData.subarray(i * step, (i + 1) * step));
    }
    // On this system the spill file's name is gone as soon as it is open: a crash leaves nothing behind.
    expect(spills()).toEqual(before);
    await expect(zip.place('b.bin', aside)).rejects.toThrow('zip: an entry written aside is placed before it was closed');
    await aside.entry.close();
    await expect(zip.place('b.bin', aside)).rejects.toThrow('zip: entry b.bin opened while another is still open');
    await e.close();
    await zip.place('b.bin', aside);
    await zip.add('c.txt', 'after');
    await zip.finish();
    const buf = Buffer.concat(chunks);
    const entries = readZip(buf);
    expect([...entries.keys()]).toEqual(['a.bin', 'b.bin', 'c.txt']);
    expect(entries.get('a.bin')!.equals(streamed)).toBe(true);
    expect(entries.get('b.bin')!.equals(asideData)).toBe(true);
    expect(entries.get('c.txt')!.toString()).toBe('after');
    // Local headers follow each other in the file: b.bin's starts where a.bin's descriptor ends.
    expect(buf.indexOf(Buffer.from('b.bin'))).toBeGreaterThan(buf.indexOf(Buffer.from('a.bin')));
    expect(() => [...aside.spill.chunks()]).toThrow('spill file: used after close');
  });

  it('a sheet written aside takes its place, its continuation parts too, after the sheet that streamed', async () => {
    const path = join(tempDir('billrecon-zip-'), 'aside.xlsx');
    const out = createWriteStream(path);
    const zip = new ZipStream(out);
    const book = new XlsxWriter(zip, { title: 'aside', timestamp: '2025-04-01T00:00:00Z' });
    const main = await book.addSheet('Main', [{ header: 'n', kind: 'integer' }], {});
    const side = await book.addSheet('Side', [{ header: 'n', kind: 'integer' }, { header: 'amount', kind: 'money8', comment: 'side note' }], { aside: true, maxRows: 1001 });
    for (let i = 1; i <= 2500; i++) {
      await main.row([String(i)]);
      await side.row([String(i), `${i}.00000001`]);
    }
    await side.close();
    await expect(book.placeAside()).rejects.toThrow('xlsx: parts placed while sheet Main is still open');
    await main.close();
    await expect(book.finish(['Main', 'Side'])).rejects.toThrow('xlsx: sheet Side was written aside and never placed');
    await book.placeAside();
    await book.finish(['Side', 'Main']);
    await zip.finish();
    await new Promise<void>((r) => out.end(r));
    const parts = readZip(readFileSync(path));
    expect(parts.get('xl/worksheets/sheet1.xml')!.toString()).toContain('<row r="2501">');
    expect(parts.get('xl/workbook.xml')!.toString()).toMatch(/<sheet name="Side" sheetId="1" r:id="rId2"\/><sheet name="Side \(2\)" sheetId="2" r:id="rId3"\/><sheet name="Side \(3\)" sheetId="3" r:id="rId4"\/><sheet name="Main" sheetId="4" r:id="rId1"\/>/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['Side', 1001], ['Side (2)', 1001], ['Side (3)', 501], ['Main', 2501]]);
    expect(wb.getWorksheet('Side (3)')!.getRow(501).values).toEqual([undefined, 2500, 2500.00000001]);
    for (const name of ['Side', 'Side (2)', 'Side (3)']) expect(wb.getWorksheet(name)!.getCell('B1').note).toBe('side note');
  });

  it('a streamed sheet of 60,000 rows opens in exceljs with every row', async () => {
    const path = join(tempDir('billrecon-zip-'), 'rows.xlsx');
    const out = createWriteStream(path);
    const zip = new ZipStream(out);
    const book = new XlsxWriter(zip, { title: 'rows', timestamp: '2025-04-01T00:00:00Z' });
    const s = await book.addSheet('Rows', [{ header: 'n', kind: 'integer' }, { header: 'amount', kind: 'money8', comment: 'header note' }, { header: 'text', kind: 'text' }], { freezeHeader: true });
    // A note on every row: only the first MAX_CELL_COMMENTS are kept (they wait in memory for the sheet's end).
    for (let i = 1; i <= 60_000; i++) await s.row([String(i), `${i}.12345678`, `行 ${i} <&>`], { highlight: [1], comments: [{ col: 1, text: `note ${i}` }] });
    await s.close();
    await book.finish(['Rows']);
    await zip.finish();
    await new Promise<void>((r) => out.end(r));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Rows')!;
    expect(ws.rowCount).toBe(60_001);
    expect(ws.getRow(60_001).values).toEqual([undefined, 60_000, 60_000.12345678, '行 60000 <&>']);
    expect(ws.getCell('B1').note).toBe('header note');
    expect(ws.getCell('B2').note).toBe('note 1');
    expect(ws.getCell(`B${MAX_CELL_COMMENTS + 1}`).note).toBe(`note ${MAX_CELL_COMMENTS}`);
    expect(ws.getCell(`B${MAX_CELL_COMMENTS + 2}`).note).toBeUndefined();
    expect((ws.getCell('B60001').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    const vml = readZip(readFileSync(path)).get('xl/drawings/vmlDrawing1.vml')!.toString();
    expect(vml).toContain('data="1,2"');
  });
});
