/**
 * SPEC §3: why the fee bill and the consumption bill differ this month. Both sides are summed
 * per key (product, resource id, component; product and resource only where the consumption
 * bill is a resource summary, which has no component), and each key's difference is taken apart
 * in SPEC order. Every explaining category is verified against the other bill first and
 * explains only what it verified; what is left is missing (one side only) or an amount
 * mismatch. The parts of a key add up to its difference exactly, so the categories add up to
 * fee total − consumption total exactly.
 *
 * A month can hold a million lines on each side, so the bill tables are read once each, as raw
 * rows, and summed as scaled BigInt (scaled.ts); decimal.js takes over only for the keys that
 * differ. Source traces are logged as integers and turned into "file:row" only for mismatches.
 */
import { fixed, money, ZERO, type Money } from '../money/decimal.js';
import type { Day, Month } from '../model.js';
import type { Mismatch } from '../report/mismatch.js';
import { EXPLAINED_CATEGORIES, mismatchId } from '../report/mismatch.js';
import { LIVE, type Db } from '../store/index.js';
import { dayOf, daysBetween, daysInside, isPostpaid, isPrepaid, monthStart, PRECISION_PRODUCT, PREPAID_SQL, shiftMonth, usageDays, VIRTUAL_ID } from './line-kinds.js';
import { checkLine, fastLineCheck } from './line-checks.js';
import { OrderedTransactions, PrecisionTally, tallyTransactions, transactionTotals, type PrecisionResult } from './precision.js';
import { isPlainText } from './sql-decimal.js';
import { ExactSum, fromScaled, i8, i8ToScaled, scaled } from './scaled.js';
import { traceNamer } from './traces.js';
import type { DuplicateKey, Period, ReconcileProgress } from './types.js';

export interface BridgeKey {
  product: string;
  resourceId: string | null;
  component: string | null;
}

export const BRIDGE_CATEGORIES = ['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch'] as const;
export type BridgeCategory = (typeof BRIDGE_CATEGORIES)[number];

export interface BridgeResult {
  feeTotal: Money;
  feeLines: number;
  consumptionTotal: Money;
  consumptionLines: number;
  categories: Record<BridgeCategory, Money>;
  mismatches: Mismatch[];
  duplicates: DuplicateKey[];
  period: Period | 'mixed';
  precision: PrecisionResult;
  /** Lines checked against their own columns, and how many failed (details: lineChecks()). */
  lineChecks: { checked: number; failed: number };
}

const SEP = '\u0001';

/** Kept here for callers of the old path; the id belongs to the mismatch model. */
export { mismatchId };

type Src = [number, number];

interface Pending {
  amount: Money;
  days: Set<Day>;
  sources: Src[];
}

/** What a key needs beyond its two sums; created only for the few keys that have it. */
interface Special {
  feePrepaid: Money;
  feeNeg: Money;
  consPrepaid: Money;
  consNeg: Money;
  fromPrev?: Pending;
  prevCons?: { amount: Money; sources: Src[] };
  toNext?: Pending;
  nextCons?: { amount: Money; sources: Src[] };
  expectedAmortisation?: Money;
}

/** Integer log of which stored line went into which key (side 0 fee, 1 consumption). */
class SourceLog {
  n = 0;
  key = new Int32Array(1 << 16);
  imp = new Int32Array(1 << 16);
  row = new Int32Array(1 << 16);
  side = new Uint8Array(1 << 16);

  push(key: number, imp: number, row: number, side: number): void {
    if (this.n === this.key.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.key = grow(this.key);
      this.imp = grow(this.imp);
      this.row = grow(this.row);
      this.side = grow(this.side);
    }
    const i = this.n++;
    this.key[i] = key;
    this.imp[i] = imp;
    this.row[i] = row;
    this.side[i] = side;
  }
}

/** One side's sums per key: exact doubles of 10^-8 units (scaled.ts i8) in the common case, BigInt past 2^53, decimal.js for finer terms. */
class SideSums {
  readonly big: bigint[] = [];
  readonly units: number[] = [];
  readonly lines: number[] = [];
  readonly rest = new Map<number, Money>();

  push(): void {
    this.big.push(0n);
    this.units.push(0);
    this.lines.push(0);
  }

  /** `u` is i8(text): NaN sends the text down the BigInt / decimal.js path. */
  add(i: number, u: number, text: string): void {
    this.lines[i]!++;
    if (u === u) {
      const s = this.units[i]! + u;
      if (Number.isSafeInteger(s)) this.units[i] = s;
      else {
        this.big[i]! += i8ToScaled(this.units[i]!) + i8ToScaled(u);
        this.units[i] = 0;
      }
      return;
    }
    const v = scaled(text);
    if (v !== null) this.big[i]! += v;
    else this.rest.set(i, (this.rest.get(i) ?? ZERO).plus(text));
  }

