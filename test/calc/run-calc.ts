import { expect } from 'vitest';
import { CalcFieldError, CalcRefusal, findCalculator, runCalculator, type CalcInputs, type CalcOutcome } from '../../main/core/calc/calculators.js';

/** Runs one calculator of the table over form texts, as the CLI and the screen do. */
export function run(id: string, inputs: CalcInputs): CalcOutcome {
  const calc = findCalculator(id);
  if (!calc) throw new Error(`no calculator ${id}`);
  return runCalculator(calc, inputs);
}

/** The refusal a calculator throws: the vendor would refuse the input. */
export function refusal(id: string, inputs: CalcInputs): CalcRefusal {
  try {
    run(id, inputs);
  } catch (err) {
    if (err instanceof CalcRefusal) return err;
    throw err;
  }
  throw new Error(`expected ${id} to refuse ${JSON.stringify(inputs)}`);
}

export function fieldError(id: string, inputs: CalcInputs): CalcFieldError {
  try {
    run(id, inputs);
  } catch (err) {
    if (err instanceof CalcFieldError) return err;
    throw err;
  }
  throw new Error('expected a field error');
}

/** The value of a named term (or the result). */
export function value(o: CalcOutcome, name: string): string {
  const t = o.result.name === name ? o.result : o.terms.find((x) => x.name === name);
  expect(t, `term ${name} of ${o.calculator}`).toBeDefined();
  return t!.value;
}
