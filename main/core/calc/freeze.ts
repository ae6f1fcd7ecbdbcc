import { roundHalfUp, type Money } from '../money/decimal.js';
import { billingRules } from './billing-rules.js';
import { addDays, dayFromNumber, dayOfMoment, dayOfNextMonth, momentSeconds } from './calendar-day.js';
import { breach, type RuleBreach } from './rules.js';

/**
 * Freezes (冻结, SPEC §5, SPEC-CALCULATORS 5D): money held back from the cash and gift balances
 * (never from vouchers or coupons). Not consumption; released when the resource or the cycle ends.
 * The figures (30 days, factors, cycles, the 3rd, retirement dates) come from the versioned
 * catalog main/core/catalog/billing-rules-cny.json.
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
export const FREEZE_DAYS = billingRules().freezes.deviceDays;
export const TRAFFIC_FACTORS: readonly string[] = billingRules().freezes.trafficFactors;

/** Monthly settlement: the freeze for last month's postpaid use (§5). */
export function monthlySettledFreeze(input: FreezeInput): Freeze {
  const exact = input.type === 'device' ? input.unitsLastDay.times(FREEZE_DAYS).times(input.unitPrice) : input.lastMonthFee.times(input.factor);
  return { exact, freeze: roundHalfUp(exact, 2) };
}

/**
 * Hourly or daily settlement: at purchase, 1–2 cycles' estimated fee are frozen (Decision
 * 5D-CYCLES: the catalog's product table, default 1; a pay-as-you-go CVM freezes one hour of host
 * fee). A new configuration releases the old freeze and freezes again at the new unit price.
 */
export function cyclesOf(product: string | null): number {
  const f = billingRules().freezes;
  return (product === null ? undefined : f.cyclesByProduct[product]) ?? f.cyclesDefault;
}

export function settlementFreeze(cycleFee: Money, cycles: number): Money {
  return roundHalfUp(cycleFee.times(cycles), 2);
}

/** Decision 5D-RELEASE: a freeze comes back by the 3rd of the month after the resource is released; earlier is fine. */
export function releaseDeadline(releasedOn: string): string {
  return dayOfNextMonth(releasedOn, billingRules().freezes.releaseByDayOfNextMonth);
}

export function lateRelease(releasedOn: string, freedOn: string): RuleBreach | null {
  const deadline = releaseDeadline(releasedOn);
  return freedOn > deadline ? breach('5D#late', { freed: freedOn, deadline }) : null;
}

/** Decision 5D-RETIRED: monthly-settlement freezes are expected only before 2020-04-23. */
export function settlementFreezeFlag(day: string): RuleBreach | null {
  const f = billingRules().freezes;
  if (day >= f.settlementFreezesRetired) return breach('5D#retired', { retired: f.settlementFreezesRetired, day });
  if (day >= f.settlementFreezesPhasedOutFrom) return breach('5D#phasing-out', { from: f.settlementFreezesPhasedOutFrom, retired: f.settlementFreezesRetired });
  return null;
}

/** 5G #10: last month is deducted on the 1st; the 3rd is only the (pre-2020) freeze release. */
export function deductionDay(day: string): string {
  return dayOfNextMonth(day, billingRules().freezes.deductionDay);
}

export type ArrearsBilling = 'hourly' | 'daily' | 'prepaid';

export interface ArrearsStage {
  stage: string;
  /** 'YYYY-MM-DD HH:MM' for hourly and daily billing, a day for prepaid expiry. */
  from: string;
}

const at = (seconds: number) => {
  const day = dayFromNumber(Math.floor(seconds / 86_400));
  const s = seconds % 86_400;
  return `${day} ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
};

/**
 * Arrears and expiry stages (5D, typical and product-specific): hourly billing — protection
 * about 2 h, then suspension about 24 h; daily — 1 day, then 30 days; then reclaimed. A prepaid
 * resource stops on its expiry day, is recoverable through day 7 after it, destroyed on day 8.
 */
export function arrearsStages(billing: ArrearsBilling, from: string): ArrearsStage[] {
  const a = billingRules().arrears;
  if (billing === 'prepaid') {
    const day = dayOfMoment(from);
    return [
      { stage: 'stopped', from: day },
      { stage: 'recoverable-until', from: addDays(day, a.prepaidExpiry.recoverableThroughDay) },
      { stage: 'destroyed', from: addDays(day, a.prepaidExpiry.destroyedOnDay) },
    ];
  }
  const s = a[billing];
  const start = momentSeconds(from);
  return [
    { stage: 'protection', from: at(start) },
    { stage: 'suspended', from: at(start + s.protectionHours * 3600) },
    { stage: 'reclaimed', from: at(start + (s.protectionHours + s.suspensionHours) * 3600) },
  ];
}

