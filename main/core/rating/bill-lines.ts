import type { Day, FeeDetailLine } from '../model.js';
import type { Db } from '../store/index.js';
import { readRows } from '../store/index.js';
import { PACKAGE_IDS, type PackageId, type TiwCatalog, type TiwItem } from '../catalog/tiw-catalog.js';

/**
 * Which fee-bill lines are the whiteboard's, and what each one charges for. The vendor names them
 * in Chinese on the domestic site and in English abroad, and older bills carry the sub-product
 * codes of the usage API (sp_tiw_board …), so every spelling is data here.
 */

export type TiwLineKind = TiwItem | 'monthlyFee' | 'package' | 'other';

/** SQL over fee_detail columns selecting the whiteboard product. */
export const TIW_PRODUCT_SQL = `(product like '%互动白板%' or lower(product) like '%whiteboard%' or lower(coalesce(productCode, '')) = 'p_tiw'
  or lower(coalesce(subProduct, '')) like 'sp_tiw%' or coalesce(subProduct, '') like '%互动白板%')`;

const KIND_PATTERNS: [TiwLineKind, RegExp][] = [
  ['monthlyFee', /月功能费|monthly (function )?fee|function fee/i],
  ['package', /资源包|resource pack|铂金版|企业版|高级版|基础版|platinum|enterprise|advanced|basic/i],
  ['transcode', /转码|sp_tiw_(dt|st)|transcod/i],
  ['recording', /录制|sp_tiw_ric|record/i],
  ['whiteboard', /白板时长|sp_tiw_board|whiteboard (duration|minute|usage)|时长/i],
];

const PREPAID = /包年包月|prepa|monthly subscription|^pre/i;
const NOT_A_PURCHASE = /退款|refund|配置变更|modify|冲正|reversal|迁出|迁入|adjust|调账/i;

export function lineText(l: FeeDetailLine): string {
  return [l.subProduct, l.componentType, l.componentName, l.productCode, l.resourceName].filter(Boolean).join(' ');
}

export function classifyTiwLine(l: FeeDetailLine): TiwLineKind {
  const text = lineText(l);
  for (const [kind, re] of KIND_PATTERNS) if (re.test(text)) return kind;
  return 'other';
}

export function isPrepaid(l: FeeDetailLine): boolean {
  return PREPAID.test(l.payMode ?? '');
}

/** A new purchase or a renewal, as opposed to a refund, a change or an adjustment. */
export function isPurchase(l: FeeDetailLine): boolean {
  return isPrepaid(l) && !NOT_A_PURCHASE.test(l.actionType ?? '') && !l.discountedTotal.startsWith('-');
}

/** The vendor-local day of a stored instant ("2025-03-01T09:00:00+08:00"). */
export function vendorDay(t: string | null): Day | null {
  return t ? t.slice(0, 10) : null;
}

/** The package a line names, by id, Chinese name or English name ("Basic 1.0"). */
export function packageOfLine(l: FeeDetailLine, catalog: TiwCatalog): PackageId | undefined {
  const text = lineText(l).toLowerCase().replace(/\s+/g, '');
  for (const e of [...catalog.entries].reverse())
    for (const p of e.packages) if (text.includes(p.name.toLowerCase().replace(/\s+/g, ''))) return p.id;
  for (const id of PACKAGE_IDS) if (text.includes(id.replace('-', ''))) return id;
  for (const id of PACKAGE_IDS) if (text.includes(id)) return id;
  return undefined;
}

export function tiwFeeLines(db: Db, where = '1=1', params: unknown[] = []): FeeDetailLine[] {
  return readRows(db, 'fee-detail', `${TIW_PRODUCT_SQL} and (${where})`, params);
}

/** The bill's currency: its Currency column, else 元 in the price unit or column names means CNY; never guessed beyond that. */
export function currencyOfLine(l: FeeDetailLine): string | null {
  if (l.currency) return l.currency.trim().toUpperCase();
  if (/元/.test(l.priceUnit ?? '')) return 'CNY';
  if (Object.keys(l.extra).some((k) => k.includes('(元)') || k.includes('（元）'))) return 'CNY';
  return null;
}
