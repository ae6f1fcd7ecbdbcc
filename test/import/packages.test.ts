/**
 * Issue 11 §9, how bills arrive: each of the vendor's COS delivery examples in
 * test/fixtures/vendor/packages imported as expected.json says — a ZIP as the files inside it
 * (each with its own sha256 and the package's), the two parts of a split month as one bill, the
 * daily cumulative file of 05-04 replacing the one of 05-03 (audited, undoable) — and the hostile
 * or odd packages refused with a sentence, nothing stored. Real SQLite, real importArrival.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importArrival, previewArrival, undoArrival, type ArrivalOutcome } from '../../main/core/import/package.js';
import { openZipEntry, readZipDirectory } from '../../main/core/import/zip-entries.js';
import { listImports, type Db } from '../../main/core/store/index.js';
import { fingerprint, tempDb, tempDir } from '../helpers/db.js';
import { writeZip } from '../helpers/zip-file.js';
import { linesOf, type ReadBackLine } from './helpers/lines.js';

const ROOT = join(__dirname, '..', 'fixtures', 'vendor');
const PKG = join(ROOT, 'packages');
const EXPECTED = (JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as { files: { file: string; kind: string; rows: number; entries?: { name: string; rows: number }[] }[] }).files;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function entryBytes(zip: string, name: string): Promise<Buffer> {
  const e = (await readZipDirectory(zip)).get(name)!;
  const chunks: Buffer[] = [];
  for await (const c of (await openZipEntry(zip, e)) as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A cell of a stored line by the bill's own header: a typed field, or kept verbatim as an extra. */
function cell(db: Db, l: ReadBackLine, header: string): string {
  const mapping = JSON.parse(db.prepare('select mapping from import where id = ?').pluck().get(l.importId) as string) as Record<string, string>;
  const field = Object.entries(mapping).find(([, h]) => h === header)?.[0];
  const v = field ? (l as unknown as Record<string, unknown>)[field] : l.extra[header];
  if (typeof v !== 'string') throw new Error(`no ${header} on line ${l.importId}:${l.row}`);
  return v;
}

/** Σ of a column over the live fee lines, exact (8 dp as integers). */
function sumOf(db: Db, header: string): string {
  const units = linesOf(db, 'fee').reduce((s, l) => s + BigInt(Math.round(Number(cell(db, l, header)) * 1e8)), 0n);
  const sign = units < 0n ? '-' : '';
  const a = units < 0n ? -units : units;
  return `${sign}${a / 100_000_000n}.${(a % 100_000_000n).toString().padStart(8, '0')}`.replace(/\.?0+$/, '');
}

function expected(file: string) {
  const e = EXPECTED.find((x) => x.file === `packages/${file}`);
  if (!e) throw new Error(`${file} is not in expected.json`);
  return e;
}

/** Imports a package and checks each inner file against expected.json: imported, its own sha256, the package's, kind and rows. */
async function importPackage(db: Db, file: string): Promise<ArrivalOutcome> {
  const path = join(PKG, file);
  const out = await importArrival(db, path);
  const e = expected(file);
  const pkgSha = sha(readFileSync(path));
  expect(out.package).toEqual({ name: file, sha256: pkgSha });
  expect(out.entries.map((x) => [x.file, x.status, x.outcome?.kind, x.outcome?.rows])).toEqual(e.entries!.map((x) => [`${file}/${x.name}`, 'imported', e.kind, x.rows]));
  for (const x of out.entries) {
    const inner = x.file.slice(file.length + 1);
    const rec = listImports(db).find((r) => r.id === x.outcome!.id)!;
    expect(rec).toMatchObject({ fileName: x.file, sha256: sha(await entryBytes(path, inner)), package: file, packageSha256: pkgSha });
  }
  return out;
}

