import { fixed, type Money } from '../money/decimal.js';
import { CatalogError } from '../catalog/tiw-catalog.js';
import { CalcFieldError, type CalcFieldDef, type FieldReader } from './calculator-fields.js';

/**
 * What every calculator of the table gives back, and the small helpers the definitions share
 * (main/core/calc/defs/*). The table itself is main/core/calc/calculators.ts.
 */

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** One term of a formula: a figure the accountant can check by hand, and how it was formed. */
export interface CalcTerm {
  name: string;
  label: string;
  value: string;
  /** The arithmetic with the figures, e.g. "0.42 × 48". */
  expression?: string;
}

export interface CalcOutcome {
  calculator: string;
  /** Terms in the order the formula uses them. */
  terms: CalcTerm[];
  result: CalcTerm;
  currency: string | null;
  /** The formula in words, without figures. */
  formula: string;
  /** The formula with figures, one step per line (the CLI's readable output). */
  lines: string[];
  /** What the figures alone do not say (paid back as gift, refund not allowed because …). */
  notes: string[];
  /** `billrecon calc NAME --json` without its "calculator" key: inputs echoed, every term. */
  json: Record<string, Json>;
}

export interface Calculator {
  id: string;
  title: string;
  summary: string;
  fields: readonly CalcFieldDef[];
  compute(read: FieldReader): CalcOutcome;
}

/** Money as the vendor prints it: 2 decimals, half-up. */
export const m2 = (d: Money): string => fixed(d, 2);

/** Unit prices (per minute, per hour) keep 8 decimals. */
export const m8 = (d: Money): string => fixed(d, 8);

export function term(name: string, label: string, value: string, expression?: string): CalcTerm {
  return expression === undefined ? { name, label, value } : { name, label, value, expression };
}

/** A day before a catalog's first entry has no prices: that is the prices-on field's fault. */
export function withPriceDay<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof CatalogError) throw new CalcFieldError('prices-on', err.message);
    throw err;
  }
}

export function field(
  name: string,
  label: string,
  kind: CalcFieldDef['kind'],
  help: string,
  opts: Partial<Pick<CalcFieldDef, 'required' | 'choices' | 'example'>> = {},
): CalcFieldDef {
  return { name, label, kind, help, required: opts.required ?? false, ...(opts.choices ? { choices: opts.choices } : {}), ...(opts.example ? { example: opts.example } : {}) };
}

/** Fields another calculator's definition also uses: one name, one kind, one meaning. */
export const PRICES_ON = field('prices-on', 'Prices in force on', 'date', 'list prices in force on this day, YYYY-MM-DD (default: the newest catalog entry)');
