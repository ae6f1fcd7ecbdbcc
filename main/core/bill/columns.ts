import type { Kind } from '../model.js';

/**
 * The bills' columns as data: one descriptor per canonical field drives header recognition
 * (aliases: Chinese console/COS headers, English international-site headers, billing-API field
 * names), the type every cell of the column is checked against at import, and the column's name
 * in exports. The vendor renames columns now and then (配置描述 → 配置属性 in 2024-11), so a new
 * name is one more alias here, not code. Sources: FORMATS.md §1.2 (Chinese), §1.3 (English), §2 (API).
 */
/** `amount`: money, an exact decimal of at most 8 places; `decimal`: any exact decimal (prices, quantities). */
export type FieldType = 'text' | 'amount' | 'decimal' | 'time' | 'month' | 'integer';

export interface FieldSpec {
  type: FieldType;
  aliases: readonly string[];
  /** The column's name in exports: [zh-CN, en], as the Billing Center names it. */
  label: readonly [string, string];
  /** A unit price: shown like an amount (8 decimals) although any number of decimals is accepted. */
  price?: true;
}

const col =
  (type: FieldType) =>
  (label: readonly [string, string], ...aliases: string[]): FieldSpec => ({ type, label, aliases });
const t = col('text');
const d = col('decimal');
const a = col('amount');
const time = col('time');
const month = col('month');