describe('the vendor’s COS packages (packages/)', () => {
  it('monthly by_used_time package split in two CSV parts: one bill of 2024-05 by billing period, 3 lines, Σ incl. tax 925.50 + 8.72 = 934.22', async () => {
    const { db } = tempDb();
    const out = await importPackage(db, '100010445724-202405-by_used_time-bill_details.zip');
    expect(out.entries.map((e) => e.outcome!.replaced)).toEqual([[], []]);
    expect(listImports(db).map((r) => [r.period, r.status])).toEqual([['billing', 'imported'], ['billing', 'imported']]);
    const lines = linesOf(db, 'fee');
    expect(lines.map((l) => [l.month, l.ref])).toEqual([
      ['2024-05', '20240502400000000000003'],
      ['2024-05', '20240503400000000000001'],
      ['2024-05', '20240504400000000000002'],
    ]);
    expect(lines.map((l) => cell(db, l, 'Total Cost (Including Tax)'))).toEqual(['37.50000000', '888', '8.72000000']);
    expect(sumOf(db, 'Total Cost (Including Tax)')).toBe('934.22');
    expect(db.prepare(`select month, sum(lines) as lines from import_month group by month`).all()).toEqual([{ month: '2024-05', lines: 3 }]);
  });

  it('daily file of 2024-05-03: the month to 05-02, only the COS line (37.50)', async () => {
    const { db } = tempDb();
    await importPackage(db, '100010445724-20240503-by_used_time-bill_details.zip');
    expect(linesOf(db, 'fee').map((l) => [l.month, l.ref])).toEqual([['2024-05', '20240502400000000000003']]);
    expect(sumOf(db, 'Total Cost (Including Tax)')).toBe('37.5');
  });

  it('daily file of 2024-05-04 replaces the one of 05-03 (audited, undoable): 3 lines, Σ 934.22; undone, the 37.50 of 05-03 is back', async () => {
    const { db } = tempDb();
    const older = await importPackage(db, '100010445724-20240503-by_used_time-bill_details.zip');
    const newer = await importPackage(db, '100010445724-20240504-by_used_time-bill_details.zip');
    const [oldId, newId] = [older.entries[0]!.outcome!.id, newer.entries[0]!.outcome!.id];
    expect(newer.entries[0]!.outcome!.replaced).toEqual([oldId]);
    expect(listImports(db).map((r) => [r.id, r.status])).toEqual([[oldId, 'replaced'], [newId, 'imported']]);
    expect(db.prepare('select replacedBy from import where id = ?').pluck().get(oldId)).toBe(newId);
    expect(linesOf(db, 'fee')).toHaveLength(3);
    expect(sumOf(db, 'Total Cost (Including Tax)')).toBe('934.22');
    // The older file again: refused, it holds less of the month; nothing changes.
    const again = await importArrival(db, join(PKG, '100010445724-20240503-by_used_time-bill_details.zip'));
    expect(again.entries[0]).toMatchObject({ status: 'failed' });
    expect(again.entries[0]!.error).toContain('the daily file written 2024-05-03 (2024-05 up to 2024-05-02) is older than the daily file written 2024-05-04 (2024-05 up to 2024-05-03) already imported as #2');
    expect(undoArrival(db, newId)).toEqual([newId]);
    expect(listImports(db).map((r) => [r.id, r.status])).toEqual([[oldId, 'imported'], [newId, 'undone']]);
    expect(sumOf(db, 'Total Cost (Including Tax)')).toBe('37.5');
  });

  it('monthly bill pack: the files inside it, one L3 CSV of 2024-05, 3 lines, Σ 934.22', async () => {
    const { db } = tempDb();
    await importPackage(db, '100010445724-202405-bill_pack.zip');
    expect(linesOf(db, 'fee').map((l) => l.month)).toEqual(['2024-05', '2024-05', '2024-05']);
    expect(sumOf(db, 'Total Cost (Including Tax)')).toBe('934.22');
    // Deduction period: the name says neither by_used_time nor 按计费周期.
    expect(listImports(db)[0]!.period).toBe('deduction');
  });

  it('domestic monthly package 按扣费周期 (UTF-8 flagged entry name, BOM): 2023-07 by deduction period, 3 lines, Σ 现金 −80.43184806', async () => {
    const { db } = tempDb();
    await importPackage(db, '909619400-202307-按扣费周期-明细账单.zip');
    expect(listImports(db)[0]).toMatchObject({ period: 'deduction', encoding: 'utf-8 (BOM)' });
    expect(linesOf(db, 'fee').map((l) => l.month)).toEqual(['2023-07', '2023-07', '2023-07']);
    expect(sumOf(db, '现金账户支出(元)')).toBe('-80.43184806');
    expect(linesOf(db, 'fee').reduce((s, l) => s + l.amount, 0n)).toBe(-80_88920000n);
  });

  it('the monthly package after the daily files replaces them; the daily file after it is refused, nothing stored', async () => {
    const { db, path } = tempDb();
    const daily = await importPackage(db, '100010445724-20240504-by_used_time-bill_details.zip');
    const monthly = await importPackage(db, '100010445724-202405-by_used_time-bill_details.zip');
    expect(monthly.entries[0]!.outcome!.replaced).toEqual([daily.entries[0]!.outcome!.id]);
    expect(linesOf(db, 'fee')).toHaveLength(3);
    const before = fingerprint(db, path);
    const late = await importArrival(db, join(PKG, '100010445724-20240503-by_used_time-bill_details.zip'));
    expect(late.entries[0]).toMatchObject({ status: 'failed' });
    expect(late.entries[0]!.error).toMatch(/daily file written 2024-05-03 \(2024-05 up to 2024-05-02\) is older than the monthly file of 2024-05 already imported as #2 .*nothing stored/);
    expect(fingerprint(db, path)).toBe(before);
    // Undoing the monthly bill undoes both its parts and brings the daily file back.
    expect(undoArrival(db, monthly.entries[1]!.outcome!.id)).toEqual([2, 3]);
    expect(listImports(db).map((r) => r.status)).toEqual(['imported', 'undone', 'undone']);
  });

  it('preview: the package’s first bill file, with the list of what is inside', async () => {
    const p = await previewArrival(join(PKG, '100010445724-202405-by_used_time-bill_details.zip'));
    expect(p).toMatchObject({ file: '100010445724-202405-by_used_time-bill_details.zip', kind: 'fee-detail', layout: 'L3' });
    expect(p.entries).toEqual(['1', '2'].map((n) => `100010445724-202405-by_used_time-bill_details.zip/100010445724-202405-by_used_time-bill_details-${n}.csv`));
    expect(p.rows).toHaveLength(2);
  });
});

const HEADER = '支付者UIN,产品名称,计费模式,资源ID,交易类型,交易ID,扣费时间,开始使用时间,结束使用时间,组件名称,优惠后总价,现金账户支出(元)';
const row = (tx: string, comp: string, amount: string) => `909619400,云服务器CVM,按量计费,ins-1,按量计费小时结,${tx},2023-07-03 01:00:00,2023-07-03 00:00:00,2023-07-03 00:59:59,${comp},${amount},${amount}`;

describe('packages billrecon builds to test the rules', () => {
  it('a transaction cut at the split is in both parts: one bill, no overlap refusal (CPU 1.00 + 内存 0.50)', async () => {
    const { db } = tempDb();
    const zip = join(tempDir(), '909619400-202307-按扣费周期-明细账单.zip');
    await writeZip(zip, [
      { name: 'bill-1.csv', data: `${HEADER}\n${row('tx-1', 'CPU', '1.00')}\n` },
      { name: 'bill-2.csv', data: `${HEADER}\n${row('tx-1', '内存', '0.50')}\n` },
    ]);
    const out = await importArrival(db, zip);
    expect(out.entries.map((e) => [e.status, e.outcome?.rows])).toEqual([['imported', 1], ['imported', 1]]);
    expect(linesOf(db, 'fee').reduce((s, l) => s + l.amount, 0n)).toBe(1_50000000n);
  });

  it('the same parts unzipped and given one by one are one bill too: the shared transaction is no overlap', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    const [a, b] = ['1', '2'].map((n) => join(dir, `909619400-202307-按扣费周期-明细账单-${n}.csv`));
    writeFileSync(a!, `${HEADER}\n${row('tx-1', 'CPU', '1.00')}\n`);
    writeFileSync(b!, `${HEADER}\n${row('tx-1', '内存', '0.50')}\n`);
    await importArrival(db, a!);
    expect((await importArrival(db, b!)).entries[0]).toMatchObject({ status: 'imported', outcome: { replaced: [] } });
    expect(linesOf(db, 'fee').reduce((s, l) => s + l.amount, 0n)).toBe(1_50000000n);
    expect(undoArrival(db, 1)).toEqual([1, 2]);
  });

  it('one part failing stores neither: each part says why', async () => {
    const { db, path } = tempDb();
    const before = fingerprint(db, path);
    const zip = join(tempDir(), '909619400-202307-按扣费周期-明细账单.zip');
    await writeZip(zip, [
      { name: 'bill-1.csv', data: `${HEADER}\n${row('tx-1', 'CPU', '1.00')}\n` },
      { name: 'bill-2.csv', data: `${HEADER}\n${row('tx-2', 'CPU', 'abc')}\n` },
    ]);
    const out = await importArrival(db, zip);
    expect(out.entries.map((e) => e.status)).toEqual(['failed', 'failed']);
    expect(out.entries[0]!.error).toBe(`${out.file}/bill-1.csv: nothing stored from it: ${out.file}/bill-2.csv is a part of the same split month and failed`);
    expect(out.entries[1]!.error).toMatch(/bill-2\.csv:2:/);
    expect(listImports(db)).toEqual([]);
    expect(fingerprint(db, path)).toBe(before);
  });

  it('files that are not bills are left out, a ZIP inside fails on its own, the bills still import', async () => {
    const { db } = tempDb();
    const zip = join(tempDir(), 'pack.zip');
    await writeZip(zip, [
      { name: 'overview.pdf', data: '%PDF-1.4' },
      { name: 'inner.zip', data: 'PK' },
      { name: 'a.csv', data: `${HEADER}\n${row('tx-1', 'CPU', '1.00')}\n` },
    ]);
    const out = await importArrival(db, zip);
    expect(out.entries.map((e) => [e.file, e.status])).toEqual([
      ['pack.zip/overview.pdf', 'skipped'],
      ['pack.zip/inner.zip', 'failed'],
      ['pack.zip/a.csv', 'imported'],
    ]);
    expect(out.entries[1]!.error).toBe('pack.zip/inner.zip: a ZIP inside a ZIP package: unzip the outer one and import the package inside it');
  });

  it('a zip bomb (an entry inflating past what the directory says) is refused while it inflates, nothing stored', async () => {
    const { db, path } = tempDb();
    const before = fingerprint(db, path);
    const zip = join(tempDir(), 'bomb.zip');
    await writeZip(zip, [{ name: 'a.csv', data: () => [HEADER + '\n', ...Array.from({ length: 2000 }, () => row('tx-1', 'CPU', '1.00') + '\n')] }]);
    // The directory's uncompressed size says 100 bytes; the entry inflates to 200 kB.
    const bytes = readFileSync(zip);
    const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, central + 24);
    writeFileSync(zip, bytes);
    const out = await importArrival(db, zip);
    expect(out.entries[0]).toMatchObject({ status: 'failed', error: 'bomb.zip/a.csv: inflates past the 100 bytes the package says it holds (a damaged or hostile ZIP): refused' });
    expect(fingerprint(db, path)).toBe(before);
  });

  it('a package with no bill file, and a cost-allocation (分账) bill, are refused with a sentence', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    await writeZip(join(dir, 'photos.zip'), [{ name: 'cat.png', data: 'x' }]);
    await expect(importArrival(db, join(dir, 'photos.zip'))).rejects.toThrow('photos.zip: a ZIP package holding no bill file (CSV, XLSX or JSON): it holds 1 file');
    await writeZip(join(dir, '100047070895-20260430-分账报表-明细账单.zip'), [{ name: 'bill.csv', data: '分账单元,资源ID,产品名称,优惠后总价(元)\n已分配,ins-1,COS,45.67\n' }]);
    await expect(importArrival(db, join(dir, '100047070895-20260430-分账报表-明细账单.zip'))).rejects.toThrow(/a cost-allocation \(分账\) bill: .*Import the month's 明细账单/);
    expect(listImports(db)).toEqual([]);
  });
});
