import { fixed, money, type Money } from '../money/decimal.js';

/**
 * A calculator input the accountant got wrong. `field` names the input (the CLI maps it to its
 * flag) so the message says which figure to fix.
 */
export class CalcInputError extends Error {
  override name = 'CalcInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A decimal figure from text, never through a JS number (which would lose cents). */
export function decimalInput(field: string, text: string | Money, opts: { min?: 'zero' | 'positive' } = {}): Money {
  let value: Money;
  if (typeof text === 'string') {
    const t = text.trim().replace(/,/g, '');
    if (!DECIMAL_TEXT.test(t)) throw new CalcInputError(field, `${field}: "${text}" is not a number`);
    value = money(t);
  } else {
    value = text;
  }
  if (opts.min === 'zero' && value.isNegative() && !value.isZero()) throw new CalcInputError(field, `${field} must not be negative, got ${value.toString()}`);
  if (opts.min === 'positive' && !value.greaterThan(0)) throw new CalcInputError(field, `${field} must be greater than 0, got ${value.toString()}`);
  return value;
}

export function wholeNumberInput(field: string, value: Money, min: number): number {
  if (!value.isInteger() || value.lessThan(min)) throw new CalcInputError(field, `${field} must be a whole number ≥ ${min}, got ${value.toString()}`);
  return Number(fixed(value, 0));
}
