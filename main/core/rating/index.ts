/**
 * Whiteboard (TIW) re-rating (issue 4 §1–4): the public API the CLI, the IPC handlers, the
 * reconciliation's mismatch list and the export call.
 *
 * - `rateTiwMonth` → `tiwRatingJson`: a month rated per day and item, compared with the fee bill.
 * - `ratingMismatches(db, month)`: the month's differences as shared `Mismatch`es (category `rating`).
 * - account: `parseAccountFile` / `saveAccountFile` / `resolveAccount`; rates: `setExchangeRate`.
 */
export { rateTiwMonth, tiwRatingJson, mismatchesOf, ratingMismatches, ratingCheck, listRatingRuns, type WhiteboardTotals as RatingTotals, type TiwRating, type RateTiwOptions, type RatingRunRecord } from './run.js';
export { parseAccountFile, saveAccountFile, loadAccountFile, resolveAccount, purchasesFromBill, AccountError, type TiwAccount, type AccountFile } from './account.js';
export { setExchangeRate, getExchangeRate, tiwBillCurrency, RatingError, type BillComparison } from './compare.js';
export { rateDays, historyFrom, type RateResult, type DayItemRating, type PackagePurchase } from './allocate.js';
export { loadUsage, countWhiteboardMinutes, type DayUsage, type UsageByDay } from './usage.js';
export { defaultValidityRule } from './validity-rule.js';
export type { TiwValidity, ValidityRule, ValidityInput, DayRange } from './validity.js';
