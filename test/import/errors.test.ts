import { describe, expect, it } from 'vitest';
import { importFile, previewFile, undoImport } from '../../main/core/import/index.js';
import { listImports, readRows } from '../../main/core/store/index.js';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { csvText, encodeGbk, encodeUtf8 } from '../../samples/lib/encode.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';
import { feeLines } from './helpers/lines.js';
import { join } from 'node:path';

const FEE_ROWS = feeRows().length - 1;

/** A database that already holds the sample consumption bill, and its fingerprint. */
async function seeded() {
  const t = tempDb();
  await importFile(t.db, join(SAMPLES, '消耗账单-2025-03.csv'));
  return { ...t, before: fingerprint(t.db, t.path) };
}

function withCell(row: number, col: number, value: string): string[][] {
  const rows = feeRows();
  rows[row]![col] = value;
  return rows;
}

describe('bad input fails the whole file, names file:row:column, and changes nothing', () => {
  const cases: [string, () => Buffer | string, RegExp][] = [
    ['a non-numeric amount', () => csvText(withCell(20, 28, '12,34.5')), /^bad\.csv:21:优惠后总价: not a number \(ambiguous thousands or decimal separator\) \(value "12,34\.5"\)$/],
    ['an impossible date', () => csvText(withCell(5, 14, '2025-02-30 01:00:00')), /^bad\.csv:6:扣费时间: day 2025-02-30 does not exist \(value "2025-02-30 01:00:00"\)$/],
    ['a required amount missing', () => csvText(withCell(3, 28, '')), /^bad\.csv:4:优惠后总价: required amount is empty/],
    ['a missing required column', () => csvText(feeRows().map((r) => r.filter((_, i) => i !== 28))), /^bad\.csv:1: headers not recognised as fee-detail: missing canonical fields: discountedTotal \(优惠后总价 \/ 优惠后总价\(元\)\); unknown headers: none/],
    ['a truncated file (cut inside a quoted field)', () => feeCsvText().slice(0, 4000) + ',"unterminated', /^bad\.csv:\d+: the file ends inside a quoted field opened on line \d+ \(truncated file\?\)$/],
    ['binary garbage', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /^bad\.csv:3: binary data \(a NUL byte\): not a CSV, XLSX or JSON file$/],
    ['an empty file', () => '', /^bad\.csv: empty file$/],
    ['a header and no rows', () => csvText(feeRows().slice(0, 1)), /^bad\.csv:2: no data rows after the header$/],
    ['a row longer than the header', () => csvText(feeRows().map((r, i) => (i === 7 ? [...r, 'surplus'] : r))), /^bad\.csv:8: the row has 35 cells but the header has 34 columns$/],
    ['a GBK file cut in the middle of a character', () => encodeGbk(feeCsvText()).subarray(0, 5001), /^bad\.csv:\d+(:[^:]+)?: /],
    ['unknown headers only', () => 'a,b,c\n1,2,3\n', /^bad\.csv:1: headers not recognised as fee-detail: missing canonical fields: product .*; unknown headers: a, b, c\. Map them with --map/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, async () => {
      const { db, path, before } = await seeded();
      const file = write(tempDir(), 'bad.csv', bytes());
      await expect(importFile(db, file)).rejects.toThrow(message);
      expect(fingerprint(db, path)).toBe(before);
      expect(listImports(db)).toHaveLength(1);
    });
  }
});

describe('the same file, a different file with the same transactions, replace and undo', () => {
  it('importing the same file again is a no-op that says so', async () => {
    const { db, path } = tempDb();
    const p = join(SAMPLES, 'fee-detail-2025-03.gbk.csv');
    const first = await importFile(db, p);
    const before = fingerprint(db, path);
    const again = await importFile(db, p);
    expect(again).toMatchObject({ id: first.id, status: 'duplicate', rows: FEE_ROWS });
    expect(fingerprint(db, path)).toBe(before);
  });

  it('a different file holding stored transaction ids is refused; --replace replaces the earlier import whole; undo brings it back', async () => {
    const { db, path } = tempDb();
    const csv = await importFile(db, join(SAMPLES, 'fee-detail-2025-03.gbk.csv'));
    const before = fingerprint(db, path);
    const xlsx = join(SAMPLES, 'fee-detail-2025-03.xlsx');
    await expect(importFile(db, xlsx)).rejects.toThrow(
      /^fee-detail-2025-03\.xlsx: an earlier import already holds transactionIds of this file: #1 \(fee-detail-2025-03\.gbk\.csv, e\.g\. transactionId \d+\)\. Pass --replace to replace it as a whole\.$/,
    );
    expect(fingerprint(db, path)).toBe(before);

    const replaced = await importFile(db, xlsx, { replace: true });
    expect(replaced).toMatchObject({ status: 'imported', replaced: [csv.id] });
    expect(listImports(db).map((i) => [i.id, i.status])).toEqual([[1, 'replaced'], [2, 'imported']]);
    expect(feeLines(db)).toHaveLength(FEE_ROWS);
    expect(new Set(feeLines(db).map((l) => l.importId))).toEqual(new Set([2]));

    undoImport(db, replaced.id);
    expect(listImports(db).map((i) => [i.id, i.status])).toEqual([[1, 'imported'], [2, 'undone']]);
    expect(feeLines(db)).toHaveLength(FEE_ROWS);
    expect(feeLines(db).every((l) => l.importId === 1)).toBe(true);
    expect(() => undoImport(db, replaced.id)).toThrow(/already undone/);
  });

  it('an undone file can be imported again', async () => {
    const { db } = tempDb();
    const p = join(SAMPLES, 'tiw-whiteboard-2025-03.csv');
    const a = await importFile(db, p);
    undoImport(db, a.id);
    expect(readRows(db, 'tiw-whiteboard')).toHaveLength(0);
    const b = await importFile(db, p);
    expect(b).toMatchObject({ status: 'imported', rows: 60 });
    expect(b.id).not.toBe(a.id);
  });
});

