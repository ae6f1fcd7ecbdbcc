import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
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
