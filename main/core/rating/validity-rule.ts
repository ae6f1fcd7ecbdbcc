import type { ValidityRule } from './validity.js';
import { RatingError } from './compare.js';

/**
 * The plug point for the monthly-fee validity rule of SPEC §4, written once in
 * main/core/calc/tiw-validity.ts (calculators). Until that module lands, rating a real account
 * says so instead of applying a second, private copy of the rule.
 */
export const defaultValidityRule: ValidityRule = () => {
  throw new RatingError('the monthly-fee validity rule (main/core/calc/tiw-validity.ts) is not available in this build yet');
};
