/**
 * Readable names of the importer's canonical fields (main/core/import/fields.ts), used where the
 * bill's own column name is not known: a field the file lacks, a line imported before headers
 * were recorded. Chinese names are the console's headers, English ones the international site's.
 */
import type { Lang } from '../../main/api/contract';

const FIELD_NAMES: Record<string, { en: string; zh: string }> = {
  payerUin: { en: 'Payer Account ID', zh: '支付者UIN' },
  ownerUin: { en: 'Owner Account ID', zh: '使用者UIN' },
  operatorUin: { en: 'Operator Account ID', zh: '操作者UIN' },
  product: { en: 'Product Name', zh: '产品名称' },
  productCode: { en: 'Product Code', zh: '产品编码' },
  subProduct: { en: 'Subproduct Name', zh: '子产品名称' },
  payMode: { en: 'Billing Mode', zh: '计费模式' },
  project: { en: 'Project Name', zh: '项目名称' },
  region: { en: 'Region', zh: '地域' },
  zone: { en: 'Availability Zone', zh: '可用区' },
  resourceId: { en: 'Instance ID', zh: '资源ID' },
  resourceName: { en: 'Instance Name', zh: '实例名称' },
  actionType: { en: 'Transaction Type', zh: '交易类型' },
  orderId: { en: 'Order ID', zh: '订单ID' },
  transactionId: { en: 'Transaction ID', zh: '交易ID' },
  payTime: { en: 'Transaction Time', zh: '扣费时间' },
  usageStart: { en: 'Usage Start Time', zh: '开始使用时间' },
  usageEnd: { en: 'Usage End Time', zh: '结束使用时间' },
  componentType: { en: 'Component Type', zh: '组件类型' },
  componentName: { en: 'Component Name', zh: '组件名称' },
  listPrice: { en: 'Component List Price', zh: '组件刊例价' },
  contractPrice: { en: 'Component Contracted Price', zh: '组件单价' },
  priceUnit: { en: 'Component Price Measurement Unit', zh: '组件价格单位' },
  usage: { en: 'Component Usage', zh: '组件用量' },
  usageUnit: { en: 'Component Usage Unit', zh: '组件用量单位' },
  duration: { en: 'Usage Duration', zh: '使用时长' },
  durationUnit: { en: 'Duration Unit', zh: '时长单位' },
  originalCost: { en: 'Original Cost', zh: '组件原价' },
  discount: { en: 'Discount Multiplier', zh: '折扣率' },
  discountedTotal: { en: 'Total Amount After Discount', zh: '优惠后总价' },
  voucher: { en: 'Voucher Deduction', zh: '代金券支出(元)' },
  gift: { en: 'Free Credit Deduction', zh: '赠送账户支出(元)' },
  cash: { en: 'Cash Deduction', zh: '现金账户支出(元)' },
  transfer: { en: 'Commission Credit Deduction', zh: '分成金账户支出(元)' },
  currency: { en: 'Currency', zh: '币种' },
  billMonth: { en: 'Bill Month', zh: '账单月份' },
  configDesc: { en: 'Configuration Description', zh: '配置描述' },
  consumptionType: { en: 'Consumption Type', zh: '消耗类型' },
  dayCount: { en: 'Days', zh: '天数' },
  dailyCost: { en: 'Daily Consumption', zh: '每日消耗' },
  leftToAmortise: { en: 'Amount To Be Amortized', zh: '待分摊金额' },
  roomId: { en: 'Room ID', zh: '房间号' },
  userId: { en: 'User ID', zh: '用户ID' },
  joinTime: { en: 'Join Time', zh: '加入时间' },
  leaveTime: { en: 'Leave Time', zh: '离开时间' },
  // Columns of the stored consumption line that carry a bill field under another name.
  amount: { en: 'Total Amount After Discount', zh: '优惠后总价' },
  month: { en: 'Bill Month', zh: '账单月份' },
  day: { en: 'Usage Day', zh: '使用日期' },
  layout: { en: 'Bill Layout', zh: '账单格式' },
  aggregated: { en: 'Month-aggregated', zh: '按月汇总' },
};

export function fieldName(lang: Lang, field: string): string {
  const f = FIELD_NAMES[field];
  return f ? (lang === 'zh-CN' ? f.zh : f.en) : field;
}

/**
 * The same bill field under the fee line's name: the consumption store keeps the discounted
 * total as `amount` and the bill month as `month`.
 */
export function comparableField(side: 'fee' | 'consumption', field: string): string {
  if (side === 'consumption' && field === 'amount') return 'discountedTotal';
  if (side === 'consumption' && field === 'month') return 'billMonth';
  return field;
}

/** Stored bookkeeping, not bill content: never shown as a compared field. */
export const INTERNAL_FIELDS = new Set(['id', 'importId', 'sourceRow', 'extra', 'aggregated', 'layout']);
