/**
 * Group accounts (issue 11 §8). An organization's bill names on each line the member account that
 * used it (使用者UIN / OwnerUin), its project (项目名称) and its tags (标签键:*); import typed them
 * once into line_scope (bill_line.scope). Reconcile reads them here, once, from what import stored:
 *
 * - per owner, project and tag value, the month's fee and consumption as the vendor allocates them,
 *   line by line (Σ over one dimension's groups = the month's totals, exactly);
 * - each mismatch gets the values its key's own lines carry (both bills), so the stored list can be
 *   narrowed to one of them, and each group the explained and unexplained differences of its keys.
 *
 * A key (a resource's component) belongs to one member account and one project in the vendor's
 * bills, so per account fee − consumption = explained + unexplained. A tag may change during a
 * month: a key whose lines carry two values (or a value and none) is counted under each, and its
 * lines' amounts stay with their own value. A month whose lines name exactly one account (or
 * project) is a single account's bill: a line that leaves the column empty (a consumption bill
 * without 使用者UIN) is that account's; with several, it stays under "none" and a note says so.
 */
import { formatUnits, parseUnits } from '../money/index.js';
import type { Month } from '../model.js';
import type { Mismatch, MismatchScope } from '../report/mismatch.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { LINE_ID_SPAN, lineRange, SIDE } from '../store/line-writer.js';
import type { GroupTotals, ScopeFigures } from './types.js';

interface Scope {
  owner: string;
  project: string;
  tags: Map<string, string>;
}

/** What the bridge hands over: the lines behind each mismatch, and the switch month's moved fee lines. */
export interface GroupInput {
  month: Month;
  mismatchLines: ReadonlyMap<Mismatch, readonly [number, number][]>;
  /** Fee imports whose lines of the month belong to next month's bill (period switch). */
  skipFeeImports: readonly number[];
  /** Lines stored under another month that count in this month's fee bill (period switch). */
  extraFeeLines: readonly [number, number][];
}

interface Sum {
  amount: bigint;
  lines: number;
}

/** The stored scopes; null when no line of any import names an owner, a project or a tag. */
function storedScopes(db: Db): Map<number, Scope> | null {
  const rows = db.prepare('select id, ownerUin, project, tags from line_scope').all() as { id: number; ownerUin: string; project: string; tags: string }[];
  const out = new Map<number, Scope>();
  let any = false;
  for (const r of rows) {
    const tags = new Map(Object.entries(JSON.parse(r.tags) as Record<string, string>));
    if (r.ownerUin !== '' || r.project !== '' || tags.size > 0) any = true;
    out.set(r.id, { owner: r.ownerUin, project: r.project, tags });
  }
  return any ? out : null;
}

/** Σ amount and lines per scope of one side's lines of the month (live imports). */
function scopeSums(db: Db, input: GroupInput, side: 0 | 1): Map<number, Sum> {
  const out = new Map<number, Sum>();
  const add = (scope: number, amount: bigint, lines: number) => {
    const s = out.get(scope) ?? { amount: 0n, lines: 0 };
    s.amount += amount;
    s.lines += lines;
    out.set(scope, s);
  };
  const imports = db
    .prepare(`select m.importId, (select count(*) from import_month o where o.importId = m.importId) from import_month m where m.month = ? and m.side = ? and m.${LIVE_IMPORT}`)
    .raw()
    .all(input.month, side) as [number, number][];
  for (const [importId, months] of imports) {
    if (side === SIDE.fee && input.skipFeeImports.includes(importId)) continue;
    const [lo, hi] = lineRange(importId);
    // An import holding one month needs no look-up of each line's key: its range is the month's.
    const inMonth = months === 1 ? '' : 'and key in (select id from bill_key where month = @month)';
    const params = { lo, hi, ...(months === 1 ? {} : { month: input.month }) };
    for (const [scope, amount, lines] of importScopeSums(db, inMonth, params)) add(scope, amount, lines);
  }
  if (side === SIDE.fee) for (const [scope, amount] of lineScopes(db, input.extraFeeLines).values()) add(scope, amount, 1);
  return out;
}