describe('user mappings for headers the tables do not know', () => {
  const header = ['Produkt', 'Beleg', 'Betrag', 'Datum'];
  const rows = [header, ['CVM', 'B-1', '10.50', '2025-03-02 00:00:00'], ['CBS', 'B-2', '-1.25', '2025-03-03 00:00:00']];
  const map = { product: 'Produkt', transactionId: 'Beleg', discountedTotal: 'Betrag', payTime: 'Datum' };

  it('is refused with the missing fields, then imported with --map, and the profile is reused for the same header row', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    const a = write(dir, 'a.csv', csvText(rows));
    await expect(importFile(db, a)).rejects.toThrow(/missing canonical fields: product .*discountedTotal .*transactionId .*unknown headers: Produkt, Beleg, Betrag, Datum/);
    await importFile(db, a, { map, saveProfile: 'german-export' });
    expect(db.prepare('select name, kind from mapping_profile').all()).toEqual([{ name: 'german-export', kind: 'fee-detail' }]);
    const b = write(dir, 'b.csv', csvText([header, ['CDN', 'B-3', '2', '2025-03-04 00:00:00']]));
    const out = await importFile(db, b);
    expect(out.rows).toBe(1);
    expect(feeLines(db).map((l) => [l.product, l.transactionId, l.discountedTotal, l.amount, l.billMonth])).toEqual([
      ['CVM', 'B-1', '10.50', 10_50000000n, '2025-03'],
      ['CBS', 'B-2', '-1.25', -1_25000000n, '2025-03'],
      ['CDN', 'B-3', '2', 2_00000000n, '2025-03'],
    ]);
  });

  it('finds the header after a preamble through the saved profile, in the preview as in the import (one detection)', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    const withPreamble = (data: string[][]) => csvText([['Rechnung März 2025, Seite 1'], ...data]);
    const a = write(dir, 'a.csv', withPreamble(rows));
    await importFile(db, a, { map, saveProfile: 'german-export' });
    const b = write(dir, 'b.csv', withPreamble([header, ['CDN', 'B-3', '2', '2025-03-04 00:00:00']]));
    const preview = await previewFile(b, {}, db);
    expect(preview).toMatchObject({ kind: 'fee-detail', headerRow: 2, headers: header, missing: [], rows: [['CDN', 'B-3', '2', '2025-03-04 00:00:00']] });
    expect(preview.mapping).toMatchObject(map);
    const out = await importFile(db, b);
    expect([out.kind, out.rows]).toEqual(['fee-detail', 1]);
    // Without the database (so without its profiles) the preamble file's header is not recognised, in both.
    expect((await previewFile(b)).missing).toEqual(expect.arrayContaining(['product', 'discountedTotal']));
  });

  it('rejects a mapping to a field that does not exist', async () => {
    await expect(importFile(tempDb().db, write(tempDir(), 'a.csv', csvText(rows)), { map: { amount: 'Betrag' } })).rejects.toThrow(/^--map: unknown canonical field 'amount'/);
  });
});

const capture = (env: Record<string, string> = {}) => captureIo(SAMPLES, env);

describe('CLI contract', () => {
  it('import --json prints one object; a duplicate says so; bad input exits 2 with file:row:column', async () => {
    const db = join(tempDir(), 'cli.sqlite');
    const io = capture();
    expect(await runCli(['import', '--db', db, '--json', 'fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json'], io)).toBe(0);
    const out = JSON.parse(io.out) as { imports: Record<string, unknown>[] };
    expect(out.imports.map((i) => [i.id, i.file, i.kind, i.encoding, i.rows, i.status])).toEqual([
      [1, 'fee-detail-2025-03.gbk.csv', 'fee-detail', 'gb18030', FEE_ROWS, 'imported'],
      [2, 'tiw-transcode-2025-03.json', 'tiw-transcode', 'utf-8', 5, 'imported'],
    ]);
    expect(out.imports[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const io2 = capture({ BILLRECON_DB: db });
    expect(await runCli(['import', '--json', 'fee-detail-2025-03.gbk.csv'], io2)).toBe(0);
    expect((JSON.parse(io2.out) as { imports: { status: string }[] }).imports[0]!.status).toBe('duplicate');

    const bad = write(tempDir(), 'broken.csv', encodeUtf8(csvText(withCell(2, 28, 'abc'))));
    const io3 = capture();
    expect(await runCli(['import', '--db', db, bad], io3)).toBe(2);
    expect(io3.err).toMatch(/broken\.csv:3:优惠后总价: not a number \(value "abc"\)/);

    const io4 = capture();
    expect(await runCli(['imports', '--db', db, '--json'], io4)).toBe(0);
    expect((JSON.parse(io4.out) as { imports: unknown[] }).imports).toHaveLength(2);
  });

  it('--help documents every option; unknown options exit 2', async () => {
    const io = capture();
    expect(await runCli(['import', '--help'], io)).toBe(0);
    for (const flag of ['--db', '--kind', '--encoding', '--replace', '--map', '--profile', '--period', '--date', '--json']) expect(io.out).toContain(flag);
    const io2 = capture();
    expect(await runCli(['import', '--bogus', 'x.csv'], io2)).toBe(2);
    expect(io2.err).toMatch(/Unknown option '--bogus'/);
  });
});
