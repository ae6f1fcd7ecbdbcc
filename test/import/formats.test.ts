import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { importFile, previewFile } from '../../main/core/import/index.js';
import { readRows, listImports } from '../../main/core/store/index.js';
import { encodeGbk, encodeUtf16, encodeUtf8, csvText } from '../../samples/lib/encode.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';
import { feeLines, linesOf } from './helpers/lines.js';

const FEE_ROWS = feeRows().length - 1; // 37 lines in the sample month

/** The first real line of the sample bill, as the importer should store it. */
function expectFirstLine(db: ReturnType<typeof tempDb>['db']) {
  const lines = feeLines(db);
  expect(lines).toHaveLength(FEE_ROWS);
  const first = lines[0]!;
  expect(first).toMatchObject({
    product: '云服务器CVM',
    payMode: '包年包月',
    resourceId: 'ins-a1b2c3d4',
    transactionId: '20250310400000100001',
    payTime: '2025-03-10T10:21:07+08:00',
    componentName: '运算组件-标准型S5-2核4G',
    originalCost: '1800.00000000',
    discount: '0.83',
    discountedTotal: '1494.00000000',
    cash: '1494.00000000',
    billMonth: '2025-03',
    aggregated: false,
    amount: 1494_00000000n,
    kind: 'prepaidPurchase',
  });
  expect(first.extra).toEqual({ '标签键:env': 'prod' });
  const precision = lines.find((l) => l.product === '月度计费精度差异')!;
  expect(precision).toMatchObject({ transactionId: null, discountedTotal: '0.03', aggregated: false, resourceId: 'billVirtualId', amount: 3_000000n, kind: 'precisionLine' });
}

describe('fee bill in every encoding the vendor uses', () => {
  const text = feeCsvText();
  it.each([
    ['gbk', encodeGbk(text), 'gb18030'],
    ['utf-8 with BOM', encodeUtf8(text, true), 'utf-8 (BOM)'],
    ['utf-8 without BOM', encodeUtf8(text), 'utf-8'],
    ['utf-16le with BOM', encodeUtf16(text, 'le'), 'utf-16le (BOM)'],
    ['utf-16be with BOM', encodeUtf16(text, 'be'), 'utf-16be (BOM)'],
  ])('%s', async (_name, bytes, encoding) => {
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'fee.csv', bytes));
    expect(out).toMatchObject({ kind: 'fee-detail', encoding, rows: FEE_ROWS, status: 'imported' });
    expectFirstLine(db);
    expect(listImports(db)[0]).toMatchObject({ encoding, headerRow: 1, rowCount: FEE_ROWS, kind: 'fee-detail', period: 'deduction' });
  });

  it('a preview, or a bill refused for its columns, leaves no file open (the rows after the header are closed unread)', async () => {
    const dir = tempDir();
    const openOn = (path: string): number => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
    const bill = write(dir, 'fee.csv', encodeUtf16(text, 'le'));
    expect((await previewFile(bill)).headers).toContain('交易ID');
    const cut = feeRows().map((r) => r.slice(0, 5));
    const refused = write(dir, 'fee-cut.csv', encodeUtf16(csvText(cut), 'le'));
    await expect(importFile(tempDb().db, refused, { kind: 'fee-detail' })).rejects.toThrow(/fee-cut\.csv/);
    // The file handles of the rows never read are closed now, not when the garbage collector finds them.
    expect([openOn(bill), openOn(refused)]).toEqual([0, 0]);
  });

  it('--encoding overrides detection', async () => {
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'fee.csv', encodeGbk(text)), { encoding: 'gbk' });
    expect(out.encoding).toBe('gb18030 (--encoding)');
    expectFirstLine(db);
  });

  it('finds the header after preamble lines and keeps quoted commas and newlines', async () => {
    const rows = feeRows();
    rows[1]![18] = '运算组件, "标准型"\n2核4G'; // 组件名称 with a comma, quotes and a line break
    const body = '腾讯云账单明细,,\r\n账号,100012345678\r\n\r\n' + csvText(rows);
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'fee.csv', encodeUtf8(body, true)));
    expect(out.rows).toBe(FEE_ROWS);
    expect(listImports(db)[0]!.headerRow).toBe(4);
    const [first, second] = feeLines(db);
    expect(first!.componentName).toBe('运算组件, "标准型"\n2核4G');
    expect(first!.sourceRow).toBe(5);
    expect(second!.sourceRow).toBe(7); // the quoted line break moved it down one line
  });

  it('reads English (international-site) headers into the same fields', async () => {
    const header = ['Payer Account ID', 'Product Name', 'Billing Mode', 'Instance ID', 'Transaction Type', 'Transaction ID', 'Transaction Time',
      'Usage Start Time', 'Usage End Time', 'Component Type', 'Component Name', 'Component List Price', 'Component Usage', 'Usage Duration',
      'Original Cost', 'Discount Multiplier', 'Total Amount After Discount (Excluding Tax)', 'Voucher Deduction', 'Currency'];
    const row = ['200000000001', 'Cloud Virtual Machine', 'Pay-as-you-go', 'ins-en1', 'Daily settlement', 'TX-1', '2025-03-02 01:00:00',
      '2025-03-01 00:00:00', '2025-03-01 23:59:59', 'CPU', 'CPU 2-core', '0.05', '2', '24', '2.40000000', '1', '2.40000000', '0', 'USD'];
    const { db } = tempDb();
    await importFile(db, write(tempDir(), 'intl.csv', csvText([header, row])));
    expect(feeLines(db)[0]).toMatchObject({ product: 'Cloud Virtual Machine', resourceId: 'ins-en1', discountedTotal: '2.40000000', amount: 2_40000000n, currency: 'USD', billMonth: '2025-03' });
  });

  it('month-aggregated L3 rows (交易ID shown as "-") import and are marked aggregated', async () => {
    const rows = feeRows().slice(0, 3);
    for (const r of rows.slice(1)) {
      r[12] = '-'; // 订单ID
      r[13] = '-'; // 交易ID
      r[14] = '-'; // 扣费时间
    }
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'agg.csv', csvText(rows)));
    expect(out.rows).toBe(2);
    expect(listImports(db)[0]!.aggregated).toBe(true);
    expect(feeLines(db).map((l) => [l.transactionId, l.aggregated, l.billMonth])).toEqual([
      [null, true, '2025-03'],
      [null, true, '2025-03'],
    ]);
  });
});

