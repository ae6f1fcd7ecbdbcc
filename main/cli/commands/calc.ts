import type { Decimal } from 'decimal.js';
import type { Command, Options, ParsedArgs } from '../command.js';
import { UsageError, boolFlag, json, stringFlag, stringList } from '../command.js';
import { fixed } from '../../core/money/decimal.js';
import { CalcInputError, decimalInput, wholeNumberInput } from '../../core/calc/calc-input.js';
import { CalendarDayError, parseDay } from '../../core/calc/calendar-day.js';
import { cvmRefund } from '../../core/calc/cvm-refund.js';
import { parseDiscountLadder, upgradeFee } from '../../core/calc/upgrade-fee.js';
import { trtcRefund } from '../../core/calc/trtc-refund.js';
import { meetingOrder } from '../../core/calc/meeting-order.js';
import { MEETING_LIST_PRICES } from '../../core/calc/meeting-prices.js';
import { meetingRefund } from '../../core/calc/meeting-refund.js';
import { monthlyFeeValidity } from '../../core/calc/tiw-validity.js';
import { accountFigures } from '../../core/calc/account-figures.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

interface FlagSpec {
  name: string;
  kind: 'string' | 'boolean' | 'list';
  required?: boolean;
  help: string;
}

interface Calculator {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** Extra check between flags (one of two required, …). */
  compute(get: FlagReader): { result: Record<string, Json>; text: string[] };
}

const m2 = (d: Decimal): string => fixed(d, 2);

/** Reads one calculator's flags, turning every core complaint into a message about a flag. */
class FlagReader {
  constructor(private readonly args: ParsedArgs) {}
  has(flag: string): boolean {
    return this.args.values[flag] !== undefined;
  }
  text(flag: string): string {
    const v = stringFlag(this.args, flag);
    if (v === undefined) throw new UsageError(`--${flag} is required`);
    return v;
  }
  money(flag: string, min: 'zero' | 'positive' = 'zero'): Decimal {
    return decimalInput(`--${flag}`, this.text(flag), { min });
  }
  optionalMoney(flag: string, min: 'zero' | 'positive' = 'zero'): Decimal | undefined {
    return this.has(flag) ? this.money(flag, min) : undefined;
  }
  whole(flag: string, min: number): number {
    return wholeNumberInput(`--${flag}`, this.money(flag), min);
  }
  day(flag: string): string {
    const t = this.text(flag);
    try {
      parseDay(t);
    } catch (err) {
      throw new UsageError(`--${flag}: ${(err as Error).message}`);
    }
    return t;
  }
  list(flag: string): string[] {
    return stringList(this.args, flag);
  }
  bool(flag: string): boolean {
    return boolFlag(this.args, flag);
  }
}

