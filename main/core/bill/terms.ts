/**
 * Every domain term of the bills, defined once, as data: which pay modes are prepaid, which
 * transaction types are refunds, configuration changes or adjustments, which lines are the
 * vendor's own pseudo-lines, and the bridge's categories. The classifier reads these tables when
 * it normalizes a line at import; SQL that needs a term is generated from the same tables
 * (`sqlList`), never spelled out again. Spellings come from FORMATS.md §1.2–1.3 and §2.
 */

/** How a line is paid: 包年包月 (prepaid) or 按量计费 (postpaid). Compared case-insensitively, trimmed. */
export const PAY_MODES = {
  prepaid: ['包年包月', 'prepay', 'prepaid', 'prepay_mode', 'monthly subscription', 'subscription'],
  postpaid: ['按量计费', 'postpay', 'postpaid', 'pay-as-you-go', 'pay as you go', 'pay-as-you-go resources'],
} as const;
export type PayMode = keyof typeof PAY_MODES | 'unknown';

/**
 * Transaction types (交易类型 / Transaction Type / ActionType) that take money back or correct an
 * earlier charge: a prepaid line of one of these is not a purchase to amortise. Matched as
 * substrings, case-insensitively, in this order (the first group that matches names the kind).
 */
export const ACTION_GROUPS = {
  refund: ['退款', '冲正', 'refund', 'reversal'],
  configChange: ['配置变更', '配置降级', 'modify', 'specification adjustment'],
  adjustment: ['调账补偿', 'adjust-cr'],
} as const;
export type ActionGroup = keyof typeof ACTION_GROUPS;

/** The vendor's adjustment rows are one pseudo-product, named by code or by name (FORMATS §1.5). */
export const VIRTUAL_ID = 'billVirtualId';
/** The monthly billing precision difference line (SPEC §2). */
export const PRECISION_PRODUCT = '月度计费精度差异';

/**
 * What a fee-bill line is, decided once at import. Stored as its number; the names are what
 * reports and the FOCUS export show.
 */
export const LINE_KINDS = ['usage', 'prepaidPurchase', 'refund', 'configChange', 'adjustment', 'pseudo', 'precisionLine'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_KIND_CODE: Record<LineKind, number> = Object.fromEntries(LINE_KINDS.map((k, i) => [k, i])) as Record<LineKind, number>;

/** The bridge's categories in SPEC §3 order; the first four explain, the last two do not. */
export const BRIDGE_CATEGORIES = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch'] as const;
export type BridgeCategory = (typeof BRIDGE_CATEGORIES)[number];
/** Categories of mismatches that stand beside the bridge (the whiteboard re-rating). */
export const OTHER_CATEGORIES = ['rating'] as const;
export const MISMATCH_CATEGORIES = [...BRIDGE_CATEGORIES, ...OTHER_CATEGORIES] as const;
export type MismatchCategory = (typeof MISMATCH_CATEGORIES)[number];
export const EXPLAINED_CATEGORIES: readonly MismatchCategory[] = ['prepaidTiming', 'crossMonth', 'precision', 'refunds'];

export function isExplained(category: MismatchCategory): boolean {
  return EXPLAINED_CATEGORIES.includes(category);
}

const fold = (text: string) => text.trim().toLowerCase();
const PAY_MODE_OF = new Map<string, PayMode>(
  (Object.entries(PAY_MODES) as [PayMode, readonly string[]][]).flatMap(([mode, names]) => names.map((n): [string, PayMode] => [n, mode])),
);

export function payModeOf(text: string | null): PayMode {
  return text === null ? 'unknown' : (PAY_MODE_OF.get(fold(text)) ?? 'unknown');
}

export function actionGroupOf(text: string | null): ActionGroup | null {
  if (text === null) return null;
  const t = fold(text);
  for (const [group, needles] of Object.entries(ACTION_GROUPS) as [ActionGroup, readonly string[]][]) {
    if (needles.some((n) => t.includes(n))) return group;
  }
  return null;
}

/** A consumption line is prepaid by its pay mode, or (summaries without one) by its 消耗类型. */
export function isPrepaidConsumption(payMode: string | null, consumptionType: string | null): boolean {
  if (payModeOf(payMode) === 'prepaid') return true;
  return payMode === null && consumptionType !== null && consumptionType.includes(PAY_MODES.prepaid[0]);
}

export interface PseudoFields {
  product: string;
  productCode: string | null;
  resourceId: string | null;
}

/** The vendor's own adjustment rows (billVirtualId): not usage, never part of a transaction. */
export function isVendorPseudoLine(l: PseudoFields): boolean {
  return l.product === PRECISION_PRODUCT || l.productCode === VIRTUAL_ID || l.resourceId === VIRTUAL_ID;
}

/** The 月度计费精度差异 line itself (the API names it by BusinessCodeName, CSVs by 产品名称). */
export function isPrecisionLine(l: PseudoFields): boolean {
  return l.product === PRECISION_PRODUCT || ((l.productCode === VIRTUAL_ID || l.resourceId === VIRTUAL_ID) && l.product.includes('精度'));
}

/**
 * The kind of a fee-bill line from its product, pay mode and transaction type. A negative amount
 * is a refund whatever its type says; a prepaid line that is not a refund, configuration change
 * or adjustment is a purchase (新购, 续费, upgrade) whose service period the consumption bill
 * amortises.
 */
export function feeLineKind(l: PseudoFields & { payMode: string | null; actionType: string | null }, negative: boolean): LineKind {
  return lineKindOf(isPrecisionLine(l), isVendorPseudoLine(l), actionGroupOf(l.actionType), payModeOf(l.payMode), negative);
}

/** feeLineKind from facts already looked up (the importer caches them per distinct cell). */
export function lineKindOf(precisionLine: boolean, pseudo: boolean, group: ActionGroup | null, payMode: PayMode, negative: boolean): LineKind {
  if (precisionLine) return 'precisionLine';
  if (pseudo) return 'pseudo';
  if (group) return group;
  if (negative) return 'refund';
  return payMode === 'prepaid' ? 'prepaidPurchase' : 'usage';
}

/** `column IN ('a', 'b', …)` over every spelling of a term, for generated SQL. */
export function sqlList(column: string, values: readonly (string | number)[]): string {
  const quoted = values.map((v) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`));
  return `${column} IN (${quoted.join(', ')})`;
}
