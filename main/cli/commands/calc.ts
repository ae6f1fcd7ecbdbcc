import type { Command, Options, ParsedArgs } from '../command.js';
import { UsageError, boolFlag, json } from '../command.js';
import { CALCULATORS, CalcFieldError, findCalculator, runCalculator, type CalcInputs } from '../../core/calc/calculators.js';

/** The flags of every calculator: the same table the UI's calculator forms are built from. */
function allOptions(): Options {
  const options: Options = { json: { type: 'boolean' } };
  for (const c of CALCULATORS) {
    for (const f of c.fields) {
      options[f.name] = f.kind === 'boolean' ? { type: 'boolean' } : f.kind === 'list' ? { type: 'string', multiple: true } : { type: 'string' };
    }
  }
  return options;
}

function helpText(): string {
  const lines = ['Usage: billrecon calc NAME [flags] [--json]', '', 'Recompute a vendor refund, fee or balance and show each term of the formula.', ''];
  for (const c of CALCULATORS) {
    lines.push(`${c.id}: ${c.summary}`);
    for (const f of c.fields) {
      const flag = f.kind === 'boolean' ? `--${f.name}` : `--${f.name} VALUE`;
      const help = f.help + (f.choices ? ` (${f.choices.join(' | ')})` : '') + (f.kind === 'list' ? ' (repeatable)' : '');
      lines.push(`    ${(flag + (f.required ? '' : ' (optional)')).padEnd(40)} ${help}`);
    }
    lines.push('');
  }
  lines.push('--json prints the inputs, every term and the result; money as decimal strings with 2 decimals.');
  lines.push('Dates take YYYY-MM-DD; delivery, request and change times also YYYY-MM-DD HH:MM. A list flag repeats');
  lines.push('or takes its values separated by commas.');
  lines.push('Rules (SPEC-CALCULATORS.md): an input the vendor would refuse (an order, a change, a top-up, a');
  lines.push('withdrawal) exits 2 naming the flag and every rule it breaks, e.g. `--item: Q1: pro allows 1–5');
  lines.push('premium accounts, got 6`; a rule that withholds a refund or a coupon gives 0.00 with the rule in');
  lines.push('the notes (exit 0). Catalog data (Meeting editions and prices, TRTC bands, billing rules) comes');
  lines.push('from the versioned catalogs in main/core/catalog.');
  lines.push('Exit status: 0 ok, 2 bad input (the message names the flag) or refused by a rule (it names the rule).');
  return lines.join('\n') + '\n';
}

/** Flags as the plain texts a form field would hold: a boolean flag given is "true". */
function inputsOf(args: ParsedArgs): CalcInputs {
  const inputs: Record<string, string | string[]> = {};
  for (const [flag, value] of Object.entries(args.values)) {
    if (flag === 'json' || value === undefined || value === false) continue;
    inputs[flag] = value === true ? 'true' : Array.isArray(value) ? value.map(String) : String(value);
  }
  return inputs;
}

export const command: Command = {
  name: 'calc',
  summary: 'refund, upgrade, downgrade, Meeting order/change/renewal, freeze, account, VAT, top-up, coupon and whiteboard-validity calculators',
  help: helpText(),
  options: allOptions(),
  positionals: true,
  async run(args, io) {
    const [name, ...extra] = args.positionals;
    const calc = name === undefined ? undefined : findCalculator(name);
    if (!calc) throw new UsageError(`${name === undefined ? 'name a calculator' : `unknown calculator '${name}'`}; one of ${CALCULATORS.map((c) => c.id).join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const own = new Set(['json', ...calc.fields.map((f) => f.name)]);
    for (const [flag, value] of Object.entries(args.values)) {
      if (value !== undefined && !own.has(flag)) throw new UsageError(`--${flag} is not a flag of calc ${calc.id}; run 'billrecon calc --help'`);
    }
    for (const f of calc.fields) {
      if (f.required && args.values[f.name] === undefined) throw new UsageError(`--${f.name} is required for calc ${calc.id}`);
    }
    let out;
    try {
      out = runCalculator(calc, inputsOf(args));
    } catch (err) {
      if (err instanceof CalcFieldError) throw new UsageError(`--${err.field}: ${err.reason}`);
      throw err;
    }
    if (boolFlag(args, 'json')) io.stdout(json({ calculator: calc.id, ...out.json }));
    else io.stdout(`calc ${calc.id}\n` + [...out.lines, ...out.notes.map((n) => `note: ${n}`)].map((l) => `  ${l}`).join('\n') + '\n');
    return 0;
  },
};