/** Core field names are camelCase of the flag; a field already written as `--flag` is kept. */
function flagOf(field: string): string {
  return field.startsWith('--') ? field : '--' + field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

const CALCULATORS: Calculator[] = [
  {
    name: 'cvm-refund',
    summary: 'CVM-style prepaid refund: paid + unstarted + upgrade share − used value, floored at 0',
    flags: [
      { name: 'paid', kind: 'string', required: true, help: 'cash paid for the current order (after discount and vouchers)' },
      { name: 'hourly', kind: 'string', required: true, help: 'pay-as-you-go price per hour' },
      { name: 'hours', kind: 'string', required: true, help: 'hours used in the partial month' },
      { name: 'monthly', kind: 'string', help: 'monthly price, with --months-used' },
      { name: 'months-used', kind: 'string', help: 'whole months used, charged at --monthly' },
      { name: 'bandwidth-hourly', kind: 'string', help: 'separately billed bandwidth, price per hour' },
      { name: 'unstarted', kind: 'string', help: 'cash paid for renewals not yet started' },
      { name: 'upgrade-paid', kind: 'string', help: 'cash paid for an upgrade in the period' },
      { name: 'upgrade-days-left', kind: 'string', help: 'days of the upgrade left' },
      { name: 'first-refund', kind: 'boolean', help: "the account's first refund, within 5 days of purchase" },
    ],
    compute(g) {
      const input = {
        paid: g.money('paid'),
        hourly: g.money('hourly'),
        hours: g.money('hours'),
        monthly: g.optionalMoney('monthly'),
        monthsUsed: g.optionalMoney('months-used'),
        bandwidthHourly: g.optionalMoney('bandwidth-hourly'),
        unstarted: g.optionalMoney('unstarted'),
        upgradePaid: g.optionalMoney('upgrade-paid'),
        upgradeDaysLeft: g.optionalMoney('upgrade-days-left'),
        firstRefund: g.bool('first-refund'),
      };
      const r = cvmRefund(input);
      const result = {
        input: {
          paid: m2(input.paid), hourly: input.hourly.toString(), hours: input.hours.toString(),
          monthly: input.monthly ? m2(input.monthly) : null, monthsUsed: input.monthsUsed?.toString() ?? null,
          bandwidthHourly: input.bandwidthHourly?.toString() ?? null, unstarted: m2(r.unstarted),
          upgradePaid: input.upgradePaid ? m2(input.upgradePaid) : null, upgradeDaysLeft: input.upgradeDaysLeft?.toString() ?? null,
          firstRefund: input.firstRefund,
        },
        rule: r.rule,
        monthsValue: m2(r.monthsValue), hoursValue: m2(r.hoursValue), bandwidthValue: m2(r.bandwidthValue),
        usedValue: m2(r.usedValue), upgradeRefund: m2(r.upgradeRefund), unfloored: m2(r.unfloored),
        refund: m2(r.refund), paidBackAs: r.paidBackAs,
      };
      const text =
        r.rule === 'first-refund-within-5-days'
          ? [`first refund within 5 days: full cash paid back`, `refund = ${m2(r.refund)} (as cash)`]
          : [
              `used value = months ${m2(r.monthsValue)} + hours ${m2(r.hoursValue)} + bandwidth ${m2(r.bandwidthValue)} = ${m2(r.usedValue)}`,
              `refund = paid ${m2(input.paid)} + unstarted ${m2(r.unstarted)} + upgrade share ${m2(r.upgradeRefund)} − used ${m2(r.usedValue)} = ${m2(r.unfloored)}`,
              `refund (floored at 0) = ${m2(r.refund)}, paid back as ${r.paidBackAs}`,
            ];
      return { result, text };
    },
  },
  {
    name: 'upgrade',
    summary: 'prepaid upgrade fee: (new − old monthly) × days ÷ (365 ÷ 12) × discount',
    flags: [
      { name: 'old-monthly', kind: 'string', required: true, help: 'monthly list price at purchase' },
      { name: 'new-monthly', kind: 'string', required: true, help: "today's monthly list price of the new configuration" },
      { name: 'from', kind: 'string', required: true, help: 'upgrade day, YYYY-MM-DD' },
      { name: 'to', kind: 'string', required: true, help: 'expiry day, YYYY-MM-DD' },
      { name: 'discounts', kind: 'string', required: true, help: 'term ladder MONTHS:DISCOUNT,… e.g. 1:1,2:0.9,3:0.8' },
    ],
    compute(g) {
      const input = {
        oldMonthly: g.money('old-monthly'), newMonthly: g.money('new-monthly'),
        from: g.day('from'), to: g.day('to'), discounts: parseDiscountLadder('--discounts', g.text('discounts')),
      };
      const r = upgradeFee(input);
      const result = {
        input: {
          oldMonthly: m2(input.oldMonthly), newMonthly: m2(input.newMonthly), from: input.from, to: input.to,
          discounts: input.discounts.map((d) => ({ months: d.months, discount: d.discount.toString() })),
        },
        days: r.days, months: r.months, rung: r.rung, discount: r.discount.toString(),
        priceDifference: m2(r.priceDifference), daysPerMonth: fixed(r.daysPerMonth, 8), fee: m2(r.fee),
      };
      const text = [
        `days = ${input.to} − ${input.from} = ${r.days}; whole months = ${r.months}; discount = ${r.discount.toString()}${r.rung === null ? ' (shorter than every rung)' : ` (rung ${r.rung} months)`}`,
        `fee = ${m2(r.priceDifference)} × ${r.days} ÷ (365 ÷ 12) × ${r.discount.toString()} = ${m2(r.fee)}`,
      ];
      return { result, text };
    },
  },
  {
    name: 'trtc-refund',
    summary: 'TRTC package refund: paid − minutes × band price × discount, floored at 0',
    flags: [
      { name: 'paid', kind: 'string', required: true, help: 'cash actually paid' },
      { name: 'used-minutes', kind: 'string', required: true, help: 'minutes consumed' },
      { name: 'discount', kind: 'string', help: 'negotiated discount (default 1)' },
    ],
    compute(g) {
      const input = { paid: g.money('paid'), usedMinutes: g.money('used-minutes'), discount: g.optionalMoney('discount', 'positive') ?? decimalInput('--discount', '1') };
      const r = trtcRefund(input);
      const result = {
        input: { paid: m2(input.paid), usedMinutes: input.usedMinutes.toString(), discount: input.discount.toString() },
        unitPrice: fixed(r.unitPrice, 8), usedValue: m2(r.usedValue), unfloored: m2(r.unfloored), refund: m2(r.refund),
      };
      const text = [
        `used value = ${input.usedMinutes.toString()} min × ${fixed(r.unitPrice, 8)} × ${input.discount.toString()} = ${m2(r.usedValue)}`,
        `refund = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.unfloored)} → ${m2(r.refund)}`,
      ];
      return { result, text };
    },
  },
  {
    name: 'meeting-order',
    summary: 'Tencent Meeting order: Σ quantity × list price × years (or months)',
    flags: [
      { name: 'item', kind: 'list', required: true, help: `NAME:QTY; NAME one of ${Object.keys(MEETING_LIST_PRICES).join(', ')}` },
      { name: 'years', kind: 'string', help: 'term in years' },
      { name: 'months', kind: 'string', help: 'term in months (instead of --years)' },
    ],
    compute(g) {
      if (g.has('years') === g.has('months')) throw new UsageError('give exactly one of --years and --months');
      const term = g.has('years') ? { unit: 'year' as const, count: g.whole('years', 1) } : { unit: 'month' as const, count: g.whole('months', 1) };
      const items = g.list('item').map((spec) => {
        const mm = /^([a-z0-9-]+):(.+)$/.exec(spec);
        if (!mm) throw new UsageError(`--item: "${spec}" is not NAME:QTY`);
        return { item: mm[1]!, quantity: decimalInput('--item', mm[2]!) };
      });
      const r = meetingOrder({ items, term });
      const result = {
        input: { items: items.map((i) => ({ item: i.item, quantity: i.quantity.toString() })), term: { unit: term.unit, count: term.count } },
        lines: r.lines.map((l) => ({ item: l.item, label: l.label, quantity: l.quantity.toString(), listPrice: m2(l.listPrice), count: term.count, amount: m2(l.amount) })),
        total: m2(r.total),
      };
      const text = [
        ...r.lines.map((l) => `${l.item}: ${l.quantity.toString()} × ${m2(l.listPrice)} × ${term.count} ${term.unit}(s) = ${m2(l.amount)}`),
        `total = ${m2(r.total)}`,
      ];
      return { result, text };
    },
  },
  {
    name: 'meeting-refund',
    summary: 'Tencent Meeting refund: paid − used days ÷ total days × paid (a partial day counts whole)',
    flags: [
      { name: 'paid', kind: 'string', required: true, help: 'cash paid after discounts and vouchers' },
      { name: 'used-days', kind: 'string', required: true, help: 'days used (a fraction is rounded up)' },
      { name: 'total-days', kind: 'string', required: true, help: 'days in the order' },
    ],
    compute(g) {
      const input = { paid: g.money('paid'), usedDays: g.money('used-days'), totalDays: g.money('total-days', 'positive') };
      const r = meetingRefund(input);
      const result = {
        input: { paid: m2(input.paid), usedDays: input.usedDays.toString(), totalDays: input.totalDays.toString() },
        chargedDays: r.chargedDays.toString(), usedValue: m2(r.usedValue), refund: m2(r.refund),
      };
      const text = [`refund = ${m2(input.paid)} − ${r.chargedDays.toString()} ÷ ${input.totalDays.toString()} × ${m2(input.paid)} = ${m2(input.paid)} − ${m2(r.usedValue)} = ${m2(r.refund)}`];
      return { result, text };
    },
  },
  {
    name: 'tiw-validity',
    summary: 'whiteboard monthly fee validity: trial, paid months (until = first day not covered)',
    flags: [
      { name: 'trial-start', kind: 'string', help: 'free trial applied on, YYYY-MM-DD' },
      { name: 'purchase', kind: 'list', required: true, help: 'YYYY-MM-DD:MONTHS, purchases and renewals in order' },
    ],
    compute(g) {
      const trialStart = g.has('trial-start') ? g.day('trial-start') : null;
      const purchases = g.list('purchase').map((spec) => {
        const mm = /^(\d{4}-\d{2}-\d{2}):(\d+)$/.exec(spec);
        if (!mm) throw new UsageError(`--purchase: "${spec}" is not YYYY-MM-DD:MONTHS`);
        try {
          parseDay(mm[1]!);
        } catch (err) {
          throw new UsageError(`--purchase: ${(err as Error).message}`);
        }
        return { date: mm[1]!, months: wholeNumberInput('--purchase', decimalInput('--purchase', mm[2]!), 1) };
      });
      const v = monthlyFeeValidity({ trialStart, purchases });
      const result = {
        input: { trialStart, purchases },
        untilIsExclusive: true,
        trialStart: v.trial?.from ?? null, trialEnd: v.trial?.until ?? null,
        validFrom: v.validFrom, validUntil: v.validUntil,
        periods: v.periods.map((p) => ({ from: p.from, until: p.until, purchase: p.purchase })),
      };
      const text = [
        ...(v.trial ? [`trial: ${v.trial.from} until ${v.trial.until}`] : []),
        ...v.periods.map((p, i) => `month ${i + 1}: ${p.from} until ${p.until} (purchase ${p.purchase + 1})`),
        `valid from ${v.validFrom ?? '-'} until ${v.validUntil ?? '-'} (the until day is the first day not covered)`,
      ];
      return { result, text };
    },
  },
  {
    name: 'account',
    summary: 'account sheet: available, withdrawable, invoiceable',
    flags: [
      { name: 'cash', kind: 'string', required: true, help: 'cash balance' },
      { name: 'income', kind: 'string', required: true, help: 'income transfer balance' },
      { name: 'gift', kind: 'string', required: true, help: 'gift (赠送金) balance' },
      { name: 'frozen', kind: 'string', required: true, help: 'frozen amount' },
      { name: 'arrears', kind: 'string', required: true, help: 'arrears' },
      { name: 'invoice-arrears', kind: 'string', required: true, help: 'invoice arrears' },
      { name: 'revenue-share', kind: 'string', required: true, help: 'revenue-share balance' },
      { name: 'cash-consumption', kind: 'string', required: true, help: 'cash consumption' },
      { name: 'invoiced', kind: 'string', required: true, help: 'amount invoiced' },
    ],
    compute(g) {
      const input = {
        cash: g.money('cash'), income: g.money('income'), gift: g.money('gift'), frozen: g.money('frozen'), arrears: g.money('arrears'),
        invoiceArrears: g.money('invoice-arrears'), revenueShare: g.money('revenue-share'), cashConsumption: g.money('cash-consumption'), invoiced: g.money('invoiced'),
      };
      const r = accountFigures(input);
      const result = {
        input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, m2(v)])),
        available: m2(r.available), frozenOnCash: m2(r.frozenOnCash), withdrawable: m2(r.withdrawable), invoiceable: m2(r.invoiceable),
      };
      const text = [
        `available = (${m2(input.cash)} + ${m2(input.income)} + ${m2(input.gift)}) − ${m2(input.frozen)} − ${m2(input.arrears)} = ${m2(r.available)}`,
        `withdrawable = ${m2(input.cash)} − ${m2(input.invoiceArrears)} − (${m2(input.frozen)} − ${m2(input.gift)} − ${m2(input.revenueShare)}) = ${m2(r.withdrawable)}`,
        `invoiceable = ${m2(input.cashConsumption)} − ${m2(input.invoiced)} = ${m2(r.invoiceable)}${r.invoiceable.isNegative() ? ' (欠票)' : ''}`,
      ];
      return { result, text };
    },
  },
];

