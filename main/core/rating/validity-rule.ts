import { tiwValidityRule } from '../calc/tiw-validity.js';
import type { ValidityRule } from './validity.js';

/**
 * The monthly-fee validity rule of SPEC §4 is written once, in main/core/calc/tiw-validity.ts
 * (the calculator shows the same periods); rating only plugs it in here.
 */
export const defaultValidityRule: ValidityRule = (input) =>
  tiwValidityRule({
    trialStart: input.trialStart,
    // The rule wants purchases in the order they were made; the account file may list them otherwise.
    monthlyFee: [...input.monthlyFee].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  });
