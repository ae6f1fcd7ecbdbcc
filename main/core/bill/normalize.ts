/**
 * The classifier: every bill line is normalized once, at import, into what the engine uses — its
 * key (month, product, resource, component), scope (owner account, project, tags), kind, 交易ID,
 * usage day, amount as an integer of 10^-8 and, for fee lines, its line-check verdict — while the
 * original cells stay verbatim in the import's source. Lines leave in batches for the store, each
 * with the part (bucket and days) it adds to; the month figures, the duplicates and the
 * consumption day masks come out once at the end. Every typed cell is checked, read or not, so a bad value is
 * refused whether or not the engine needs it.
 */
import { formatUnits, MAX_STORED_UNITS, UnitSum, type FastUnits, type Units } from '../money/index.js';
import { firstDayOfMonthIndex, monthIndexOfDay } from '../calendar/days.js';
import { CHECK_CELLS, columnPlan, READ_BY_KIND, type ColumnPlan } from './plan.js';
import type { Cells, VTime } from './cells.js';
import { checkLine, hasFailure, isContractPrice, rateOf, routeCell, wasChecked, type CheckFailure, type CheckId, type LineFigures } from './checks.js';
import { CheckMemo } from './check-memo.js';
import { PriceUnitReader } from './price-units.js';
import { KeyDictionary, ScopeDictionary } from './dictionary.js';
import type { FieldName } from './columns.js';
import { BUCKET, CONS_CLASS, FEE_CLASS } from './parts.js';
import { actionGroupOf, isPrepaidConsumption, LINE_KIND_CODE, lineKindOf, payModeOf, PRECISION_PRODUCT, VIRTUAL_ID, type ActionGroup, type PayMode } from './terms.js';
import { LineBatchBuilder, type LineBatch } from './line-batch.js';
import { monthTextOfIndex } from './cells.js';
import { ImportError } from './errors.js';
import { DayMasks, type PackedDayMasks } from './day-masks.js';

export type BillKind = 'fee-detail' | 'fee-resource' | 'consumption';

export interface NormalizeContext {
  file: string;
  kind: BillKind;
  /** consumption: 'component' or 'summary' */
  layout: string | null;
  columns: Partial<Record<FieldName, number>>;
  headers: readonly string[];
  /** A billing-period fee bill without 账单月份 files each line under its usage month (SPEC §1). */
  monthFromUsage: boolean;
  /** CSV: a row with fewer cells than the header is refused (a sheet may leave trailing cells out). */
  strictCellCount: boolean;
}

export interface LineFailure extends CheckFailure {
  row: number;
}

export interface MonthFigures {
  month: string;
  lines: number;
  amount: Units;
  transactions: number;
  rated: Units;
  deducted: Units;
  aggregatedLines: number;
  pseudoLines: number;
  checked: number;
  failed: number;
}

export interface DuplicateFound {
  side: 'fee' | 'consumption';
  reason: string;
  key: number;
  extraName: string;
  extra: string | null;
  /** Known rows (fee) or none: the store finds a consumption duplicate's rows by key, day and type. */
  rows: number[];
  amount: Units | null;
  /** consumption: the day number and transaction type the duplicate is on. */
  day?: number;
  action?: string;
}

export type { PackedDayMasks } from './day-masks.js';

/** What the classifier found over the whole file; the parts and the transactions are the writer's (store/line-writer.ts). */
export interface NormalizedFile {
  /** Transactions, rated and deducted are 0: the writer tallies the transactions (store/line-writer.ts). */
  months: MonthFigures[];
  duplicates: DuplicateFound[];
  dayMasks: PackedDayMasks;
  aggregated: boolean;
}

export type { LineBatch } from './line-batch.js';
export type { KeyText, ScopeText } from './dictionary.js';

interface MonthAcc {
  lines: number;
  amount: UnitSum;
  /** Σ|amount|: bounds every sum the store and reconcile take over the month's lines. */
  magnitude: UnitSum;
  aggregatedLines: number;
  pseudoLines: number;
  checked: number;
  failed: number;
}

