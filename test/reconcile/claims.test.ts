import ExcelJS from 'exceljs';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import type { MonthClaims } from '../../main/core/reconcile/claims.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';

/**
 * Issue 15 §4 on the sample month with three things the vendor owes planted in its fee bill:
 * - row 6 (the CPU day of 2025-03-03): 优惠后总价 and 现金支出 2.70666659 where 原价 × 折扣 =
 *   2.60666659: the line charges 0.10 more than its own columns give;
 * - a new row 39: whiteboard minutes of 2025-03-05 billed 5.00, which the usage files rate at 0.00
 *   (all within the free quota);
 * - the load balancer's 0.50 amount mismatch, which the accountant marks `claim`.
 * The month's precision difference (0.03074227) is listed for information only.
 */
const MONTH = '2025-03';

function plantedFeeBill(dir: string): string {
  const rows = feeRows();
  const h = rows[0]!;
  const col = (name: string) => h.indexOf(name);
  const cpu = rows.findIndex((r) => r[col('开始使用时间')] === '2025-03-03 00:00:00' && r[col('资源ID')] === 'ins-e5f6g7h8');
  expect(cpu).toBe(5); // file row 6
  expect(rows[cpu]![col('优惠后总价')]).toBe('2.60666659');
  rows[cpu]![col('优惠后总价')] = '2.70666659';
  rows[cpu]![col('现金账户支出(元)')] = '2.70666659';
  const tiw = [...rows.find((r) => r[col('产品名称')] === '互动白板')!];
  const set = (name: string, v: string) => (tiw[col(name)] = v);
  set('计费模式', '按量计费');
  set('子产品名称', '互动白板-白板时长');
  set('交易类型', '按量计费日结');
  set('订单ID', '-');
  set('交易ID', '20250305400000909090');
  set('扣费时间', '2025-03-06 01:00:00');
  set('开始使用时间', '2025-03-05 00:00:00');
  set('结束使用时间', '2025-03-05 23:59:59');
  set('组件类型', '白板时长');
  set('组件名称', '白板时长');
  set('组件刊例价', '0.05');
  set('组件单价', '0.05');
  set('组件价格单位', '元/分钟');
  set('组件用量', '100');
  set('组件用量单位', '分钟');
  set('使用时长', '1');
  set('时长单位', '天');
  set('组件原价', '5.00000000');
  set('折扣率', '1');
  set('优惠后总价', '5.00000000');
  set('现金账户支出(元)', '5.00000000');
  set('赠送账户支出(元)', '0.00000000');
  set('代金券支出(元)', '0.00000000');
  // Before the precision line (the vendor's last row), so the row numbers below stay as the sample's.
  rows.push(tiw);
  return write(dir, 'fee-detail-2025-03.csv', '\ufeff' + feeCsvText(rows));
}

