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
  for (const r of stmt.iterate(month) as IterableIterator<CheckRow>) {
    const checks = checkLine(r);
    if (checks.length === 0) continue;
    checked++;
    const bad = checks.some((c) => !c.ok);
    if (bad) failed++;
    if (bad || options.all) {
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