/** Facts looked up once per distinct cell text of one column (term ids are numbered per column). */
class TermFacts<T> {
  /** By term id (dense from 0): an array, not a Map, as the row loop asks a dozen times a line. */
  private readonly facts: { fact: T }[] = [];
  constructor(private readonly of: (text: string | null) => T) {}
  get(cells: Cells, col: number, term: number): T {
    let f = this.facts[term];
    if (f === undefined) this.facts[term] = f = { fact: this.of(term === 0 ? null : cells.termText(col, term)) };
    return f.fact;
  }
}

/** Ids of term sequences (a line's owner, project and tags), found without a text key per line. */
class TermPaths {
  private readonly root = new Map<number, TermPathNode>();

  find(terms: Int32Array): number {
    let level = this.root;
    let node: TermPathNode | undefined;
    for (let i = 0; i < terms.length; i++) {
      node = level.get(terms[i]!);
      if (!node) return -1;
      level = node.next;
    }
    return node?.id ?? -1;
  }

  set(terms: Int32Array, id: number): void {
    let level = this.root;
    let node: TermPathNode | undefined;
    for (let i = 0; i < terms.length; i++) {
      node = level.get(terms[i]!);
      if (!node) level.set(terms[i]!, (node = { id: -1, next: new Map() }));
      level = node.next;
    }
    if (node) node.id = id;
  }
}

interface TermPathNode {
  id: number;
  next: Map<number, TermPathNode>;
}

export class BillNormalizer {
  private readonly plan: ColumnPlan;
  private readonly keys = new KeyDictionary();
  private readonly scopes = new ScopeDictionary();
  private readonly monthAcc = new Map<number, MonthAcc>();
  private readonly out = new LineBatchBuilder();
  private readonly payModes = new TermFacts<PayMode>(payModeOf);
  /** A consumption line without a pay mode is prepaid by its consumption type. */
  private readonly prepaidTypes = new TermFacts<boolean>((t) => isPrepaidConsumption(null, t));
  private readonly actions = new TermFacts<ActionGroup | null>(actionGroupOf);
  private readonly products = new TermFacts<[boolean, boolean]>((t) => [t === PRECISION_PRODUCT, t !== null && t.includes('精度')]);
  private readonly virtualCode = new TermFacts<boolean>((t) => t === VIRTUAL_ID);
  private readonly virtualResource = new TermFacts<boolean>((t) => t === VIRTUAL_ID);
  private readonly priceUnits = new PriceUnitReader();
  private readonly spRates = new TermFacts(rateOf);
  private readonly taxRates = new TermFacts(rateOf);
  private readonly blended = new TermFacts(rateOf);
  private readonly days = new DayMasks();
  private readonly consDups = new Map<string, DuplicateFound>();
  private readonly summarySeen = new Map<string, { key: number; order: string; rows: number[]; amount: UnitSum }>();
  private aggregated = false;

  /** Made at the first line checked (a fee detail's). */
  private checkMemo: CheckMemo | null = null;

  constructor(private readonly ctx: NormalizeContext) {
    this.plan = columnPlan(ctx.columns, ctx.headers, READ_BY_KIND[ctx.kind]);
  }

  /** One data row; blank rows are skipped. */
  add(r: Cells): void {
    if (r.empty()) return;
    const n = this.ctx.headers.length;
    if (r.count > n) {
      for (let i = n; i < r.count; i++) if (!r.blank(i) || r.raw(i).trim() !== '') r.fail(-1, `the row has ${r.count} cells but the header has ${n} columns`);
    } else if (r.count < n && this.ctx.strictCellCount) r.fail(-1, `the row has ${r.count} cells, the header has ${n} (truncated line?)`);
    for (const [col, type] of this.plan.validate) r.check(col, type);
    if (this.ctx.kind === 'consumption') this.consumptionRow(r);
    else this.feeRow(r);
  }

  /** A full batch is ready. */
  get full(): boolean {
    return this.out.full;
  }

  take(): LineBatch | null {
    return this.out.take(this.keys.drain(), this.scopes.drain());
  }

