import { fixed, money } from '../../core/money/decimal.js';
import { groupsInScope, hasScopeFilter, inScope, isGroupBill, reconcileMonth, toReportJson, type ReconcileReport, type ScopeFilter } from '../../core/reconcile/index.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';
import { SCOPE_HELP, SCOPE_OPTIONS, groupTables, scopeFilter, scopeHeading } from '../scope-flags.js';

const SHOWN = 40;

function pad(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** A scoped run prints the month's report narrowed to the scope: its totals, its mismatches, its gate. */
function scoped(r: ReconcileReport, f: ScopeFilter): ReconcileReport {
  if (!hasScopeFilter(f)) return r;
  const mismatches = r.mismatches.filter((m) => inScope(m, f));
  return { ...r, mismatches, openUnexplained: mismatches.filter((m) => !m.explained && m.status === 'open').length };
}

function summary(r: ReconcileReport, f: ScopeFilter): string {
  const b = r.bridge;
  const difference = fixed(money(r.fee.total).minus(r.consumption.total), 2);
  const w = Math.max(12, ...[r.fee.total, r.consumption.total, ...Object.values(b)].map((v) => v.length));
  const line = (label: string, value: string, extra = '') => `${label.padEnd(24)}${pad(value, w)}${extra}\n`;
  const p = r.precision;
  let out =
    `Reconciliation ${r.month}: ${r.period} period, tolerance ${r.tolerance}, keys ${r.keys.join(', ')}\n\n` +
    line('fee bill', r.fee.total, `  (${r.fee.lines} lines)`) +
    line('consumption bill', r.consumption.total, `  (${r.consumption.lines} lines)`) +
    line('difference', difference) +
    line('  explained', b.explained) +
    line('    prepaid timing', b.prepaidTiming) +
    line('    cross-month postpaid', b.crossMonth) +
    line('    precision', b.precision) +
    line('    refunds/adjustments', b.refunds) +
    line('  unexplained', b.unexplained) +
    line('    missing', b.missing) +
    line('    amount mismatch', b.amountMismatch) +
    `\nPrecision: ${p.transactions} transactions, rated ${p.rated}, deducted ${p.deducted}, difference ${p.difference}; ` +
    (p.billed === null ? 'the bill has no 月度计费精度差异 line' : `the bill's 月度计费精度差异 line ${p.billed} ${p.agrees ? 'agrees' : 'DOES NOT agree'}`) +
    (p.aggregatedLines > 0 ? `; ${p.aggregatedLines} month-aggregated lines have no 交易ID and are left out` : '') +
    `\nLine checks: ${r.lineChecks.checked} lines checked, ${r.lineChecks.failed} failed` +
    (r.lineChecks.notCheckable ? `, ${r.lineChecks.notCheckable} listed as not checkable (contract price or price unit; not failures)` : '') +
    '\n';
  if (r.duplicates.length > 0) {
    out += `\nDuplicate keys (${r.duplicates.length}; summed, listed here so they are not missed):\n`;
    for (const d of r.duplicates.slice(0, SHOWN)) {
      out += `  ${d.side}: ${d.reason}: ${Object.values(d.key).filter((v) => v !== null).join(' / ')} ×${d.count}, ${d.amount} (${d.sources.join(', ')})\n`;
    }
  }
  for (const n of r.notes) out += `\nNote: ${n}\n`;
  if (hasScopeFilter(f)) out += `\n${scopeHeading(r.groups, f)}`;
  else if (r.groups && isGroupBill(r.groups)) out += groupTables(r.groups);
  out += `\nMismatches${hasScopeFilter(f) ? ' in scope' : ''}: ${r.mismatches.length} (${r.openUnexplained} unexplained and still open)\n`;
  for (const m of r.mismatches.slice(0, SHOWN)) {
    const key = [m.key.product, m.key.resourceId, m.key.component].filter((v) => v !== null && v !== undefined).join(' / ');
    out += `  ${m.id}  ${m.category.padEnd(14)} ${m.status.padEnd(9)} ${pad(fixed(money(m.difference), 2), 12)}  ${key}${m.note ? `  — ${m.note}` : ''}${m.reopenedBecause ? `  [reopened: ${m.reopenedBecause}]` : ''}\n`;
  }
  if (r.mismatches.length > SHOWN) out += `  … ${r.mismatches.length - SHOWN} more (--json, or the app)\n`;
  return out;
}

function groupsOf(r: ReconcileReport, f: ScopeFilter) {
  return groupsInScope(r.groups, f).map((g) => ({ dimension: g.dimension, ...g.figures }));
}

export const command: Command = {
  name: 'reconcile',
  summary: 'explain fee bill vs consumption bill for a month (exit 1 while something is unexplained)',
  help: `Usage: billrecon reconcile --month YYYY-MM [--db PATH] [--period deduction|billing] [--tolerance 0.01]
                           [--owner UIN | --project P | --tag KEY=VALUE] [--json]

Checks every fee-bill line against its own columns, rebuilds the month's precision difference
per transaction (交易ID), and bridges fee bill total − consumption bill total through prepaid
timing, cross-month postpaid, precision and refunds (explained) to missing and amount mismatch
(unexplained). The month's mismatches are stored with stable ids for 'billrecon review'.

  --month YYYY-MM    the month to reconcile
  --db PATH          database file (default: $BILLRECON_DB, else the app's data folder)
  --period P         statistic period of the fee bills: deduction (扣费周期) or billing (计费周期);
                     default: as recorded per imported fee bill
  --tolerance T      amount-mismatch tolerance (default: the stored setting, 0.01)
${SCOPE_HELP}
  --json             print one JSON object (money as 2-dp strings; precision rated/difference 8 dp)

A group bill (several member accounts or projects) prints its totals per account, project and tag
(fee, consumption, explained, unexplained; --json: "groups", exact). With a scope the month is
still reconciled as a whole; the figures, the mismatch list and the exit status are the scope's.

The printed 2-dp bridge adds up to the printed totals: cents lost to rounding go to the
categories rounded furthest from their exact value (largest remainder).

Exit status: 0 nothing unexplained is open, 1 some missing / amount-mismatch (or re-rating)
mismatch is open (mark it with 'billrecon review'), 2 error (also: nothing imported for the month).
`,
  options: { ...DB_OPTION, month: { type: 'string' }, period: { type: 'string' }, tolerance: { type: 'string' }, json: { type: 'boolean' }, ...SCOPE_OPTIONS },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (month === undefined) throw new UsageError('--month YYYY-MM is required');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM (e.g. 2025-03), not '${month}'`);
    const period = stringFlag(args, 'period');
    if (period !== undefined && period !== 'deduction' && period !== 'billing') throw new UsageError(`--period must be deduction or billing, not '${period}'`);
    const tolerance = stringFlag(args, 'tolerance');
    if (tolerance !== undefined && !/^\d+(\.\d+)?$/.test(tolerance)) throw new UsageError(`--tolerance must be a non-negative decimal such as 0.01, not '${tolerance}'`);
    const scope = scopeFilter(args);
    const db = openCliDb(args, io);
    try {
      const whole = reconcileMonth(db, { month, period: period as 'deduction' | 'billing' | undefined, tolerance });
      // A gate that passes on an empty month would wave through a script that forgot to import.
      if (whole.fee.lines === 0 && whole.consumption.lines === 0) {
        throw new UsageError(`nothing is imported for ${month}: import its fee bill and consumption bill first ('billrecon import FILE...')`);
      }
      const report = scoped(whole, scope);
      const filtered = hasScopeFilter(scope) ? { scope: { ...scope, groups: groupsOf(report, scope) } } : {};
      io.stdout(boolFlag(args, 'json') ? json({ ...toReportJson(report, hasScopeFilter(scope)), ...filtered }) : summary(report, scope));
      return report.openUnexplained > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};
