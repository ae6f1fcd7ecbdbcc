import { daysBetween } from './calendar-day.js';
import { CalcInputError } from './calc-input.js';
import { meetingBook } from './meeting-catalog.js';
import { breach } from './rules.js';

/**
 * Whether Tencent Meeting refunds an order at all (SPEC §5, SPEC-CALCULATORS 5A.6): only an
 * annual, non-auto-renewing order of a refundable edition (business, enterprise; the catalog's
 * `refundable`), asked for within the catalog's window (31 days) of its purchase, and not an
 * activity order whose rules exclude it. Decision 5A.6-EDU: free, pro and the education
 * editions are not refundable.
 */
export const MEETING_PLANS: readonly string[] = [...meetingBook().editions.keys()];
export const MEETING_TERMS = ['year', 'month'] as const;
export type MeetingPlan = string;
export type MeetingTerm = (typeof MEETING_TERMS)[number];

export const MEETING_REFUND_WINDOW_DAYS = meetingBook().limits.refundWindowDays;

export interface MeetingRefundCase {
  plan: MeetingPlan;
  term: MeetingTerm;
  autoRenew: boolean;
  /** Calendar days, YYYY-MM-DD. */
  purchased: string;
  requested: string;
  activityNoRefund?: boolean;
}

export interface RefundCondition {
  condition: 'plan' | 'term' | 'autoRenew' | 'window' | 'activity';
  met: boolean;
  /** Met: plain words; not met: the rule's message (`5A.6: …`). */
  why: string;
}

export interface MeetingRefundEligibility {
  allowed: boolean;
  daysSincePurchase: number;
  /** Every condition, met or not, so the accountant sees all reasons at once. */
  conditions: RefundCondition[];
}

export function meetingRefundEligibility(c: MeetingRefundCase): MeetingRefundEligibility {
  const days = daysBetween(c.purchased, c.requested);
  if (days < 0) throw new CalcInputError('requested', `requested (${c.requested}) is before the purchase (${c.purchased})`);
  const edition = meetingBook().editions.get(c.plan);
  if (!edition) throw new CalcInputError('plan', `"${c.plan}" is not one of ${MEETING_PLANS.join(', ')}`);
  const window = MEETING_REFUND_WINDOW_DAYS;
  const inWindow = days <= window;
  const conditions: RefundCondition[] = [
    { condition: 'plan', met: edition.refundable, why: edition.refundable ? `the ${c.plan} edition is refundable` : breach('5A.6#edition', { edition: c.plan }).text },
    { condition: 'term', met: c.term === 'year', why: c.term === 'year' ? 'annual order' : breach('5A.6#term').text },
    { condition: 'autoRenew', met: !c.autoRenew, why: c.autoRenew ? breach('5A.6#auto-renew').text : 'not auto-renewing' },
    { condition: 'window', met: inWindow, why: inWindow ? `asked ${days} day(s) after purchase, within ${window}` : breach('5A.6#window', { days, window }).text },
    { condition: 'activity', met: !c.activityNoRefund, why: c.activityNoRefund ? breach('5A.6#activity').text : 'no activity rule excludes it' },
  ];
  return { allowed: conditions.every((x) => x.met), daysSincePurchase: days, conditions };
}
