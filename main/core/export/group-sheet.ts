/**
 * The Accounts sheet of a group bill's workbook (issue 11 §8): the month report's figures per member
 * account (使用者UIN), project and tag value — fee, consumption, their difference, explained,
 * unexplained and the mismatches — exact, as reconcile stored them (nothing recomputed here). A
 * scoped export shows the scope's rows only.
 */
import { formatUnits, parseUnits } from '../money/index.js';
import { groupsInScope, type ScopeFilter } from '../reconcile/index.js';
import type { GroupTotals, ScopeFigures } from '../reconcile/types.js';
import type { Lang } from './labels.js';
import type { ColumnKind, XlsxWriter } from './xlsx-writer.js';

type Text = readonly [string, string];
const pick = (lang: Lang, t: Text) => (lang === 'zh-CN' ? t[0] : t[1]);

export const ACCOUNTS_SHEET: Text = ['按账号汇总', 'Accounts'];

const HEADS: [Text, ColumnKind][] = [
  [['维度', 'By'], 'text'],
  [['值', 'Value'], 'text'],
  [['费用账单', 'Fee bill'], 'money8'],
  [['消耗账单', 'Consumption bill'], 'money8'],
  [['费用 − 消耗', 'Fee − consumption'], 'money8'],
  [['已解释', 'Explained'], 'money8'],
  [['未解释', 'Unexplained'], 'money8'],
  [['差异条数', 'Mismatches'], 'integer'],
  [['费用行数', 'Fee lines'], 'integer'],
  [['消耗行数', 'Consumption lines'], 'integer'],
];

const DIMENSIONS: Record<keyof GroupTotals, Text> = {
  owners: ['使用者账号(UIN)', 'Member account (UIN)'],
  projects: ['项目', 'Project'],
  tags: ['标签', 'Tag'],
};
const NONE: Text = ['(无)', '(none)'];
const UNTAGGED: Text = ['(未打标签)', '(untagged)'];

function valueText(lang: Lang, dimension: keyof GroupTotals, value: string): string {
  if (dimension === 'tags' && value.endsWith('=')) return `${value} ${pick(lang, UNTAGGED)}`;
  return value === '' ? pick(lang, NONE) : value;
}

function cells(lang: Lang, dimension: keyof GroupTotals, f: ScopeFigures): string[] {
  const diff = (parseUnits(f.fee) ?? 0n) - (parseUnits(f.consumption) ?? 0n);
  return [pick(lang, DIMENSIONS[dimension]), valueText(lang, dimension, f.value), f.fee, f.consumption, formatUnits(diff, 8), f.explained, f.unexplained, String(f.mismatches), String(f.feeLines), String(f.consumptionLines)];
}

/** Writes the sheet; returns its name. */
export async function writeAccountsSheet(book: XlsxWriter, lang: Lang, groups: GroupTotals, scope: ScopeFilter | undefined, opts: object): Promise<string> {
  const name = pick(lang, ACCOUNTS_SHEET);
  const sheet = await book.addSheet(name, HEADS.map(([h, kind]) => ({ header: pick(lang, h), kind })), opts);
  const rows = scope
    ? groupsInScope(groups, scope)
    : (Object.keys(DIMENSIONS) as (keyof GroupTotals)[]).flatMap((dimension) => groups[dimension].map((figures) => ({ dimension, figures })));
  for (const r of rows) await sheet.row(cells(lang, r.dimension, r.figures));
  await sheet.close();
  return name;
}