/** Every canonical field a bill CSV/XLSX (or an API record) may carry. */
export const FIELDS = {
  payerUin: t(['支付者UIN', 'Payer Account ID'], '支付者UIN', '支付者账号', 'Payer Account ID', 'PayerUin'),
  ownerUin: t(['使用者UIN', 'Owner Account ID'], '使用者UIN', '使用者账号', 'Owner Account ID', 'OwnerUin'),
  operatorUin: t(['操作者UIN', 'Operator Account ID'], '操作者UIN', '操作者账号', 'Operator Account ID', 'OperateUin'),
  product: t(['产品名称', 'Product Name'], '产品名称', '产品', 'Product Name', 'Product', 'BusinessCodeName'),
  productCode: t(['产品编码', 'Product Code'], '产品编码', 'Product Code', 'BusinessCode'),
  subProduct: t(['子产品名称', 'Subproduct Name'], '子产品名称', '子产品', 'Subproduct Name', 'Sub-product Name', 'ProductCodeName'),
  payMode: t(['计费模式', 'Billing Mode'], '计费模式', 'Billing Mode', 'PayModeName'),
  project: t(['项目名称', 'Project Name'], '项目名称', '项目', 'Project Name', 'ProjectName'),
  region: t(['地域', 'Region'], '地域', 'Region', 'RegionName'),
  zone: t(['可用区', 'Availability Zone'], '可用区', 'Availability Zone', 'ZoneName'),
  resourceId: t(['资源ID', 'Instance ID'], '资源ID', '资源Id', '实例ID', 'Instance ID', 'Resource ID', 'ResourceId'),
  resourceName: t(['实例名称', 'Instance Name'], '实例名称', '资源名称', '资源别名', 'Instance Name', 'Resource Name', 'ResourceName'),
  actionType: t(['交易类型', 'Transaction Type'], '交易类型', 'Transaction Type', 'ActionTypeName'),
  orderId: t(['订单ID', 'Order ID'], '订单ID', '订单号', 'Order ID', 'OrderId'),
  transactionId: t(['交易ID', 'Transaction ID'], '交易ID', 'Transaction ID', 'BillId'),
  payTime: time(['扣费时间', 'Transaction Time'], '扣费时间', 'Transaction Time', 'Deduction Time', 'PayTime'),
  usageStart: time(['开始使用时间', 'Usage Start Time'], '开始使用时间', 'Usage Start Time', 'Start Date of Usage', 'FeeBeginTime'),
  usageEnd: time(['结束使用时间', 'Usage End Time'], '结束使用时间', 'Usage End Time', 'End Date of Usage', 'FeeEndTime'),
  componentType: t(['组件类型', 'Component Type'], '组件类型', 'Component Type', 'ComponentCodeName'),
  componentName: t(['组件名称', 'Component Name'], '组件名称', 'Component Name', 'ItemCodeName'),
  listPrice: { ...d(['组件刊例价', 'Component List Price'], '组件刊例价', '刊例价', 'Component List Price', 'ComponentUnitPrice', 'SinglePrice'), price: true },
  contractPrice: { ...d(['组件单价', 'Component Contracted Price'], '组件单价', 'Component Contracted Price', 'Component Contract Price Unit', 'ContractPrice'), price: true },
  priceUnit: t(['组件价格单位', 'Component Price Measurement Unit'], '组件价格单位', 'Component Price Measurement Unit', 'Component Price Unit', 'PriceUnit'),
  usage: d(['组件用量', 'Component Usage'], '组件用量', 'Component Usage', 'UsedAmount'),
  usageUnit: t(['组件用量单位', 'Component Usage Unit'], '组件用量单位', 'Component Usage Unit', 'UsedAmountUnit'),
  duration: d(['使用时长', 'Usage Duration'], '使用时长', 'Usage Duration', 'Usage Time', 'TimeSpan'),
  durationUnit: t(['时长单位', 'Duration Unit'], '时长单位', 'Duration Unit', 'TimeUnit', 'TimeUnitName'),
  originalCost: a(['组件原价', 'Original Cost'], '组件原价', '原价', '原价(元)', '折前价', 'Original Cost', 'Cost', 'TotalCost'),
  discount: d(['折扣率', 'Discount Multiplier'], '折扣率', 'Discount Multiplier', 'Discount Rate', 'Discount'),
  discountedTotal: a(
    ['优惠后总价', 'Total Amount After Discount'],
    '优惠后总价',
    '优惠后总价(元)',
    '优惠后总价（不含税）',
    '折后总价',
    '折后价',
    'Total Amount After Discount (Excluding Tax)',
    'Total Amount After Discount',
    'RealCost',
    'RealTotalCost',
  ),
  voucher: a(['代金券支出(元)', 'Voucher Deduction'], '代金券支出(元)', '代金券支出', '优惠券支出', '优惠券支付(元)', 'Voucher Deduction', 'VoucherPayAmount'),
  gift: a(['赠送账户支出(元)', 'Gift Payment'], '赠送账户支出(元)', '赠送账户支出', '赠送金支付(元)', 'Free Credit Deduction', 'IncentivePayAmount'),
  cash: a(['现金账户支出(元)', 'Cash Payment'], '现金账户支出(元)', '现金账户支出', '现金支付(元)', 'Cash Deduction', 'CashPayAmount'),
  transfer: a(['分成账户支出(元)', 'Revenue-share Payment'], '分成金账户支出(元)', '分成账户支出(元)', '分成金账户支出', '分成金支付(元)', 'Commission Credit Deduction', 'TransferPayAmount'),
  currency: t(['币种', 'Currency'], '币种', 'Currency'),
  billMonth: month(['账单月份', 'Bill Month'], '账单月份', '账单月', '消耗月份', '月份', 'Bill Month', 'Billing Month', 'Billable Month', 'Month', 'BillMonth'),
  // International and reseller bills (FORMATS §1.3; the API's BillDetailComponent, §2.1): what the
  // bill's own arithmetic reads (bill/checks.ts), and what reports group by.
  riDuration: d(['预留实例抵扣时长', 'RI Deduction (Duration)'], '预留实例抵扣时长', 'RI Deduction (Duration)', 'RiTimeSpan'),
  riCost: a(['预留实例抵扣原价', 'RI Deduction (Cost)'], '预留实例抵扣原价', '预留实例抵扣组件原价', 'RI Deduction (Cost)', 'OriginalCostWithRI'),
  spDeduction: a(['节省计划抵扣金额', 'Savings Plan Deduction'], '节省计划抵扣金额', 'Savings Plan Deduction', 'SPDeduction'),
  // Rates are text: a bill may write 0.09 or 9% (bill/checks.ts rateOf reads both); one it cannot
  // read leaves its check unmade rather than refusing a file that imported before they were read.
  spRate: t(['节省计划抵扣率', 'Savings Plan Deduction Rate'], '节省计划抵扣率', 'Savings Plan Deduction Rate', 'SPDeductionRate'),
  spCost: a(['节省计划抵扣原价', 'SP Deduction (Cost)'], '节省计划抵扣原价', '节省计划抵扣组件原价', 'SP Deduction (Cost)', 'OriginalCostWithSP'),
  blendedDiscount: t(['混合折扣率', 'Blended Discount Multiplier'], '混合折扣率', 'Blended Discount Multiplier', 'BlendedDiscount'),
  beforeTax: a(['税前实际金额', 'Amount Before Tax'], '税前实际金额', 'Amount Before Tax', 'CostBeforeTax'),
  taxRate: t(['税率', 'Tax Rate'], '税率', 'Tax Rate'),
  taxAmount: a(['扣税', 'Tax Amount'], '扣税', '税额', 'Tax Amount'),
  totalInclTax: a(['现金支出（含税）', 'Total Cost (Including Tax)'], '现金支出（含税）', 'Total Cost (Including Tax)'),
  afterCoupon: a(['原价（扣券后）', 'OriginalCost (After Coupon)'], 'OriginalCost (After Coupon)'),
  customerName: t(['客户名称', 'Customer Name'], '客户名称', 'Customer Name'),
  regionType: t(['国内国际', 'Region Type'], '国内国际', 'Region Type', 'RegionTypeName'),
  instanceType: t(['实例类型', 'Instance Type'], '实例类型', 'Instance Type', 'InstanceType'),
  configDesc: t(['配置描述', 'Configuration Description'], '配置描述', '配置属性', 'Configuration Description', 'ConfigDesc'),
  consumptionType: t(['消耗类型', 'Consumption Type'], '消耗类型', 'Consumption Type', 'ConsumptionTypeName'),
  dayCount: d(['天数', 'Days'], '天数', 'Days', 'DayDiff'),
  dailyCost: a(['每日消耗', 'Daily Consumption'], '每日消耗', 'Daily Consumption', 'DailyTotalCost'),
  leftToAmortise: a(['待分摊金额', 'Amount To Be Amortized'], '待分摊金额', 'Amount To Be Amortized', 'LeftRealTotalCost'),
  roomId: t(['房间号', 'Room ID'], 'RoomId', '房间号', 'Room ID'),
  userId: t(['用户ID', 'User ID'], 'UserId', '用户ID', 'User ID'),
  joinTime: time(['加入时间', 'Join Time'], 'JoinTime', '加入时间', 'Join Time'),
  leaveTime: time(['离开时间', 'Leave Time'], 'LeaveTime', '离开时间', 'Leave Time'),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** The fee bill's columns in the order exports lay them out (the Billing Center's L3 order). */