  /** Both held the same way and equal: the key agrees to the last decimal. */
  sameAs(other: SideSums, i: number): boolean {
    return this.units[i] === other.units[i] && this.big[i] === other.big[i] && !this.rest.has(i) && !other.rest.has(i);
  }

  of(i: number): Money {
    const r = this.rest.get(i);
    const b = fromScaled(this.big[i]! + i8ToScaled(this.units[i]!));
    return r ? b.plus(r) : b;
  }
}

class Keys {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  readonly fee = new SideSums();
  readonly cons = new SideSums();
  readonly special = new Map<number, Special>();

  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
      this.fee.push();
      this.cons.push();
    }
    return i;
  }

  sp(i: number): Special {
    let s = this.special.get(i);
    if (!s) {
      s = { feePrepaid: ZERO, feeNeg: ZERO, consPrepaid: ZERO, consNeg: ZERO };
      this.special.set(i, s);
    }
    return s;
  }

  /** Both sides held the same way and equal: the key agrees to the last decimal. */
  agrees(i: number): boolean {
    return this.fee.sameAs(this.cons, i);
  }

  keyOf(i: number): BridgeKey {
    const [product, resourceId, component] = this.names[i]!.split(SEP) as [string, string, string];
    return { product, resourceId: resourceId === '' ? null : resourceId, component: component === '' ? null : component };
  }
}

/** Small integers for repeated strings (component names, days, transaction types). */
class Interner {
  private readonly ids = new Map<string, number>();
  of(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = this.ids.size));
    return id;
  }
}

const REFUND_ACTIONS = /退款|冲正|调账补偿|配置变更|refund|reversal|adjust-cr/i;

/** Fee lines: prepaid purchase (1), other (0); cached per (payMode, action) pair. */
function feeKindCache(): (payMode: string | null, action: string | null) => number {
  // Two levels, so that a million lines build no key strings.
  const cache = new Map<string | null, Map<string | null, number>>();
  return (payMode, action) => {
    let byAction = cache.get(payMode);
    if (!byAction) cache.set(payMode, (byAction = new Map()));
    let v = byAction.get(action);
    if (v === undefined) {
      v = isPrepaid(payMode) && !REFUND_ACTIONS.test(action ?? '') ? 1 : 0;
      byAction.set(action, v);
    }
    return v;
  };
}

const KEY_PREFIX = `product || char(1) || ifnull(resourceId, '')`;
const COMPONENT = `coalesce(componentName, componentType)`;
/** prefix SEP component, built by SQLite: one flat string per line is the cheapest Map key. */
const FULL_KEY = `${KEY_PREFIX} || char(1) || ifnull(${COMPONENT}, '')`;

