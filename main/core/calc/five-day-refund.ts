import { CalcInputError } from './calc-input.js';
import { billingRules } from './billing-rules.js';
import { dayOfMoment, daysBetween, momentSeconds } from './calendar-day.js';
import { breach, type RuleBreach } from './rules.js';

/**
 * The window of the no-reason full refund (SPEC-CALCULATORS C1, and B1 for TRTC packages).
 * Decision C1-ELAPSED (5G #8): the time since delivery decides, ≤ 120 h. The calendar reading
 * ("within 5 days, the 5th included, from the delivery day") is only compared; Decision C1-CAL:
 * as Chinese periods are counted, the delivery day itself is not counted (day 1 is the day after
 * it), so the 5th day is delivery + 5, to its end. A request eligible under one reading only (in
 * practice: later than 120 h but still on day 5) is flagged.
 */
export interface FiveDayWindow {
  hours: string;
  elapsedOk: boolean;
  calendarDay: number;
  calendarOk: boolean;
  /** The flag when the two readings disagree. */
  flag: RuleBreach | null;
  /** Why the window is missed, null when it is not. */
  missed: RuleBreach | null;
}

export function fiveDayWindow(rule: 'C1' | 'B1', delivered: string, requested: string): FiveDayWindow {
  const seconds = momentSeconds(requested) - momentSeconds(delivered);
  if (seconds < 0) throw new CalcInputError('requested', `requested (${requested}) is before the delivery (${delivered})`);
  const { maxHours, calendarDays } = billingRules().fiveDayRefund;
  const elapsedOk = seconds <= maxHours * 3600;
  const calendarDay = daysBetween(dayOfMoment(delivered), dayOfMoment(requested));
  const calendarOk = calendarDay <= calendarDays;
  const hours = hoursText(seconds);
  return {
    hours,
    elapsedOk,
    calendarDay,
    calendarOk,
    flag: elapsedOk === calendarOk ? null : breach(`${rule}#calendar`, { hours, day: calendarDay, maxHours }),
    missed: elapsedOk ? null : breach(`${rule}#window`, { hours, maxHours }),
  };
}

/** Hours as the accountant reads them: whole, or to the hundredth (40.5). */
function hoursText(seconds: number): string {
  const hundredths = Math.floor((seconds * 100 + 1800) / 3600);
  const frac = hundredths % 100;
  const whole = String((hundredths - frac) / 100);
  return frac === 0 ? whole : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}
