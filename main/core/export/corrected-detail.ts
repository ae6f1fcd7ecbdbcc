/**
 * The Corrected detail layout (workbook sheet and CSV): the trace, the fee bill's own columns in
 * the Billing Center's order, the columns no field maps, then each line check's recomputed figure
 * and difference. The checks ran once, at import (bill/checks.ts): a passed check's recomputed
 * figure is the stated one, a failed check's figures were kept beside the line.
 */
import { verdictOf, type CheckId } from '../bill/checks.js';
import { vendorLocal } from '../bill/line-fields.js';
import { FEE_EXPORT_FIELDS, FIELDS, fieldLabel } from '../bill/columns.js';
import { formatUnits, parseUnits, type Units } from '../money/index.js';
import type { FeeDetailLine } from '../model.js';
import { L, label, type Lang } from './labels.js';
import type { DetailLine } from './month-lines.js';
import type { Column, ColumnKind } from './xlsx-writer.js';

type Field = (typeof FEE_EXPORT_FIELDS)[number];

function kindOf(f: Field): ColumnKind {
  const spec = FIELDS[f];
  if (spec.type === 'amount' || ('price' in spec && spec.price)) return 'money8';
  return spec.type === 'decimal' ? 'number' : 'text';
}

/** One pair of columns per check: what it computes (or, for payments, what was paid) and the difference (stated − recomputed). */
const RECOMPUTED = [
  { check: 'originalCost', head: L.recomputedOriginal, diffHead: L.originalDiff, rule: L.ruleOriginal, billed: 'originalCost', shown: 'recomputed' },
  { check: 'discountedTotal', head: L.recomputedDiscounted, diffHead: L.discountedDiff, rule: L.ruleDiscounted, billed: 'discountedTotal', shown: 'recomputed' },
  { check: 'payments', head: L.paymentsSum, diffHead: L.paymentsDiff, rule: L.rulePayments, billed: 'discountedTotal', shown: 'stated' },
] as const satisfies readonly { check: CheckId; head: readonly [string, string]; diffHead: readonly [string, string]; rule: readonly [string, string]; billed: Field; shown: 'recomputed' | 'stated' }[];

export interface DetailRow {
  cells: (string | null)[];
  /** Columns to highlight: each differing billed cell and its difference. */
  highlight: number[];
  /** Differences by check (exact units), absent when the line lacks the inputs. */
  differences: Partial<Record<CheckId, Units>>;
}

/** What a line's checks and the Summary's totals read of it, as the line shows them. */
export type LineAmounts = Pick<FeeDetailLine, 'originalCost' | 'discountedTotal' | 'voucher' | 'cash' | 'gift' | 'transfer' | 'payerUin'>;
export const LINE_AMOUNTS = ['originalCost', 'discountedTotal', 'voucher', 'cash', 'gift', 'transfer', 'payerUin'] as const satisfies readonly (keyof LineAmounts)[];

/** What a passed check states, read from the line itself. */
function statedOf(line: LineAmounts, check: (typeof RECOMPUTED)[number]['check']): Units {
  if (check !== 'payments') return parseUnits(line[check] ?? '0') ?? 0n;
  return [line.cash, line.gift, line.voucher, line.transfer].reduce((s, v) => s + (v === null ? 0n : (parseUnits(v) ?? 0n)), 0n);
}

export class CorrectedDetail {
  readonly columns: Column[];
  /** Column index of a field or difference, for SUM formulas. */
  readonly index: Record<Field | 'originalCostDiff' | 'discountedTotalDiff' | 'paymentsDiff', number>;
  private readonly billedIndex: number[] = [];
  private readonly diffIndex: number[] = [];

  constructor(
    private readonly lang: Lang,
    readonly extraKeys: readonly string[],
  ) {
    this.columns = [{ header: label(lang, L.source), kind: 'text' }];
    const idx: Record<string, number> = {};
    for (const f of FEE_EXPORT_FIELDS) {
      idx[f] = this.columns.length;
      this.columns.push({ header: fieldLabel(f, lang), kind: kindOf(f) });
    }
    for (const k of extraKeys) this.columns.push({ header: k, kind: 'text' });
    for (const r of RECOMPUTED) {
      this.columns.push({ header: label(lang, r.head), kind: 'money8', comment: label(lang, r.rule) });
      idx[`${r.check}Diff`] = this.columns.length;
      this.diffIndex.push(this.columns.length);
      this.billedIndex.push(idx[r.billed]!);
      this.columns.push({ header: label(lang, r.diffHead), kind: 'money8', comment: label(lang, r.rule) });
    }
    this.index = idx as CorrectedDetail['index'];
  }

  row(d: DetailLine): DetailRow {
    const line = d.line;
    const cells: (string | null)[] = [d.trace, ...FEE_EXPORT_FIELDS.map((f) => (line[f] === null || line[f] === undefined ? null : f === 'payTime' || f === 'usageStart' || f === 'usageEnd' ? vendorLocal(String(line[f])) : String(line[f])))];
    for (const k of this.extraKeys) cells.push(line.extra[k] ?? null);
    const checked = this.checks(line, d.verdict, d.failures);
    cells.push(...checked.cells);
    return { cells, highlight: checked.highlight, differences: checked.differences };
  }

  /** The checks' columns of a line (a recomputed figure and a difference each), what to highlight, the differences. */
  checks(line: LineAmounts, verdict: number, failures: DetailLine['failures']): DetailRow {
    const cells: (string | null)[] = [];
    const highlight: number[] = [];
    const differences: DetailRow['differences'] = {};
    RECOMPUTED.forEach((r, i) => {
      const v = verdictOf(verdict, r.check);
      if (v !== 'ok' && v !== 'failed') return void cells.push(null, null);
      const failed = failures?.get(r.check);
      const stated = failed ? failed[0] : statedOf(line, r.check);
      const recomputed = failed ? failed[1] : stated;
      cells.push(formatUnits(r.shown === 'stated' ? stated : recomputed, 8), formatUnits(stated - recomputed, 8));
      differences[r.check] = stated - recomputed;
      if (failed) highlight.push(this.billedIndex[i]!, this.diffIndex[i]!);
    });
    return { cells, highlight, differences };
  }

  /** The rule behind a highlighted difference column, for its cell comment. */
  ruleOf(col: number): string | null {
    const i = this.diffIndex.indexOf(col);
    return i < 0 ? null : label(this.lang, RECOMPUTED[i]!.rule);
  }
}