export function computeBridge(db: Db, month: Month, tolerance: Money, periodOverride?: Period, onProgress?: (p: ReconcileProgress) => void): BridgeResult {
  // Progress: the fee pass is 0–55 %, the consumption pass 55–90 %, the rest 90–100 %.
  let feeCount = 1;
  let consCount = 1;
  if (onProgress) {
    feeCount = Math.max(1, db.prepare(`select count(*) from fee_detail where billMonth = ?`).pluck().get(month) as number);
    consCount = Math.max(1, db.prepare(`select count(*) from consumption where month = ?`).pluck().get(month) as number);
    onProgress({ phase: 'fee bill', rows: 0, percent: 0 });
  }
  const importPeriods = new Map<number, Period>();
  for (const r of db.prepare(`select id, period from import where kind = 'fee-detail'`).all() as { id: number; period: string | null }[]) {
    importPeriods.set(r.id, r.period === 'billing' ? 'billing' : 'deduction');
  }
  const periodOf = (id: number): Period => periodOverride ?? importPeriods.get(id) ?? 'deduction';
  const resourceLevel = new Set<string>(
    db.prepare(`select distinct ${KEY_PREFIX} from consumption where ${LIVE} and month = ? and layout = 'summary'`).pluck().all(month) as string[],
  );
  const keyName = (prefix: string, component: string | null) => (resourceLevel.has(prefix) ? prefix + SEP : prefix + SEP + (component ?? ''));
  /** The key of a FULL_KEY text when some resources are keyed without their component. */
  const keyOfFull = (full: string) => {
    const prefix = full.slice(0, full.lastIndexOf(SEP));
    return resourceLevel.has(prefix) ? prefix + SEP : full;
  };
  const keys = new Keys();
  const log = new SourceLog();
  const next = shiftMonth(month, 1);
  const prev = shiftMonth(month, -1);
  const start = monthStart(month);
  const feeKind = feeKindCache();

  // Next month's bill: postpaid usage of this month deducted on the 1st of the next (SPEC §1).
  const nextRows = db
    .prepare(
      `select ${KEY_PREFIX}, ${COMPONENT}, discountedTotal, importId, sourceRow, payMode, usageStart, usageEnd
       from fee_detail where ${LIVE} and billMonth = ? and usageStart >= ? and usageStart < ?`,
    )
    .raw()
    .all(next, start, monthStart(next)) as [string, string | null, string, number, number, string | null, string, string | null][];
  for (const [prefix, component, amount, imp, row, payMode, uStart, uEnd] of nextRows) {
    if (!isPostpaid(payMode) || periodOf(imp) !== 'deduction') continue;
    const s = keys.sp(keys.of(keyName(prefix, component)));
    s.toNext ??= { amount: ZERO, days: new Set(), sources: [] };
    s.toNext.amount = s.toNext.amount.plus(amount);
    for (const d of usageDays(uStart, uEnd)) if (d.startsWith(month)) s.toNext.days.add(d);
    s.toNext.sources.push([imp, row]);
  }

  // This month's fee bill: one pass for the bridge sums, the precision rebuild and duplicates.
  const feeTotal = new ExactSum();
  let feeLines = 0;
  const periods = new Set<Period>();
  const tally = new PrecisionTally();
  const names = new Interner();
  const feeDupTx = new Set<string>();
  let lastImport = -1;
  let lastPeriod: Period = 'deduction';
  const prepaidHere: { i: number; amount: string; uStart: string | null; uEnd: string | null }[] = [];
  // Transactions are totalled as they stream by when the bill lists them in 交易ID order; otherwise
  // by SQLite after this pass, which then only needs to know the amounts SQLite cannot convert.
  const notPlainIds: number[] = [];
  const ordered = new OrderedTransactions();
  const feeStmt = db.prepare(
    `select ${FULL_KEY}, discountedTotal, importId, sourceRow, payMode, actionType, id, transactionId,
       (product = '${PRECISION_PRODUCT}' or productCode = '${VIRTUAL_ID}' or resourceId = '${VIRTUAL_ID}'),
       (product = '${PRECISION_PRODUCT}' or ((productCode = '${VIRTUAL_ID}' or resourceId = '${VIRTUAL_ID}') and instr(product, '精度') > 0)),
       case when payMode is not '按量计费' or usageStart < @start then usageStart end,
       case when payMode is not '按量计费' or usageStart < @start then usageEnd end,
       listPrice, usage, duration, originalCost, discount, cash, gift, voucher, transfer,
       (transactionId is null or transactionId in ('', '-'))
     from fee_detail where ${LIVE} and billMonth = @month`,
  );
  type Txt = string | null;
  type FeeRaw = [string, string, number, number, Txt, Txt, number, Txt, number, number, Txt, Txt, Txt, Txt, Txt, Txt, Txt, Txt, Txt, Txt, Txt, number];
  let checked = 0;
  let failed = 0;
  for (const r of feeStmt.raw().iterate({ month, start }) as IterableIterator<FeeRaw>) {
    const [fullKey, amount, imp, row, payMode, action, id, tx, pseudo, precisionLine, uStart, uEnd] = r;
    const noTx = r[21];
    feeLines++;
    if (onProgress && (feeLines & 0xffff) === 0) onProgress({ phase: 'fee bill', rows: feeLines, percent: Math.min(55, Math.floor((feeLines / feeCount) * 55)) });
    // Line checks in the same pass (line-checks.ts): the month is read once.
    const line = { listPrice: r[12], usage: r[13], duration: r[14], originalCost: r[15], discount: r[16], discountedTotal: amount, cash: r[17], gift: r[18], voucher: r[19], transfer: r[20] };
    const fast = fastLineCheck(line);
    if (fast) {
      if (fast.checks > 0) {
        checked++;
        if (!fast.ok) failed++;
      }
    } else {
      const slow = checkLine(line);
      if (slow.length > 0) {
        checked++;
        if (slow.some((c) => !c.ok)) failed++;
      }
    }
    const u = i8(amount);
    if (u === u) feeTotal.addUnits(u);
    else feeTotal.add(amount);
    if (imp !== lastImport) {
      lastImport = imp;
      lastPeriod = periodOf(imp);
      periods.add(lastPeriod);
    }
    if (pseudo === 1 || noTx === 1) tally.add(null, amount, pseudo === 1, precisionLine === 1, imp, row);
    else {
      ordered.add(tx!, fullKey, amount, u, imp, row);
      if (!isPlainText(amount)) notPlainIds.push(id);
    }
    if (precisionLine === 1) continue;
    const i = keys.of(resourceLevel.size > 0 ? keyOfFull(fullKey) : fullKey);
    keys.fee.add(i, u, amount);
    log.push(i, imp, row, 0);
    if (amount.charCodeAt(0) === 45 /* - */ && !money(amount).isZero()) {
      const s = keys.sp(i);
      s.feeNeg = s.feeNeg.plus(amount);
    } else if (feeKind(payMode, action) === 1) {
      const s = keys.sp(i);
      s.feePrepaid = s.feePrepaid.plus(amount);
      prepaidHere.push({ i, amount, uStart, uEnd });
    } else if (uStart !== null && uStart < start && lastPeriod === 'deduction' && isPostpaid(payMode)) {
      const s = keys.sp(i);
      s.fromPrev ??= { amount: ZERO, days: new Set(), sources: [] };
      s.fromPrev.amount = s.fromPrev.amount.plus(amount);
      for (const d of usageDays(uStart, uEnd)) if (d < `${month}-01`) s.fromPrev.days.add(d);
      s.fromPrev.sources.push([imp, row]);
    }
  }
  const inOrder = ordered.finish(tally);
  const totals = inOrder ? null : transactionTotals(db, month, notPlainIds);
  if (inOrder) {
    for (const tx of inOrder) feeDupTx.add(tx);
  } else if (totals) {
    tally.addTotals(totals.count, totals.rated, totals.deducted);
    for (const tx of [...totals.duplicated, ...tallyTransactions(db, month, tally, totals.notPlain)]) feeDupTx.add(tx);
  } else {
    for (const tx of tallyTransactions(db, month, tally, null)) feeDupTx.add(tx);
  }

  // This month's consumption bill.
  const lastDay = usageDays(start, monthStart(next)).at(-1)!;
  const nextBillImported = db.prepare(`select 1 from fee_detail where ${LIVE} and billMonth = ? limit 1`).get(next) !== undefined;
  const consTotal = new ExactSum();
  let consLines = 0;
  const lastDayKeys = new Set<number>();
  const dayTokens = new Set<number | string>();
  const consDupTokens = new Set<number | string>();
  const dayBits = new Map<number, number>();
  let lastAction: string | null | undefined;
  let lastActionId = 0;
  const days = new Interner();
  const actions = new Interner();
  const consToken = (i: number, day: string, action: string | null, name: number): number | string => {
    const d = days.of(day);
    const a = actions.of(action ?? '');
    return i < 2_000_000 && d < 64 && a < 64 && name < 1 << 20 ? ((i * 64 + d) * 64 + a) * (1 << 20) + name : `${i}|${day}|${action ?? ''}|${name}`;
  };
  const summarySeen = new Map<string, { name: string; order: string; sources: Src[]; amounts: string[] }>();
  const bothLayouts = new Set<number>();
  const consKind = new Map<string | null, Map<string | null, boolean>>();
  const consStmt = db.prepare(
    `select ${FULL_KEY}, amount, importId, sourceRow, layout, day, payMode, consumptionType, actionType,
       case when layout = 'summary' then ifnull(orderId, '') || char(1) || ifnull(usageStart, '') end
     from consumption where ${LIVE} and month = ?`,
  );
  type ConsRaw = [string, string, number, number, string, string | null, string | null, string | null, string | null, string | null];
  for (const r of consStmt.raw().iterate(month) as IterableIterator<ConsRaw>) {
    const [fullKey, amount, imp, row, layout, day, payMode, consumptionType, action, summaryId] = r;
    const prefix = resourceLevel.size > 0 || layout === 'summary' ? fullKey.slice(0, fullKey.lastIndexOf(SEP)) : '';
    consLines++;
    if (onProgress && (consLines & 0xffff) === 0) onProgress({ phase: 'consumption bill', rows: consLines, percent: 55 + Math.min(35, Math.floor((consLines / consCount) * 35)) });
    const u = i8(amount);
    if (u === u) consTotal.addUnits(u);
    else consTotal.add(amount);
    const level = resourceLevel.size > 0 && resourceLevel.has(prefix);
    const i = keys.of(level ? prefix + SEP : fullKey);
    keys.cons.add(i, u, amount);
    log.push(i, imp, row, 1);
    let kinds = consKind.get(payMode);
    if (!kinds) consKind.set(payMode, (kinds = new Map()));
    let prepaid = kinds.get(consumptionType);
    if (prepaid === undefined) kinds.set(consumptionType, (prepaid = isPrepaid(payMode, consumptionType)));
    if (amount.charCodeAt(0) === 45 && !money(amount).isZero()) {
      const s = keys.sp(i);
      s.consNeg = s.consNeg.plus(amount);
    } else if (prepaid) {
      const s = keys.sp(i);
      s.consPrepaid = s.consPrepaid.plus(amount);
    }
    if (layout === 'summary') {
      const id = prefix + SEP + summaryId;
      const d = summarySeen.get(id);
      if (d) {
        d.sources.push([imp, row]);
        d.amounts.push(amount);
      } else summarySeen.set(id, { name: prefix + SEP, order: (summaryId ?? '').split(SEP)[0] ?? '', sources: [[imp, row]], amounts: [amount] });
      continue;
    }
    if (level) bothLayouts.add(i);
    if (day === null) continue;
    if (day === lastDay && isPostpaid(payMode)) lastDayKeys.add(i);
    const sp = keys.special.get(i);
    if (sp?.toNext && sp.toNext.days.has(day)) {
      sp.nextCons ??= { amount: ZERO, sources: [] };
      sp.nextCons.amount = sp.nextCons.amount.plus(amount);
      sp.nextCons.sources.push([imp, row]);
    }
    // The same day, component and transaction type twice: the component layout has one row each.
    if (action !== lastAction) {
      lastAction = action;
      lastActionId = actions.of(action ?? '');
    }
    const dom = day.length === 10 && day.charCodeAt(7) === 45 && day.startsWith(month) ? (day.charCodeAt(8) - 48) * 10 + (day.charCodeAt(9) - 48) : 0;
    if (!level && lastActionId < 64 && i < 1 << 24 && dom >= 1 && dom <= 31) {
      // The usual row: one bit per day of the month under (key, transaction type), no token kept per row.
      const k = i * 64 + lastActionId;
      const bit = 1 << (dom - 1);
      const bits = dayBits.get(k) ?? 0;
      if (bits & bit) consDupTokens.add(consToken(i, day, action, 0));
      else dayBits.set(k, bits | bit);
    } else {
      const token = consToken(i, day, action, level ? 1 + names.of(fullKey) : 0);
      if (dayTokens.has(token)) consDupTokens.add(token);
      else dayTokens.add(token);
    }
  }
  dayTokens.clear();
  dayBits.clear();

  // The previous month's consumption, on the days the carried-over lines were used.
  const prevDays = new Set<Day>();
  for (const s of keys.special.values()) if (s.fromPrev) for (const d of s.fromPrev.days) prevDays.add(d);
  if (prevDays.size > 0) {
    const list = [...prevDays];
    const prevStmt = db.prepare(
      `select ${KEY_PREFIX}, ${COMPONENT}, amount, importId, sourceRow, day from consumption
       where ${LIVE} and month = ? and layout = 'component' and day in (${list.map(() => '?').join(',')})`,
    );
    for (const [prefix, component, amount, imp, row, day] of prevStmt.raw().all(prev, ...list) as [string, string | null, string, number, number, string][]) {
      const i = keys.index.get(keyName(prefix, component));
      const s = i === undefined ? undefined : keys.special.get(i);
      if (!s?.fromPrev || !s.fromPrev.days.has(day)) continue;
      s.prevCons ??= { amount: ZERO, sources: [] };
      s.prevCons.amount = s.prevCons.amount.plus(amount);
      s.prevCons.sources.push([imp, row]);
    }
  }

  // Prepaid purchases whose service period overlaps this month: what the consumption bill
  // should amortise into it (SPEC §3, prepaid timing). This month's are already in hand;
  // earlier months' come through the partial index fee_detail_prepaid_service.
  const expect = (i: number, amount: string, uStart: string | null, uEnd: string | null) => {
    if (!uStart || !uEnd) return;
    const a = money(amount);
    if (a.isNegative()) return;
    const from = dayOf(uStart);
    const to = dayOf(uEnd);
    const total = daysBetween(from, to);
    if (total <= 0) return;
    const s = keys.sp(i);
    s.expectedAmortisation = (s.expectedAmortisation ?? ZERO).plus(a.times(daysInside(from, to, month)).div(total));
  };
  for (const p of prepaidHere) expect(p.i, p.amount, p.uStart, p.uEnd);
  const earlier = db
    .prepare(
      `select ${KEY_PREFIX}, ${COMPONENT}, discountedTotal, payMode, actionType, usageStart, usageEnd from fee_detail
       where ${PREPAID_SQL} and usageEnd > ? and usageStart < ? and billMonth <> ? and ${LIVE}`,
    )
    .raw()
    .all(start, monthStart(next), month) as [string, string | null, string, string | null, string | null, string | null, string | null][];
  for (const [prefix, component, amount, payMode, action, uStart, uEnd] of earlier) {
    if (feeKind(payMode, action) !== 1) continue;
    const i = keys.index.get(keyName(prefix, component));
    if (i !== undefined) expect(i, amount, uStart, uEnd);
  }

  const precision = tally.result(false);
  onProgress?.({ phase: 'mismatches', rows: feeLines + consLines, percent: 90 });
  const name = traceNamer(db);
  const categories = Object.fromEntries(BRIDGE_CATEGORIES.map((c) => [c, ZERO])) as Record<BridgeCategory, Money>;
  const mismatches: Mismatch[] = [];
  /** Mismatches that still need their key's own lines as traces. */
  const needSources: { m: Mismatch; key: number }[] = [];
  const emit = (keyIndex: number | null, key: BridgeKey, category: BridgeCategory, fee: Money, cons: Money, note: string | null, extra?: { fee?: Src[]; cons?: Src[] }) => {
    const difference = fee.minus(cons);
    categories[category] = categories[category].plus(difference);
    if (difference.isZero()) return;
    const k = { month, product: key.product, resourceId: key.resourceId, component: key.component };
    const m: Mismatch = {
      id: mismatchId(month, category, k),
      month,
      category,
      explained: (EXPLAINED_CATEGORIES as readonly string[]).includes(category),
      key: k,
      against: 'consumption',
      fee: fixed(fee, 8),
      consumption: fixed(cons, 8),
      difference: fixed(difference, 8),
      status: 'open',
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
      reopenedBecause: null,
      note,
      feeSources: (extra?.fee ?? []).map(([i, r]) => name(i, r)),
      consumptionSources: (extra?.cons ?? []).map(([i, r]) => name(i, r)),
    };
    mismatches.push(m);
    if (keyIndex !== null) needSources.push({ m, key: keyIndex });
  };

  const fmt = (m: Money) => fixed(m, 2);
  const none: Special = { feePrepaid: ZERO, feeNeg: ZERO, consPrepaid: ZERO, consNeg: ZERO };
  for (let i = 0; i < keys.names.length; i++) {
    const feeN = keys.fee.lines[i]!;
    const consN = keys.cons.lines[i]!;
    if (feeN === 0 && consN === 0) continue; // only next month's lines, nothing of this month
    const sp = keys.special.get(i);
    // Most keys agree to the last decimal and carry nothing special: nothing to take apart.
    if (!sp && keys.agrees(i)) continue;
    const a = sp ?? none;
    const key = keys.keyOf(i);
    const notes: string[] = [];
    let feeLeft = keys.fee.of(i);
    let consLeft = keys.cons.of(i);

    // 1. prepaid timing
    if (!a.feePrepaid.isZero() || !a.consPrepaid.isZero()) {
      const expected = a.expectedAmortisation;
      if (expected !== undefined && a.consPrepaid.minus(expected).abs().lte(tolerance)) {
        emit(i, key, 'prepaidTiming', a.feePrepaid, a.consPrepaid, null);
        feeLeft = feeLeft.minus(a.feePrepaid);
        consLeft = consLeft.minus(a.consPrepaid);
      } else if (expected === undefined) {
        notes.push(`prepaid: no prepaid fee line with a service period covers ${month}, so the amortisation cannot be checked`);
      } else {
        notes.push(`prepaid: expected amortisation ${fmt(expected)}, consumption shows ${fmt(a.consPrepaid)}`);
      }
    }

    // 2. cross-month postpaid
    let crossFee = ZERO;
    let crossCons = ZERO;
    const crossSrc: { fee: Src[]; cons: Src[] } = { fee: [], cons: [] };
    if (a.fromPrev) {
      const seen = a.prevCons?.amount;
      if (seen !== undefined && seen.minus(a.fromPrev.amount).abs().lte(tolerance)) {
        crossFee = a.fromPrev.amount;
        crossSrc.cons.push(...(a.prevCons?.sources ?? []));
      } else {
        notes.push(
          seen === undefined
            ? `cross-month: ${fmt(a.fromPrev.amount)} of ${prev} usage deducted in ${month}; no ${prev} consumption for those days is imported`
            : `cross-month: ${fmt(a.fromPrev.amount)} of ${prev} usage deducted in ${month}; ${prev} consumption shows ${fmt(seen)}`,
        );
      }
    }
    if (a.toNext) {
      const seen = a.nextCons?.amount ?? ZERO;
      if (a.nextCons && seen.minus(a.toNext.amount).abs().lte(tolerance)) {
        crossCons = seen;
        crossSrc.fee.push(...a.toNext.sources);
      } else {
        notes.push(`cross-month: ${next}'s fee bill deducts ${fmt(a.toNext.amount)} of ${month} usage; ${month} consumption shows ${fmt(seen)} for those days`);
      }
    } else if (lastDayKeys.has(i) && !nextBillImported && periods.has('deduction')) {
      notes.push(`cross-month: ${next}'s fee bill is not imported, so usage of ${lastDay} deducted on ${next}-01 cannot be verified`);
    }
    if (!crossFee.isZero() || !crossCons.isZero()) {
      emit(i, key, 'crossMonth', crossFee, crossCons, null, crossSrc);
      feeLeft = feeLeft.minus(crossFee);
      consLeft = consLeft.minus(crossCons);
    }

    // 4. refunds (3, precision, is the bill's own line, below)
    if (a.feeNeg.isNegative()) {
      if (a.consNeg.isNegative() && a.feeNeg.lte(a.consNeg)) {
        emit(i, key, 'refunds', a.feeNeg, a.consNeg, null);
        feeLeft = feeLeft.minus(a.feeNeg);
        consLeft = consLeft.minus(a.consNeg);
      } else {
        notes.push(`refund: ${fmt(a.feeNeg)} on the fee bill; consumption shows a reduction of ${fmt(a.consNeg)}`);
      }
    } else if (a.consNeg.isNegative()) {
      notes.push(`refund: consumption shows a reduction of ${fmt(a.consNeg)} without a negative fee line`);
    }

    // 5–6. what is left
    const residual = feeLeft.minus(consLeft);
    if (residual.isZero()) continue;
    const note = notes.length > 0 ? notes.join('; ') : null;
    if (feeN === 0 || consN === 0) {
      emit(i, key, 'missing', feeLeft, consLeft, note ?? (feeN === 0 ? 'not on the fee bill' : 'not on the consumption bill'));
    } else if (residual.abs().lte(tolerance)) {
      // Within tolerance on a key both bills carry: the 8-dp vs 2-dp rounding of SPEC §2.
      emit(i, key, 'precision', feeLeft, consLeft, `within tolerance ${tolerance.toString()}`);
    } else {
      emit(i, key, 'amountMismatch', feeLeft, consLeft, note);
    }
  }

  // 3. precision: the bill's own line, as far as our per-transaction rebuild confirms it.
  if (precision.billedExact !== null) {
    const key: BridgeKey = { product: PRECISION_PRODUCT, resourceId: VIRTUAL_ID, component: null };
    const src = { fee: precision.billedSources };
    if (precision.summary.agrees) {
      emit(null, key, 'precision', precision.billedExact, ZERO, null, src);
    } else {
      emit(null, key, 'precision', precision.expectedLine, ZERO, `the rebuild gives ${fmt(precision.expectedLine)}`, src);
      emit(null, key, 'amountMismatch', precision.billedExact.minus(precision.expectedLine), ZERO,
        `the bill's 月度计费精度差异 line is ${fmt(precision.billedExact)}; the per-transaction rebuild gives ${fmt(precision.expectedLine)}`, src);
    }
  }

  // Traces: the key's own lines first, then the other month's evidence already attached.
  const wanted = new Map<number, Mismatch[]>();
  for (const { m, key } of needSources) wanted.set(key, [...(wanted.get(key) ?? []), m]);
  const both = new Map<number, { fee: string[]; cons: string[] }>();
  for (const k of [...wanted.keys(), ...bothLayouts]) both.set(k, { fee: [], cons: [] });
  if (both.size > 0) {
    for (let j = 0; j < log.n; j++) {
      const b = both.get(log.key[j]!);
      if (b) (log.side[j] === 0 ? b.fee : b.cons).push(name(log.imp[j]!, log.row[j]!));
    }
  }
  for (const [k, ms] of wanted) {
    const b = both.get(k)!;
    for (const m of ms) {
      m.feeSources = [...b.fee, ...m.feeSources];
      m.consumptionSources = [...b.cons, ...m.consumptionSources];
    }
  }

  const order = new Map<string, number>(BRIDGE_CATEGORIES.map((c, i) => [c, i]));
  const cmp = (x: string | null | undefined, y: string | null | undefined) => ((x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0);
  mismatches.sort(
    (x, y) =>
      order.get(x.category)! - order.get(y.category)! ||
      cmp(x.key.product, y.key.product) ||
      cmp(x.key.resourceId, y.key.resourceId) ||
      cmp(x.key.component, y.key.component),
  );

  const duplicates: DuplicateKey[] = [];
  const dupKey = (nameText: string, extraName: string, extra: string | null): Record<string, string | null> => {
    const [product, resourceId, component] = nameText.split(SEP) as [string, string, string?];
    return { month, product, resourceId: resourceId === '' ? null : resourceId, component: component ? component : null, [extraName]: extra };
  };
  const total = (amounts: string[]) => fixed(amounts.reduce((s, v) => s.plus(v), ZERO), 8);
  if (feeDupTx.size > 0) {
    // Rare: look the duplicated transactions up again through the 交易ID index.
    const list = [...feeDupTx];
    const groups = new Map<string, { tx: string; name: string; sources: Src[]; amounts: string[] }>();
    for (let j = 0; j < list.length; j += 500) {
      const part = list.slice(j, j + 500);
      const rows = db
        .prepare(
          `select transactionId, ${KEY_PREFIX} || char(1) || ifnull(${COMPONENT}, ''), importId, sourceRow, discountedTotal from fee_detail
           where ${LIVE} and billMonth = ? and transactionId in (${part.map(() => '?').join(',')}) order by importId, sourceRow`,
        )
        .raw()
        .all(month, ...part) as [string, string, number, number, string][];
      for (const [tx, nm, imp, row, amount] of rows) {
        const id = tx + SEP + nm;
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { tx, name: nm, sources: [], amounts: [] }));
        g.sources.push([imp, row]);
        g.amounts.push(amount);
      }
    }
    for (const d of groups.values()) {
      if (d.sources.length < 2) continue;
      duplicates.push({ side: 'fee', reason: 'the same transaction (交易ID) and component more than once', key: dupKey(d.name, 'transactionId', d.tx),
        count: d.sources.length, amount: total(d.amounts), sources: d.sources.map(([i, r]) => name(i, r)) });
    }
  }
  if (consDupTokens.size > 0) {
    // Rare: one more pass over the month's component rows to collect the duplicated ones.
    const groups = new Map<number | string, { name: string; day: string; sources: Src[]; amounts: string[] }>();
    const again = db.prepare(
      `select ${KEY_PREFIX}, ${COMPONENT}, amount, importId, sourceRow, day, actionType from consumption
       where ${LIVE} and month = ? and layout = 'component' and day is not null order by importId, sourceRow`,
    );
    for (const [prefix, component, amount, imp, row, day, action] of again.raw().iterate(month) as IterableIterator<[string, string | null, string, number, number, string, string | null]>) {
      const i = keys.index.get(keyName(prefix, component));
      if (i === undefined) continue;
      const nm = prefix + SEP + (component ?? '');
      const token = consToken(i, day, action, resourceLevel.has(prefix) ? 1 + names.of(nm) : 0);
      if (!consDupTokens.has(token)) continue;
      let g = groups.get(token);
      if (!g) groups.set(token, (g = { name: nm, day, sources: [], amounts: [] }));
      g.sources.push([imp, row]);
      g.amounts.push(amount);
    }
    for (const d of groups.values()) {
      duplicates.push({ side: 'consumption', reason: 'the same day and component more than once', key: dupKey(d.name, 'day', d.day),
        count: d.sources.length, amount: total(d.amounts), sources: d.sources.map(([i, r]) => name(i, r)) });
    }
  }
  for (const d of summarySeen.values()) {
    if (d.sources.length < 2) continue;
    duplicates.push({ side: 'consumption', reason: 'the same resource, order and service start more than once in the resource summary',
      key: dupKey(d.name, 'orderId', d.order === '' ? null : d.order), count: d.sources.length, amount: total(d.amounts), sources: d.sources.map(([i, r]) => name(i, r)) });
  }
  for (const k of bothLayouts) {
    const b = both.get(k)!;
    duplicates.push({ side: 'consumption', reason: 'the resource is in both the component bill and the resource summary', key: dupKey(keys.names[k]!, 'layout', 'component+summary'),
      count: b.cons.length, amount: fixed(keys.cons.of(k), 8), sources: b.cons });
  }

  return {
    feeTotal: feeTotal.value(),
    feeLines,
    consumptionTotal: consTotal.value(),
    consumptionLines: consLines,
    categories,
    mismatches,
    duplicates,
    period: periodOverride ?? (periods.size === 1 ? [...periods][0]! : periods.size === 0 ? 'deduction' : 'mixed'),
    precision,
    lineChecks: { checked, failed },
  };
}