/** One import's Σ per scope, grouped by SQLite; summed here where SQLite's 64-bit sum overflows. */
function importScopeSums(db: Db, inMonth: string, params: Record<string, unknown>): [number, bigint, number][] {
  const where = `id between @lo and @hi ${inMonth}`;
  try {
    const rows = db.prepare(`select scope, sum(amount), count(*) from bill_line where ${where} group by scope`).safeIntegers(true).raw().all(params) as [bigint, bigint, bigint][];
    return rows.map(([s, a, n]) => [Number(s), a, Number(n)]);
  } catch (err) {
    if (!(err instanceof Error && /integer overflow/i.test(err.message))) throw err;
  }
  const acc = new Map<number, [number, bigint, number]>();
  for (const [scope, amount] of db.prepare(`select scope, amount from bill_line where ${where}`).safeIntegers(true).raw().iterate(params) as IterableIterator<[bigint, bigint]>) {
    const a = acc.get(Number(scope)) ?? [Number(scope), 0n, 0];
    acc.set(Number(scope), [a[0], a[1] + amount, a[2] + 1]);
  }
  return [...acc.values()];
}

/** Each line's scope and amount, by id. */
function lineScopes(db: Db, lines: readonly [number, number][]): Map<number, [number, bigint]> {
  const out = new Map<number, [number, bigint]>();
  const ids = [...new Set(lines.map(([i, r]) => i * LINE_ID_SPAN + r))];
  const stmt = db.prepare('select id, scope, amount from bill_line where id in (select value from json_each(?))').safeIntegers(true).raw();
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const [id, scope, amount] of stmt.all(JSON.stringify(ids.slice(i, i + 10_000))) as [bigint, bigint, bigint][]) out.set(Number(id), [Number(scope), amount]);
  }
  return out;
}

/** How a scope reads in each dimension, with the single account's (or project's) fill for empty cells. */
class Dimensions {
  readonly tagKeys: string[];
  private readonly soleOwner: string | null;
  private readonly soleProject: string | null;

  constructor(
    private readonly scopes: ReadonlyMap<number, Scope>,
    used: Iterable<number>,
  ) {
    const owners = new Set<string>();
    const projects = new Set<string>();
    const tagKeys = new Set<string>();
    for (const id of used) {
      const s = scopes.get(id);
      if (!s) continue;
      if (s.owner !== '') owners.add(s.owner);
      if (s.project !== '') projects.add(s.project);
      for (const k of s.tags.keys()) tagKeys.add(k);
    }
    this.soleOwner = owners.size === 1 ? [...owners][0]! : null;
    this.soleProject = projects.size === 1 ? [...projects][0]! : null;
    this.tagKeys = [...tagKeys].sort();
  }

  owner(id: number): string {
    const o = this.scopes.get(id)?.owner ?? '';
    return o === '' ? (this.soleOwner ?? '') : o;
  }

  project(id: number): string {
    const p = this.scopes.get(id)?.project ?? '';
    return p === '' ? (this.soleProject ?? '') : p;
  }

  /** "key=value" per tag key of the month, "key=" where the line has no such tag. */
  tags(id: number): string[] {
    const t = this.scopes.get(id)?.tags;
    return this.tagKeys.map((k) => `${k}=${t?.get(k) ?? ''}`);
  }
}

type Acc = { fee: bigint; feeLines: number; cons: bigint; consLines: number; explained: bigint; unexplained: bigint; mismatches: number };
type Groups = Record<keyof GroupTotals, Map<string, Acc>>;

function accOf(m: Map<string, Acc>, value: string): Acc {
  let a = m.get(value);
  if (!a) m.set(value, (a = { fee: 0n, feeLines: 0, cons: 0n, consLines: 0, explained: 0n, unexplained: 0n, mismatches: 0 }));
  return a;
}

function figures(m: Map<string, Acc>): ScopeFigures[] {
  // Named values first in text order, "none" ('' or "key=") after its dimension's values.
  const none = (v: string) => v === '' || v.endsWith('=');
  return [...m.entries()]
    .sort(([a], [b]) => Number(none(a)) - Number(none(b)) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, a]) => ({
      value,
      fee: formatUnits(a.fee, 8),
      feeLines: a.feeLines,
      consumption: formatUnits(a.cons, 8),
      consumptionLines: a.consLines,
      explained: formatUnits(a.explained, 8),
      unexplained: formatUnits(a.unexplained, 8),
      mismatches: a.mismatches,
    }));
}

/** The values a mismatch's key's own lines carry; null when they carry none. */
function scopeOfLines(dims: Dimensions, scopeIds: Iterable<number>): MismatchScope | null {
  const owners = new Set<string>();
  const projects = new Set<string>();
  const tags = new Set<string>();
  for (const id of scopeIds) {
    owners.add(dims.owner(id));
    projects.add(dims.project(id));
    for (const t of dims.tags(id)) tags.add(t);
  }
  const named = (s: Set<string>) => [...s].filter((v) => v !== '').sort();
  const scope = { owners: named(owners), projects: named(projects), tags: [...tags].sort() };
  return scope.owners.length + scope.projects.length + scope.tags.length === 0 ? null : scope;
}

