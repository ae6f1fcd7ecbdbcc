import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportDetailCsv, exportMismatchesCsv, exportWorkbook, reconcileForExport, storedMismatches, type WorkbookResult } from '../../main/core/export/index.js';
import { importFile } from '../../main/core/import/index.js';
import { reconcileMonth, toReportJson, type ReconcileReport } from '../../main/core/reconcile/index.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';
import { writeAtomically } from '../../main/core/export/atomic-file.js';
import { XlsxWriter } from '../../main/core/export/xlsx-writer.js';
import { ZipStream } from '../../main/core/export/zip-stream.js';
import { openWithLibreOffice, parseCsv, printWithLibreOffice, valueOf } from './libreoffice.js';
import { readZip } from './zip-read.js';

const MONTH = '2025-03';

/** Bill text an attacker could plant in a resource name, a tag or a project (and a control that must stay a number). */
const INJECTED = ['=1+1', '@SUM(1,2)', '+3+4', '-2+5', "=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","x")'];
/** The importer trims cells, so text led by a tab or CR reaches the writer only from elsewhere: written directly. */
const CONTROL_LED = ['\t=7*6', '\r=7*6'];

/** The sample month, with formula-looking text in the 实例名称 column of the first lines. */
function sampleWithInjection(dir: string): string {
  const rows = feeRows();
  const h = rows[0]!;
  const name = h.indexOf('实例名称');
  INJECTED.forEach((text, i) => (rows[i + 1]![name] = text));
  return write(dir, 'fee-detail-2025-03.csv', '\ufeff' + feeCsvText(rows));
}

async function loadMonth(db: Db, dir: string): Promise<void> {
  await importFile(db, sampleWithInjection(dir));
  await importFile(db, join(SAMPLES, '消耗账单-2025-03.csv'));
  await importFile(db, join(SAMPLES, '消耗账单-资源汇总-2025-03.csv'));
}

