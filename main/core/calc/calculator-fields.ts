import type { Money } from '../money/decimal.js';
import { CalcInputError, decimalInput, wholeNumberInput } from './calc-input.js';
import { CalendarDayError, momentSeconds, parseDay } from './calendar-day.js';

/**
 * Reading a calculator's inputs from plain text, the same way for a CLI flag and a UI form field,
 * so a figure the accountant mistyped gets the same message in both, naming the field.
 */

export type CalcFieldKind = 'decimal' | 'integer' | 'date' | 'choice' | 'boolean' | 'list';

export interface CalcFieldDef {
  /** The CLI flag without its dashes, and the UI form field's key. */
  name: string;
  label: string;
  kind: CalcFieldKind;
  required: boolean;
  help: string;
  choices?: readonly string[];
  /** An example value, shown as the form field's placeholder. */
  example?: string;
}

/** Inputs as typed: one text per field; a list field may also come as repeated values (CLI). */
export type CalcInputs = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A field the accountant has to fix: `field` is the field's name (the CLI prefixes `--`). */
export class CalcFieldError extends Error {
  override name = 'CalcFieldError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The core functions name their inputs in camelCase; the fields are kebab-case. */
export function fieldOfCoreName(name: string): string {
  return name.replace(/^--/, '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** A core complaint without the field name it starts with (the field is said separately). */
export function reasonOf(err: Error, ...names: string[]): string {
  for (const n of names) {
    for (const prefix of [`--${n}: `, `${n}: `, `${n} `]) if (err.message.startsWith(prefix)) return err.message.slice(prefix.length);
  }
  return err.message;
}

export function asFieldError(err: unknown, fallbackField: string): unknown {
  if (err instanceof CalcFieldError) return err;
  if (err instanceof CalcInputError) return new CalcFieldError(fieldOfCoreName(err.field), reasonOf(err, err.field.replace(/^--/, ''), fieldOfCoreName(err.field)));
  if (err instanceof CalendarDayError) return new CalcFieldError(fallbackField, err.message);
  return err;
}

const SEPARATORS = /[\s,;]+/;

/** Reads one calculator's inputs; blank text counts as not given (an empty form field). */
export class FieldReader {
  private readonly values = new Map<string, string | readonly string[]>();

  constructor(
    readonly fields: readonly CalcFieldDef[],
    inputs: CalcInputs,
  ) {
    const known = new Set(fields.map((f) => f.name));
    for (const [name, value] of Object.entries(inputs)) {
      if (value === undefined) continue;
      if (!known.has(name)) throw new CalcFieldError(name, `is not an input of this calculator (inputs: ${fields.map((f) => f.name).join(', ')})`);
      const blank = typeof value === 'string' ? value.trim() === '' : value.every((v) => v.trim() === '');
      if (!blank) this.values.set(name, value);
    }
    for (const f of fields) if (f.required && !this.values.has(f.name)) throw new CalcFieldError(f.name, 'is required');
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  text(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new CalcFieldError(name, 'is required');
    if (typeof v !== 'string') throw new CalcFieldError(name, 'takes one value');
    return v.trim();
  }

  decimal(name: string, min: 'zero' | 'positive' | 'any' = 'zero'): Money {
    try {
      return decimalInput(name, this.text(name), min === 'any' ? {} : { min });
    } catch (err) {
      if (err instanceof CalcInputError) throw new CalcFieldError(name, reasonOf(err, name));
      throw err;
    }
  }

  optionalDecimal(name: string, min: 'zero' | 'positive' | 'any' = 'zero'): Money | undefined {
    return this.has(name) ? this.decimal(name, min) : undefined;
  }

  whole(name: string, min: number): number {
    try {
      return wholeNumberInput(name, this.decimal(name, 'any'), min);
    } catch (err) {
      if (err instanceof CalcInputError) throw new CalcFieldError(name, reasonOf(err, name));
      throw err;
    }
  }

  day(name: string): string {
    const t = this.text(name);
    try {
      parseDay(t);
    } catch (err) {
      if (err instanceof CalendarDayError) throw new CalcFieldError(name, err.message);
      throw err;
    }
    return t;
  }

  optionalDay(name: string): string | null {
    return this.has(name) ? this.day(name) : null;
  }

  /** A day or a day and time ('YYYY-MM-DD HH:MM'): its text and its seconds on the account's clock. */
  moment(name: string): { text: string; seconds: number } {
    const t = this.text(name);
    try {
      return { text: t, seconds: momentSeconds(t) };
    } catch (err) {
      if (err instanceof CalendarDayError) throw new CalcFieldError(name, err.message);
      throw err;
    }
  }

  optionalMoment(name: string): { text: string; seconds: number } | null {
    return this.has(name) ? this.moment(name) : null;
  }

  optionalWhole(name: string, min: number): number | undefined {
    return this.has(name) ? this.whole(name, min) : undefined;
  }

  /** A choice with a default when the field is blank. */
  choiceOr<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    return this.has(name) ? this.choice(name, choices) : fallback;
  }

  choice<T extends string>(name: string, choices: readonly T[]): T {
    const t = this.text(name);
    const hit = choices.find((c) => c === t);
    if (hit === undefined) throw new CalcFieldError(name, `"${t}" is not one of ${choices.join(', ')}`);
    return hit;
  }

  /** Repeated values, or one text with the values separated by commas, semicolons or new lines. */
  list(name: string): string[] {
    const v = this.values.get(name);
    if (v === undefined) return [];
    const parts = typeof v === 'string' ? [v] : v;
    return parts.flatMap((p) => p.split(SEPARATORS)).filter((p) => p !== '');
  }

  bool(name: string): boolean {
    const v = this.values.get(name);
    if (v === undefined) return false;
    const t = typeof v === 'string' ? v.trim().toLowerCase() : '';
    if (t === 'true' || t === 'yes' || t === '1') return true;
    if (t === 'false' || t === 'no' || t === '0') return false;
    throw new CalcFieldError(name, `"${String(v)}" is not yes or no`);
  }
}