async function cli(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir, { BILLRECON_USER: 'alice' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('billrecon claims: what the vendor owes (issue 15 §4)', () => {
  const dir = tempDir('billrecon-claims-');
  const db = join(dir, 'db.sqlite');
  let claims: MonthClaims;

  beforeAll(async () => {
    plantedFeeBill(dir);
    // Given relative to the folder, as an accountant types them: the traces are file:row.
    for (const f of ['消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv']) copyFileSync(join(SAMPLES, f), join(dir, f));
    const files = ['fee-detail-2025-03.csv', ...['消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv']];
    expect((await cli(dir, ['import', '--db', db, ...files])).code).toBe(0);
    // Exit 1: the re-rating differs from the bill (the planted whiteboard day).
    const rate = await cli(dir, ['rate', 'tiw', '--db', db, '--month', MONTH, '--exchange-rate', 'USD/CNY=7']);
    expect([rate.code, rate.err]).toEqual([1, '']);
    expect(rate.out).toContain('billed 705.00, rated 700.00, difference 5.00; 1 mismatch(es)');
    const rec = await cli(dir, ['reconcile', '--db', db, '--month', MONTH, '--json']);
    const clb = (JSON.parse(rec.out) as { mismatches: { id: string; key: { resourceId?: string } }[] }).mismatches.find((m) => m.key.resourceId === 'lb-k1l2m3n4')!;
    const marked = await cli(dir, ['review', clb.id, '--db', db, '--status', 'claim', '--comment', 'CLB billed 1500 h, the console shows 1475 h', '--user', 'alice']);
    expect(marked.err).toBe('');
    expect(marked.out).toMatch(/: claim by alice at /);
    const run = await cli(dir, ['claims', '--db', db, '--month', MONTH, '--json']);
    expect(run.err).toBe('');
    claims = (JSON.parse(run.out) as { months: MonthClaims[] }).months[0]!;
  });

  it('lists each claim with its figures and evidence rows; the precision difference for information', () => {
    const brief = claims.claims.map((c) => [c.kind, c.product, c.resource, c.component, c.billed, c.due, c.amount, c.counted, c.evidence]);
    expect(brief).toEqual([
      // The re-rating keeps its figures at 2 dp (deducted per day).
      ['whiteboard', 'tiw', 'whiteboard', '2025-03-05', '5.00', '0.00', '5.00', true, ['fee-detail-2025-03.csv:39']],
      ['lineCheck', '云服务器CVM', 'ins-e5f6g7h8', 'CPU-标准型SA2-2核', '2.70666659', '2.60666659', '0.10000000', true, ['fee-detail-2025-03.csv:6']],
      ['marked', '负载均衡CLB', 'lb-k1l2m3n4', '标准型实例', '30.00000000', '29.50000000', '0.50000000', true, ['fee-detail-2025-03.csv:36', '消耗账单-2025-03.csv:35']],
      // The sample's 2058.55 deducted / 2058.51925773 rated plus the 0.10 and 5.00 planted: the same difference.
      ['precision', '月度计费精度差异', 'billVirtualId', null, '2063.65', '2063.61925773', '0.03074227', false, ['fee-detail-2025-03.csv:38']],
    ]);
    expect(claims.claims[1]!.checks).toEqual([{ check: 'discountedTotal', stated: '2.70666659', recomputed: '2.60666659' }]);
    expect(claims.claims[2]!.comment).toBe('CLB billed 1500 h, the console shows 1475 h');
    // 5.00 + 0.10 + 0.50; the precision difference is not asked back.
    expect(claims.total).toBe('5.60000000');
    expect(claims.currency).toBe('CNY');
  });

  it('the support ticket states them in Chinese and in English', async () => {
    const zh = await cli(dir, ['claims', '--db', db, '--month', MONTH, '--ticket']);
    expect(zh.out).toMatch(/^主题：2025-03 账单多收费用申请核查与退还（合计 5\.60 CNY）/);
    expect(zh.out).toContain('1. 白板用量计费高于按用量重算 — 2025-03 tiw / whiteboard / 2025-03-05: 账单收取 5.00，应为 0.00，差额 5.00 CNY；依据 fee-detail-2025-03.csv:39');
    expect(zh.out).toContain('2. 账单行金额高于其自身各列计算结果 — 2025-03 云服务器CVM / ins-e5f6g7h8 / CPU-标准型SA2-2核: 账单收取 2.71，应为 2.61，差额 0.10 CNY；优惠后总价 ≠ 组件原价 × 折扣率: 2.70666659 / 2.60666659；依据 fee-detail-2025-03.csv:6');
    expect(zh.out).toContain('3. 经复核确认的差异 — 2025-03 负载均衡CLB / lb-k1l2m3n4 / 标准型实例: 账单收取 30.00，应为 29.50，差额 0.50 CNY；复核备注：CLB billed 1500 h, the console shows 1475 h；依据 fee-detail-2025-03.csv:36, 消耗账单-2025-03.csv:35');
    expect(zh.out).toContain('合计申请退还：5.60 CNY');
    expect(zh.out).toContain('以下仅供参考，不计入上述合计：\n- 计费精度差异（仅供参考，按厂商规则不予退还） — 2025-03 月度计费精度差异 / billVirtualId: 按交易扣费合计 2063.65，精确计费合计 2063.61925773，差额 0.03074227 CNY；依据 fee-detail-2025-03.csv:38');
    const en = await cli(dir, ['claims', '--db', db, '--month', MONTH, '--ticket', '--lang', 'en']);
    expect(en.out).toMatch(/^Subject: charges above the billing rules in the 2025-03 bill — request for review and refund \(5\.60 CNY in total\)/);
    expect(en.out).toContain('2. Bill line charged above what its own columns give — 2025-03 云服务器CVM / ins-e5f6g7h8 / CPU-标准型SA2-2核: billed 2.71, due 2.61, difference 0.10 CNY; discounted total ≠ original cost × discount: 2.70666659 / 2.60666659; evidence fee-detail-2025-03.csv:6');
    expect(en.out).toContain('Total to refund: 5.60 CNY');
  });

  it('--year lists every month of the year with bills; the workbook carries the same list as its Claims sheet', async () => {
    const year = await cli(dir, ['claims', '--db', db, '--year', '2025', '--json']);
    const months = (JSON.parse(year.out) as { months: MonthClaims[] }).months;
    expect(months.map((m) => [m.month, m.total])).toEqual([['2025-03', '5.60000000']]);
    expect((await cli(dir, ['claims', '--db', db, '--year', '2024'])).err).toMatch(/--year 2024: no month of 2024 has bills imported/);

    expect((await cli(dir, ['export', '--db', db, '--month', MONTH, '--lang', 'en', '--out', 'march.xlsx'])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'march.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['Summary', 'Mismatches', 'Claims']);
    const rows = wb.getWorksheet('Claims')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[8], r[9], r[12]])).toEqual([
      ['Whiteboard usage billed above the re-rating', 5, 'yes', 'fee-detail-2025-03.csv:39'],
      ['Bill line charged above what its own columns give', 0.1, 'yes', 'fee-detail-2025-03.csv:6'],
      ['Difference confirmed on review', 0.5, 'yes', 'fee-detail-2025-03.csv:36, 消耗账单-2025-03.csv:35'],
      ['Precision difference (for information; the vendor’s rules keep it)', 0.03074227, 'no', 'fee-detail-2025-03.csv:38'],
      ['Total to ask back', 5.6, undefined, undefined],
    ]);
    // The Mismatches sheet shows the mark in words.
    const mm = wb.getWorksheet('Mismatches')!;
    const clb = (mm.getSheetValues() as unknown[][]).find((r) => r?.[4] === 'lb-k1l2m3n4')!;
    expect(clb[11]).toBe('claim');
  });
});