export const FEE_EXPORT_FIELDS = [
  'payerUin', 'ownerUin', 'operatorUin', 'product', 'productCode', 'subProduct', 'payMode', 'project', 'region', 'zone',
  'resourceId', 'resourceName', 'actionType', 'orderId', 'transactionId', 'payTime', 'usageStart', 'usageEnd',
  'componentType', 'componentName', 'listPrice', 'contractPrice', 'priceUnit', 'usage', 'usageUnit', 'duration',
  'durationUnit', 'originalCost', 'discount', 'discountedTotal', 'voucher', 'cash', 'gift', 'transfer', 'currency', 'billMonth',
] as const satisfies readonly FieldName[];

export interface KindSpec {
  kind: Kind;
  /** Sub-layout recorded in the audit trail. */
  layout: string | null;
  /** All of these must be found (by alias or --map) for a file to be read as this kind. */
  required: readonly FieldName[];
  /** Headers that only this kind has: they make detection certain. */
  signature: readonly FieldName[];
  /** Fields read when present. */
  optional: readonly FieldName[];
  /** A required field the file lacks is read from the first of these it has (the column keeps its own header). */
  standIns?: Partial<Record<FieldName, readonly FieldName[]>>;
  /** A required field the file may lack altogether when it has all of these. */
  lackable?: Partial<Record<FieldName, readonly FieldName[]>>;
}