/**
 * Per owner, project and tag value: the month's fee and consumption and the bridge's explained and
 * unexplained; each bridge mismatch gets its scope. Null (and no scope on any mismatch) when no
 * line of the database names an owner, a project or a tag.
 */
export function groupAccounts(db: Db, input: GroupInput, notes: string[]): GroupTotals | null {
  const scopes = storedScopes(db);
  if (scopes === null) return null;
  const sums = [scopeSums(db, input, SIDE.fee), scopeSums(db, input, SIDE.consumption)] as const;
  const lines = lineScopes(db, [...input.mismatchLines.values()].flat());
  const dims = new Dimensions(scopes, [...sums[0].keys(), ...sums[1].keys(), ...[...lines.values()].map(([s]) => s)]);
  const groups: Groups = { owners: new Map(), projects: new Map(), tags: new Map() };
  sums.forEach((bySide, side) => {
    for (const [scope, s] of bySide) {
      for (const a of [accOf(groups.owners, dims.owner(scope)), accOf(groups.projects, dims.project(scope)), ...dims.tags(scope).map((t) => accOf(groups.tags, t))]) {
        if (side === 0) [a.fee, a.feeLines] = [a.fee + s.amount, a.feeLines + s.lines];
        else [a.cons, a.consLines] = [a.cons + s.amount, a.consLines + s.lines];
      }
    }
  });
  for (const [m, own] of input.mismatchLines) {
    const scope = scopeOfLines(dims, own.map(([i, r]) => lines.get(i * LINE_ID_SPAN + r)?.[0] ?? -1));
    if (scope) m.scope = scope;
    const d = parseUnits(m.difference) ?? 0n;
    const keyTags = scope?.tags.length ? scope.tags : dims.tagKeys.map((k) => `${k}=`);
    const targets = [
      ...(scope?.owners.length ? scope.owners : ['']).map((v) => accOf(groups.owners, v)),
      ...(scope?.projects.length ? scope.projects : ['']).map((v) => accOf(groups.projects, v)),
      ...keyTags.map((v) => accOf(groups.tags, v)),
    ];
    for (const a of targets) {
      if (m.explained) a.explained += d;
      else a.unexplained += d;
      a.mismatches++;
    }
  }
  const unnamed = groups.owners.get('');
  if (unnamed && groups.owners.size > 1 && unnamed.feeLines + unnamed.consLines > 0) {
    notes.push(`${unnamed.feeLines} fee and ${unnamed.consLines} consumption lines name no member account (使用者UIN): listed under no account`);
  }
  return { owners: figures(groups.owners), projects: figures(groups.projects), tags: figures(groups.tags) };
}

/** A bill of several member accounts or projects: the views show the group totals and each mismatch's scope unasked. */
export function isGroupBill(groups: GroupTotals | null | undefined): boolean {
  if (!groups) return false;
  return groups.owners.filter((g) => g.value !== '').length > 1 || groups.projects.filter((g) => g.value !== '').length > 1;
}

/** A scope filter: an owner account, a project, a tag "key=value" (all given must hold). */
export interface ScopeFilter {
  owner?: string;
  project?: string;
  tag?: string;
}

export function inScope(m: Pick<Mismatch, 'scope'>, f: ScopeFilter): boolean {
  const s = m.scope;
  if (f.owner !== undefined && !s?.owners.includes(f.owner)) return false;
  if (f.project !== undefined && !s?.projects.includes(f.project)) return false;
  if (f.tag !== undefined && !s?.tags.includes(f.tag)) return false;
  return true;
}

export function hasScopeFilter(f: ScopeFilter): boolean {
  return f.owner !== undefined || f.project !== undefined || f.tag !== undefined;
}

/** The report's groups a filter names (the owner's, the project's, the tag value's). */
export function groupsInScope(groups: GroupTotals | undefined, f: ScopeFilter): { dimension: keyof GroupTotals; figures: ScopeFigures }[] {
  if (!groups) return [];
  const pick = (dimension: keyof GroupTotals, value: string | undefined) => (value === undefined ? [] : groups[dimension].filter((g) => g.value === value).map((figures) => ({ dimension, figures })));
  return [...pick('owners', f.owner), ...pick('projects', f.project), ...pick('tags', f.tag)];
}
