/**
 * A hand-made May 2025 where every bridge category occurs, with figures worked out by hand
 * (see bridge.test.ts for the arithmetic).
 */
import type { Db } from '../../main/core/store/index.js';
import { addImport, cons, days, fee, t } from './helpers.js';

const payNext = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const n = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return t(n, '01:10:00');
};

/** Postpaid daily CPU line of ins-pay for `day`, deducted the next day. */
export function daily(day: string, amount: string, billMonth: string) {
  return fee({
    resourceId: 'ins-pay',
    componentName: 'CPU',
    payMode: '按量计费',
    actionType: '按量计费日结',
    payTime: payNext(day),
    usageStart: t(day),
    usageEnd: t(day, '23:59:59'),
    discountedTotal: amount,
    billMonth,
  });
}

export function dailyCons(day: string, amount: string, month = day.slice(0, 7)) {
  return cons({ resourceId: 'ins-pay', componentName: 'CPU', day, month, amount });
}

export interface MonthOptions {
  /** Leave out April's consumption (the cross-month evidence for 30 April). */
  withoutApril?: boolean;
  /** Leave out June's fee bill (the cross-month evidence for 31 May). */
  withoutJune?: boolean;
  /** The bill's precision line (default "0.01", which agrees). */
  billedPrecision?: string | null;
  /** What April's consumption bill says for 30 April (default "2.40", what May's fee bill deducted). */
  april30?: string;
}

export function buildMay(db: Db, o: MonthOptions = {}): void {
  const mayFee = [
    // prepaid, verified: 365.00 for 365 days from 11 May; 21 days in May → 21.00 amortised
    fee({ resourceId: 'ins-pre', componentName: '运算组件', payMode: '包年包月', actionType: '包年包月新购', payTime: t('2025-05-11', '10:00:00'),
      usageStart: t('2025-05-11'), usageEnd: t('2026-05-11'), discountedTotal: '365.00' }),
    // prepaid, not verified: 100.00 for May; the consumption bill shows 90.00, not 100.00
    fee({ resourceId: 'ins-pre2', componentName: '运算组件', payMode: '包年包月', actionType: '包年包月新购', payTime: t('2025-05-01', '09:00:00'),
      usageStart: t('2025-05-01'), usageEnd: t('2025-06-01'), discountedTotal: '100.00' }),
    // postpaid daily: 30 April (2.40) deducted 1 May, then 1–30 May at 1.00
    daily('2025-04-30', '2.40', '2025-05'),
    ...days('2025-05', 1, 30).map((d) => daily(d, '1.00', '2025-05')),
    // refund of a prepaid disk: −255.00; the consumption bill reduces by 200.00
    fee({ product: '云硬盘CBS', resourceId: 'disk-r', componentName: '存储空间', payMode: '包年包月', actionType: '包年包月退款',
      payTime: t('2025-05-20', '15:00:00'), usageStart: t('2025-05-20', '15:00:00'), usageEnd: t('2025-09-01'), discountedTotal: '-255.00' }),
    // on the fee bill only
    fee({ product: '对象存储COS', resourceId: 'media', componentName: '标准存储容量', actionType: '按量计费月结', payTime: t('2025-05-01', '05:00:00'),
      usageStart: t('2025-05-01'), usageEnd: t('2025-05-31', '23:59:59'), discountedTotal: '12.33926' }),
    // same key, 0.505 apart
    fee({ product: '负载均衡CLB', resourceId: 'lb-1', componentName: '实例', actionType: '按量计费月结', payTime: t('2025-05-01', '05:00:00'),
      usageStart: t('2025-05-01'), usageEnd: t('2025-05-31', '23:59:59'), discountedTotal: '30.005' }),
    // same key, 0.006 apart: within tolerance
    fee({ product: '云硬盘CBS', resourceId: 'disk-y', componentName: '存储空间', actionType: '按量计费日结', payTime: t('2025-05-06', '01:00:00'),
      usageStart: t('2025-05-05'), usageEnd: t('2025-05-05', '23:59:59'), discountedTotal: '3.006' }),
  ];
  const billed = o.billedPrecision === undefined ? '0.01' : o.billedPrecision;
  if (billed !== null) {
    mayFee.push(fee({ product: '月度计费精度差异', resourceId: 'billVirtualId', componentName: null, transactionId: null, actionType: '调账扣费',
      payTime: t('2025-05-31', '23:59:59'), discountedTotal: billed, cash: billed }));
  }
  addImport(db, 'fee-detail', 'fee-2025-05.csv', mayFee, { period: 'deduction' });

  if (!o.withoutJune) {
    addImport(db, 'fee-detail', 'fee-2025-06.csv', [daily('2025-05-31', '1.10', '2025-06'), daily('2025-06-01', '1.00', '2025-06')], { period: 'deduction' });
  }
  if (!o.withoutApril) {
    addImport(db, 'consumption', '消耗账单-2025-04.csv', [dailyCons('2025-04-29', '9.99'), dailyCons('2025-04-30', o.april30 ?? '2.40')]);
  }
  addImport(db, 'consumption', '消耗账单-2025-05.csv', [
    ...days('2025-05', 1, 30).map((d) => dailyCons(d, '1.00')),
    dailyCons('2025-05-31', '1.10'),
    cons({ product: '云硬盘CBS', resourceId: 'disk-r', componentName: '存储空间', payMode: '包年包月', day: '2025-05-20', amount: '-200.00' }),
    cons({ product: '云硬盘CBS', resourceId: 'disk-x', componentName: 'SSD云硬盘', day: '2025-05-15', amount: '5.00' }),
    cons({ product: '负载均衡CLB', resourceId: 'lb-1', componentName: '实例', day: '2025-05-31', amount: '29.50' }),
    cons({ product: '云硬盘CBS', resourceId: 'disk-y', componentName: '存储空间', day: '2025-05-05', amount: '3.00' }),
  ]);
  addImport(
    db,
    'consumption',
    '消耗账单-资源汇总-2025-05.csv',
    [
      cons({ layout: 'summary', resourceId: 'ins-pre', componentName: null, payMode: '包年包月', consumptionType: '包年包月', usageStart: t('2025-05-11'),
        usageEnd: t('2026-05-11'), dayCount: '365', dailyCost: '1.00000000', amount: '21.00', leftToAmortise: '344.00' }),
      cons({ layout: 'summary', resourceId: 'ins-pre2', componentName: null, payMode: '包年包月', consumptionType: '包年包月', usageStart: t('2025-05-01'),
        usageEnd: t('2025-06-01'), dayCount: '31', dailyCost: '3.22580645', amount: '90.00', leftToAmortise: '0.00' }),
    ],
    { layout: 'summary' },
  );
}