describe('XLSX', () => {
  it('reads the sample workbook written by exceljs, same lines as the CSV', async () => {
    const { db } = tempDb();
    const out = await importFile(db, join(SAMPLES, 'fee-detail-2025-03.xlsx'));
    expect(out).toMatchObject({ kind: 'fee-detail', rows: FEE_ROWS, encoding: null });
    expect(listImports(db)[0]).toMatchObject({ sheet: '明细账单', headerRow: 1 });
    expectFirstLine(db);
  });

  it('reads numbers and dates typed as such in a sheet, after a preamble', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bill');
    ws.addRow(['腾讯云费用账单']);
    ws.addRow(['产品名称', '交易ID', '扣费时间', '组件名称', '优惠后总价', '现金账户支出(元)']);
    ws.addRow(['云服务器CVM', 'T-9', new Date(Date.UTC(2025, 2, 5, 13, 4, 5)), 'CPU', 12.345678, 0.00000001]);
    const p = join(tempDir(), 'typed.xlsx');
    await wb.xlsx.writeFile(p);
    const { db } = tempDb();
    await importFile(db, p);
    expect(feeLines(db)[0]).toMatchObject({ payTime: '2025-03-05T13:04:05+08:00', discountedTotal: '12.345678', amount: 12_34567800n, cash: '0.00000001', sourceRow: 3 });
  });

  it.skipIf(!existsSync('/usr/bin/soffice'))(
    'reads a workbook written by a real spreadsheet (LibreOffice converts the GBK CSV)',
    async () => {
      const dir = tempDir();
      const csv = join(dir, 'lo-bill.csv');
      write(dir, 'lo-bill.csv', encodeUtf8(feeCsvText()));
      // CSV filter options: comma, double quote, UTF-8 (76), from line 1; LibreOffice types numbers and dates itself.
      execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, csv], {
        stdio: 'ignore',
        timeout: 120_000,
      });
      const xlsx = readdirSync(dir).find((f) => f.endsWith('.xlsx'))!;
      const { db } = tempDb();
      const out = await importFile(db, join(dir, xlsx));
      expect(out.rows).toBe(FEE_ROWS);
      const lines = feeLines(db);
      expect(lines[0]).toMatchObject({ product: '云服务器CVM', payTime: '2025-03-10T10:21:07+08:00', resourceId: 'ins-a1b2c3d4' });
      // LibreOffice types the amounts as numbers: 1494.00000000 comes back as 1494, the same value.
      expect(lines[0]!.discountedTotal).toBe('1494');
    },
    180_000,
  );
});

