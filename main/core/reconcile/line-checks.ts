/**
 * Is each fee-bill line right by its own columns? The vendor documents 组件原价 = 刊例价 × 用量 ×
 * 时长 and 优惠后总价 = 原价 × 折扣率, and the payment columns (cash, gift, voucher, transfer)
 * pay the discounted total. Each check runs only when the bill gives the columns it needs, and
 * compares at the bill's own 8 decimals, exactly.
 */
import { fixed, money, roundHalfUp, type Money } from '../money/decimal.js';
import type { Month } from '../model.js';
import { LIVE, type Db } from '../store/index.js';
import { traceNamer } from './traces.js';
import { decimalParts, decimalPartsNumber, P10, pow10 } from './scaled.js';
import type { LineCheck, LineCheckResult, LineCheckSummary } from './types.js';

interface CheckRow {
  importId: number;
  sourceRow: number;
  transactionId: string | null;
  product: string;
  resourceId: string | null;
  componentName: string | null;
  componentType: string | null;
  listPrice: string | null;
  usage: string | null;
  duration: string | null;
  originalCost: string | null;
  discount: string | null;
  discountedTotal: string;
  cash: string | null;
  gift: string | null;
  voucher: string | null;
  transfer: string | null;
}

function check(name: LineCheck['check'], stated: Money, exact: Money): LineCheck {
  const recomputed = roundHalfUp(exact, 8);
  const difference = stated.minus(recomputed);
  return { check: name, stated: fixed(stated, 8), recomputed: fixed(recomputed, 8), difference: fixed(difference, 8), ok: difference.isZero() };
}

/** The checks one line's columns allow. */
export function checkLine(r: Omit<CheckRow, 'importId' | 'sourceRow' | 'transactionId' | 'product' | 'resourceId' | 'componentName' | 'componentType'>): LineCheck[] {
  const out: LineCheck[] = [];
  if (r.originalCost !== null && r.listPrice !== null && r.usage !== null && r.duration !== null) {
    out.push(check('originalCost', money(r.originalCost), money(r.listPrice).times(r.usage).times(r.duration)));
  }
  if (r.originalCost !== null && r.discount !== null) {
    out.push(check('discountedTotal', money(r.discountedTotal), money(r.originalCost).times(r.discount)));
  }
  const payments = [r.cash, r.gift, r.voucher, r.transfer].filter((v): v is string => v !== null);
  if (payments.length > 0) {
    let paid = money(0);
    for (const p of payments) paid = paid.plus(p);
    out.push(check('payments', paid, money(r.discountedTotal)));
  }
  return out;
}

/** m × 10^-s rounded half-up (away from zero) to 8 decimals, as an integer of 10^-8. */
function at8(m: bigint, s: number): bigint {
  if (s <= 8) return m * pow10(8 - s);
  const unit = pow10(s - 8);
  const abs = m < 0n ? -m : m;
  const q = (abs + unit / 2n) / unit;
  return m < 0n ? -q : q;
}

/** Does m × 10^-s equal r × 10^-8 exactly? */
function equals8(m: bigint, s: number, r: bigint): boolean {
  return s <= 8 ? m * pow10(8 - s) === r : m === r * pow10(s - 8);
}

/** m × 10^-s rounded half-up (away from zero) to 8 decimals, in units of 10^-8; null when not exact in a double. */
function at8Number(m: number, s: number): number | null {
  if (!Number.isSafeInteger(m)) return null;
  if (s <= 8) {
    const r = m * P10[8 - s]!;
    return Number.isSafeInteger(r) ? r : null;
  }
  if (s - 8 > 22) return null;
  const unit = P10[s - 8]!;
  const a = (m < 0 ? -m : m) + unit / 2;
  if (!Number.isSafeInteger(a)) return null;
  // (a − a mod unit) / unit is an exact division: no float rounding can move it.
  const q = (a - (a % unit)) / unit;
  return m < 0 ? -q : q;
}

/** Does m × 10^-s equal r × 10^-8? null when that cannot be decided exactly in doubles. */
function equals8Number(m: number, s: number, r: number): boolean | null {
  const scaledUp = s <= 8 ? m * P10[8 - s]! : r * P10[s - 8 > 22 ? 22 : s - 8]!;
  if (!Number.isSafeInteger(scaledUp) || s - 8 > 22) return null;
  return s <= 8 ? scaledUp === r : m === scaledUp;
}

