/**
 * The claims as text: the list `billrecon claims` prints and the support ticket (`--ticket`) a
 * customer sends the vendor, in Chinese or English. Figures come from monthClaims (./claims.ts)
 * as they are; money is shown at 2 decimals, rounded half-up from the exact figure.
 */
import { formatUnits, parseUnits } from '../money/index.js';
import type { Claim, ClaimKind, MonthClaims } from './claims.js';

export type TicketLang = 'zh-CN' | 'en';

const KIND: Record<ClaimKind, readonly [string, string]> = {
  whiteboard: ['白板用量计费高于按用量重算', 'Whiteboard usage billed above the re-rating'],
  lineCheck: ['账单行金额高于其自身各列计算结果', 'Bill line charged above what its own columns give'],
  marked: ['经复核确认的差异', 'Difference confirmed on review'],
  precision: ['计费精度差异（仅供参考，按厂商规则不予退还）', 'Precision difference (for information; the vendor’s rules keep it)'],
};

export const CHECK_NAMES: Record<string, readonly [string, string]> = {
  originalCost: ['组件原价 ≠ 刊例价 × 用量 × 时长', 'original cost ≠ list price × usage × duration'],
  discountedTotal: ['优惠后总价 ≠ 组件原价 × 折扣率', 'discounted total ≠ original cost × discount'],
  payments: ['各账户支出合计 ≠ 优惠后总价', 'payments ≠ discounted total'],
  beforeTax: ['税前金额 ≠ 优惠后总价 − 代金券', 'amount before tax ≠ discounted total − voucher'],
  tax: ['税额 ≠ 税前金额 × 税率', 'tax ≠ amount before tax × tax rate'],
  total: ['含税总额 ≠ 税前金额 + 税额', 'total ≠ amount before tax + tax'],
  afterCoupon: ['券后原价 ≠ 税前金额 ÷ 折扣率', 'original cost after coupon ≠ amount before tax ÷ discount'],
  riCost: ['预留实例抵扣 ≠ 刊例价 × 用量 × 抵扣时长', 'RI deduction ≠ list price × usage × RI duration'],
  spCost: ['节省计划抵扣 ≠ 抵扣额 ÷ 抵扣率', 'savings plan cost ≠ deduction ÷ rate'],
};

const pick = (lang: TicketLang, pair: readonly [string, string]): string => (lang === 'zh-CN' ? pair[0] : pair[1]);

export function kindLabel(lang: TicketLang, kind: ClaimKind): string {
  return pick(lang, KIND[kind]);
}

/** Exact text to 2 decimals, half-up. */
export function cents(text: string): string {
  return formatUnits(parseUnits(text) ?? 0n, 2);
}

/** What a claim is about: product / resource / component (or item / day), the parts there are. */
export function subjectOf(c: Claim): string {
  return [c.product, c.resource, c.component].filter((p): p is string => p !== null && p !== '').join(' / ');
}

/** One claim's sentence, with its figures and evidence. */
export function claimLine(lang: TicketLang, c: Claim, currency: string): string {
  const zh = lang === 'zh-CN';
  // The precision difference is a rounding of cents: its exact figures say what it is.
  const fig =
    c.kind === 'precision'
      ? zh
        ? `按交易扣费合计 ${c.billed}，精确计费合计 ${c.due}，差额 ${c.amount} ${currency}`
        : `deducted per transaction ${c.billed}, rated exactly ${c.due}, difference ${c.amount} ${currency}`
      : zh
        ? `账单收取 ${cents(c.billed)}，应为 ${cents(c.due)}，差额 ${cents(c.amount)} ${currency}`
        : `billed ${cents(c.billed)}, due ${cents(c.due)}, difference ${cents(c.amount)} ${currency}`;
  const checks = c.checks.map((k) => `${pick(lang, CHECK_NAMES[k.check] ?? [k.check, k.check])}: ${k.stated} / ${k.recomputed}`).join('; ');
  const parts = [`${c.month} ${subjectOf(c)}: ${fig}`];
  if (checks) parts.push(checks);
  if (c.comment) parts.push(zh ? `复核备注：${c.comment}` : `review comment: ${c.comment}`);
  if (!c.counted && c.kind !== 'precision') parts.push(zh ? '已含在经复核确认的差异中，不重复计入' : 'covered by a difference confirmed on review, not counted twice');
  parts.push(`${zh ? '依据' : 'evidence'} ${c.evidence.join(', ') || '—'}`);
  return parts.join(zh ? '；' : '; ');
}

function totalOf(months: readonly MonthClaims[]): string {
  return formatUnits(months.reduce((s, m) => s + (parseUnits(m.total) ?? 0n), 0n), 2);
}

function currencyOf(months: readonly MonthClaims[]): string {
  return months.find((m) => m.currency)?.currency ?? (months.length ? 'CNY' : '');
}

/**
 * The support ticket: subject, the period, each counted claim with its evidence, the total asked
 * back, the precision difference for information, and what is requested.
 */
export function claimTicket(months: readonly MonthClaims[], lang: TicketLang): string {
  const zh = lang === 'zh-CN';
  const ccy = currencyOf(months);
  const period = months.length === 1 ? months[0]!.month : `${months[0]?.month ?? ''} – ${months.at(-1)?.month ?? ''}`;
  const all = months.flatMap((m) => m.claims);
  const counted = all.filter((c) => c.counted);
  const listed = all.filter((c) => !c.counted);
  const out: string[] = [];
  out.push(zh ? `主题：${period} 账单多收费用申请核查与退还（合计 ${totalOf(months)} ${ccy}）` : `Subject: charges above the billing rules in the ${period} bill — request for review and refund (${totalOf(months)} ${ccy} in total)`);
  out.push('');
  out.push(zh ? '您好，' : 'Hello,');
  out.push('');
  out.push(
    zh
      ? `我们在核对 ${period} 的费用账单（明细账单）时，发现以下费用高于计费规则或账单自身各列所给出的金额。每项均列出账单文件及行号（文件:行），便于核查。`
      : `Reconciling our ${period} fee bill (bill details), we found the charges below above what the billing rules, or the bill's own columns, give. Each lists the bill file and row (file:row) that shows it.`,
  );
  out.push('');
  counted.forEach((c, i) => out.push(`${i + 1}. ${kindLabel(lang, c.kind)} — ${claimLine(lang, c, ccy)}`));
  if (counted.length === 0) out.push(zh ? '（本期没有需要申请退还的费用。）' : '(Nothing to ask back for this period.)');
  out.push('');
  out.push(zh ? `合计申请退还：${totalOf(months)} ${ccy}` : `Total to refund: ${totalOf(months)} ${ccy}`);
  if (listed.length) {
    out.push('');
    out.push(zh ? '以下仅供参考，不计入上述合计：' : 'For information, not in the total above:');
    for (const c of listed) out.push(`- ${kindLabel(lang, c.kind)} — ${claimLine(lang, c, ccy)}`);
  }
  out.push('');
  out.push(
    zh
      ? '请核查上述费用，并将多收部分退还至账户（或告知不予退还的依据）。如需原始账单文件，我们可以提供。谢谢！'
      : 'Please review these charges and refund what was charged in excess to the account (or tell us the rule that keeps it). We can send the original bill files. Thank you.',
  );
  return out.join('\n') + '\n';
}
