import { addDays, anchoredMonthDay, CalendarDayError, parseDay } from './calendar-day.js';

/**
 * When the whiteboard (TIW) monthly function fee keeps the service running (SPEC §4).
 *
 * Every range here is HALF-OPEN: `from` ≤ day < `until`. The vendor's "bought 2020-07-31, valid
 * to 2020-08-31" is `{ from: '2020-07-31', until: '2020-08-31' }`: a renewal's month begins on
 * 2020-08-31 itself, so with half-open ranges consecutive months meet without overlapping or
 * leaving a gap, and a 15-day trial from 2020-09-14 is exactly `until: '2020-09-29'`.
 * `validUntil` is therefore the first day with no paid service; the last day served is the day
 * before.
 */

export const TRIAL_DAYS = 15;

export interface MonthlyFeePurchase {
  /** Purchase or renewal day, 'YYYY-MM-DD'. */
  date: string;
  /** Whole months bought (≥ 1). */
  months: number;
}

export interface ValidityRange {
  from: string;
  /** Exclusive. */
  until: string;
}

export interface PaidPeriod extends ValidityRange {
  /** Index into the purchases given, so a month of quota can be traced to its order. */
  purchase: number;
}

export interface MonthlyFeeValidity {
  trial: ValidityRange | null;
  /** One entry per month of fee, oldest first, never overlapping. */
  periods: PaidPeriod[];
  /** First day of paid service, null when nothing was bought. */
  validFrom: string | null;
  /** Exclusive end of the last paid month, null when nothing was bought. */
  validUntil: string | null;
}

export interface MonthlyFeeInput {
  trialStart: string | null;
  /** Purchases and renewals in the order they were made. */
  purchases: MonthlyFeePurchase[];
}

export function monthlyFeeValidity(input: MonthlyFeeInput): MonthlyFeeValidity {
  const trial = input.trialStart === null ? null : { from: input.trialStart, until: addDays(input.trialStart, TRIAL_DAYS) };
  const periods: PaidPeriod[] = [];
  // The anchor is the day of the month the running subscription started on; it survives
  // renewals (so a 31st subscription returns to the 31st after a 30-day month) and is replaced
  // only when the service lapsed and a renewal starts it again.
  let anchor: { year: number; month: number; day: number } | null = null;
  let monthsFromAnchor = 0;
  let expiry: string | null = null;
  let previousDate: string | null = null;

  input.purchases.forEach((purchase, index) => {
    parseDay(purchase.date);
    if (!Number.isInteger(purchase.months) || purchase.months < 1) {
      throw new CalendarDayError(`purchase ${purchase.date}: months must be a whole number ≥ 1, got ${purchase.months}`);
    }
    if (previousDate !== null && purchase.date < previousDate) {
      throw new CalendarDayError(`purchase ${purchase.date} is earlier than the purchase before it (${previousDate}); give them in order`);
    }
    previousDate = purchase.date;

    // A renewal ON the `until` day still continues the subscription: the vendor calls that day
    // "valid to", so the customer renewing on it has not let the service lapse, and the anchor
    // (e.g. the 31st after a 30-day month) must survive. Only a later day restarts it.
    if (anchor === null || expiry === null || purchase.date > expiry) {
      // A first purchase, or a renewal after expiry: the service starts again that day, except
      // during the trial, where the paid month waits for the trial to end.
      const start = trial !== null && trial.from <= purchase.date && purchase.date < trial.until ? trial.until : purchase.date;
      anchor = parseDay(start);
      monthsFromAnchor = 0;
      expiry = start;
    }
    for (let k = 0; k < purchase.months; k++) {
      const from: string = expiry;
      monthsFromAnchor += 1;
      expiry = anchoredMonthDay(anchor.year, anchor.month, anchor.day, monthsFromAnchor);
      periods.push({ from, until: expiry, purchase: index });
    }
  });

  return {
    trial,
    periods,
    validFrom: periods.length > 0 ? periods[0]!.from : null,
    validUntil: periods.length > 0 ? periods[periods.length - 1]!.until : null,
  };
}

/** What covers a day's usage: the trial, a paid month, or nothing (the service is stopped). */
export function isServiceValidOn(validity: MonthlyFeeValidity, day: string): 'trial' | 'paid' | null {
  if (validity.trial !== null && validity.trial.from <= day && day < validity.trial.until) return 'trial';
  for (const p of validity.periods) if (p.from <= day && day < p.until) return 'paid';
  return null;
}

/**
 * The same rule in the shape the whiteboard rating engine consumes (main/core/rating/validity.ts:
 * `ValidityRule`), so rating and the calculator share one copy of the rule.
 */
export function tiwValidityRule(input: {
  trialStart: string | null;
  monthlyFee: MonthlyFeePurchase[];
}): { trial: ValidityRange | null; feeMonths: ValidityRange[] } {
  const v = monthlyFeeValidity({ trialStart: input.trialStart, purchases: input.monthlyFee });
  return { trial: v.trial, feeMonths: v.periods.map((p) => ({ from: p.from, until: p.until })) };
}