/** fastLineCheck's verdict in exact double arithmetic, or null when a value is too long for it. */
function numberLineCheck(r: Parameters<typeof checkLine>[0]): { checks: number; ok: boolean } | null {
  let checks = 0;
  let ok = true;
  let original: [number, number] | null = null;
  if (r.originalCost !== null) {
    original = decimalPartsNumber(r.originalCost);
    if (!original) return null;
  }
  if (original && r.listPrice !== null && r.usage !== null && r.duration !== null) {
    const l = decimalPartsNumber(r.listPrice);
    const u = decimalPartsNumber(r.usage);
    const d = decimalPartsNumber(r.duration);
    if (!l || !u || !d) return null;
    const lu = l[0] * u[0];
    if (!Number.isSafeInteger(lu)) return null;
    const r8 = at8Number(lu * d[0], l[1] + u[1] + d[1]);
    if (r8 === null) return null;
    const eq = equals8Number(original[0], original[1], r8);
    if (eq === null) return null;
    checks++;
    ok &&= eq;
  }
  const total = decimalPartsNumber(r.discountedTotal);
  if (!total) return null;
  if (original && r.discount !== null) {
    const k = decimalPartsNumber(r.discount);
    if (!k) return null;
    const r8 = at8Number(original[0] * k[0], original[1] + k[1]);
    if (r8 === null) return null;
    const eq = equals8Number(total[0], total[1], r8);
    if (eq === null) return null;
    checks++;
    ok &&= eq;
  }
  let paid: [number, number] | null = null;
  for (const p of [r.cash, r.gift, r.voucher, r.transfer]) {
    if (p === null) continue;
    const v = decimalPartsNumber(p);
    if (!v) return null;
    if (!paid) paid = v;
    else {
      const s = Math.max(paid[1], v[1]);
      if (s > 22) return null;
      const a: number = paid[0] * P10[s - paid[1]]!;
      const b: number = v[0] * P10[s - v[1]]!;
      const sum: number = a + b;
      if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(sum)) return null;
      paid = [sum, s];
    }
  }
  if (paid) {
    const r8 = at8Number(total[0], total[1]);
    if (r8 === null) return null;
    const eq = equals8Number(paid[0], paid[1], r8);
    if (eq === null) return null;
    checks++;
    ok &&= eq;
  }
  return { checks, ok };
}

/**
 * The same verdict as `checkLine(...).every(ok)` and the same number of checks, in exact double
 * arithmetic where every intermediate stays below 2^53, else BigInt (either is ten times and more
 * faster than decimal.js); null when a value is not plain decimal text.
 * test/reconcile/line-checks.test.ts proves them equal.
 */
export function fastLineCheck(r: Parameters<typeof checkLine>[0]): { checks: number; ok: boolean } | null {
  return numberLineCheck(r) ?? bigIntLineCheck(r);
}

/** fastLineCheck in BigInt. */
export function bigIntLineCheck(r: Parameters<typeof checkLine>[0]): { checks: number; ok: boolean } | null {
  let checks = 0;
  let ok = true;
  let original: [bigint, number] | null = null;
  if (r.originalCost !== null) {
    original = decimalParts(r.originalCost);
    if (!original) return null;
  }
  if (original && r.listPrice !== null && r.usage !== null && r.duration !== null) {
    const l = decimalParts(r.listPrice);
    const u = decimalParts(r.usage);
    const d = decimalParts(r.duration);
    if (!l || !u || !d) return null;
    checks++;
    ok &&= equals8(original[0], original[1], at8(l[0] * u[0] * d[0], l[1] + u[1] + d[1]));
  }
  const total = decimalParts(r.discountedTotal);
  if (!total) return null;
  if (original && r.discount !== null) {
    const k = decimalParts(r.discount);
    if (!k) return null;
    checks++;
    ok &&= equals8(total[0], total[1], at8(original[0] * k[0], original[1] + k[1]));
  }
  let paid: [bigint, number] | null = null;
  for (const p of [r.cash, r.gift, r.voucher, r.transfer]) {
    if (p === null) continue;
    const v = decimalParts(p);
    if (!v) return null;
    if (!paid) paid = v;
    else {
      const s = Math.max(paid[1], v[1]);
      paid = [paid[0] * pow10(s - paid[1]) + v[0] * pow10(s - v[1]), s];
    }
  }
  if (paid) {
    checks++;
    ok &&= equals8(paid[0], paid[1], at8(total[0], total[1]));
  }
  return { checks, ok };
}

export function lineChecks(db: Db, month: Month, options: { all?: boolean } = {}): LineCheckSummary {
  const name = traceNamer(db);
  const stmt = db.prepare(
    `select importId, sourceRow, transactionId, product, resourceId, componentName, componentType, listPrice, usage, duration,
       originalCost, discount, discountedTotal, cash, gift, voucher, transfer
     from fee_detail where ${LIVE} and billMonth = ? order by importId, sourceRow`,
  );
  let checked = 0;
  let failed = 0;
  const lines: LineCheckResult[] = [];
  type Raw = [number, number, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string, string | null, string | null, string | null, string | null];
  for (const x of stmt.raw().iterate(month) as IterableIterator<Raw>) {
    const r: CheckRow = {
      importId: x[0], sourceRow: x[1], transactionId: x[2], product: x[3], resourceId: x[4], componentName: x[5], componentType: x[6],
      listPrice: x[7], usage: x[8], duration: x[9], originalCost: x[10], discount: x[11], discountedTotal: x[12],
      cash: x[13], gift: x[14], voucher: x[15], transfer: x[16],
    };
    const fast = fastLineCheck(r);
    let checks: LineCheck[] | null = null;
    let count: number;
    let bad: boolean;
    if (fast) {
      count = fast.checks;
      bad = !fast.ok;
    } else {
      checks = checkLine(r);
      count = checks.length;
      bad = checks.some((c) => !c.ok);
    }
    if (count === 0) continue;
    checked++;
    if (bad) failed++;
    if (bad || options.all) {
      checks ??= checkLine(r);
      lines.push({
        source: name(r.importId, r.sourceRow),
        transactionId: r.transactionId,
        product: r.product,
        resourceId: r.resourceId,
        component: r.componentName ?? r.componentType,
        checks,
      });
    }
  }
  return { checked, failed, lines };
}