function allOptions(): Options {
  const options: Options = { json: { type: 'boolean' } };
  for (const c of CALCULATORS) {
    for (const f of c.flags) {
      options[f.name] = f.kind === 'boolean' ? { type: 'boolean' } : f.kind === 'list' ? { type: 'string', multiple: true } : { type: 'string' };
    }
  }
  return options;
}

function helpText(): string {
  const lines = ['Usage: billrecon calc NAME [flags] [--json]', '', 'Recompute a vendor refund, fee or balance and show each term of the formula.', ''];
  for (const c of CALCULATORS) {
    lines.push(`${c.name}: ${c.summary}`);
    for (const f of c.flags) {
      const flag = f.kind === 'boolean' ? `--${f.name}` : `--${f.name} VALUE`;
      lines.push(`    ${(flag + (f.required ? '' : ' (optional)')).padEnd(40)} ${f.help}${f.kind === 'list' ? ' (repeatable)' : ''}`);
    }
    lines.push('');
  }
  lines.push('--json prints the inputs, every term and the result; money as decimal strings with 2 decimals.');
  lines.push('Exit status: 0 ok, 2 bad input (the message names the flag).');
  return lines.join('\n') + '\n';
}

export const command: Command = {
  name: 'calc',
  summary: 'refund, upgrade, order, account and whiteboard-validity calculators',
  help: helpText(),
  options: allOptions(),
  positionals: true,
  async run(args, io) {
    const [name, ...extra] = args.positionals;
    const calc = CALCULATORS.find((c) => c.name === name);
    if (!calc) throw new UsageError(`${name === undefined ? 'name a calculator' : `unknown calculator '${name}'`}; one of ${CALCULATORS.map((c) => c.name).join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const own = new Set(['json', ...calc.flags.map((f) => f.name)]);
    for (const [flag, value] of Object.entries(args.values)) {
      if (value !== undefined && !own.has(flag)) throw new UsageError(`--${flag} is not a flag of calc ${calc.name}; run 'billrecon calc --help'`);
    }
    for (const f of calc.flags) {
      if (f.required && args.values[f.name] === undefined) throw new UsageError(`--${f.name} is required for calc ${calc.name}`);
    }
    let out: { result: Record<string, Json>; text: string[] };
    try {
      out = calc.compute(new FlagReader(args));
    } catch (err) {
      if (err instanceof CalcInputError) throw new UsageError(`${flagOf(err.field)}: ${err.message.replace(/^--[a-z-]+: /, '')}`);
      if (err instanceof CalendarDayError) throw new UsageError(`${calc.name === 'tiw-validity' ? '--purchase' : '--from/--to'}: ${err.message}`);
      throw err;
    }
    if (boolFlag(args, 'json')) io.stdout(json({ calculator: calc.name, ...out.result }));
    else io.stdout(`calc ${calc.name}\n` + out.text.map((l) => `  ${l}`).join('\n') + '\n');
    return 0;
  },
};