describe('consumption bills', () => {
  it('the component-level bill has the fee bill headers: the file name decides, and says so', async () => {
    const { db } = tempDb();
    const out = await importFile(db, join(SAMPLES, '消耗账单-2025-03.csv'));
    expect(out).toMatchObject({ kind: 'consumption', layout: 'component', rows: 34, kindReason: 'fee-bill headers, file name says consumption' });
    expect(listImports(db)[0]!.layout).toBe('component');
    const first = linesOf(db, 'consumption')[0]!;
    expect(first).toMatchObject({ month: '2025-03', day: '2025-03-01', resourceId: 'ins-e5f6g7h8', discountedTotal: '2.26666660', amount: 2_26666660n });
  });

  it('a consumption file named like a fee bill is a fee bill unless --kind consumption', async () => {
    const { db } = tempDb();
    // The consumption bill has no precision pseudo-line (it has no usage day), so leave it out.
    const text = feeCsvText(feeRows().filter((r) => r[3] !== '月度计费精度差异'));
    const asFee = await importFile(db, write(tempDir(), 'march.csv', text));
    expect(asFee.kind).toBe('fee-detail');
    const forced = await importFile(tempDb().db, write(tempDir(), 'march.csv', text), { kind: 'consumption' });
    expect(forced).toMatchObject({ kind: 'consumption', layout: 'component', kindReason: '--kind', rows: FEE_ROWS - 1 });
  });

  it('the resource summary (消耗类型, 天数, 每日消耗, 待分摊金额)', async () => {
    const { db } = tempDb();
    const out = await importFile(db, join(SAMPLES, '消耗账单-资源汇总-2025-03.csv'));
    expect(out).toMatchObject({ kind: 'consumption', layout: 'summary', rows: 2 });
    expect(listImports(db)[0]!.layout).toBe('summary');
    expect(linesOf(db, 'consumption')[0]).toMatchObject({
      month: '2025-03', day: null, resourceId: 'ins-a1b2c3d4', consumptionType: '包年包月',
      dayCount: '365', dailyCost: '4.09315068', discountedTotal: '90.05', amount: 90_05000000n, leftToAmortise: '1403.95',
    });
  });
});

