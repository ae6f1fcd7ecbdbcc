/**
 * Is a fee-bill line right by its own columns? The vendor documents 组件原价 = 刊例价 × 用量 × 时长
 * and 优惠后总价 = 原价 × 折扣率, and the payment columns (cash, gift, voucher, revenue share) pay the
 * discounted total. Each check runs only when the line carries the columns it needs, and compares
 * at the bill's own 8 decimals, exactly: stated − round-half-up-8(recomputed) must be zero.
 *
 * The checks are a table; a line's verdict is one integer, two bits per check (absent, ok,
 * failed, not checkable), computed once at import and stored with the line. A failed check keeps
 * its stated and recomputed figures beside the line.
 */
import { minusUnits, productAt8, qtyOfUnits, sameUnits, sumUnits, type FastUnits, type Qty, type Units } from '../money/index.js';

type Amount = FastUnits | Units;

export interface LineFigures {
  listPrice: Qty | null;
  usage: Qty | null;
  duration: Qty | null;
  discount: Qty | null;
  originalCost: Amount | null;
  discountedTotal: Amount;
  voucher: Amount | null;
  cash: Amount | null;
  gift: Amount | null;
  transfer: Amount | null;
}

interface CheckRule {
  id: string;
  /** [stated, exact recomputed at 8 dp] or null when the line lacks an input. */
  figures(f: LineFigures): [Amount, Amount] | null;
}

const PAYMENTS = ['cash', 'gift', 'voucher', 'transfer'] as const;

export const CHECKS = [
  {
    id: 'originalCost',
    figures: (f) => (f.originalCost === null || f.listPrice === null || f.usage === null || f.duration === null ? null : [f.originalCost, productAt8([f.listPrice, f.usage, f.duration])]),
  },
  {
    id: 'discountedTotal',
    figures: (f) => (f.originalCost === null || f.discount === null ? null : [f.discountedTotal, productAt8([qtyOfUnits(f.originalCost), f.discount])]),
  },
  {
    id: 'payments',
    figures: (f) => {
      // A million lines pass here: no array per line while the sum is a safe number.
      let paid: Amount | null = null;
      for (const p of PAYMENTS) {
        const v = f[p];
        if (v === null) continue;
        paid = paid === null ? v : typeof paid === 'number' && typeof v === 'number' && Number.isSafeInteger(paid + v) ? paid + v : sumUnits([paid, v]);
      }
      return paid === null ? null : [paid, f.discountedTotal];
    },
  },
] as const satisfies readonly CheckRule[];

export type CheckId = (typeof CHECKS)[number]['id'];
export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

export const VERDICT = { absent: 0, ok: 1, failed: 2, notCheckable: 3 } as const;
export type CheckVerdict = keyof typeof VERDICT;
const VERDICT_NAMES = Object.keys(VERDICT) as CheckVerdict[];

export interface CheckFailure {
  check: CheckId;
  stated: Units;
  recomputed: Units;
}

/** Run every check on a line: its verdict bits; failures are pushed to `failures`. */
export function checkLine(f: LineFigures, failures: CheckFailure[]): number {
  let bits = 0;
  for (let i = 0; i < CHECKS.length; i++) {
    const rule = CHECKS[i]!;
    const pair = rule.figures(f);
    if (pair === null) continue;
    const ok = sameUnits(pair[0], pair[1]);
    bits |= (ok ? VERDICT.ok : VERDICT.failed) << (2 * i);
    if (!ok) failures.push({ check: rule.id, stated: BigInt(pair[0]), recomputed: BigInt(pair[1]) });
  }
  return bits;
}

export function verdictOf(bits: number, check: CheckId): CheckVerdict {
  return VERDICT_NAMES[(bits >> (2 * CHECK_IDS.indexOf(check))) & 3]!;
}

/** Some check ran on the line. */
export function wasChecked(bits: number): boolean {
  for (let i = 0; i < CHECKS.length; i++) if (((bits >> (2 * i)) & 3) !== VERDICT.absent) return true;
  return false;
}

/** Some check failed. */
export function hasFailure(bits: number): boolean {
  for (let i = 0; i < CHECKS.length; i++) if (((bits >> (2 * i)) & 3) === VERDICT.failed) return true;
  return false;
}

export function difference(failure: CheckFailure): Units {
  return minusUnits(failure.stated, failure.recomputed);
}