describe('corrected workbook, opened by LibreOffice', () => {
  const dir = tempDir('billrecon-export-');
  let db: Db;
  let report: ReconcileReport;
  let en: WorkbookResult;
  const files = {
    en: join(dir, 'month-en.xlsx'),
    zh: join(dir, 'month-zh.xlsx'),
    uncached: join(dir, 'uncached.xlsx'),
    split: join(dir, 'split.xlsx'),
    direct: join(dir, 'direct.xlsx'),
  };
  let lo: Map<string, Map<string, string[][]>>;
  let loCsv: Map<string, Map<string, string[][]>>;
  const csvFiles = { detail: join(dir, 'detail.csv'), mismatches: join(dir, 'mismatches.csv'), control: join(dir, 'control.csv') };

  beforeAll(async () => {
    db = tempDb().db;
    await loadMonth(db, dir);
    // The month reconciled as the CLI does; the export then reads the report this run stored.
    report = reconcileMonth(db, { month: MONTH });
    const rec = reconcileForExport(db, { month: MONTH });
    expect(rec.forExport.report).toMatchObject({ fee: report.fee, consumption: report.consumption, precision: report.precision, bridge: report.bridge });
    en = await exportWorkbook(db, files.en, { month: MONTH, lang: 'en', reconcile: rec.forExport });
    await exportWorkbook(db, files.zh, { month: MONTH, lang: 'zh-CN', reconcile: rec.forExport });
    await exportWorkbook(db, files.uncached, { month: MONTH, lang: 'en', reconcile: rec.forExport, omitCachedResults: true });
    await exportWorkbook(db, files.split, { month: MONTH, lang: 'en', reconcile: rec.forExport, maxRowsPerSheet: 10 });
    await writeAtomically(files.direct, async (out) => {
      const zip = new ZipStream(out);
      const book = new XlsxWriter(zip, { title: 't', timestamp: '2025-04-01T00:00:00Z' });
      const sheet = await book.addSheet('Direct', [{ header: 'text', kind: 'text' }, { header: 'amount', kind: 'money2' }]);
      for (const t of CONTROL_LED) await sheet.row([t, '-12.30']);
      await sheet.row([{ text: 'formula' }, { f: 'SUM(B2:B3)', cached: '-24.60', dp: 2 }]);
      await sheet.close();
      await book.finish(['Direct']);
      await zip.finish();
    });
    await exportDetailCsv(db, csvFiles.detail, { month: MONTH, lang: 'en' });
    await exportMismatchesCsv(csvFiles.mismatches, storedMismatches(db, MONTH), 'en');
    // The control proves this LibreOffice does evaluate a bare formula in a CSV.
    writeFileSync(csvFiles.control, '\ufeffa,b\r\n=1+1,x\r\n');
    lo = openWithLibreOffice(Object.values(files));
    loCsv = openWithLibreOffice(Object.values(csvFiles), { csvInput: true });
  });

  it('Summary shows the reconcile JSON figures: totals, precision, bridge', () => {
    const s = lo.get(files.en)!.get('Summary');
    const j = toReportJson(report) as { fee: { total: string }; consumption: { total: string }; bridge: Record<string, string>; precision: Record<string, string> };
    expect(valueOf(s, 'Fee bill total')).toBe(j.fee.total);
    expect(valueOf(s, 'Consumption bill total')).toBe(j.consumption.total);
    expect(j.fee.total).toBe('2058.55');
    expect(j.consumption.total).toBe('646.50');
    expect(valueOf(s, 'Fee − consumption')).toBe('1412.05');
    expect(valueOf(s, 'Prepaid timing')).toBe(j.bridge.prepaidTiming);
    expect(valueOf(s, 'Precision')).toBe(j.bridge.precision);
    expect(valueOf(s, 'Missing')).toBe(j.bridge.missing);
    expect(valueOf(s, 'Amount mismatch')).toBe(j.bridge.amountMismatch);
    expect(valueOf(s, 'Unexplained')).toBe(j.bridge.unexplained);
    expect(valueOf(s, 'Bridge total (= fee − consumption)')).toBe('1412.05');
    // SPEC §2 on the sample month: 36 transactions rated at 8 dp, deducted at 2 dp each.
    expect(valueOf(s, 'Transactions')).toBe('36');
    expect(valueOf(s, 'Rated (8 dp)')).toBe(j.precision.rated);
    expect(valueOf(s, 'Deducted (2 dp)')).toBe(j.precision.deducted);
    expect(valueOf(s, 'Precision difference: ours')).toBe(j.precision.difference);
    expect(j.precision.difference).toBe('0.03074227');
    expect(valueOf(s, 'Precision difference: billed (月度计费精度差异)')).toBe('0.03000000');
    expect(valueOf(s, 'Billed line agrees with ours (2 dp)')).toBe('yes');
    expect(valueOf(s, 'Discounted total')).toBe('2058.54925773');
    expect(valueOf(s, 'Tolerance')).toBe('0.01');
    expect(valueOf(s, 'Statistic period')).toBe('deduction period');
    expect(valueOf(s, 'Account (payer UIN)')).toBe('100012345678');
    // Files used, with sha256 and import time.
    const fileRow = s!.find((r) => r[0] === 'fee-detail-2025-03.csv')!;
    expect(fileRow[2]).toMatch(/^[0-9a-f]{64}$/);
    expect(fileRow[4]).toBe('37');
    expect(s!.some((r) => r[0] === '消耗账单-2025-03.csv')).toBe(true);
    expect(en.totals).toMatchObject({ lines: 37, transactions: 36, rated: j.precision.rated, deducted: j.precision.deducted, precisionOurs: j.precision.difference });
  });

  it('SUM formulas recalculate to the values cached in the file', () => {
    const cached = lo.get(files.en)!.get('Summary')!;
    const computed = lo.get(files.uncached)!.get('Summary')!;
    const formulas = ['Discounted total', 'Original cost total', 'Cash payments total', 'Gift payments total', 'Rated (8 dp)', 'Deducted (2 dp)', 'Precision difference: ours', 'Ours − billed', 'Bridge total (= fee − consumption)', 'Fee − consumption'];
    for (const f of formulas) {
      expect(valueOf(computed, f), f).toBe(valueOf(cached, f));
      expect(valueOf(computed, f), f).not.toBe('');
    }
    // Split over continuation sheets, the sums still cover every part.
    expect(valueOf(lo.get(files.split)!.get('Summary'), 'Discounted total')).toBe('2058.54925773');
  });

  it('formula-looking bill text shows literally and never runs (xlsx and CSV)', () => {
    const detail = lo.get(files.en)!.get('Corrected detail')!;
    const nameCol = detail[0]!.indexOf('Instance Name');
    expect(detail.slice(1, 1 + INJECTED.length).map((r) => r[nameCol])).toEqual(INJECTED);
    const csv = loCsv.get(csvFiles.detail)!;
    const csvSheet = [...csv.values()][0]!;
    const csvName = csvSheet[0]!.indexOf('Instance Name');
    // In CSV the only guard is text: a leading apostrophe, visible, so nothing is evaluated.
    expect(csvSheet.slice(1, 1 + INJECTED.length).map((r) => r[csvName])).toEqual(INJECTED.map((t) => `'${t}`));
    // Negative amounts stay numbers (no apostrophe): the refund line (包年包月退款) of −255.00.
    const totalCol = csvSheet[0]!.indexOf('Total Amount After Discount');
    const refund = csvSheet.find((r) => r.includes('包年包月退款'))!;
    expect(refund[totalCol]).toBe('-255');
    expect(refund[csvSheet[0]!.indexOf('Gift Payment')]).toBe('-55');
    expect(readFileSync(csvFiles.detail, 'utf8')).toContain(',-255.00000000,');
    const control = [...loCsv.get(csvFiles.control)!.values()][0]!;
    expect(control[1]![0]).toBe('2');
    // Tab- and CR-led text written straight through the xlsx writer stays text; amounts stay numbers.
    const direct = lo.get(files.direct)!.get('Direct')!;
    expect(direct.slice(1, 3).map((r) => r[0])).toEqual(CONTROL_LED);
    expect(direct.slice(1, 3).map((r) => r[1])).toEqual(['-12.30', '-12.30']);
    expect(direct[3]).toEqual(['formula', '-24.60']);
  });

  it('Chinese headers with --lang zh-CN, and source traces in every row', () => {
    const zh = lo.get(files.zh)!;
    expect([...zh.keys()].sort()).toEqual(['明细(重算)', '汇总', '差异', '精度'].sort());
    const detail = zh.get('明细(重算)')!;
    expect(detail[0]!.slice(0, 3)).toEqual(['来源(文件:行)', '支付者UIN', '使用者UIN']);
    expect(detail.slice(1).every((r) => /^fee-detail-2025-03\.csv:\d+$/.test(r[0]!))).toBe(true);
    expect(detail).toHaveLength(38);
    const precision = zh.get('精度')!;
    expect(precision.slice(1).every((r) => /fee-detail-2025-03\.csv:\d+/.test(r[5]!))).toBe(true);
    const mm = zh.get('差异')!;
    expect(mm.length - 1).toBe(report.mismatches.length);
    expect(mm[0]).toEqual(['类别', '已解释', '产品', '资源ID / 项目', '组件 / 日期', '账号(使用者UIN)', '键的其他字段', '费用账单', '消耗账单/重算', '差额', '复核状态', '复核备注', '说明', '费用账单来源', '消耗账单来源']);
    expect(mm.slice(1).every((r) => /\.csv:\d+/.test(r[13]! + r[14]!))).toBe(true);
    expect(mm.slice(1).every((r) => r[10] === '待处理')).toBe(true);
  });

  it('Precision sheet: per transaction rated 8 dp, deducted 2 dp, difference', () => {
    const p = lo.get(files.en)!.get('Precision')!;
    expect(p[0]).toEqual(['Transaction ID', 'Lines', 'Rated (8 dp)', 'Deducted (2 dp)', 'Difference (deducted − rated)', 'Sources']);
    expect(p).toHaveLength(37);
    // A postpaid CPU day: 22 core-hours × 0.11333333 = 2.49333326, deducted 2.49.
    expect(p.find((r) => r[0] === '20250228400000428122')!.slice(1, 5)).toEqual(['1', '2.49333326', '2.49', '-0.00333326']);
  });

  it('a sheet past its row limit continues on "Name (2)" with every row once', () => {
    const sheets = lo.get(files.split)!;
    const parts = [...sheets.keys()].filter((k) => k.startsWith('Corrected detail')).sort((a, b) => a.length - b.length || a.localeCompare(b));
    expect(parts).toEqual(['Corrected detail', 'Corrected detail (2)', 'Corrected detail (3)', 'Corrected detail (4)', 'Corrected detail (5)']);
    const traces = parts.flatMap((k) => sheets.get(k)!.slice(1).map((r) => r[0]));
    expect(traces).toHaveLength(37);
    expect(new Set(traces).size).toBe(37);
    for (const k of parts) expect(sheets.get(k)![0]![0]).toBe('Source (file:row)');
  });

  it('Mismatches: product, resource, component and account in their own filterable columns', () => {
    const mm = lo.get(files.en)!.get('Mismatches')!;
    expect(mm[0]!.slice(0, 7)).toEqual(['Category', 'Explained', 'Product', 'Resource / item', 'Component / day', 'Account (owner UIN)', 'Other key fields']);
    const clb = mm.find((r) => r[3] === 'lb-k1l2m3n4')!;
    expect(clb.slice(0, 11)).toEqual(['Amount mismatch', 'no', '负载均衡CLB', 'lb-k1l2m3n4', '标准型实例', '100012345678', '', '30.00', '29.50', '0.50', 'open']);
    // The prepaid CVM key has no component; the vendor's precision pseudo-line its virtual id.
    expect(mm.find((r) => r[0] === 'Prepaid timing')!.slice(2, 6)).toEqual(['云服务器CVM', 'ins-a1b2c3d4', '', '100012345678']);
    expect(mm.find((r) => r[0] === 'Precision')!.slice(2, 4)).toEqual(['月度计费精度差异', 'billVirtualId']);
    // The autofilter spans every column and row, so each of them filters.
    const workbook = readZip(readFileSync(files.en)).get('xl/workbook.xml')!.toString();
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Mismatches'!$A$1:$O$${mm.length}</definedName>`);
  });

  it('every sheet is set up for print; LibreOffice prints the month on 5 pages (34–39 before, columns split across pages)', () => {
    const parts = readZip(readFileSync(files.en));
    const workbook = parts.get('xl/workbook.xml')!.toString();
    const sheets = [...workbook.matchAll(/<sheet name="([^"]+)" sheetId="(\d+)" r:id="rId(\d+)"\/>/g)];
    expect(sheets.map((m) => m[1])).toEqual(['Summary', 'Mismatches', 'Corrected detail', 'Precision']);
    for (const [i, [, name, , part]] of sheets.entries()) {
      const xml = parts.get(`xl/worksheets/sheet${part}.xml`)!.toString();
      expect(xml, name).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
      expect(xml, name).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
      expect(workbook, name).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">'${name}'!$A$1:`);
      // The header row repeats on every printed page (the Summary has no header row).
      if (name !== 'Summary') expect(workbook, name).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${name}'!$1:$1</definedName>`);
    }
    const printed = printWithLibreOffice([files.en, files.zh]);
    // Summary 1, Mismatches 1, Corrected detail 1 (44 columns on one page's width), Precision 1, each
    // language; before, the same month printed on 39 (en) and 34 (zh-CN) pages.
    expect(printed.get(files.en)!.pages).toBeLessThanOrEqual(5);
    expect(printed.get(files.zh)!.pages).toBeLessThanOrEqual(5);
    // Every column of the Corrected detail is on the page with its row: the last one too.
    const text = execFileSync('pdftotext', ['-layout', printed.get(files.en)!.pdf, '-'], { encoding: 'utf8' });
    const row = text.split('\n').find((l) => l.trimStart().startsWith('fee-detail-2025-03.csv:36 '))!;
    expect(row).toContain('lb-k1l2m3n4');
    expect(row.trim().split(/\s+/).at(-1)).toBe('0.00000000');
  }, 120_000);

  it('mismatch CSV carries the same rows as the sheet, amounts at 2 decimals', () => {
    // Compared as written (a spreadsheet would show 30.00 as 30 once parsed).
    const csv = parseCsv(readFileSync(csvFiles.mismatches, 'utf8'));
    const sheet = lo.get(files.en)!.get('Mismatches')!;
    expect(csv).toEqual(sheet);
    expect(csv.slice(1).every((r) => [r[7], r[8], r[9]].every((v) => /^-?\d+\.\d{2}$/.test(v!)))).toBe(true);
    const raw = readFileSync(csvFiles.mismatches);
    expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('structure an auditor relies on: frozen header, autofilter, category fills, comments with the rule, formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files.en);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Mismatches', 'Corrected detail', 'Precision']);
    const mm = wb.getWorksheet('Mismatches')!;
    expect(mm.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(mm.autoFilter).toBeTruthy();
    const fills = new Set<string>();
    mm.eachRow((row, n) => {
      if (n > 1) fills.add(JSON.stringify((row.getCell(1).fill as ExcelJS.FillPattern).fgColor));
    });
    expect(fills.size).toBeGreaterThanOrEqual(3);
    const detail = wb.getWorksheet('Corrected detail')!;
    const headers = (detail.getRow(1).values as string[]).slice(1);
    const diffCol = headers.indexOf('Original cost difference') + 1;
    expect(String(detail.getRow(1).getCell(diffCol).note ?? '')).toMatch(/list price × usage × duration/);
    const totalCol = headers.indexOf('Total Amount After Discount') + 1;
    expect(detail.getRow(2).getCell(totalCol).numFmt).toBe('0.00000000');
    expect(detail.getColumn(totalCol).width).toBeGreaterThanOrEqual(14);
    const injected = detail.getRow(2).getCell(headers.indexOf('Instance Name') + 1);
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.value).toBe('=1+1');
    expect(wb.getWorksheet('Precision')!.getRow(2).getCell(4).numFmt).toBe('0.00');
    // The injected text's cell style carries quotePrefix, so editing the cell keeps it text.
    const parts = readZip(readFileSync(files.en));
    const sheetXml = parts.get('xl/worksheets/sheet1.xml')!.toString();
    const col = String.fromCharCode(65 + headers.indexOf('Instance Name'));
    const style = Number(new RegExp(`<c r="${col}2" t="inlineStr" s="(\\d+)"><is><t>=1\\+1</t>`).exec(sheetXml)![1]);
    const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(parts.get('xl/styles.xml')!.toString())![1]!.match(/<xf [^>]*?(\/>|>.*?<\/xf>)/g)!;
    expect(xfs[style]).toContain('quotePrefix="1"');
  });
});