  private countLine(month: number, amount: FastUnits | Units): MonthAcc {
    const m = this.monthOf(month);
    m.lines++;
    m.amount.add(amount);
    m.magnitude.add(amount < 0 ? -amount : amount);
    return m;
  }

  private monthOf(month: number): MonthAcc {
    let m = this.monthAcc.get(month);
    if (!m) this.monthAcc.set(month, (m = { lines: 0, amount: new UnitSum(), magnitude: new UnitSum(), aggregatedLines: 0, pseudoLines: 0, checked: 0, failed: 0 }));
    return m;
  }

  private required(r: Cells, f: FieldName, reason: string): number {
    const col = this.plan.col[f];
    const term = r.term(col);
    if (term === 0) r.fail(col, reason, r.raw(col));
    return term;
  }

  private amount(r: Cells, f: FieldName): FastUnits | Units {
    const col = this.plan.col[f];
    const v = r.amount(col);
    if (v === null) r.fail(col, 'required amount is empty', r.raw(col));
    return v;
  }

  private key(r: Cells, month: number, product: number): number {
    const c = this.plan.col;
    const resource = r.term(c.resourceId);
    const nameTerm = r.term(c.componentName);
    const component = nameTerm !== 0 ? nameTerm : -1 - r.term(c.componentType);
    const known = this.keys.find(month, product, resource, component);
    if (known >= 0) return known;
    return this.keys.add(month, product, resource, component, [
      r.termText(c.product, product),
      resource === 0 ? '' : r.termText(c.resourceId, resource),
      nameTerm !== 0 ? r.termText(c.componentName, nameTerm) : (r.text(c.componentType) ?? ''),
    ]);
  }

  /** The last line's scope by its terms (owner, project, each tag): lines come in runs of one scope. */
  private lastScopeTerms = new Int32Array(0);
  private lastScope = -1;
  private readonly scopePaths = new TermPaths();

  private scope(r: Cells): number {
    const c = this.plan.col;
    const tags = this.plan.tags;
    if (this.lastScopeTerms.length !== 2 + tags.length) this.lastScopeTerms = new Int32Array(2 + tags.length).fill(-1);
    const last = this.lastScopeTerms;
    let same = this.lastScope >= 0;
    const owner = r.term(c.ownerUin);
    const project = r.term(c.project);
    same = same && last[0] === owner && last[1] === project;
    for (let i = 0; same && i < tags.length; i++) same = last[2 + i] === r.term(tags[i]![0]);
    if (same) return this.lastScope;
    last[0] = owner;
    last[1] = project;
    for (let i = 0; i < tags.length; i++) last[2 + i] = r.term(tags[i]![0]);
    let id = this.scopePaths.find(last);
    if (id < 0) this.scopePaths.set(last, (id = this.scopeOf(r, owner, project)));
    return (this.lastScope = id);
  }

  private scopeOf(r: Cells, owner: number, project: number): number {
    const c = this.plan.col;
    if (owner === 0 && project === 0 && this.plan.tags.length === 0) return this.scopes.idOf('', () => ({ ownerUin: '', project: '', tags: '{}' }));
    const tagTerms = this.plan.tags.map(([col]) => r.term(col));
    return this.scopes.idOf(`${owner},${project},${tagTerms.join(',')}`, () => ({
      ownerUin: owner === 0 ? '' : r.termText(c.ownerUin, owner),
      project: project === 0 ? '' : r.termText(c.project, project),
      tags: JSON.stringify(Object.fromEntries(this.plan.tags.flatMap(([col, name], i) => (tagTerms[i] === 0 ? [] : [[name, r.termText(col, tagTerms[i]!)]])).sort())),
    }));
  }

  /** 账单月份, else the month of a time (deduction period: pay time first; billing period: usage first). */
  private billMonth(r: Cells, payTime: VTime | null, usageStart: VTime | null): number {
    const col = this.plan.col.billMonth;
    const m = r.month(col);
    if (m !== null) return m;
    const times = this.ctx.monthFromUsage ? [usageStart, payTime] : [payTime, usageStart];
    const t = times.find((x) => x !== null);
    if (!t) r.fail(col >= 0 ? col : '账单月份', 'no bill month: the row has neither 账单月份 nor a time to take it from');
    return monthIndexOfDay(t.day);
  }

