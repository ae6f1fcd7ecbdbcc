import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '../../main/core/import/index.js';
import { listImports, type Db } from '../../main/core/store/index.js';
import { csvText, encodeGbk } from '../../samples/lib/encode.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';

/**
 * The importer's bulk path — parsing on a worker thread, hashing and compressing the source on
 * another — is chosen by file size; the samples are small, so these tests force it on and check
 * that it stores exactly what the plain path stores and fails exactly as it fails.
 */
const PLAIN: ImportOptions = { worker: false };
const BULK: ImportOptions = { worker: true };

/** What an import writes: the normalized lines and what comes with them (store v5), the whiteboard's sessions. */
const BILL_TABLES = ['bill_key', 'line_scope', 'term', 'bill_line', 'line_check', 'part_pack', 'prepaid_part', 'import_month', 'bill_duplicate', 'cons_day_masks', 'source_chunk', 'tiw_session'];

/** Lines stored for an import: bill_line ids are importId × 2^32 + source row. */
function linesOfImport(rows: unknown[][], importId: number): number {
  return rows.filter((r) => Math.floor((r[0] as number) / 2 ** 32) === importId).length;
}

/** Every stored bill row, every column, in rowid order, and the schema. */
function stored(db: Db): { rows: Record<string, unknown[][]>; schema: unknown[]; imports: unknown[] } {
  const rows: Record<string, unknown[][]> = {};
  for (const t of BILL_TABLES) rows[t] = db.prepare(`select * from ${t} order by rowid`).raw().all() as unknown[][];
  const schema = db.prepare(`select type, name, tbl_name, sql from sqlite_master order by type, name`).raw().all();
  const imports = db
    .prepare(`select fileName, size, sha256, kind, layout, kindReason, encoding, sheet, headerRow, rowCount, aggregated, period, status, headers, mapping from import order by id`)
    .raw()
    .all();
  return { rows, schema, imports };
}

async function importBoth(files: string[]): Promise<{ plain: ReturnType<typeof stored>; bulk: ReturnType<typeof stored> }> {
  const a = tempDb();
  const b = tempDb();
  for (const f of files) {
    const x = await importFile(a.db, f, PLAIN);
    const y = await importFile(b.db, f, BULK);
    expect(y).toEqual(x);
  }
  return { plain: stored(a.db), bulk: stored(b.db) };
}

describe('the bulk import paths store exactly what the plain path stores', () => {
  it('fee detail (GBK), consumption and whiteboard CSVs: same rows, same values, same indexes', async () => {
    const { plain, bulk } = await importBoth([
      join(SAMPLES, 'fee-detail-2025-03.gbk.csv'),
      join(SAMPLES, '消耗账单-2025-03.csv'),
      join(SAMPLES, '消耗账单-资源汇总-2025-03.csv'),
      join(SAMPLES, 'tiw-whiteboard-2025-03.csv'),
    ]);
    expect(linesOfImport(plain.rows.bill_line!, 1)).toBe(feeRows().length - 1);
    expect(linesOfImport(plain.rows.bill_line!, 2)).toBe(34);
    expect(linesOfImport(plain.rows.bill_line!, 3)).toBe(2);
    expect(plain.rows.source_chunk!.length).toBeGreaterThanOrEqual(3);
    expect(plain.rows.tiw_session!.length).toBeGreaterThan(5);
    expect(bulk).toEqual(plain);
    // Every index the migrations create is there after the bulk path, as in a new database.
    const indexes = (schema: unknown[]) => (schema as string[][]).filter((r) => r[0] === 'index');
    const fresh = tempDb().db;
    const created = indexes(fresh.prepare(`select type, name, tbl_name, sql from sqlite_master order by type, name`).raw().all());
    fresh.close();
    expect(created.filter((r) => ['bill_key', 'part_pack', 'prepaid_part', 'import_month', 'line_check'].includes(r[2]!)).length).toBeGreaterThanOrEqual(5);
    expect(indexes(bulk.schema)).toEqual(created);
  });

  it('a bill longer than one worker batch, with preamble lines, quoted cells and a month-aggregated line', async () => {
    const { file, rows: n } = bigFeeBill();
    const { plain, bulk } = await importBoth([file]);
    expect(linesOfImport(plain.rows.bill_line!, 1)).toBe(n);
    expect(plain.imports[0]).toEqual(expect.arrayContaining([n]));
    expect(bulk).toEqual(plain);
  });

  it('records cut by the 1 MB reads, one of them inside a quoted cell holding a line break, keep their rows and 交易IDs', async () => {
    const { file, expected, breakAt } = billAcrossReads();
    const { plain, bulk } = await importBoth([file]);
    const stored = plain.rows.bill_line!.map((r) => [Number(BigInt(r[0] as number) & 0xffffffffn), r[8]]);
    expect(stored).toEqual(expected);
    expect(stored.length).toBeGreaterThan(7000);
    // The line after the quoted line break is one row further down; the break sits past the first read.
    const cut = expected.findIndex(([, ref]) => ref === 'ACROSS');
    expect(expected[cut + 1]![0]).toBe((expected[cut]![0] as number) + 2);
    expect(breakAt).toBeGreaterThan(1 << 20);
    expect(bulk).toEqual(plain);
  });
});

