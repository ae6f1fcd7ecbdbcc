import type { FeeDetailLine } from '../model.js';
import type { LineCheck } from '../reconcile/index.js';
import { fastCheckLine } from './fast-line-checks.js';
import { FEE_FIELD_LABELS, L, label, type Lang } from './labels.js';
import type { Column, ColumnKind } from './xlsx-writer.js';

type Field = keyof typeof FEE_FIELD_LABELS;

/** How each original field is shown: amounts at the detail bill's 8 decimals, quantities as numbers. */
const FIELD_KINDS: Record<Field, ColumnKind> = {
  payerUin: 'text', ownerUin: 'text', operatorUin: 'text', product: 'text', productCode: 'text', subProduct: 'text',
  payMode: 'text', project: 'text', region: 'text', zone: 'text', resourceId: 'text', resourceName: 'text',
  actionType: 'text', orderId: 'text', transactionId: 'text', payTime: 'text', usageStart: 'text', usageEnd: 'text',
  componentType: 'text', componentName: 'text', listPrice: 'money8', contractPrice: 'money8', priceUnit: 'text',
  usage: 'number', usageUnit: 'text', duration: 'number', durationUnit: 'text', originalCost: 'money8', discount: 'number',
  discountedTotal: 'money8', voucher: 'money8', cash: 'money8', gift: 'money8', transfer: 'money8', currency: 'text', billMonth: 'text',
};
const FIELDS = Object.keys(FEE_FIELD_LABELS) as Field[];
const TIME_FIELDS = new Set<Field>(['payTime', 'usageStart', 'usageEnd']);

/**
 * The reconciliation's line checks (reconcile/line-checks.ts), one pair of columns each: what the
 * check computes and the difference (stated − recomputed); `billed` is the cell a failure marks.
 */
const RECOMPUTED = [
  { check: 'originalCost', diff: 'originalDiff', head: L.recomputedOriginal, diffHead: L.originalDiff, rule: L.ruleOriginal, billed: 'originalCost', shown: 'recomputed' },
  { check: 'discountedTotal', diff: 'discountedDiff', head: L.recomputedDiscounted, diffHead: L.discountedDiff, rule: L.ruleDiscounted, billed: 'discountedTotal', shown: 'recomputed' },
  { check: 'payments', diff: 'paymentsDiff', head: L.paymentsSum, diffHead: L.paymentsDiff, rule: L.rulePayments, billed: 'discountedTotal', shown: 'stated' },
] as const;

export interface DetailRow {
  cells: (string | null)[];
  /** Columns to highlight: each differing billed cell and its difference. */
  highlight: number[];
  /** Differences by check, exact 8-dp text (absent when the line lacks the inputs). */
  differences: Partial<Record<LineCheck['check'], string>>;
}

/** The Corrected detail layout: trace, the original columns, then recomputed figures and differences. */
export class CorrectedDetail {
  readonly columns: Column[];
  /** Column index of a field, for SUM formulas. */
  readonly index: Record<Field | 'originalDiff' | 'discountedDiff' | 'paymentsDiff', number>;
  private readonly billedIndex: number[];
  private readonly diffIndex: number[];

  constructor(
    lang: Lang,
    private readonly extraKeys: readonly string[],
  ) {
    this.columns = [{ header: label(lang, L.source), kind: 'text' }];
    const idx: Record<string, number> = {};
    for (const f of FIELDS) {
      idx[f] = this.columns.length;
      this.columns.push({ header: label(lang, FEE_FIELD_LABELS[f]), kind: FIELD_KINDS[f] });
    }
    for (const k of extraKeys) this.columns.push({ header: k, kind: 'text' });
    this.billedIndex = [];
    this.diffIndex = [];
    for (const r of RECOMPUTED) {
      this.columns.push({ header: label(lang, r.head), kind: 'money8', comment: label(lang, r.rule) });
      idx[r.diff] = this.columns.length;
      this.diffIndex.push(this.columns.length);
      this.billedIndex.push(idx[r.billed]!);
      this.columns.push({ header: label(lang, r.diffHead), kind: 'money8', comment: label(lang, r.rule) });
    }
    this.index = idx as CorrectedDetail['index'];
  }

  row(line: FeeDetailLine, trace: string): DetailRow {
    const cells: (string | null)[] = [trace];
    for (const f of FIELDS) {
      const v = line[f];
      cells.push(v === null || v === undefined ? null : TIME_FIELDS.has(f) ? vendorLocal(String(v)) : String(v));
    }
    for (const k of this.extraKeys) cells.push(line.extra[k] ?? null);
    const checks = fastCheckLine(line);
    const highlight: number[] = [];
    const differences: DetailRow['differences'] = {};
    RECOMPUTED.forEach((r, i) => {
      const c = checks.find((x) => x.check === r.check);
      cells.push(c ? c[r.shown] : null, c ? c.difference : null);
      if (c) differences[r.check] = c.difference;
      if (c && !c.ok) highlight.push(this.billedIndex[i]!, this.diffIndex[i]!);
    });
    return { cells, highlight, differences };
  }

  /** The rule behind a highlighted difference column, for its cell comment. */
  ruleOf(col: number, lang: Lang): string | null {
    const i = this.diffIndex.indexOf(col);
    return i < 0 ? null : label(lang, RECOMPUTED[i]!.rule);
  }
}

/** "2025-03-01T08:00:00+08:00" → "2025-03-01 08:00:00", as the vendor prints Beijing time. */
export function vendorLocal(t: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(t);
  return m ? `${m[1]} ${m[2]}` : t;
}