  private feeRow(r: Cells): void {
    const c = this.plan.col;
    const product = this.required(r, 'product', 'required value is empty');
    const payTime = r.time(c.payTime);
    const usageStart = r.time(c.usageStart);
    const usageEnd = r.time(c.usageEnd);
    const month = this.billMonth(r, payTime, usageStart);
    const amount = this.amount(r, 'discountedTotal');
    const negative = amount < 0;
    const [isPrecisionProduct, saysPrecision] = this.products.get(r, c.product, product);
    const virtual = this.virtualCode.get(r, c.productCode, r.term(c.productCode)) || this.virtualResource.get(r, c.resourceId, r.term(c.resourceId));
    const payMode = this.payModes.get(r, c.payMode, r.term(c.payMode));
    const action = r.term(c.actionType);
    const kind = lineKindOf(isPrecisionProduct || (virtual && saysPrecision), isPrecisionProduct || virtual, this.actions.get(r, c.actionType, action), payMode, negative);
    const key = this.key(r, month, product);
    const scope = this.scope(r);
    const txLen = this.out.refCell(r, c.transactionId);
    const verdict = this.ctx.kind === 'fee-detail' ? this.check(r, amount, month, kind === 'precisionLine' || kind === 'pseudo') : 0;
    this.feePart(kind, negative, payMode, month, usageStart, usageEnd);
    this.feeCount(r, txLen, kind, month, amount);
    this.out.push(r.row, r.at, key, scope, LINE_KIND_CODE[kind], verdict, usageStart?.day ?? -1, amount, action, r, c.actionType);
  }

  /** The line's part (bill/parts.ts): its bucket, and its days for a prepaid purchase or a postpaid line used before its month. */
  private feePart(kind: string, negative: boolean, payMode: PayMode, month: number, us: VTime | null, ue: VTime | null): void {
    const postpaid = payMode === 'postpaid';
    const cls = kind === 'precisionLine' ? FEE_CLASS.precisionLine : negative ? FEE_CLASS.negative : kind === 'prepaidPurchase' ? FEE_CLASS.prepaid : FEE_CLASS.other;
    let from: number | null = null;
    let to: number | null = null;
    let bucket = cls | (postpaid ? BUCKET.postpaid : 0);
    if (cls === FEE_CLASS.prepaid) {
      if (us && ue) [from, to] = [us.day, ue.day];
      if (ue && ue.sec > 0) bucket |= BUCKET.endsAfterMidnight;
    } else if (postpaid && us && us.day < this.firstDay(month)) {
      let last = ue ? ue.day : us.day;
      if (ue && ue.sec === 0 && last > us.day) last--;
      [from, to] = [us.day, Math.min(last, us.day + 61)];
    }
    this.out.part(bucket, from, to);
  }

  private firstDayMonth = -1;
  private firstDayOf = 0;
  /** The first day of a month (index), remembered: consecutive lines are of one month. */
  private firstDay(month: number): number {
    if (month !== this.firstDayMonth) [this.firstDayMonth, this.firstDayOf] = [month, firstDayOfMonthIndex(month)];
    return this.firstDayOf;
  }

  /** `txLen`: the byte length of the line's 交易ID, staged in the batch (−1: none); the writer tallies the transactions. */
  private feeCount(r: Cells, txLen: number, kind: string, month: number, amount: FastUnits | Units): void {
    const m = this.countLine(month, amount);
    if (kind === 'precisionLine' || kind === 'pseudo') m.pseudoLines++;
    else if (txLen < 0) {
      m.aggregatedLines++;
      const c = this.plan.col;
      if (c.transactionId >= 0 && isDash(r, c.transactionId) && isDash(r, c.orderId) && isDash(r, c.payTime)) this.aggregated = true;
    }
  }