describe('JSON', () => {
  const apiSample = {
    Response: {
      DetailSet: [
        {
          ActionType: 'pre_to_post', ActionTypeName: '包年包月转按量', BillId: '20230707400000442821061', BusinessCode: 'p_cvm', BusinessCodeName: '云服务器CVM',
          FeeBeginTime: '2023-07-07 16:14:21', FeeEndTime: '2023-08-07 16:14:21', PayModeName: '包年包月', PayTime: '2023-07-07 16:14:18',
          ProductCodeName: '云服务器CVM-标准型S2', RegionName: '华南地区（广州）', ResourceId: 'ins-wxf3fmq8', ZoneName: '广州二区',
          Tags: [{ TagKey: 'team', TagValue: 'a' }],
          ComponentSet: [
            { CashPayAmount: '-80.43264806', ComponentCodeName: '运算组件', ContractPrice: '-80.89000000', Cost: '-80.89000000', DeductedMeasure: '-', Discount: '1',
              IncentivePayAmount: '-0.45735194', ItemCodeName: '运算组件-标准型S2-2核4G', PriceUnit: '元/个/月', RealCost: '-80.89000000', ReduceType: '折扣',
              SinglePrice: '-80.89000000', TimeSpan: '1', TimeUnitName: '月', UsedAmount: '1', UsedAmountUnit: '个', VoucherPayAmount: '0' },
          ],
        },
      ],
      Total: 1,
      RequestId: 'r-1',
    },
  };

  it('DescribeBillDetail (the API sample) becomes fee lines, amounts exact', async () => {
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'detail.json', JSON.stringify(apiSample)));
    expect(out).toMatchObject({ kind: 'fee-detail', layout: 'api', rows: 1 });
    const l = feeLines(db)[0]!;
    expect(l).toMatchObject({
      transactionId: '20230707400000442821061', product: '云服务器CVM', productCode: 'p_cvm', cash: '-80.43264806', gift: '-0.45735194',
      discountedTotal: '-80.89000000', amount: -80_89000000n, voucher: '0', payTime: '2023-07-07T16:14:18+08:00', billMonth: '2023-07', componentType: '运算组件',
    });
    expect(l.extra.ActionType).toBe('pre_to_post');
    expect(l.extra.DeductedMeasure).toBe('-');
  });

  it('transcode results: array + callback envelope; static/dynamic from suffix, IsStaticPPT, failures kept but not counted', async () => {
    const { db } = tempDb();
    await importFile(db, join(SAMPLES, 'tiw-transcode-2025-03.json'));
    const t = readRows(db, 'tiw-transcode').map((r) => [r.taskId, r.mode, r.pages, r.succeeded, r.usageDay]);
    expect(t).toEqual([
      ['tc-0001', 'static', 12, true, '2025-03-03'],
      ['tc-0002', 'dynamic', 16, true, '2025-03-03'],
      ['tc-0003', 'static', 16, true, '2025-03-04'],
      ['tc-0004', 'static', 0, false, '2025-03-05'],
      ['tc-0005', 'static', 30, true, '2025-03-06'],
    ]);
  });

  it('a single result without a time needs --date, and uses it', async () => {
    const one = { TaskId: 'x', Title: 'a.pptx', Pages: 3, Status: 'FINISHED', ResultUrl: 'u/index.html' };
    const p = write(tempDir(), 'one.json', JSON.stringify(one));
    await expect(importFile(tempDb().db, p)).rejects.toThrow(/one\.json:1:FinishedTime: the result carries no time to count it on; pass --date YYYY-MM-DD/);
    const { db } = tempDb();
    await importFile(db, p, { date: '2025-03-09' });
    expect(readRows(db, 'tiw-transcode')[0]).toMatchObject({ usageDay: '2025-03-09', mode: 'dynamic', pages: 3 });
  });

  it('recording results as JSON lines of callbacks: one row per video', async () => {
    const { db } = tempDb();
    const out = await importFile(db, join(SAMPLES, 'tiw-recording-2025-03.jsonl'));
    expect(out.rows).toBe(4);
    const v = readRows(db, 'tiw-recording');
    expect(v.map((r) => [r.videoType, r.durationMs, r.succeeded, r.sourceRow])).toEqual([
      [0, 2_400_000, true, 2],
      [0, 1_800_000, true, 2],
      [2, 2_400_000, true, 2],
      [3, 2_400_000, true, 2],
    ]);
    expect(v[0]).toMatchObject({ usageDay: '2025-03-03', roomId: '880528', recordStart: '2025-03-03T10:00:00+08:00' });
  });

  it('the DescribeOnlineRecord API sample (TotalTime and VideoDuration in ms)', async () => {
    const sample = { Response: { TaskId: 't-880528', Status: 'FINISHED', RoomId: 880528, RecordStartTime: 1700000000, RecordStopTime: 1700000023, TotalTime: 18317,
      VideoInfos: [
        { UserId: 'Mac_trtc_04', VideoDuration: 17969, VideoFormat: 'mp4', VideoPlayTime: 0, VideoSize: 593418, VideoType: 0 },
        { UserId: 'tic_mixstream_880528_101', VideoType: 3, VideoDuration: 18317 },
        { UserId: '', VideoType: 2, VideoDuration: 17605 },
      ] } };
    const { db } = tempDb();
    await importFile(db, write(tempDir(), 'rec.json', JSON.stringify(sample)));
    expect(readRows(db, 'tiw-recording').map((r) => [r.videoType, r.durationMs])).toEqual([[0, 17969], [3, 18317], [2, 17605]]);
  });
});