const FEE_COMMON: readonly FieldName[] = [
  'payerUin', 'productCode', 'subProduct', 'payMode', 'project', 'region', 'zone', 'resourceId', 'resourceName',
  'actionType', 'orderId', 'payTime', 'usageStart', 'usageEnd', 'originalCost', 'discount', 'voucher', 'cash', 'gift',
  'transfer', 'currency', 'billMonth',
];
const COMPONENT: readonly FieldName[] = [
  'componentType', 'componentName', 'listPrice', 'contractPrice', 'priceUnit', 'usage', 'usageUnit', 'duration', 'durationUnit',
];
/** International and reseller detail bills: RI / savings-plan deductions, tax, the reseller's columns. */
const INTERNATIONAL: readonly FieldName[] = [
  'riDuration', 'riCost', 'spDeduction', 'spRate', 'spCost', 'blendedDiscount', 'beforeTax', 'taxRate', 'taxAmount', 'totalInclTax',
  'afterCoupon', 'customerName', 'regionType', 'instanceType',
];

/** Tabular kinds (CSV / XLSX), most specific first: detection takes the first whose signature matches. */
export const TABULAR_KINDS: readonly KindSpec[] = [
  {
    kind: 'tiw-whiteboard',
    layout: null,
    required: ['roomId', 'userId', 'joinTime', 'leaveTime'],
    signature: ['joinTime', 'leaveTime'],
    optional: [],
  },
  {
    kind: 'consumption',
    layout: 'summary',
    required: ['product', 'discountedTotal', 'billMonth'],
    signature: ['consumptionType', 'dayCount', 'dailyCost', 'leftToAmortise'],
    optional: [...FEE_COMMON, 'consumptionType', 'dayCount', 'dailyCost', 'leftToAmortise', 'transactionId', 'ownerUin'],
  },
  {
    kind: 'fee-detail',
    layout: 'L3',
    required: ['product', 'discountedTotal', 'transactionId'],
    signature: ['transactionId', 'componentName'],
    optional: [...FEE_COMMON, ...COMPONENT, ...INTERNATIONAL, 'ownerUin', 'operatorUin', 'configDesc'],
    // The vendor's own bill tables (its docs) show only the total with tax and no 交易ID: such a
    // line's amount is that total, and it has no transaction (like a month-aggregated line).
    standIns: { discountedTotal: ['totalInclTax'] },
    lackable: { transactionId: ['componentName', 'listPrice', 'priceUnit', 'usage'] },
  },
  {
    kind: 'fee-resource',
    layout: 'L2',
    required: ['product', 'discountedTotal', 'resourceId'],
    signature: ['configDesc'],
    optional: [...FEE_COMMON],
  },
];

/**
 * The consumption bill at component level (DescribeCostDetail) carries the fee bill's L3 header
 * row exactly; it is read with the same fields, the day taken from 开始使用时间.
 */
export const CONSUMPTION_COMPONENT: KindSpec = {
  kind: 'consumption',
  layout: 'component',
  required: ['product', 'discountedTotal', 'usageStart'],
  signature: [],
  // 使用者UIN: an organization's consumption bill names the member account, as its fee bill does (issue 11 §8).
  optional: [...FEE_COMMON, ...COMPONENT, 'transactionId', 'ownerUin'],
};

/** File names that say "consumption bill" (the rule for L3-shaped consumption files). */
export const CONSUMPTION_NAME = /消耗账单|consumption|cost/i;

/** Comparable form of a header: trimmed, no BOM, full-width brackets folded, case and spaces ignored. */
export function normaliseHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();
}

const ALIAS_INDEX: Map<string, FieldName> = (() => {
  const m = new Map<string, FieldName>();
  for (const [name, spec] of Object.entries(FIELDS) as [FieldName, FieldSpec][]) {
    for (const a of spec.aliases) {
      const key = normaliseHeader(a);
      if (!m.has(key)) m.set(key, name);
    }
  }
  return m;
})();

export function fieldForHeader(header: string): FieldName | undefined {
  return ALIAS_INDEX.get(normaliseHeader(header));
}

/** Tag columns (标签键:<key>) are kept as tags, not unknown headers. */
export function isTagHeader(header: string): boolean {
  return /^(标签键|tag)[:：]/i.test(header.trim());
}

/** A field's export name in the chosen language. */
export function fieldLabel(field: FieldName, lang: 'zh-CN' | 'en'): string {
  return FIELDS[field].label[lang === 'zh-CN' ? 0 : 1];
}
