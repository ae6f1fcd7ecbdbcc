import { CalcFieldError, FieldReader } from '../calculator-fields.js';
import { CalendarDayError } from '../calendar-day.js';
import { monthlyFeeValidity } from '../tiw-validity.js';
import { field, type CalcTerm, type Calculator } from '../outcome.js';

const PURCHASE = /^(\d{4}-\d{2}-\d{2}):(\d+)$/;

export const tiwValidityCalc: Calculator = {
  id: 'tiw-validity',
  title: 'Whiteboard monthly-fee validity',
  summary: 'whiteboard monthly fee validity: trial, paid months (until = first day not covered)',
  fields: [
    field('trial-start', 'Free trial applied on', 'date', 'free trial applied on, YYYY-MM-DD'),
    field('purchase', 'Purchases (YYYY-MM-DD:MONTHS)', 'list', 'YYYY-MM-DD:MONTHS, purchases and renewals in order', { required: true, example: '2020-07-31:1, 2020-08-25:1' }),
  ],
  compute(g) {
    const trialStart = g.optionalDay('trial-start');
    const purchases = g.list('purchase').map((spec) => {
      const mm = PURCHASE.exec(spec);
      if (!mm) throw new CalcFieldError('purchase', `"${spec}" is not YYYY-MM-DD:MONTHS`);
      const one = new FieldReader([{ name: 'purchase', label: '', kind: 'date', required: true, help: '' }], { purchase: mm[1]! });
      const months = Number(mm[2]);
      if (months < 1) throw new CalcFieldError('purchase', `months must be a whole number ≥ 1, got ${mm[2]!}`);
      return { date: one.day('purchase'), months };
    });
    let v: ReturnType<typeof monthlyFeeValidity>;
    try {
      v = monthlyFeeValidity({ trialStart, purchases });
    } catch (err) {
      throw err instanceof CalendarDayError ? new CalcFieldError('purchase', err.message) : err;
    }
    const terms: CalcTerm[] = [
      ...(v.trial ? [{ name: 'trial', label: 'Free trial (15 days)', value: `${v.trial.from} → ${v.trial.until}` }] : []),
      ...v.periods.map((p, i) => ({ name: `month${i + 1}`, label: `Month ${i + 1} (purchase ${p.purchase + 1})`, value: `${p.from} → ${p.until}` })),
    ];
    return {
      calculator: 'tiw-validity',
      terms,
      result: { name: 'validUntil', label: 'Service stops on', value: v.validUntil ?? '-', expression: `valid from ${v.validFrom ?? '-'}` },
      currency: null,
      formula: 'each month runs from the anchored day T to day T of the next month, clamped to the month end; a fee bought during the trial starts when the trial ends; a renewal after expiry starts on its own day',
      lines: [
        ...(v.trial ? [`trial: ${v.trial.from} until ${v.trial.until}`] : []),
        ...v.periods.map((p, i) => `month ${i + 1}: ${p.from} until ${p.until} (purchase ${p.purchase + 1})`),
        `valid from ${v.validFrom ?? '-'} until ${v.validUntil ?? '-'} (the until day is the first day not covered)`,
      ],
      notes: ['the "until" day is the first day not covered (the vendor writes the day before as "valid to")'],
      json: {
        input: { trialStart, purchases },
        untilIsExclusive: true,
        trialStart: v.trial?.from ?? null, trialEnd: v.trial?.until ?? null,
        validFrom: v.validFrom, validUntil: v.validUntil,
        periods: v.periods.map((p) => ({ from: p.from, until: p.until, purchase: p.purchase })),
      },
    };
  },
};

