/**
 * FOCUS CSV (FinOps FOCUS 1.x; FORMATS.md §5): the only bill international reseller customers
 * receive (`FOCUS-bill_details-<uin>-<YYYYMM>.CSV`). It is a fee bill: its columns map onto the
 * fee detail's fields below, every other column is kept verbatim with the line (BilledCost,
 * BillingPeriodStart/End, ChargeCategory, Commitment*, Tags …).
 *
 * The line's amount is ContractedCost (contracted unit price × pricing quantity: the discounted
 * total, before vouchers and tax, like 优惠后总价 and the international bill's Total Amount After
 * Discount); BilledCost is what was invoiced (vouchers off, tax on) and stays as the bill writes
 * it. FOCUS has no transaction id: a line is its own transaction for nothing (no 交易ID to group).
 * The month is the Beijing month of ChargePeriodStart (Tencent writes Beijing time converted to
 * UTC: 2025-03-31T15:00:00Z is 23:00 on 31 March), which is BillingPeriodStart's month
 * (2025-02-28T16:00:00Z = 1 March); FOCUS's BillingPeriodEnd is exclusive, Tencent's inclusive: not read.
 */
import type { FieldName, KindSpec } from '../bill/columns.js';
import { normaliseHeader } from './fields.js';
import type { HeaderMapping } from './headers.js';

/** FOCUS column → fee-detail field (FOCUS 1.0–1.2 names). */
const FOCUS_COLUMNS: Readonly<Record<string, FieldName>> = {
  BillingAccountId: 'payerUin',
  SubAccountId: 'ownerUin',
  ServiceName: 'product',
  ServiceSubcategory: 'subProduct',
  ChargeFrequency: 'payMode',
  ChargeCategory: 'actionType',
  ResourceId: 'resourceId',
  ResourceName: 'resourceName',
  RegionName: 'region',
  AvailabilityZone: 'zone',
  ChargePeriodStart: 'usageStart',
  ChargePeriodEnd: 'usageEnd',
  SkuMeter: 'componentName',
  ListUnitPrice: 'listPrice',
  ContractedUnitPrice: 'contractPrice',
  PricingQuantity: 'usage',
  PricingUnit: 'usageUnit',
  ListCost: 'originalCost',
  ContractedCost: 'discountedTotal',
  BillingCurrency: 'currency',
};

/** Columns only a FOCUS file has: three of them make the header row FOCUS. */
const FOCUS_ONLY = ['BilledCost', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargeCategory', 'ContractedCost', 'EffectiveCost', 'BillingAccountId'].map(normaliseHeader);

export const FOCUS_SPEC: KindSpec = {
  kind: 'fee-detail',
  layout: 'FOCUS',
  required: ['product', 'discountedTotal'],
  signature: [],
  optional: [...new Set(Object.values(FOCUS_COLUMNS))].filter((f) => f !== 'product' && f !== 'discountedTotal'),
};

export function isFocusHeader(headers: readonly string[]): boolean {
  const normal = new Set(headers.map(normaliseHeader));
  return FOCUS_ONLY.filter((h) => normal.has(h)).length >= 3;
}

/**
 * The mapping of a FOCUS header row, or null for any other. A user mapping (--map, a saved
 * profile) still wins column by column.
 */
export function focusMapping(headers: string[], userMap: Record<string, string> = {}): HeaderMapping | null {
  if (!isFocusHeader(headers)) return null;
  const index = new Map(headers.map((h, i) => [normaliseHeader(h), i]));
  const columns: Partial<Record<FieldName, number>> = {};
  for (const [focus, field] of Object.entries(FOCUS_COLUMNS)) {
    const i = index.get(normaliseHeader(focus));
    if (i !== undefined) columns[field] = i;
  }
  for (const [field, header] of Object.entries(userMap)) {
    const i = index.get(normaliseHeader(header));
    if (i !== undefined) columns[field as FieldName] = i;
  }
  const used = new Set(Object.values(columns));
  const unknown = headers.filter((h, i) => !used.has(i) && h.trim() !== '');
  const missing = FOCUS_SPEC.required.filter((f) => columns[f] === undefined);
  return { spec: FOCUS_SPEC, kindReason: 'FOCUS 1.x headers', columns, headers, unknown, missing };
}
