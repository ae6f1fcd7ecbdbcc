import type { FeeDetailLine, Month, VendorTime } from '../model.js';
import { money } from '../money/decimal.js';
import { isVendorPseudoLine, payModeOf } from '../bill/terms.js';
import type { Db } from '../store/index.js';
import { writeAtomically } from './atomic-file.js';
import { CsvWriter, type CsvKind } from './csv-writer.js';
import { monthLines } from './month-lines.js';

/**
 * The fee-bill detail as FinOps FOCUS 1.2 columns (FORMATS §5), one FOCUS row per L3 line, so a
 * month can go into any FOCUS-aware cost tool.
 *
 * | FOCUS column            | from the L3 line                                                          |
 * |-------------------------|---------------------------------------------------------------------------|
 * | BilledCost              | 优惠后总价 − 代金券支出 (what is invoiced: cash + gift + revenue share; Tencent maps "Total Cost") |
 * | EffectiveCost           | = BilledCost (an L3 line is not amortised; the consumption bill is)       |
 * | ListCost                | 组件原价 (刊例价 × 用量 × 时长); else 优惠后总价                            |
 * | ContractedCost          | 优惠后总价 (after the negotiated discount, before vouchers)                |
 * | ListUnitPrice           | 组件刊例价                                                                 |
 * | ContractedUnitPrice     | 组件单价                                                                   |
 * | PricingQuantity         | 组件用量 × 使用时长 (so ListCost = ListUnitPrice × PricingQuantity)          |
 * | PricingUnit             | 组件价格单位                                                               |
 * | ConsumedQuantity / Unit | 组件用量 / 组件用量单位, Usage rows only                                     |
 * | ChargeCategory          | Adjustment: 退款 / 调账 / 冲正 / 补偿 and vendor pseudo-lines; Purchase: 包年包月 purchases; else Usage |
 * | ChargeClass             | Correction for 冲正 (reversal of an earlier charge), else empty            |
 * | ChargeFrequency         | Purchase → One-Time, Usage → Usage-Based, Adjustment → One-Time            |
 * | ChargeDescription       | 组件名称, else 子产品名称, else 产品名称                                      |
 * | ChargePeriodStart/End   | 开始/结束使用时间 (Beijing) in UTC; an end on :59 seconds is the vendor's inclusive last second, so +1 s makes it exclusive; without usage times, the billing period |
 * | BillingPeriodStart/End  | the bill month's Beijing boundaries in UTC: 2025-03 → 2025-02-28T16:00:00Z … 2025-03-31T16:00:00Z (exclusive) |
 * | BillingCurrency         | 币种, else CNY (the domestic Billing Center bills in yuan)                 |
 * | BillingAccountId        | 支付者UIN;  SubAccountId ← 使用者UIN                                          |
 * | InvoiceIssuerName, ProviderName, PublisherName | Tencent Cloud                                      |
 * | ServiceName             | 产品名称; ServiceCategory from it by keyword (Compute, Databases, Storage, Networking, Media, else Other) |
 * | RegionId / RegionName / AvailabilityZone | 地域编码 (2024-11 column) / 地域 / 可用区                  |
 * | ResourceId / ResourceName / ResourceType | 资源ID / 实例名称 / 子产品名称                                |
 * | SkuId                   | 组件类型                                                                   |
 * | Tags                    | {"key": value} from the 标签键:key columns ("-" = no value left out)       |
 * | x_TransactionId, x_TransactionType, x_SourceTrace | 交易ID, 交易类型, file:row (custom columns carry FOCUS's x_ prefix) |
 */
const COLUMNS: readonly [string, CsvKind][] = [
  ['BilledCost', 'number'], ['EffectiveCost', 'number'], ['ListCost', 'number'], ['ContractedCost', 'number'],
  ['ListUnitPrice', 'number'], ['ContractedUnitPrice', 'number'], ['PricingQuantity', 'number'], ['PricingUnit', 'text'],
  ['ConsumedQuantity', 'number'], ['ConsumedUnit', 'text'],
  ['ChargeCategory', 'text'], ['ChargeClass', 'text'], ['ChargeFrequency', 'text'], ['ChargeDescription', 'text'],
  ['ChargePeriodStart', 'text'], ['ChargePeriodEnd', 'text'], ['BillingPeriodStart', 'text'], ['BillingPeriodEnd', 'text'],
  ['BillingCurrency', 'text'], ['BillingAccountId', 'text'], ['BillingAccountName', 'text'], ['SubAccountId', 'text'],
  ['InvoiceIssuerName', 'text'], ['ProviderName', 'text'], ['PublisherName', 'text'],
  ['ServiceName', 'text'], ['ServiceCategory', 'text'],
  ['RegionId', 'text'], ['RegionName', 'text'], ['AvailabilityZone', 'text'],
  ['ResourceId', 'text'], ['ResourceName', 'text'], ['ResourceType', 'text'], ['SkuId', 'text'], ['Tags', 'text'],
  ['x_TransactionId', 'text'], ['x_TransactionType', 'text'], ['x_SourceTrace', 'text'],
];

export const FOCUS_COLUMNS: readonly string[] = COLUMNS.map(([c]) => c);

