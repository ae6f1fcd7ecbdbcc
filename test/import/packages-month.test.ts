/**
 * Issue 11 §9 end to end: a whole month of each way the vendor delivers a bill — the monthly
 * by_used_time package split in two parts, the daily cumulative files (05-03 then 05-04), the
 * monthly bill pack, the domestic 按扣费周期 package — imported as it arrives, reconciled against a
 * consumption bill built from the same lines (the vendor's consumption bill is by usage day, so
 * the month balances) and exported: workbook, corrected detail CSV, mismatches CSV and FOCUS.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../main/core/import/index.js';
import { importArrival } from '../../main/core/import/package.js';
import { openZipEntry, readZipDirectory } from '../../main/core/import/zip-entries.js';
import { exportMonth } from '../../main/core/export/index.js';
import { reconcileMonth, type ReconcileReport } from '../../main/core/reconcile/index.js';
import { listImports, type Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';

const PKG = join(__dirname, '..', 'fixtures', 'vendor', 'packages');

async function innerCsv(zip: string): Promise<string[]> {
  const out: string[] = [];
  const dir = await readZipDirectory(join(PKG, zip));
  for (const e of dir.values()) {
    const chunks: Buffer[] = [];
    for await (const c of (await openZipEntry(join(PKG, zip), e)) as AsyncIterable<Buffer>) chunks.push(c);
    out.push(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, ''));
  }
  return out;
}

/** The month's consumption bill: the package's lines under one header, named as a consumption bill. */
async function consumptionOf(zip: string, dir: string): Promise<string> {
  const texts = await innerCsv(zip);
  const [header] = texts[0]!.split('\n');
  const rows = texts.flatMap((t) => t.trimEnd().split('\n').slice(1));
  const path = join(dir, `消耗账单-${zip.replace(/\.zip$/, '')}.csv`);
  // CRLF line ends: the same bytes as the fee CSV would be that file again (same sha256), not a consumption bill.
  writeFileSync(path, [header, ...rows].join('\r\n') + '\r\n');
  return path;
}

async function wholeMonth(db: Db, packages: string[], month: string): Promise<{ report: ReconcileReport; exported: Awaited<ReturnType<typeof exportMonth>>; csv: string }> {
  const dir = tempDir();
  for (const p of packages) {
    const out = await importArrival(db, join(PKG, p));
    expect(out.entries.every((e) => e.status === 'imported')).toBe(true);
  }
  await importFile(db, await consumptionOf(packages.at(-1)!, dir));
  const report = reconcileMonth(db, { month });
  const exported = await exportMonth(db, { month, lang: 'en', workbook: join(dir, 'month.xlsx'), csvDir: dir, focus: join(dir, 'focus.csv') });
  return { report, exported, csv: readFileSync(exported.detailCsv!.path, 'utf8') };
}

describe('a whole month of each package variant: import → reconcile → export', () => {
  it('monthly by_used_time package in two parts (2024-05): fee 946.00 = consumption, nothing unexplained, 3 exported lines', async () => {
    const { db } = tempDb();
    const { report, exported, csv } = await wholeMonth(db, ['100010445724-202405-by_used_time-bill_details.zip'], '2024-05');
    expect(report).toMatchObject({ period: 'billing', fee: { total: '946.00', lines: 3 }, consumption: { total: '946.00', lines: 3 }, currency: 'USD', openUnexplained: 0 });
    expect(report.bridgeExact.unexplained).toBe('0.00000000');
    expect(report.duplicates).toEqual([]);
    expect(exported.workbook!.totals).toMatchObject({ lines: 3, discountedTotal: '946.00000000' });
    expect(exported.detailCsv!.rows).toBe(3);
    expect(exported.focus!.rows).toBe(3);
    // Every exported line names its part of the package.
    expect(csv).toContain('100010445724-202405-by_used_time-bill_details.zip/100010445724-202405-by_used_time-bill_details-2.csv:2');
  });

  it('daily cumulative files, 05-03 then 05-04 (2024-05): the month is the newer file’s 3 lines, 946.00, the older one replaced', async () => {
    const { db } = tempDb();
    const { report, exported } = await wholeMonth(db, ['100010445724-20240503-by_used_time-bill_details.zip', '100010445724-20240504-by_used_time-bill_details.zip'], '2024-05');
    expect(listImports(db).map((r) => r.status)).toEqual(['replaced', 'imported', 'imported']);
    expect(report).toMatchObject({ fee: { total: '946.00', lines: 3 }, consumption: { total: '946.00', lines: 3 }, openUnexplained: 0 });
    expect(exported.workbook!.totals).toMatchObject({ lines: 3, discountedTotal: '946.00000000' });
    expect(exported.focus!.rows).toBe(3);
  });

  it('monthly bill pack (2024-05): its L3 CSV, 3 lines, 946.00 both sides', async () => {
    const { db } = tempDb();
    const { report, exported } = await wholeMonth(db, ['100010445724-202405-bill_pack.zip'], '2024-05');
    expect(report).toMatchObject({ period: 'deduction', fee: { total: '946.00', lines: 3 }, consumption: { total: '946.00', lines: 3 }, openUnexplained: 0 });
    expect(exported.detailCsv!.rows).toBe(3);
  });

  it('domestic 按扣费周期 package (2023-07): 3 lines, −80.8892 on both sides (the CVM refund on both), nothing unexplained', async () => {
    const { db } = tempDb();
    const { report, exported } = await wholeMonth(db, ['909619400-202307-按扣费周期-明细账单.zip'], '2023-07');
    expect(report).toMatchObject({ period: 'deduction', fee: { total: '-80.89', lines: 3 }, consumption: { total: '-80.89', lines: 3 }, currency: 'CNY', openUnexplained: 0 });
    expect(report.bridgeExact.unexplained).toBe('0.00000000');
    expect(exported.workbook!.totals).toMatchObject({ lines: 3, discountedTotal: '-80.88920000', cash: '-80.43184806' });
  });
});
