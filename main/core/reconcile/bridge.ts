/**
 * SPEC §3: why the fee bill and the consumption bill differ this month, as named passes over what
 * import stored — sums by key (key-sums.ts), carry-over between months (carry-over.ts),
 * amortisation (amortisation.ts), each key explained (explain.ts), the bill's precision line
 * (precision.ts) and duplicates (duplicates.ts). Every pass reads parts, never a line, except the
 * rare cross-month case that needs consumption on days other than a month's last.
 */
import { BRIDGE_CATEGORIES, PRECISION_PRODUCT, VIRTUAL_ID, type BridgeCategory } from '../bill/terms.js';
import { addMonths, dayOfNumber } from '../calendar/days.js';
import { formatUnits, type Units } from '../money/index.js';
import type { Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import type { Db } from '../store/index.js';
import { traceNamer } from '../store/traces.js';
import { SIDE } from '../store/line-writer.js';
import { addAmortisation } from './amortisation.js';
import { addToNext, matchCarries, monthDays, nextMonthCarried } from './carry-over.js';
import { keysToExplain, summarisedResources } from './keys-to-explain.js';
import { monthDuplicates } from './duplicates.js';
import { BridgeTally, explainKey, type ExplainContext, type Src } from './explain.js';
import { addConsumptionParts, addFeeParts, KeySums } from './key-sums.js';
import { feeImportsOf, importPeriods, isPrecisionPart, monthParts, monthTotals, prepaidPartsOverlapping, type PartFields } from './month-input.js';
import { monthPrecision, type PrecisionFigures } from './precision.js';
import { addTotals, monthSwitches, NO_SWITCH, type MonthSwitches, type PeriodSwitchView } from './period-switch.js';
import { lineCheckCounts } from './line-verdicts.js';
import type { DuplicateKey, LineCheckCounts, Period } from './types.js';
import type { GroupInput } from './group-accounts.js';

export { BRIDGE_CATEGORIES, type BridgeCategory };

export interface BridgeResult {
  feeTotal: Units;
  feeLines: number;
  consumptionTotal: Units;
  consumptionLines: number;
  categories: Record<BridgeCategory, Units>;
  mismatches: Mismatch[];
  duplicates: DuplicateKey[];
  period: Period | 'mixed';
  precision: PrecisionFigures;
  lineChecks: LineCheckCounts;
  /** A switch of the statistic period into this month (null: none), and what it means for the month, in words. */
  periodSwitch: PeriodSwitchView | null;
  switchNotes: string[];
  /** What group-accounts.ts reads: the lines behind each mismatch, the fee lines a period switch moves. */
  groupInput: Omit<GroupInput, 'month'>;
}

export function shiftMonth(month: Month, by: number): Month {
  return addMonths(`${month}-01`, by).slice(0, 7);
}

export function computeBridge(db: Db, month: Month, tolerance: Units, toleranceText: string, periodOverride?: Period): BridgeResult {
  const periodOf = importPeriods(db, periodOverride);
  const [prev, next] = [shiftMonth(month, -1), shiftMonth(month, 1)];
  // An accountant's --period is the answer for every bill: no switch is read from the bills then.
  const sw = periodOverride ? NO_SWITCH : monthSwitches(db, month);
  const carryPeriodOf = (id: number): Period => (sw.carrying.has(id) ? 'deduction' : periodOf(id));
  const notLeaving = (p: PartFields): boolean => !sw.leavingImports.includes(p.importId);
  const keys = new KeySums(summarisedResources(db, month));
  const carried = [...nextMonthCarried(db, month, next), ...sw.leaving];
  const overlapping = prepaidPartsOverlapping(db, month, monthDays(month).first, monthDays(month).next);
  const ids = keysToExplain(db, month, keys.resourceLevel, [...carried, ...overlapping, ...sw.arriving]);
  const only = (p: PartFields): boolean => ids.has(p.key);
  const feeParts = [...monthParts(db, month, SIDE.fee, (p) => only(p) && notLeaving(p)), ...sw.arriving];
  const consParts = monthParts(db, month, SIDE.consumption, only);
  addToNext(keys, carried, month, carryPeriodOf);
  addFeeParts(keys, feeParts, carryPeriodOf, monthDays(month).first);
  markSwitched(keys, sw);
  addConsumptionParts(keys, consParts);
  matchCarries(db, keys, month, prev);
  addAmortisation(keys, month, feeParts, overlapping);
  const fee = addTotals(addTotals(monthTotals(db, month, SIDE.fee), sw.arrivingTotals, 1), sw.leavingTotals, -1);
  const cons = monthTotals(db, month, SIDE.consumption);
  const precisionParts = [...monthParts(db, month, SIDE.fee, (p) => isPrecisionPart(p) && notLeaving(p)), ...sw.arriving];
  const precision = monthPrecision(fee, precisionParts);
  const periods = new Set([...feeImportsOf(db, month).filter((id) => !sw.leavingImports.includes(id)), ...sw.arriving.map((p) => p.importId)].map(periodOf));
  const name = traceNamer(db);
  const tally = new BridgeTally(month, name);
  const ctx: ExplainContext = {
    month, prev, next, tolerance, toleranceText,
    lastDay: dayOfNumber(monthDays(month).next - 1),
    nextBillImported: feeImportsOf(db, next).length > 0,
    deductionPeriod: periods.has('deduction'),
    periodSwitch: sw.here,
  };
  for (const k of keys.byName.values()) {
    if (k.feeLines === 0 && k.consLines === 0) continue; // only next month's lines, nothing of this month
    if (!k.special && k.fee === k.cons) continue;
    explainKey(tally, k, ctx);
  }
  emitPrecisionLine(tally, precision);
  const mismatchLines = linesBehind(tally, precision.billedSources);
  attachOwnLines(tally, name);
  return {
    feeTotal: fee.amount,
    feeLines: fee.lines,
    consumptionTotal: cons.amount,
    consumptionLines: cons.lines,
    categories: tally.categories,
    mismatches: sorted(tally.mismatches),
    duplicates: monthDuplicates(db, month, keys, name),
    period: periodOverride ?? (periods.size === 1 ? [...periods][0]! : periods.size === 0 ? 'deduction' : 'mixed'),
    precision,
    lineChecks: lineCheckCounts(db, month, fee.checked, fee.failed),
    periodSwitch: sw.here,
    switchNotes: sw.notes,
    groupInput: { mismatchLines, skipFeeImports: sw.leavingImports, extraFeeLines: sw.arriving.flatMap((p) => p.rows.map((r): Src => [p.importId, r])) },
  };
}

/** Each mismatch's own lines (its key's, this month's; the precision line's for its own), whose owners and tags it carries. */
function linesBehind(t: BridgeTally, precisionLines: Src[]): Map<Mismatch, Src[]> {
  const out = new Map<Mismatch, Src[]>();
  for (const m of t.mismatches) {
    const k = t.ownLines.get(m);
    out.set(m, k ? [...k.feeSources, ...k.consSources] : m.key.product === PRECISION_PRODUCT ? precisionLines : []);
  }
  return out;
}

/** The carries a period switch makes, so that their explanation says so. */
function markSwitched(keys: KeySums, sw: MonthSwitches): void {
  for (const p of sw.arriving) {
    const c = keys.existing(p)?.fromPrev;
    if (c) c.switched = true;
  }
  for (const p of sw.leaving) {
    const c = keys.existing(p)?.toNext;
    if (c) c.switched = true;
  }
}

/** Step 3: the bill's own 月度计费精度差异 line, as far as our per-transaction rebuild confirms it. */
function emitPrecisionLine(t: BridgeTally, p: PrecisionFigures): void {
  if (p.billed === null) return;
  const key = { product: PRECISION_PRODUCT, resourceId: VIRTUAL_ID, component: null };
  const src = { fee: p.billedSources };
  if (p.summary.agrees) {
    t.emit(key, null, 'precision', p.billed, 0n, null, src);
    return;
  }
  const fmt = (u: Units) => formatUnits(u, 2);
  t.emit(key, null, 'precision', p.expectedLine, 0n, `the rebuild gives ${fmt(p.expectedLine)}`, src);
  t.emit(key, null, 'amountMismatch', p.billed - p.expectedLine, 0n, `the bill's 月度计费精度差异 line is ${fmt(p.billed)}; the per-transaction rebuild gives ${fmt(p.expectedLine)}`, src);
}

/** The key's own lines first (file, row order), then the other month's evidence already attached. */
function attachOwnLines(t: BridgeTally, name: (importId: number, row: number) => string): void {
  const byKey = (s: Src[]) => [...s].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([i, r]) => name(i, r));
  for (const [m, k] of t.ownLines) {
    m.feeSources = [...byKey(k.feeSources), ...m.feeSources];
    m.consumptionSources = [...byKey(k.consSources), ...m.consumptionSources];
  }
}

function sorted(mismatches: Mismatch[]): Mismatch[] {
  const order = new Map<string, number>(BRIDGE_CATEGORIES.map((c, i) => [c, i]));
  const cmp = (x: string | null | undefined, y: string | null | undefined) => ((x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0);
  return mismatches.sort(
    (x, y) =>
      order.get(x.category)! - order.get(y.category)! ||
      cmp(x.key.product, y.key.product) ||
      cmp(x.key.resourceId, y.key.resourceId) ||
      cmp(x.key.component, y.key.component),
  );
}