describe('reproducible and atomic', () => {
  it('the same database and options give a byte-identical file', async () => {
    const dir = tempDir('billrecon-export-same-');
    const { db } = tempDb();
    await loadMonth(db, dir);
    const rec = reconcileForExport(db, { month: MONTH });
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    await exportWorkbook(db, a, { month: MONTH, lang: 'zh-CN', reconcile: rec.forExport });
    await new Promise((r) => setTimeout(r, 1100)); // a clock-dependent writer would now differ
    await exportWorkbook(db, b, { month: MONTH, lang: 'zh-CN', reconcile: reconcileForExport(db, { month: MONTH }).forExport });
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(hash(a)).toBe(hash(b));
    expect(readFileSync(a).length).toBeGreaterThan(5000);
  });

  it('a failed export leaves no file at the target, and an existing file untouched', async () => {
    const dir = tempDir('billrecon-export-fail-');
    const { db } = tempDb();
    await loadMonth(db, dir);
    const rec = reconcileForExport(db, { month: MONTH });
    const broken = {
      report: rec.forExport.report,
      *mismatches() {
        yield* [...rec.forExport.mismatches()].slice(0, 2);
        throw new Error('disk went away');
      },
    };
    const target = join(dir, 'out', 'month.xlsx');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'out'));
    await expect(exportWorkbook(db, target, { month: MONTH, lang: 'en', reconcile: broken })).rejects.toThrow('disk went away');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    writeFileSync(target, 'previous export');
    await expect(exportWorkbook(db, target, { month: MONTH, lang: 'en', reconcile: broken })).rejects.toThrow('disk went away');
    expect(readFileSync(target, 'utf8')).toBe('previous export');
    expect(readdirSync(join(dir, 'out'))).toEqual(['month.xlsx']);
    expect(existsSync(target)).toBe(true);
  });
});
