import type { FeeDetailLine } from '../model.js';
import { money, roundHalfUp, type Money } from '../money/decimal.js';

/**
 * What a detail line should say by the vendor's own arithmetic (FORMATS §1.3: 原价 = 刊例价 ×
 * 用量 × 时长; 优惠后总价 = 原价 × 折扣率; the payments split the discounted total), recomputed at
 * the 8 decimals the detail bill rates with. A null figure means the line lacks an input.
 */
export interface LineRecomputation {
  original: Money | null;
  /** billed 组件原价 − recomputed */
  originalDiff: Money | null;
  discounted: Money | null;
  /** billed 优惠后总价 − recomputed */
  discountedDiff: Money | null;
  payments: Money | null;
  /** 优惠后总价 − (voucher + cash + gift + transfer) */
  paymentsDiff: Money | null;
}

export function recomputeLine(line: FeeDetailLine): LineRecomputation {
  let original: Money | null = null;
  let originalDiff: Money | null = null;
  if (line.listPrice !== null && line.usage !== null && line.duration !== null) {
    original = roundHalfUp(money(line.listPrice).times(line.usage).times(line.duration), 8);
    if (line.originalCost !== null) originalDiff = money(line.originalCost).minus(original);
  }
  let discounted: Money | null = null;
  let discountedDiff: Money | null = null;
  if (line.originalCost !== null && line.discount !== null) {
    discounted = roundHalfUp(money(line.originalCost).times(line.discount), 8);
    discountedDiff = money(line.discountedTotal).minus(discounted);
  }
  let payments: Money | null = null;
  let paymentsDiff: Money | null = null;
  if (line.voucher !== null || line.cash !== null || line.gift !== null || line.transfer !== null) {
    payments = money(line.voucher ?? 0)
      .plus(line.cash ?? 0)
      .plus(line.gift ?? 0)
      .plus(line.transfer ?? 0);
    paymentsDiff = money(line.discountedTotal).minus(payments);
  }
  return { original, originalDiff, discounted, discountedDiff, payments, paymentsDiff };
}