export type ChargeCategory = 'Usage' | 'Purchase' | 'Adjustment';

export function chargeCategory(line: Pick<FeeDetailLine, 'actionType' | 'payMode' | 'product' | 'productCode' | 'resourceId'>): ChargeCategory {
  const a = line.actionType ?? '';
  if (isVendorPseudoLine(line) || /退款|调账|冲正|补偿|refund|adjust|reversal/i.test(a)) return 'Adjustment';
  if (payModeOf(line.payMode) === 'prepaid' || /新购|续费|升级|变更|预付|purchase|renewal|subscription/i.test(a)) return 'Purchase';
  return 'Usage';
}

const CATEGORIES: [RegExp, string][] = [
  [/云服务器|CVM|轻量|容器|TKE|函数|SCF|批量计算|GPU|Lighthouse/i, 'Compute'],
  [/数据库|MySQL|Redis|MongoDB|PostgreSQL|TDSQL|SQL Server|CynosDB|TencentDB/i, 'Databases'],
  [/存储|COS|CBS|CFS|硬盘|归档/i, 'Storage'],
  [/CDN|带宽|流量|负载均衡|CLB|VPC|NAT|专线|IP|网络|DNS|EdgeOne/i, 'Networking'],
  [/白板|TIW|音视频|TRTC|直播|点播|媒体|转码|IM|Media/i, 'Media'],
];

export function serviceCategory(product: string): string {
  for (const [re, c] of CATEGORIES) if (re.test(product)) return c;
  return 'Other';
}

/** A stored Beijing-time instant as FOCUS wants it: UTC, `YYYY-MM-DDTHH:mm:ssZ`. */
export function focusInstant(t: VendorTime, plusSeconds = 0): string {
  return new Date(Date.parse(t) + plusSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The vendor prints an inclusive last second (23:59:59); FOCUS ends are exclusive. */
export function exclusiveEnd(t: VendorTime): string {
  return focusInstant(t, /:59(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)$/.test(t) ? 1 : 0);
}

/** The bill month's Beijing boundaries in UTC, end exclusive. */
export function billingPeriod(month: Month): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: focusInstant(`${month}-01T00:00:00+08:00`), end: focusInstant(`${next}-01T00:00:00+08:00`) };
}

function decimal(v: string | null): string | null {
  return v === null ? null : money(v).toString();
}

export function focusRow(line: FeeDetailLine, trace: string, period: { start: string; end: string }): (string | null)[] {
  const category = chargeCategory(line);
  const discounted = money(line.discountedTotal);
  const billed = discounted.minus(line.voucher ?? 0);
  const quantity = line.usage !== null ? money(line.usage).times(line.duration ?? 1) : null;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(line.extra)) {
    if (k.startsWith('标签键:') && v !== '-' && v !== '') tags[k.slice(4)] = v;
  }
  const chargeStart = line.usageStart ? focusInstant(line.usageStart) : line.payTime ? focusInstant(line.payTime) : period.start;
  let chargeEnd = line.usageEnd ? exclusiveEnd(line.usageEnd) : line.payTime ? focusInstant(line.payTime) : period.end;
  if (chargeEnd < chargeStart) chargeEnd = chargeStart;
  return [
    billed.toString(),
    billed.toString(),
    decimal(line.originalCost) ?? discounted.toString(),
    discounted.toString(),
    decimal(line.listPrice),
    decimal(line.contractPrice),
    quantity ? quantity.toString() : null,
    line.priceUnit,
    category === 'Usage' ? decimal(line.usage) : null,
    category === 'Usage' ? line.usageUnit : null,
    category,
    line.actionType && /冲正|reversal/i.test(line.actionType) ? 'Correction' : null,
    category === 'Usage' ? 'Usage-Based' : 'One-Time',
    line.componentName ?? line.subProduct ?? line.product,
    chargeStart,
    chargeEnd,
    period.start,
    period.end,
    line.currency ?? 'CNY',
    line.payerUin,
    null,
    line.ownerUin,
    'Tencent Cloud',
    'Tencent Cloud',
    'Tencent Cloud',
    line.product,
    serviceCategory(line.product),
    line.extra['地域编码'] ?? null,
    line.region,
    line.zone,
    line.resourceId,
    line.resourceName,
    line.subProduct,
    line.componentType,
    Object.keys(tags).length ? JSON.stringify(tags) : null,
    line.transactionId,
    line.actionType,
    trace,
  ];
}

/** The month's fee-bill detail as a FOCUS 1.2 CSV (UTF-8 with BOM). */
export async function exportFocusCsv(db: Db, target: string, options: { month: Month }): Promise<{ path: string; rows: number }> {
  const src = monthLines(db, options.month);
  const period = billingPeriod(options.month);
  return writeAtomically(target, async (out) => {
    const csv = new CsvWriter(out, COLUMNS.map(([, k]) => k));
    await csv.header(FOCUS_COLUMNS);
    let rows = 0;
    for (const { line, trace } of src.lines()) {
      await csv.row(focusRow(line, trace, period));
      rows++;
    }
    await csv.end();
    return { path: target, rows };
  });
}
