import { money, roundHalfUp, type Money } from '../money/decimal.js';

/**
 * The amount frozen on an account for monthly-settled postpaid resources (SPEC §5): the vendor
 * holds back roughly a month of charges before it settles them.
 */
export type FreezeInput =
  | { type: 'device'; /** Units in use on the last day of last month. */ unitsLastDay: Money; unitPrice: Money }
  | { type: 'traffic'; lastMonthFee: Money; /** 1, or 1.2 where the vendor adds a margin. */ factor: Money };

export interface Freeze {
  /** The product before rounding to the cent. */
  exact: Money;
  freeze: Money;
}

/** A device-type freeze covers 30 days of the last day's units, whatever the month's length. */
export const FREEZE_DAYS = 30;
export const TRAFFIC_FACTORS = ['1', '1.2'] as const;

export function monthlySettledFreeze(input: FreezeInput): Freeze {
  const exact = input.type === 'device' ? input.unitsLastDay.times(FREEZE_DAYS).times(input.unitPrice) : input.lastMonthFee.times(input.factor);
  return { exact, freeze: roundHalfUp(money(exact), 2) };
}
