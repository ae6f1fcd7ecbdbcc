/**
 * Group accounts (issue 11 §8) on the command line: `--owner UIN`, `--project P`, `--tag key=value`
 * narrow what reconcile and export show to one member account, project or tag value. The month
 * is still reconciled as a whole (one report); the scope is a filter over its stored mismatches
 * plus the report's per-scope totals.
 */
import { fixed, money } from '../core/money/decimal.js';
import { groupsInScope, type ScopeFilter } from '../core/reconcile/index.js';
import type { GroupTotals, ScopeFigures } from '../core/reconcile/types.js';
import { UsageError, stringFlag, type ParsedArgs } from './command.js';

export const SCOPE_OPTIONS = { owner: { type: 'string' }, project: { type: 'string' }, tag: { type: 'string' } } as const;

export const SCOPE_HELP = `  --owner UIN        only what member account UIN (使用者UIN / OwnerUin) used, with its totals
  --project P        only project P (项目名称)
  --tag KEY=VALUE    only lines tagged KEY=VALUE (标签键:KEY); KEY= for the lines without that tag`;

export function scopeFilter(args: ParsedArgs): ScopeFilter {
  const f: ScopeFilter = {};
  const owner = stringFlag(args, 'owner');
  const project = stringFlag(args, 'project');
  const tag = stringFlag(args, 'tag');
  if (owner !== undefined) {
    if (owner.trim() === '') throw new UsageError('--owner needs a member account (使用者UIN), e.g. --owner 700000686592');
    f.owner = owner.trim();
  }
  if (project !== undefined) {
    if (project.trim() === '') throw new UsageError('--project needs a project name (项目名称)');
    f.project = project.trim();
  }
  if (tag !== undefined) {
    const eq = tag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tag must be KEY=VALUE (the tag column 标签键:KEY), not '${tag}'`);
    f.tag = `${tag.slice(0, eq).trim().replace(/^(标签键|tag)[:：]/i, '')}=${tag.slice(eq + 1).trim()}`;
  }
  return f;
}

const DIMENSION: Record<keyof GroupTotals, [string, string]> = {
  owners: ['By member account (使用者UIN)', 'account'],
  projects: ['By project (项目名称)', 'project'],
  tags: ['By tag (标签键)', 'tag'],
};

function money2(text: string): string {
  return fixed(money(text), 2);
}

/** Pads by terminal columns: a CJK character takes two. */
function padCols(text: string, width: number): string {
  const cols = [...text].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, width - cols));
}

function row(label: string, f: ScopeFigures): string {
  const cells = [money2(f.fee), money2(f.consumption), money2(f.explained), money2(f.unexplained)].map((v) => v.padStart(14)).join('');
  return `  ${padCols(label, 26)}${cells}${String(f.mismatches).padStart(12)}\n`;
}

const HEAD = `  ${''.padEnd(26)}${['fee', 'consumption', 'explained', 'unexplained'].map((h) => h.padStart(14)).join('')}${'mismatches'.padStart(12)}\n`;

function valueLabel(dimension: keyof GroupTotals, value: string): string {
  if (dimension === 'tags') return value.endsWith('=') ? `${value} (untagged)` : value;
  return value === '' ? '(none)' : value;
}

/** The per-account, per-project and per-tag tables of a group bill (2 dp each; exact figures in --json). */
export function groupTables(groups: GroupTotals): string {
  let out = '';
  for (const d of Object.keys(DIMENSION) as (keyof GroupTotals)[]) {
    if (groups[d].length === 0) continue;
    out += `\n${DIMENSION[d][0]}:\n${HEAD}`;
    for (const f of groups[d]) out += row(valueLabel(d, f.value), f);
  }
  return out;
}

/** What a scoped run prints first: the scope and its totals from the month report. */
export function scopeHeading(groups: GroupTotals | undefined, f: ScopeFilter): string {
  const asked = [f.owner !== undefined ? `account ${f.owner}` : null, f.project !== undefined ? `project ${f.project}` : null, f.tag !== undefined ? `tag ${f.tag}` : null].filter((x) => x !== null);
  let out = `Scope: ${asked.join(', ')} (the month is reconciled as a whole; figures and mismatches of this scope)\n`;
  const found = groupsInScope(groups, f);
  if (found.length === 0) return out + '  no line of the month carries it\n';
  out += HEAD;
  for (const g of found) out += row(`${DIMENSION[g.dimension][1]} ${valueLabel(g.dimension, g.figures.value)}`, g.figures);
  return out;
}
