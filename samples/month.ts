import { type Exact, fixed, money, roundHalfUp } from '../main/core/money/index.js';

/**
 * The sample month: a fictional account (UIN 100012345678, 星河教育科技) in March 2025, with
 * every kind of difference an accountant meets between the fee bill and the consumption bill:
 * a prepaid purchase amortised daily, postpaid daily settlement deducted the next day (so the
 * last day of February lands in March and the last day of March in April), a refund, the
 * monthly precision line, a resource only on one side, and an amount that differs.
 */
export const MONTH = '2025-03';
export const PAYER = '100012345678';

export const FEE_HEADERS = [
  '支付者UIN', '使用者UIN', '操作者UIN', '产品名称', '计费模式', '项目名称', '地域', '可用区', '资源ID', '实例名称',
  '子产品名称', '交易类型', '订单ID', '交易ID', '扣费时间', '开始使用时间', '结束使用时间', '组件类型', '组件名称',
  '组件刊例价', '组件单价', '组件价格单位', '组件用量', '组件用量单位', '使用时长', '时长单位', '组件原价', '折扣率',
  '优惠后总价', '代金券支出(元)', '赠送账户支出(元)', '现金账户支出(元)', '账单月份', '标签键:env',
] as const;

export type FeeRow = Record<(typeof FEE_HEADERS)[number], string>;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function day(m: string, d: number): string {
  return `${m}-${pad(d)}`;
}

/** Deterministic pseudo-random numbers (mulberry32), so the month is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LineInput {
  product: string;
  sub: string;
  payMode: '包年包月' | '按量计费';
  resourceId: string;
  name: string;
  action: string;
  orderId: string;
  tx: string;
  payTime: string;
  start: string;
  end: string;
  compType: string;
  compName: string;
  listPrice: string;
  priceUnit: string;
  usage: string;
  usageUnit: string;
  duration: string;
  durationUnit: string;
  discount: string;
  region?: string;
  zone?: string;
  env?: string;
  /** Pay the discounted total partly from the gift account. */
  gift?: string;
}

export function feeLine(l: LineInput): FeeRow {
  const original = money(l.listPrice).times(l.usage).times(l.duration);
  const discounted = roundHalfUp(original.times(l.discount), 8);
  const gift = money(l.gift ?? '0');
  const cash = discounted.minus(gift);
  return {
    支付者UIN: PAYER,
    使用者UIN: PAYER,
    操作者UIN: PAYER,
    产品名称: l.product,
    计费模式: l.payMode,
    项目名称: '默认项目',
    地域: l.region ?? '华南地区（广州）',
    可用区: l.zone ?? '广州三区',
    资源ID: l.resourceId,
    实例名称: l.name,
    子产品名称: l.sub,
    交易类型: l.action,
    订单ID: l.orderId,
    交易ID: l.tx,
    扣费时间: l.payTime,
    开始使用时间: l.start,
    结束使用时间: l.end,
    组件类型: l.compType,
    组件名称: l.compName,
    组件刊例价: l.listPrice,
    组件单价: fixed(money(l.listPrice).times(l.discount), 8),
    组件价格单位: l.priceUnit,
    组件用量: l.usage,
    组件用量单位: l.usageUnit,
    使用时长: l.duration,
    时长单位: l.durationUnit,
    组件原价: fixed(original, 8),
    折扣率: l.discount,
    优惠后总价: fixed(discounted, 8),
    '代金券支出(元)': '0',
    '赠送账户支出(元)': fixed(gift, 8),
    '现金账户支出(元)': fixed(cash, 8),
    账单月份: MONTH,
    '标签键:env': l.env ?? '-',
  };
}

/** Postpaid daily usage of one CVM: a slightly different number of CPU-hours each day. */
function dailyCvm(m: string, d: number, r: () => number): { usage: string; tx: string } {
  const hours = 20 + Math.floor(r() * 5);
  return { usage: String(hours), tx: `2025${m.slice(5)}${pad(d)}4000004${pad(d)}1${pad(hours)}` };
}

export interface SampleMonth {
  fee: FeeRow[];
  consumptionComponent: string[][];
  consumptionSummary: string[][];
}

const CONSUMPTION_COMPONENT_HEADERS = [
  '支付者UIN', '产品名称', '子产品名称', '计费模式', '资源ID', '实例名称', '交易类型', '开始使用时间', '结束使用时间',
  '组件类型', '组件名称', '组件用量', '组件用量单位', '组件原价', '折扣率', '优惠后总价', '现金账户支出(元)', '账单月份',
];

