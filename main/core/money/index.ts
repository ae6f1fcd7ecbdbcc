/** The one money module: amounts as integers of 10^-8 (units.ts), exact non-money figures (exact.ts). */
export * from './units.js';
export * from './quantity.js';
export { Exact, exact, type ExactInput } from './exact.js';
export { fixed, money, roundHalfUp, sum, ZERO } from './decimal.js';
