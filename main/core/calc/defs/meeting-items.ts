import { money, type Money } from '../../money/decimal.js';
import { CalcFieldError, type FieldReader } from '../calculator-fields.js';
import type { Term } from '../meeting-catalog.js';
import type { MeetingLineInput } from '../meeting-order.js';

/** `ID:QTY` or `ID:QTY:TERM` (TERM `2y`, `6m`), as `--item`, `--held` and `--after` take them. */
export function itemSpecs(g: FieldReader, name: string, allowTerm: boolean): MeetingLineInput[] {
  return g.list(name).map((spec) => {
    const mm = /^([a-z0-9-]+):([^:]+)(?::(.+))?$/.exec(spec);
    if (!mm) throw new CalcFieldError(name, `"${spec}" is not ID:QTY${allowTerm ? '[:TERM]' : ''}`);
    const q = mm[2]!;
    if (!/^[+-]?\d+(\.\d*)?$/.test(q)) throw new CalcFieldError(name, `"${q}" is not a number`);
    const line: MeetingLineInput = { item: mm[1]!, quantity: money(q) };
    if (mm[3] === undefined) return line;
    if (!allowTerm) throw new CalcFieldError(name, `"${spec}": a held item takes no term`);
    const t = /^(\d+)([ym])$/.exec(mm[3]);
    if (!t || Number(t[1]) < 1) throw new CalcFieldError(name, `"${mm[3]}" is not a term like 1y or 6m`);
    return { ...line, term: { unit: t[2] === 'y' ? 'year' : 'month', count: Number(t[1]) } };
  });
}

/** `ITEM:PRICE` contract prices. */
export function quoteSpecs(g: FieldReader): Map<string, Money> {
  const out = new Map<string, Money>();
  for (const spec of g.list('quote')) {
    const mm = /^([a-z0-9-]+):(\d+(?:\.\d+)?)$/.exec(spec);
    if (!mm) throw new CalcFieldError('quote', `"${spec}" is not ITEM:PRICE`);
    out.set(mm[1]!, money(mm[2]!));
  }
  return out;
}

/** `--years N` or `--months N`, at most one; `required` when no line carries its own. */
export function orderTerm(g: FieldReader, required: boolean): Term | undefined {
  if (g.has('years') && g.has('months')) throw new CalcFieldError('months', 'give exactly one of years and months');
  if (g.has('years')) return { unit: 'year', count: g.whole('years', 1) };
  if (g.has('months')) return { unit: 'month', count: g.whole('months', 1) };
  if (required) throw new CalcFieldError('years', 'give exactly one of years and months');
  return undefined;
}

export const specJson = (l: MeetingLineInput) => ({ item: l.item, quantity: l.quantity.toString(), ...(l.term ? { term: { unit: l.term.unit, count: l.term.count } } : {}) });
