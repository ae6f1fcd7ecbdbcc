import { builtinBillingRulesCatalog, entryInForce, type BillingRulesEntry, type DatedCatalog } from '../catalog/price-lists.js';

/**
 * The general billing rules (5C–5E) as the versioned catalog main/core/catalog/billing-rules-cny.json
 * has them: refund windows, freeze rules, arrears stages, VAT rates, top-up limits.
 */
export const BILLING_RULES_CATALOG: DatedCatalog<BillingRulesEntry> = builtinBillingRulesCatalog();

/** The rules in force on a day (default: the newest entry). */
export function billingRules(day?: string): BillingRulesEntry {
  return day === undefined ? BILLING_RULES_CATALOG.entries[BILLING_RULES_CATALOG.entries.length - 1]! : entryInForce(BILLING_RULES_CATALOG, day);
}