describe('whiteboard session log', () => {
  it('reads local times as UTC+8 and ISO times with their offset', async () => {
    const { db } = tempDb();
    await importFile(db, join(SAMPLES, 'tiw-whiteboard-2025-03.csv'));
    const [t, a, b] = readRows(db, 'tiw-whiteboard');
    expect(t).toMatchObject({ roomId: '880528', userId: 'teacher_li', joinTime: '2025-03-03T10:00:00+08:00', leaveMs: Date.UTC(2025, 2, 3, 2, 40) });
    expect(a!.leaveTime).toBe('2025-03-03T10:30:00+08:00');
    expect(b).toMatchObject({ joinTime: '2025-03-03T10:10:00+08:00', leaveTime: '2025-03-03T10:30:00+08:00' });
  });
});

describe('preview before commit', () => {
  it('shows kind, encoding, header row, mapping and the first rows, storing nothing', async () => {
    const p = await previewFile(join(SAMPLES, 'fee-detail-2025-03.gbk.csv'));
    expect(p).toMatchObject({ kind: 'fee-detail', encoding: 'gb18030', headerRow: 1, missing: [], unknownHeaders: [] });
    expect(p.mapping.discountedTotal).toBe('优惠后总价');
    expect(p.rows).toHaveLength(10);
    expect(p.rows[0]![3]).toBe('云服务器CVM');
  });
});

describe('L2 resource bill', () => {
  it('is told from L3 by its columns (配置描述, no 交易ID / components)', async () => {
    const header = ['支付者UIN', '产品名称', '子产品名称', '计费模式', '项目名称', '地域', '资源ID', '实例名称', '交易类型', '订单ID', '扣费时间',
      '开始使用时间', '结束使用时间', '配置描述', '原价', '折扣率', '优惠后总价', '代金券支出(元)', '赠送账户支出(元)', '现金账户支出(元)', '扩展字段1'];
    const row = ['100012345678', '云服务器CVM', '云服务器CVM-标准型S5', '包年包月', '默认项目', '华南地区（广州）', 'ins-a1b2c3d4', 'web-01', '包年包月新购',
      '20250310100001', '2025-03-10 10:21:07', '2025-03-10 10:21:09', '2026-03-10 10:21:09', '2核4G', '1,800.00', '0.83', '1,494.00', '0', '0', '1,494.00', 'x'];
    const { db } = tempDb();
    const out = await importFile(db, write(tempDir(), 'resource.csv', encodeGbk(csvText([header, row]))));
    expect(out).toMatchObject({ kind: 'fee-resource', layout: 'L2', rows: 1 });
    expect(linesOf(db, 'feeResource')[0]).toMatchObject({ configDesc: '2核4G', originalCost: '1800.00', discountedTotal: '1494.00', amount: 1494_00000000n, month: '2025-03', extra: { 扩展字段1: 'x' } });
  });
});

describe('JSON errors name the record', () => {
  it('a broken JSON line', async () => {
    const good = JSON.stringify({ TaskId: 'a', Pages: 1, Status: 'FINISHED', Title: 'a.pdf', FinishedTime: 1741000000 });
    const p = write(tempDir(), 'tc.jsonl', `${good}\n${good.replace('"a"', '"b"')}\n{"TaskId": "c", "Pages": \n`);
    // The reason is V8's, without the input it quotes (json-document.ts); the line is the record's.
    await expect(importFile(tempDb().db, p)).rejects.toThrow(/^tc\.jsonl:3: not valid JSON: Unexpected end of JSON input$/);
  });
  it('a negative page count', async () => {
    const p = write(tempDir(), 'tc.json', JSON.stringify([{ TaskId: 'a', Pages: -3, Status: 'FINISHED', FinishedTime: 1741000000 }]));
    await expect(importFile(tempDb().db, p)).rejects.toThrow(/^tc\.json:1:\[0\]\.Pages: pages cannot be negative \(value "-3"\)$/);
  });
});
