import { fixed } from '../../money/decimal.js';
import { parseDiscountLadder, upgradeFee } from '../upgrade-fee.js';
import { field, m2, type Calculator } from '../outcome.js';

export const upgradeCalc: Calculator = {
  id: 'upgrade',
  title: 'Prepaid upgrade fee',
  summary: 'prepaid upgrade fee: (new − old monthly) × days ÷ (365 ÷ 12) × discount of the whole calendar months left',
  fields: [
    field('old-monthly', 'Old monthly list price', 'decimal', 'monthly list price at purchase', { required: true }),
    field('new-monthly', 'New monthly list price', 'decimal', "today's monthly list price of the new configuration", { required: true }),
    field('from', 'Upgrade day', 'date', 'upgrade day, YYYY-MM-DD', { required: true }),
    field('to', 'Expiry day', 'date', 'expiry day, YYYY-MM-DD', { required: true }),
    field('discounts', 'Discount ladder (MONTHS:DISCOUNT)', 'list', 'term ladder MONTHS:DISCOUNT,… e.g. 1:1,2:0.9,3:0.8', { required: true, example: '1:1,2:0.9,3:0.8' }),
  ],
  compute(g) {
    const input = {
      oldMonthly: g.decimal('old-monthly'),
      newMonthly: g.decimal('new-monthly'),
      from: g.day('from'),
      to: g.day('to'),
      discounts: parseDiscountLadder('discounts', g.list('discounts').join(',')),
    };
    const r = upgradeFee(input);
    const rungText = r.rung === null ? 'no rung: list price' : `rung ${r.rung} months${r.months === 0 ? ' (Decision C6-N0: less than a whole month takes the 1-month rung)' : ''}`;
    return {
      calculator: 'upgrade',
      terms: [
        { name: 'priceDifference', label: 'New − old monthly price', value: m2(r.priceDifference), expression: `${m2(input.newMonthly)} − ${m2(input.oldMonthly)}` },
        { name: 'days', label: 'Upgrade days', value: String(r.days), expression: `${input.to} − ${input.from}` },
        { name: 'daysPerMonth', label: 'Days per month (365 ÷ 12)', value: fixed(r.daysPerMonth, 8) },
        { name: 'months', label: 'Whole months', value: String(r.months) },
        { name: 'discount', label: 'Discount', value: r.discount.toString(), expression: rungText },
      ],
      result: { name: 'fee', label: 'Upgrade fee', value: m2(r.fee), expression: `${m2(r.priceDifference)} × ${r.days} ÷ (365 ÷ 12) × ${r.discount.toString()}` },
      currency: null,
      formula: 'fee = (new monthly − old monthly) × upgrade days ÷ (365 ÷ 12) × discount of the longest term not exceeding the days',
      lines: [
        `days = ${input.to} − ${input.from} = ${r.days}; whole months = ${r.months}; discount = ${r.discount.toString()} (${rungText})`,
        `fee = ${m2(r.priceDifference)} × ${r.days} ÷ (365 ÷ 12) × ${r.discount.toString()} = ${m2(r.fee)}`,
      ],
      notes: ["an upgrade does not change the expiry date; the new price is today's, the old one the price at purchase; activity-bought resources use the same formula"],
      json: {
        input: {
          oldMonthly: m2(input.oldMonthly), newMonthly: m2(input.newMonthly), from: input.from, to: input.to,
          discounts: input.discounts.map((d) => ({ months: d.months, discount: d.discount.toString() })),
        },
        days: r.days, months: r.months, rung: r.rung, discount: r.discount.toString(),
        priceDifference: m2(r.priceDifference), daysPerMonth: fixed(r.daysPerMonth, 8), fee: m2(r.fee),
      },
    };
  },
};

