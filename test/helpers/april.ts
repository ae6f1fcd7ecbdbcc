/**
 * A second sample month, April 2025, for the same fictional account as samples/ (March), small
 * enough to work out by hand (issue 15 §3):
 *
 * - the postpaid CVM ins-e5f6g7h8: its 31 March usage (in March's consumption bill, 20 CPU-hours ×
 *   0.11333333 = 2.2666666) deducted on 1 April, so April's fee bill carries it; 1–30 April at 22
 *   CPU-hours a day, 22 × 0.11333333 = 2.49333326, each deducted the next day, so 30 April lands
 *   in May's fee bill (not imported: unverifiable);
 * - the COS bucket media-1250000000, 104.57 GB × 0.118 = 12.33926 on both bills this time;
 * - the load balancer lb-k1l2m3n4, 720 hours × 0.02 = 14.40 on both bills;
 * - the vendor's precision line: Σ per transaction (2 dp) − Σ exact = 0.0033334 + 29 × −0.00333326
 *   + 0.00074 = −0.09259114, billed as −0.09.
 *
 * Fee total 2.2666666 + 29 × 2.49333326 + 12.33926 + 14.40 − 0.09 = 101.22259114 → 101.22;
 * consumption 30 × 2.49333326 + 12.33926 + 14.40 = 101.5392578 → 101.54.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEE_HEADERS, feeLine, type FeeRow } from '../../samples/month.js';
import { csvText, encodeUtf8 } from '../../samples/lib/encode.js';

const APRIL = '2025-04';
const PAYER = '100012345678';

const CONSUMPTION_HEADERS = [
  '支付者UIN', '产品名称', '子产品名称', '计费模式', '资源ID', '实例名称', '交易类型', '开始使用时间', '结束使用时间',
  '组件类型', '组件名称', '组件用量', '组件用量单位', '组件原价', '折扣率', '优惠后总价', '现金账户支出(元)', '账单月份',
];

const pad = (n: number) => String(n).padStart(2, '0');

function cvmDay(usageDay: string, hours: number, payDay: string, n: number): FeeRow {
  return feeLine({
    product: '云服务器CVM', sub: '云服务器CVM-标准型SA2', payMode: '按量计费', resourceId: 'ins-e5f6g7h8', name: 'batch-01',
    action: '按量计费日结', orderId: '-', tx: `2025${usageDay.slice(5, 7)}${usageDay.slice(8)}40000${pad(n)}1${hours}`,
    payTime: `${payDay} 01:${pad(10 + n)}:00`, start: `${usageDay} 00:00:00`, end: `${usageDay} 23:59:59`, compType: 'CPU',
    compName: 'CPU-标准型SA2-2核', listPrice: '0.11333333', priceUnit: '元/核/小时', usage: String(hours), usageUnit: '核',
    duration: '1', durationUnit: '小时', discount: '1', env: 'batch',
  });
}

function monthly(product: string, sub: string, resourceId: string, name: string, tx: string, compType: string, compName: string, listPrice: string, unit: string, usage: string, usageUnit: string, duration: string, durationUnit: string): FeeRow {
  return feeLine({
    product, sub, payMode: '按量计费', resourceId, name, action: '按量计费月结', orderId: '-', tx, payTime: '2025-04-01 05:00:00',
    start: '2025-04-01 00:00:00', end: '2025-04-30 23:59:59', compType, compName, listPrice, priceUnit: unit, usage, usageUnit,
    duration, durationUnit, discount: '1',
  });
}

export interface AprilFiles {
  fee: string;
  consumption: string;
}

/** Writes April's fee bill (UTF-8 CSV) and component-level consumption bill into `dir`. */
export function writeApril(dir: string): AprilFiles {
  mkdirSync(dir, { recursive: true });
  const fee: FeeRow[] = [];
  const cons: string[][] = [CONSUMPTION_HEADERS];
  const consume = (r: FeeRow, day: string) =>
    cons.push([PAYER, r.产品名称, r.子产品名称, r.计费模式, r.资源ID, r.实例名称, r.交易类型, `${day} 00:00:00`, `${day} 23:59:59`, r.组件类型, r.组件名称, r.组件用量, r.组件用量单位, r.组件原价, r.折扣率, r.优惠后总价, r.优惠后总价, APRIL]);
  // 31 March's usage (20 CPU-hours, in March's consumption bill) deducted on 1 April.
  fee.push(cvmDay('2025-03-31', 20, '2025-04-01', 0));
  for (let d = 1; d <= 30; d++) {
    const row = cvmDay(`${APRIL}-${pad(d)}`, 22, d < 30 ? `${APRIL}-${pad(d + 1)}` : '2025-05-01', d);
    if (d < 30) fee.push(row); // 30 April is deducted on 1 May: May's fee bill
    consume(row, `${APRIL}-${pad(d)}`);
  }
  const cos = monthly('对象存储COS', '对象存储COS-标准存储', 'media-1250000000', 'media', '20250401400000900001', '存储容量', '标准存储容量', '0.118', '元/GB/月', '104.57', 'GB', '1', '月');
  const clb = monthly('负载均衡CLB', '负载均衡CLB-标准型', 'lb-k1l2m3n4', 'api-lb', '20250401400000900002', '实例', '标准型实例', '0.02', '元/个/小时', '1', '个', '720', '小时');
  fee.push(cos, clb);
  consume(cos, `${APRIL}-30`);
  consume(clb, `${APRIL}-30`);
  fee.push({
    ...Object.fromEntries(FEE_HEADERS.map((h) => [h, '-'])),
    支付者UIN: PAYER, 产品名称: '月度计费精度差异', 计费模式: '按量计费', 资源ID: 'billVirtualId', 实例名称: '扣费精度补偿',
    交易类型: '调账扣费', 扣费时间: '2025-04-30 23:59:59', 优惠后总价: '-0.09', '现金账户支出(元)': '-0.09', 账单月份: APRIL,
  } as FeeRow);
  const rows = [[...FEE_HEADERS] as string[], ...fee.map((f) => FEE_HEADERS.map((h) => (h === '账单月份' ? APRIL : f[h])))];
  const files = { fee: join(dir, `fee-detail-${APRIL}.csv`), consumption: join(dir, `消耗账单-${APRIL}.csv`) };
  writeFileSync(files.fee, encodeUtf8(csvText(rows), true));
  writeFileSync(files.consumption, encodeUtf8(csvText(cons), true));
  return files;
}
