import { ZERO, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';

export interface MeetingRefundInput {
  /** Cash paid after discounts and vouchers (vouchers are not returned). */
  paid: Money;
  usedDays: Money;
  totalDays: Money;
}

export interface MeetingRefund {
  /** Used days with a partial day counted whole. */
  chargedDays: Money;
  usedValue: Money;
  refund: Money;
}

/** Tencent Meeting annual refund: paid − used days ÷ total days × paid (SPEC §5). */
export function meetingRefund(input: MeetingRefundInput): MeetingRefund {
  const chargedDays = input.usedDays.ceil();
  if (chargedDays.greaterThan(input.totalDays)) throw new CalcInputError('usedDays', `usedDays: ${input.usedDays.toString()} days used is more than the ${input.totalDays.toString()} days of the order`);
  const usedValue = roundHalfUp(chargedDays.dividedBy(input.totalDays).times(input.paid), 2);
  const refund = input.paid.minus(usedValue);
  return { chargedDays, usedValue, refund: refund.isNegative() ? ZERO : refund };
}