  private check(r: Cells, discountedTotal: FastUnits | Units, month: number, pseudo: boolean): number {
    const memo = (this.checkMemo ??= new CheckMemo(Int32Array.from(CHECK_CELLS, (f) => this.plan.col[f])));
    let bits = memo.find(r, pseudo);
    let failures: readonly CheckFailure[];
    if (bits >= 0) failures = memo.failures();
    else {
      const found: CheckFailure[] = [];
      bits = checkLine(this.lineFigures(r, discountedTotal, pseudo), found);
      memo.keep(r, bits, found);
      failures = found;
    }
    const m = this.monthOf(month);
    if (wasChecked(bits)) m.checked++;
    if (hasFailure(bits)) m.failed++;
    for (const f of failures) this.out.failure({ ...f, row: r.row });
    return bits;
  }

  /** What the line's checks read (CHECK_CELLS), as figures. */
  private lineFigures(r: Cells, discountedTotal: FastUnits | Units, pseudo: boolean): LineFigures {
    const c = this.plan.col;
    const listPrice = r.quantity(c.listPrice);
    const discount = r.quantity(c.discount);
    const originalCost = r.amount(c.originalCost);
    // The vendor hides the list price route (0 or "-") for a contract price; its own pseudo-lines have none.
    const contractPrice =
      !pseudo && isContractPrice(discountedTotal, routeCell(c.listPrice, listPrice, dashed(r, c.listPrice, listPrice)), routeCell(c.originalCost, originalCost, dashed(r, c.originalCost, originalCost)), routeCell(c.discount, discount, dashed(r, c.discount, discount)));
    return {
      listPrice,
      usage: r.quantity(c.usage),
      duration: r.quantity(c.duration),
      discount,
      unitDivisor: this.priceUnits.divisor(r, c.priceUnit, c.usageUnit, c.durationUnit),
      originalCost,
      discountedTotal,
      voucher: r.amount(c.voucher),
      cash: r.amount(c.cash),
      gift: r.amount(c.gift),
      transfer: r.amount(c.transfer),
      riCost: r.amount(c.riCost),
      spCost: r.amount(c.spCost),
      riDuration: r.quantity(c.riDuration),
      spDeduction: r.amount(c.spDeduction),
      spRate: this.spRates.get(r, c.spRate, r.term(c.spRate)),
      beforeTax: r.amount(c.beforeTax),
      taxRate: this.taxRates.get(r, c.taxRate, r.term(c.taxRate)),
      taxAmount: r.amount(c.taxAmount),
      totalInclTax: r.amount(c.totalInclTax),
      afterCoupon: r.amount(c.afterCoupon),
      blendedDiscount: this.blended.get(r, c.blendedDiscount, r.term(c.blendedDiscount)),
      contractPrice,
    };
  }

  private consumptionRow(r: Cells): void {
    const c = this.plan.col;
    const summary = this.ctx.layout === 'summary';
    const product = this.required(r, 'product', 'required value is empty');
    const usageStart = r.time(c.usageStart);
    if (!summary && usageStart === null) r.fail(c.usageStart, 'required time is empty', r.raw(c.usageStart));
    r.time(c.usageEnd);
    const month = summary ? this.billMonth(r, null, null) : (r.month(c.billMonth) ?? monthIndexOfDay(usageStart!.day));
    const amount = this.amount(r, 'discountedTotal');
    const payTerm = r.term(c.payMode);
    const payMode = this.payModes.get(r, c.payMode, payTerm);
    const prepaid = payMode === 'prepaid' || (payTerm === 0 && this.prepaidTypes.get(r, c.consumptionType, r.term(c.consumptionType)));
    const cls = amount < 0 ? CONS_CLASS.negative : prepaid ? CONS_CLASS.prepaid : CONS_CLASS.other;
    const postpaid = payMode === 'postpaid';
    const key = this.key(r, month, product);
    const scope = this.scope(r);
    const day = summary ? -1 : usageStart!.day;
    const lastDay = !summary && day === this.firstDay(month + 1) - 1;
    const bucket = cls | (postpaid ? BUCKET.postpaid : 0) | (summary ? BUCKET.summary : 0) | (lastDay ? BUCKET.lastDay : 0);
    this.out.part(bucket, null, null);
    this.countLine(month, amount);
    const action = r.term(c.actionType);
    if (summary) {
      const order = r.text(c.orderId) ?? '';
      const ref = `${order}\u0001${usageStart ? String(usageStart.day * 86400 + usageStart.sec) : ''}`;
      this.out.refText(ref);
      this.summaryIdentity(key, ref, order, amount, r.row);
    } else {
      this.out.refCell(r, c.transactionId);
      if (!this.days.named(action)) this.days.name(action, action === 0 ? '' : r.termText(c.actionType, action));
      if (this.days.seen(key, action, day - this.firstDay(month), day)) this.consDuplicate(key, day, this.days.text(action));
    }
    this.out.push(r.row, r.at, key, scope, cls, 0, day, amount, action, r, c.actionType);
  }