const CONSUMPTION_SUMMARY_HEADERS = [
  '账单月份', '产品名称', '计费模式', '资源ID', '实例名称', '消耗类型', '开始使用时间', '结束使用时间', '天数', '每日消耗',
  '折后总价', '待分摊金额',
];

export function buildSampleMonth(): SampleMonth {
  const r = rng(20250301);
  const fee: FeeRow[] = [];
  const comp: string[][] = [CONSUMPTION_COMPONENT_HEADERS];
  const summary: string[][] = [CONSUMPTION_SUMMARY_HEADERS];
  const consume = (row: FeeRow, dayText: string, amount?: string) =>
    comp.push([
      PAYER, row.产品名称, row.子产品名称, row.计费模式, row.资源ID, row.实例名称, row.交易类型, `${dayText} 00:00:00`,
      `${dayText} 23:59:59`, row.组件类型, row.组件名称, row.组件用量, row.组件用量单位, row.组件原价, row.折扣率,
      amount ?? row.优惠后总价, amount ?? row.优惠后总价, MONTH,
    ]);

  // 1. Prepaid CVM bought on 10 March for a year: all of it in March's fee bill, 22/365 in consumption.
  const prepaid = feeLine({
    product: '云服务器CVM', sub: '云服务器CVM-标准型S5', payMode: '包年包月', resourceId: 'ins-a1b2c3d4', name: 'web-01',
    action: '包年包月新购', orderId: '20250310100001', tx: '20250310400000100001', payTime: '2025-03-10 10:21:07',
    start: '2025-03-10 10:21:09', end: '2026-03-10 10:21:09', compType: '运算组件', compName: '运算组件-标准型S5-2核4G',
    listPrice: '150.00', priceUnit: '元/个/月', usage: '1', usageUnit: '个', duration: '12', durationUnit: '月', discount: '0.83',
    env: 'prod',
  });
  fee.push(prepaid);
  const prepaidTotal = money(prepaid.优惠后总价);
  const daysInService = 365;
  const daysInMarch = 22; // 10–31 March
  const daily = prepaidTotal.div(daysInService);
  const marchShare = roundHalfUp(daily.times(daysInMarch), 2);
  summary.push([
    MONTH, '云服务器CVM', '包年包月', 'ins-a1b2c3d4', 'web-01', '包年包月', '2025-03-10 10:21:09', '2026-03-10 10:21:09',
    String(daysInService), fixed(daily, 8), fixed(marchShare, 2), fixed(prepaidTotal.minus(marchShare), 2),
  ]);

  // 2. Postpaid CVM settled daily, deducted at 01:xx the next day (the last day of Feb in March).
  const postpaid = (usageDay: string, d: number, payDay: string) => {
    const { usage, tx } = dailyCvm(usageDay.slice(0, 7), d, r);
    return feeLine({
      product: '云服务器CVM', sub: '云服务器CVM-标准型SA2', payMode: '按量计费', resourceId: 'ins-e5f6g7h8', name: 'batch-01',
      action: '按量计费日结', orderId: '-', tx, payTime: `${payDay} 01:${pad(10 + (d % 40))}:00`,
      start: `${usageDay} 00:00:00`, end: `${usageDay} 23:59:59`, compType: 'CPU', compName: 'CPU-标准型SA2-2核',
      listPrice: '0.11333333', priceUnit: '元/核/小时', usage, usageUnit: '核', duration: '1', durationUnit: '小时',
      discount: '1', env: 'batch',
    });
  };
  fee.push(postpaid('2025-02-28', 28, '2025-03-01'));
  for (let d = 1; d <= 31; d++) {
    const row = postpaid(day(MONTH, d), d, d < 31 ? day(MONTH, d + 1) : '2025-04-01');
    if (d < 31) fee.push(row); // 31 March is deducted on 1 April: next month's fee bill
    consume(row, day(MONTH, d));
  }

  // 3. A refund of a prepaid disk bought in an earlier month, and its reduction on the consumption side.
  const refund = feeLine({
    product: '云硬盘CBS', sub: '云硬盘CBS-高性能云硬盘', payMode: '包年包月', resourceId: 'disk-r3f4n5d6', name: 'data-old',
    action: '包年包月退款', orderId: '20250320100077', tx: '20250320400000100077', payTime: '2025-03-20 15:02:44',
    start: '2025-03-20 15:02:44', end: '2025-09-01 00:00:00', compType: '存储空间', compName: '高性能云硬盘',
    listPrice: '-42.50', priceUnit: '元/个/月', usage: '1', usageUnit: '个', duration: '6', durationUnit: '月', discount: '1',
    gift: '-55.00',
  });
  fee.push(refund);
  consume(refund, '2025-03-20');

  // 4. A COS bucket billed but missing from the consumption bill.
  fee.push(
    feeLine({
      product: '对象存储COS', sub: '对象存储COS-标准存储', payMode: '按量计费', resourceId: 'media-1250000000', name: 'media',
      action: '按量计费月结', orderId: '-', tx: '20250301400000900001', payTime: '2025-03-01 05:00:00',
      start: '2025-03-01 00:00:00', end: '2025-03-31 23:59:59', compType: '存储容量', compName: '标准存储容量',
      listPrice: '0.118', priceUnit: '元/GB/月', usage: '104.57', usageUnit: 'GB', duration: '1', durationUnit: '月', discount: '1',
    }),
  );
  // ...and a disk consumed but absent from the fee bill.
  comp.push([
    PAYER, '云硬盘CBS', '云硬盘CBS-SSD云硬盘', '按量计费', 'disk-o9p8q7r6', 'scratch', '按量计费小时结', '2025-03-15 00:00:00',
    '2025-03-15 23:59:59', '存储空间', 'SSD云硬盘', '100', 'GB', '5.00000000', '1', '5.00000000', '5.00000000', MONTH,
  ]);

  // 5. A load balancer where the two bills disagree by 0.50.
  const clb = feeLine({
    product: '负载均衡CLB', sub: '负载均衡CLB-标准型', payMode: '按量计费', resourceId: 'lb-k1l2m3n4', name: 'api-lb',
    action: '按量计费月结', orderId: '-', tx: '20250301400000900002', payTime: '2025-03-01 05:00:00',
    start: '2025-03-01 00:00:00', end: '2025-03-31 23:59:59', compType: '实例', compName: '标准型实例',
    listPrice: '0.02', priceUnit: '元/个/小时', usage: '1', usageUnit: '个', duration: '1500', durationUnit: '小时', discount: '1',
  });
  fee.push(clb);
  consume(clb, '2025-03-31', '29.50000000');

  // 6. The whiteboard monthly function fee (prepaid, one month from 1 March) and its amortisation.
  const tiw = feeLine({
    product: '互动白板', sub: '互动白板-月功能费', payMode: '包年包月', resourceId: 'tiw-1400000001', name: 'classroom',
    action: '包年包月新购', orderId: '20250301100009', tx: '20250301400000100009', payTime: '2025-03-01 09:00:00',
    start: '2025-03-01 09:00:00', end: '2025-04-01 09:00:00', compType: '月功能费', compName: '互动白板月功能费',
    listPrice: '700.00', priceUnit: '元/个/月', usage: '1', usageUnit: '个', duration: '1', durationUnit: '月', discount: '1',
  });
  fee.push(tiw);
  summary.push([
    MONTH, '互动白板', '包年包月', 'tiw-1400000001', 'classroom', '包年包月', '2025-03-01 09:00:00', '2025-04-01 09:00:00', '31',
    '22.58064516', '700.00', '0.00',
  ]);

  // 7. The vendor's monthly precision line: deducted (2 dp per transaction) − rated (8 dp).
  const byTx = new Map<string, Exact>();
  for (const f of fee) byTx.set(f.交易ID, (byTx.get(f.交易ID) ?? money(0)).plus(f.优惠后总价));
  let precision = money(0);
  for (const v of byTx.values()) precision = precision.plus(roundHalfUp(v, 2).minus(v));
  const p = fixed(precision, 2);
  fee.push({
    ...Object.fromEntries(FEE_HEADERS.map((h) => [h, '-'])),
    支付者UIN: PAYER,
    产品名称: '月度计费精度差异',
    计费模式: '按量计费',
    资源ID: 'billVirtualId',
    实例名称: '扣费精度补偿',
    交易类型: '调账扣费',
    扣费时间: '2025-03-31 23:59:59',
    优惠后总价: p,
    '现金账户支出(元)': p,
    账单月份: MONTH,
  } as FeeRow);

  return { fee, consumptionComponent: comp, consumptionSummary: summary };
}
