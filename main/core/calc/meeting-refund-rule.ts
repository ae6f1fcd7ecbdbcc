import { daysBetween } from './calendar-day.js';
import { CalcInputError } from './calc-input.js';

/**
 * Whether Tencent Meeting refunds an order at all (SPEC §5): only an annual, non-auto-renewing
 * Business or Enterprise order, asked for within 31 days of its purchase.
 */
export const MEETING_PLANS = ['free', 'pro', 'business', 'enterprise'] as const;
export type MeetingPlan = (typeof MEETING_PLANS)[number];
export const MEETING_TERMS = ['year', 'month'] as const;
export type MeetingTerm = (typeof MEETING_TERMS)[number];

export const MEETING_REFUND_WINDOW_DAYS = 31;

export interface MeetingRefundCase {
  plan: MeetingPlan;
  term: MeetingTerm;
  autoRenew: boolean;
  /** Calendar days, YYYY-MM-DD. */
  purchased: string;
  requested: string;
}

export interface RefundCondition {
  condition: 'plan' | 'term' | 'autoRenew' | 'window';
  met: boolean;
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
  const planOk = c.plan === 'business' || c.plan === 'enterprise';
  const conditions: RefundCondition[] = [
    { condition: 'plan', met: planOk, why: planOk ? `${c.plan} plan is refundable` : `only Business and Enterprise plans are refundable, not ${c.plan}` },
    { condition: 'term', met: c.term === 'year', why: c.term === 'year' ? 'annual order' : 'only annual orders are refundable, not monthly ones' },
    { condition: 'autoRenew', met: !c.autoRenew, why: c.autoRenew ? 'auto-renewing orders are not refundable' : 'not auto-renewing' },
    {
      condition: 'window',
      met: days <= MEETING_REFUND_WINDOW_DAYS,
      why:
        days <= MEETING_REFUND_WINDOW_DAYS
          ? `asked ${days} day(s) after purchase, within ${MEETING_REFUND_WINDOW_DAYS}`
          : `asked ${days} days after purchase, more than ${MEETING_REFUND_WINDOW_DAYS}`,
    },
  ];
  return { allowed: conditions.every((x) => x.met), daysSincePurchase: days, conditions };
}
