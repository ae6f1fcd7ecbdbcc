/**
 * Pass 2: cross-month postpaid (SPEC §1, §3). In a deduction-period bill the last settlement
 * cycle of a month is deducted on the 1st of the next: this month's fee bill carries last month's
 * last cycle (fromPrev), and next month's carries this month's (toNext). Each is matched against
 * the consumption bill of the month the usage belongs to, on the days it covers.
 */
import { firstDayOfMonthIndex } from '../calendar/days.js';
import { monthIndexOfText } from '../bill/cells.js';
import { BUCKET } from '../bill/parts.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { LINE_ROW_SQL, lineRange, SIDE } from '../store/line-writer.js';
import { addTo, newCarry, type Carry, type KeySum, type KeySums } from './key-sums.js';
import { monthParts, type PartRow } from './month-input.js';
import type { Period } from './types.js';

export function monthDays(month: Month): { first: number; next: number } {
  const i = monthIndexOfText(month);
  return { first: firstDayOfMonthIndex(i), next: firstDayOfMonthIndex(i + 1) };
}

/** Next month's postpaid fee parts with usage in this month (the last settlement cycle, deducted on the 1st). */
export function nextMonthCarried(db: Db, month: Month, next: Month): PartRow[] {
  const { first, next: until } = monthDays(month);
  return monthParts(db, next, SIDE.fee, (p) => p.dayFrom !== null && p.dayFrom >= first && p.dayFrom < until && (p.bucket & BUCKET.postpaid) !== 0);
}

/** Those parts as this month's usage carried into the next (deduction-period bills only). */
export function addToNext(keys: KeySums, carried: readonly PartRow[], month: Month, periodOf: (importId: number) => Period): void {
  const { first, next: until } = monthDays(month);
  for (const p of carried) {
    if (periodOf(p.importId) !== 'deduction') continue;
    const k = keys.of(p);
    k.special = true;
    const c = (k.toNext ??= newCarry());
    addTo(c, p);
    for (let d = p.dayFrom!; d <= p.dayTo!; d++) if (d >= first && d < until) c.days.add(d);
  }
}

/** The consumption behind each carry: this month's for toNext, last month's for fromPrev. */
export function matchCarries(db: Db, keys: KeySums, month: Month, prev: Month): void {
  const { first } = monthDays(month);
  const lastDay = monthDays(month).next - 1;
  const general: KeySum[] = [];
  for (const k of keys.byName.values()) {
    if (!k.toNext) continue;
    if (onlyDay(k.toNext, lastDay)) k.nextCons = k.lastDayCons;
    else general.push(k);
  }
  if (general.length > 0) consumptionOnDays(db, keys, month, general, (k) => k.toNext!, (k, c) => (k.nextCons = c));
  const prevLast = first - 1;
  const carried = [...keys.byName.values()].filter((k) => k.fromPrev);
  if (carried.length === 0) return;
  const lastOfPrev = new Map<KeySum, Carry>();
  for (const p of monthParts(db, prev, SIDE.consumption, (q) => (q.bucket & BUCKET.lastDay) !== 0 && (q.bucket & BUCKET.summary) === 0)) {
    const k = keys.existing(p);
    if (k?.fromPrev && onlyDay(k.fromPrev, prevLast)) {
      let c = lastOfPrev.get(k);
      if (!c) lastOfPrev.set(k, (c = newCarry()));
      addTo(c, p);
    }
  }
  for (const [k, c] of lastOfPrev) k.prevCons = c;
  const other = carried.filter((k) => !onlyDay(k.fromPrev!, prevLast));
  if (other.length > 0) consumptionOnDays(db, keys, prev, other, (k) => k.fromPrev!, (k, c) => (k.prevCons = c));
}

function onlyDay(c: Carry, day: number): boolean {
  for (const d of c.days) if (d !== day) return false;
  return c.days.size > 0;
}

/**
 * The general case, days other than the month's last (a monthly settlement covers the whole
 * month): the month's component-level consumption lines on those days, read from the lines.
 */
function consumptionOnDays(db: Db, keys: KeySums, month: Month, wanted: KeySum[], carry: (k: KeySum) => Carry, set: (k: KeySum, c: Carry) => void): void {
  const want = new Set(wanted);
  const days = new Set<number>();
  for (const k of wanted) for (const d of carry(k).days) days.add(d);
  const found = new Map<KeySum, Carry>();
  const imports = db.prepare(`select distinct importId from import_month where month = ? and side = ${SIDE.consumption} and ${LIVE_IMPORT}`).pluck().all(month) as number[];
  const keyText = db.prepare('select product, resourceId, component from bill_key where id = ?');
  const names = new Map<number, KeySum | null>();
  for (const importId of imports) {
    const [lo, hi] = lineRange(importId);
    const rows = db.prepare(`select key, day, amount, ${LINE_ROW_SQL} from bill_line where id between ? and ? and day in (${[...days].join(',')})`).safeIntegers(true).raw().all(lo, hi) as bigint[][];
    for (const [key, day, amount, row] of rows) {
      let k = names.get(Number(key));
      if (k === undefined) {
        const t = keyText.get(Number(key)) as { product: string; resourceId: string; component: string };
        names.set(Number(key), (k = keys.existing(t) ?? null));
      }
      if (!k || !want.has(k) || !carry(k).days.has(Number(day))) continue;
      let c = found.get(k);
      if (!c) found.set(k, (c = newCarry()));
      addTo(c, { importId, amount: amount!, rows: [Number(row)] } as Parameters<typeof addTo>[1]);
    }
  }
  for (const [k, c] of found) set(k, c);
}
