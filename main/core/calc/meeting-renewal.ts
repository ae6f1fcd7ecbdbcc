import { CalcInputError } from './calc-input.js';
import { addMonths, daysBetween } from './calendar-day.js';
import { termMonths, type Term } from './meeting-catalog.js';

/**
 * Direct renewal (直接续费) of a Tencent Meeting service (SPEC-CALCULATORS 5A.5): only the expiry
 * moves. Aligned with the enterprise's validity, an add-on is extended exactly to the enterprise
 * expiry; renewed for a length, each selected service's expiry moves by that length.
 */
export interface MeetingRenewalInput {
  expiry: string;
  alignTo?: string;
  term?: Term;
}

export interface MeetingRenewal {
  newExpiry: string;
  days: number;
  how: 'aligned' | 'length';
}

export function meetingRenewal(input: MeetingRenewalInput): MeetingRenewal {
  if ((input.alignTo === undefined) === (input.term === undefined)) throw new CalcInputError('align-to', 'give either the enterprise expiry to align with or a length (--years or --months)');
  if (input.alignTo !== undefined) {
    const days = daysBetween(input.expiry, input.alignTo);
    if (days <= 0) throw new CalcInputError('align-to', `align-to (${input.alignTo}) must be after the service's expiry (${input.expiry})`);
    return { newExpiry: input.alignTo, days, how: 'aligned' };
  }
  const newExpiry = addMonths(input.expiry, termMonths(input.term!));
  return { newExpiry, days: daysBetween(input.expiry, newExpiry), how: 'length' };
}
