/**
 * The workbook's Claims sheet (issue 15 §4): what the vendor owes, as `billrecon claims` lists it
 * (reconcile/claims.ts), one row per claim with its evidence rows, then the total asked back. The
 * precision difference (and a line a `claim` mark already covers) is listed, not counted.
 */
import { CHECK_NAMES, kindLabel } from '../reconcile/claim-ticket.js';
import type { MonthClaims } from '../reconcile/claims.js';
import { L, label, type Lang } from './labels.js';
import { traces } from './mismatch-columns.js';
import type { Column, SheetOptions, XlsxWriter } from './xlsx-writer.js';

export const CLAIM_LABELS = {
  sheet: ['索赔', 'Claims'],
  kind: ['类型', 'Kind'],
  billed: ['账单收取', 'Billed'],
  due: ['应收', 'Due'],
  amount: ['差额(可申请退还)', 'Amount to ask back'],
  counted: ['计入合计', 'Counted'],
  checks: ['未通过的校验(账单值 / 重算值)', 'Failed checks (stated / recomputed)'],
  evidence: ['依据(文件:行)', 'Evidence (file:row)'],
  total: ['合计申请退还', 'Total to ask back'],
} as const satisfies Record<string, readonly [string, string]>;

const C = CLAIM_LABELS;

export async function claimsSheet(book: XlsxWriter, lang: Lang, claims: MonthClaims, opts: SheetOptions): Promise<string> {
  const name = label(lang, C.sheet);
  const columns: Column[] = [
    { header: label(lang, C.kind), kind: 'text' },
    { header: label(lang, L.month), kind: 'text' },
    { header: label(lang, L.product), kind: 'text' },
    { header: label(lang, L.resource), kind: 'text' },
    { header: label(lang, L.component), kind: 'text' },
    { header: label(lang, C.billed), kind: 'money8' },
    { header: label(lang, C.due), kind: 'money8' },
    { header: label(lang, C.amount), kind: 'money8' },
    { header: label(lang, C.counted), kind: 'text' },
    { header: label(lang, C.checks), kind: 'text', wrap: true },
    { header: label(lang, L.comment), kind: 'text', wrap: true },
    { header: label(lang, C.evidence), kind: 'text', wrap: true },
  ];
  const sheet = await book.addSheet(name, columns, opts);
  for (const c of claims.claims) {
    const checks = c.checks.map((k) => `${label(lang, CHECK_NAMES[k.check] ?? [k.check, k.check])}: ${k.stated} / ${k.recomputed}`).join('\n');
    await sheet.row([
      kindLabel(lang, c.kind),
      c.month,
      c.product,
      c.resource,
      c.component,
      c.billed,
      c.due,
      c.amount,
      label(lang, c.counted ? L.yes : L.no),
      checks || null,
      c.comment,
      traces(c.evidence),
    ]);
  }
  await sheet.row([{ text: label(lang, C.total), bold: true }, claims.currency, null, null, null, null, null, { n: claims.total, dp: 2 }]);
  await sheet.close();
  return name;
}
