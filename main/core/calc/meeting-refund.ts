import { ZERO, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { addDays, addMonths, daysBetween } from './calendar-day.js';

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

/**
 * When the service stops and how many days are used (SPEC-CALCULATORS 5A.6, 5G #3).
 * Decision 5A.6-STOP: stop = purchase + 31 days whatever the request day in the window, so 31
 * days are used. Reading (b) — the next monthly cycle after the request, cycles anchored on the
 * purchase day (the first cycle start after the request day) — is computed beside it.
 * Total days = calendar days of the ordered term (365, or 366 across 29 February).
 */
export interface MeetingRefundDays {
  stop: string;
  usedDays: number;
  stopNextCycle: string;
  usedDaysNextCycle: number;
  totalDays: number;
}

export function meetingRefundDays(purchased: string, requested: string, years: number, windowDays: number): MeetingRefundDays {
  const stop = addDays(purchased, windowDays);
  let k = 1;
  while (addMonths(purchased, k) <= requested) k += 1;
  const stopNextCycle = addMonths(purchased, k);
  return {
    stop,
    usedDays: windowDays,
    stopNextCycle,
    usedDaysNextCycle: daysBetween(purchased, stopNextCycle),
    totalDays: daysBetween(purchased, addMonths(purchased, 12 * years)),
  };
}