  /** Its rows and amount are found by the store (key, day and type), the lines being stored by then. */
  private consDuplicate(key: number, day: number, action: string): void {
    const id = `${key}\u0001${day}\u0001${action}`;
    if (!this.consDups.has(id)) {
      this.consDups.set(id, { side: 'consumption', reason: 'the same day and component more than once', key, extraName: 'day', extra: null, rows: [], amount: null, day, action });
    }
  }

  private summaryIdentity(key: number, ident: string, order: string, amount: FastUnits | Units, row: number): void {
    const id = `${key}\u0001${ident}`;
    let s = this.summarySeen.get(id);
    if (!s) this.summarySeen.set(id, (s = { key, order, rows: [], amount: new UnitSum() }));
    s.rows.push(row);
    s.amount.add(amount);
  }

  finish(): NormalizedFile {
    this.refuseUnstorableMonths();
    const months = [...this.monthAcc].map(([month, a]): MonthFigures => ({
      month: monthTextOfIndex(month),
      lines: a.lines,
      amount: a.amount.value(),
      transactions: 0,
      rated: 0n,
      deducted: 0n,
      aggregatedLines: a.aggregatedLines,
      pseudoLines: a.pseudoLines,
      checked: a.checked,
      failed: a.failed,
    }));
    return { months, duplicates: this.duplicates(), dayMasks: this.days.packed(), aggregated: this.aggregated };
  }

  /** SQLite integers stop at 2^63−1 units (about 92 billion): a month past that is refused, not truncated. */
  private refuseUnstorableMonths(): void {
    for (const [month, a] of this.monthAcc) {
      if (a.magnitude.value() <= MAX_STORED_UNITS) continue;
      const col = this.plan.col.discountedTotal;
      throw new ImportError(
        this.ctx.file,
        null,
        col !== undefined && col >= 0 ? (this.ctx.headers[col] ?? null) : null,
        `the amounts of ${monthTextOfIndex(month)} add up to more than ${formatUnits(MAX_STORED_UNITS)}, the largest sum billrecon can store`,
      );
    }
  }

  /** The consumption side's; the fee side's (the same transaction and component twice) are the writer's tally's. */
  private duplicates(): DuplicateFound[] {
    const summary = [...this.summarySeen.values()]
      .filter((s) => s.rows.length > 1)
      .map(
        (s): DuplicateFound => ({
          side: 'consumption',
          reason: 'the same resource, order and service start more than once in the resource summary',
          key: s.key,
          extraName: 'orderId',
          extra: s.order === '' ? null : s.order,
          rows: s.rows,
          amount: s.amount.value(),
        }),
      );
    return [...this.consDups.values(), ...summary];
  }
}

/** A blank cell with text in it ("-"), read only for a blank cell (rare on a line with list prices). */
function dashed(r: Cells, col: number, value: unknown): boolean {
  return value === null && col >= 0 && r.raw(col).trim() !== '';
}

function isDash(r: Cells, col: number): boolean {
  return col < 0 || r.raw(col).trim() === '-';
}

export type { CheckId };