/**
 * A UTF-8 fee bill of about 3 MB: records straddle the reader's 1 MB chunks, and the record
 * named ACROSS has a quoted 实例名称 holding a line break that starts before the first chunk's
 * end and closes after it. Returns each data line's [row, 交易ID] as the import must store them.
 */
function billAcrossReads(): { file: string; expected: [number, string][]; breakAt: number } {
  const [header, ...body] = feeRows();
  const lines = [csvText([header!])];
  let bytes = Buffer.byteLength(lines[0]!);
  const expected: [number, string][] = [];
  let row = 2;
  let breakAt = 0;
  const add = (r: string[]): void => {
    const text = csvText([r]);
    lines.push(text);
    bytes += Buffer.byteLength(text);
    expected.push([row, r[13]!]);
    row += text.split('\n').length - 1;
  };
  for (let k = 0; bytes < 3 << 20; k++) {
    const r = [...body[k % body.length]!];
    r[13] = `T${k}`;
    if (breakAt === 0 && bytes > (1 << 20) - 2000) {
      r[13] = 'ACROSS';
      const before = Buffer.byteLength(csvText([r.slice(0, 9)])) - 2 + 2; // the cells before 实例名称, their commas, the opening quote
      const pad = (1 << 20) + 3 - bytes - before;
      r[9] = 'n'.repeat(pad) + '\nsecond line of the name';
      breakAt = bytes + before + pad;
    }
    add(r);
  }
  return { file: write(tempDir(), 'fee-across-reads.csv', Buffer.from(lines.join(''))), expected, breakAt };
}

/** A GBK fee bill of 5,001 rows (several worker batches) after two preamble lines. */
function bigFeeBill(): { file: string; rows: number } {
    const rows = feeRows();
    const body = rows.slice(1);
    const many: string[][] = [];
    for (let k = 0; many.length < 5000; k++) {
      for (const r of body) {
        const copy = [...r];
        copy[13] = `${r[13]}-${k}`; // transaction id stays unique per copy
        many.push(copy);
      }
    }
    const aggregatedLine = [...body[0]!];
    aggregatedLine[12] = '-';
    aggregatedLine[13] = '-';
    aggregatedLine[14] = '-';
    const text = '账单,2025-03\r\n\r\n' + csvText([rows[0]!, ...many.slice(0, 2500), aggregatedLine, ...many.slice(2500)]);
    return { file: write(tempDir(), 'fee-detail-big.csv', encodeGbk(text)), rows: many.length + 1 };
}

describe('the bulk paths fail like the plain path and leave the database byte for byte as it was', () => {
  const withCell = (row: number, col: number, value: string): string[][] => {
    const rows = feeRows();
    rows[row]![col] = value;
    return rows;
  };
  const cases: [string, () => Buffer | string][] = [
    ['a non-numeric amount', () => csvText(withCell(20, 28, '12,34.5'))],
    ['an impossible date', () => csvText(withCell(5, 14, '2025-02-30 01:00:00'))],
    ['a required amount missing', () => csvText(withCell(3, 28, ''))],
    ['a truncated file', () => feeCsvText().slice(0, 4000) + ',"unterminated'],
    ['a header and no rows', () => csvText(feeRows().slice(0, 1))],
    ['a row longer than the header', () => csvText(feeRows().map((r, i) => (i === 7 ? [...r, 'surplus'] : r)))],
    ['a GBK file cut in the middle of a character', () => encodeGbk(feeCsvText()).subarray(0, 5001)],
    ['unknown headers only', () => 'a,b,c\n1,2,3\n'],
    ['an empty file', () => ''],
  ];
  for (const [what, bytes] of cases) {
    it(what, async () => {
      const file = write(tempDir(), 'bad.csv', bytes());
      const messages: string[] = [];
      for (const options of [PLAIN, BULK]) {
        const { db, path } = tempDb();
        await importFile(db, join(SAMPLES, '消耗账单-2025-03.csv'), PLAIN);
        const before = fingerprint(db, path);
        const err = await importFile(db, file, options).then(
          () => null,
          (e: Error) => e,
        );
        expect(err).toBeInstanceOf(Error);
        messages.push(err!.message);
        expect(fingerprint(db, path)).toBe(before);
        expect(listImports(db)).toHaveLength(1);
        db.close();
      }
      expect(messages[1]).toBe(messages[0]);
      expect(messages[0]).toMatch(/^bad\.csv(:\d+)?(:[^:]+)?: /);
    });
  }

  it('the same file again is a duplicate on the bulk path too, and its early worker is stopped', async () => {
    const { db, path } = tempDb();
    const { file, rows } = bigFeeBill();
    const first = await importFile(db, file, BULK);
    expect(first).toMatchObject({ status: 'imported', rows });
    const before = fingerprint(db, path);
    const again = await importFile(db, file, BULK);
    expect(again).toMatchObject({ id: first.id, status: 'duplicate', rows });
    expect(fingerprint(db, path)).toBe(before);
  });

  it('an import cancelled half way stops the worker and changes nothing', async () => {
    const { db, path } = tempDb();
    const before = fingerprint(db, path);
    const controller = new AbortController();
    const { file, rows } = bigFeeBill();
    let written = 0;
    const run = importFile(db, file, {
      ...BULK,
      signal: controller.signal,
      onProgress: (p) => {
        written = p.rows;
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/^fee-detail-big\.csv: import cancelled$/);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(rows);
    expect(fingerprint(db, path)).toBe(before);
    expect(listImports(db)).toHaveLength(0);
  });
});
