import { fixed, money, type Money } from '../../money/decimal.js';
import { CalcFieldError, type FieldReader } from '../calculator-fields.js';
import { billingRules } from '../billing-rules.js';
import {
  FREEZE_DAYS,
  TRAFFIC_FACTORS,
  arrearsStages,
  cyclesOf,
  deductionDay,
  lateRelease,
  monthlySettledFreeze,
  releaseDeadline,
  settlementFreeze,
  settlementFreezeFlag,
  type ArrearsBilling,
  type Freeze,
} from '../freeze.js';
import { field, m2, term, type CalcOutcome, type CalcTerm, type Calculator, type Json } from '../outcome.js';

const RELEASED_ON = field('released-on', 'Resource released on', 'date', 'the day the resource was released, YYYY-MM-DD: its freeze is back by the 3rd of the next month');
const FREED_ON = field('freed-on', 'Freeze released on', 'date', 'the day the freeze actually came back, YYYY-MM-DD, to check it');

/** The release of a freeze after the resource is released (5D), when the days are given. */
function releaseCheck(g: FieldReader): { terms: CalcTerm[]; notes: string[]; json: Record<string, Json> } {
  if (!g.has('released-on')) {
    if (g.has('freed-on')) throw new CalcFieldError('released-on', 'is needed to check the day the freeze came back');
    return { terms: [], notes: [], json: {} };
  }
  const releasedOn = g.day('released-on');
  const deadline = releaseDeadline(releasedOn);
  const late = g.has('freed-on') ? lateRelease(releasedOn, g.day('freed-on')) : null;
  return {
    terms: [term('releaseBy', 'Freeze back by', deadline, `3rd of the month after ${releasedOn}`)],
    notes: [`Decision 5D-RELEASE: the freeze comes back by ${deadline} at the latest (earlier is fine; 5G #9)`, ...(late ? [late.text] : [])],
    json: { release: { releasedOn, by: deadline, ...(g.has('freed-on') ? { freedOn: g.day('freed-on'), late: late !== null } : {}) } },
  };
}

function monthlyOutcome(g: FieldReader, type: 'device' | 'traffic', r: Freeze, base: CalcTerm[], expression: string, input: Record<string, Json>): CalcOutcome {
  const on = g.optionalDay('on');
  const flag = on ? settlementFreezeFlag(on) : null;
  const release = releaseCheck(g);
  return {
    calculator: 'freeze',
    terms: [...base, term('exact', 'Before rounding', fixed(r.exact, 8), expression), ...(on ? [term('deductedOn', 'Last month deducted on', deductionDay(on))] : []), ...release.terms],
    result: { name: 'freeze', label: 'Freeze', value: m2(r.freeze), expression },
    currency: null,
    formula: type === 'device' ? `device type: freeze = units on the last day of last month × ${FREEZE_DAYS} × unit price` : "traffic type: freeze = last month's fee × 1 (or × 1.2)",
    lines: [`freeze = ${expression} = ${fixed(r.exact, 8)} → ${m2(r.freeze)}`],
    notes: [
      ...(on ? ['last month is deducted on the 1st; the 3rd is only the day old (pre-2020) settlement freezes came back (5G #10)'] : []),
      ...(flag ? [flag.text] : []),
      ...release.notes,
    ],
    json: { input: { ...input, ...(on ? { on } : {}) }, ...(type === 'device' ? { days: FREEZE_DAYS } : {}), exact: fixed(r.exact, 8), freeze: m2(r.freeze), ...(flag ? { flag: flag.text } : {}), ...release.json },
  };
}

const freezeCalc: Calculator = {
  id: 'freeze',
  title: 'Freeze for monthly-settled postpaid',
  summary: "freeze for monthly-settled postpaid: device units on the last day × 30 × unit price, or last month's traffic fee × 1 or × 1.2 (expected only before 2020-04-23)",
  fields: [
    field('type', 'Resource type', 'choice', 'device (units × 30 × unit price) or traffic (last month × factor)', { required: true, choices: ['device', 'traffic'] }),
    field('units', 'Units on the last day of last month', 'decimal', 'device type: units in use on the last day of last month', { example: '3' }),
    field('unit-price', 'Unit price per day', 'decimal', 'device type: price per unit and day'),
    field('last-month-fee', "Last month's fee", 'decimal', "traffic type: last month's fee"),
    field('factor', 'Factor', 'choice', 'traffic type: 1 (default) or 1.2', { choices: TRAFFIC_FACTORS }),
    field('on', 'Frozen on', 'date', 'the settlement day the freeze was set, YYYY-MM-DD (checks that such freezes still existed)'),
    RELEASED_ON,
    FREED_ON,
  ],
  compute(g): CalcOutcome {
    const type = g.choice('type', ['device', 'traffic'] as const);
    const own = type === 'device' ? ['units', 'unit-price'] : ['last-month-fee'];
    for (const f of ['units', 'unit-price', 'last-month-fee', 'factor']) {
      if (g.has(f) && !own.includes(f) && !(type === 'traffic' && f === 'factor')) throw new CalcFieldError(f, `is not used for a ${type}-type freeze`);
    }
    for (const f of own) if (!g.has(f)) throw new CalcFieldError(f, `is required for a ${type}-type freeze`);
    if (type === 'device') {
      const [units, unitPrice] = [g.decimal('units'), g.decimal('unit-price')];
      const r = monthlySettledFreeze({ type, unitsLastDay: units, unitPrice });
      const base = [term('units', 'Units on the last day of last month', units.toString()), term('days', 'Days', String(FREEZE_DAYS)), term('unitPrice', 'Unit price per day', unitPrice.toString())];
      return monthlyOutcome(g, type, r, base, `${units.toString()} × ${FREEZE_DAYS} × ${unitPrice.toString()}`, { type, units: units.toString(), unitPrice: unitPrice.toString() });
    }
    const lastMonthFee = g.decimal('last-month-fee');
    const factor = money(g.choiceOr('factor', TRAFFIC_FACTORS, '1'));
    const r = monthlySettledFreeze({ type, lastMonthFee, factor });
    const base = [term('lastMonthFee', "Last month's fee", m2(lastMonthFee)), term('factor', 'Factor', factor.toString())];
    return monthlyOutcome(g, type, r, base, `${m2(lastMonthFee)} × ${factor.toString()}`, { type, lastMonthFee: m2(lastMonthFee), factor: factor.toString() });
  },
};

const PRODUCTS = [...Object.keys(billingRules().freezes.cyclesByProduct), 'other'];

function reconfigured(cycleFee: Money, newFee: Money | undefined, cycles: number): CalcTerm[] {
  if (!newFee) return [];
  return [term('released', 'Released (old configuration)', m2(settlementFreeze(cycleFee, cycles))), term('frozenAgain', 'Frozen again at the new price', m2(settlementFreeze(newFee, cycles)), `${m2(newFee)} × ${cycles}`)];
}

const paygFreezeCalc: Calculator = {
  id: 'payg-freeze',
  title: 'Freeze for hourly or daily settlement',
  summary: "freeze for hourly or daily settlement: 1–2 cycles' estimated fee at purchase (a pay-as-you-go CVM: one hour of host fee); a new configuration freezes again",
  fields: [
    field('settlement', 'Settlement cycle', 'choice', 'hourly or daily', { required: true, choices: ['hourly', 'daily'] }),
    field('cycle-fee', 'Estimated fee per cycle', 'decimal', 'estimated fee of one settlement cycle (an hour or a day)', { required: true, example: '0.42' }),
    field('product', 'Product', 'choice', `the product, for its number of cycles (${PRODUCTS.join(', ')}; default 1 cycle)`, { choices: PRODUCTS }),
    field('cycles', 'Cycles frozen', 'integer', 'cycles frozen, 1 or 2 (default: the product table, else 1)'),
    field('new-cycle-fee', 'New fee per cycle', 'decimal', 'after a configuration change: the new estimated fee per cycle'),
    RELEASED_ON,
    FREED_ON,
  ],
  compute(g): CalcOutcome {
    const settlement = g.choice('settlement', ['hourly', 'daily'] as const);
    const cycleFee = g.decimal('cycle-fee');
    const product = g.has('product') ? g.choice('product', PRODUCTS) : null;
    const cycles = g.optionalWhole('cycles', 1) ?? cyclesOf(product);
    if (cycles > 2) throw new CalcFieldError('cycles', `1 or 2 settlement cycles are frozen, got ${cycles}`);
    const newFee = g.optionalDecimal('new-cycle-fee');
    const frozen = settlementFreeze(newFee ?? cycleFee, cycles);
    const release = releaseCheck(g);
    return {
      calculator: 'payg-freeze',
      terms: [term('cycleFee', 'Estimated fee per cycle', m2(cycleFee)), term('cycles', 'Cycles frozen', String(cycles), g.has('cycles') ? undefined : 'Decision 5D-CYCLES: product table, default 1'), ...reconfigured(cycleFee, newFee, cycles), ...release.terms],
      result: { name: 'freeze', label: 'Freeze', value: m2(frozen), expression: `${m2(newFee ?? cycleFee)} × ${cycles}` },
      currency: null,
      formula: `${settlement} settlement: freeze = estimated fee per cycle × cycles (1–2); a new configuration releases the old freeze and freezes again at the new price`,
      lines: [`freeze = ${m2(newFee ?? cycleFee)} × ${cycles} = ${m2(frozen)}`],
      notes: [
        'a freeze is not consumption: it is taken from cash and gift balances, never from vouchers or coupons; releasing the resource releases it',
        'a prepaid order is frozen until delivery, then released and deducted to pay the order',
        ...release.notes,
      ],
      json: { input: { settlement, cycleFee: m2(cycleFee), product, cycles, newCycleFee: newFee ? m2(newFee) : null }, freeze: m2(frozen), ...(newFee ? { released: m2(settlementFreeze(cycleFee, cycles)) } : {}), ...release.json },
    };
  },
};

const STAGE_LABELS: Record<string, string> = {
  protection: 'Protection from',
  suspended: 'Suspended from',
  reclaimed: 'Reclaimed from',
  stopped: 'Stopped on',
  'recoverable-until': 'Recoverable through',
  destroyed: 'Destroyed on',
};

const arrearsStagesCalc: Calculator = {
  id: 'arrears-stages',
  title: 'Arrears and expiry stages',
  summary: 'when a resource in arrears is suspended and reclaimed (hourly: ~2 h then ~24 h; daily: ~1 day then ~30 days), and when an expired prepaid one is destroyed (day 8)',
  fields: [
    field('billing', 'Billing', 'choice', 'hourly or daily (postpaid in arrears), or prepaid (expired)', { required: true, choices: ['hourly', 'daily', 'prepaid'] }),
    field('since', 'Arrears began / expiry day', 'date', 'when the arrears began (YYYY-MM-DD HH:MM), or the prepaid expiry day', { required: true }),
  ],
  compute(g) {
    const billing = g.choice('billing', ['hourly', 'daily', 'prepaid'] as const satisfies readonly ArrearsBilling[]);
    const from = g.moment('since').text;
    const stages = arrearsStages(billing, from);
    const last = stages[stages.length - 1]!;
    return {
      calculator: 'arrears-stages',
      terms: stages.slice(0, -1).map((s) => term(s.stage, STAGE_LABELS[s.stage]!, s.from)),
      result: term(last.stage, STAGE_LABELS[last.stage]!, last.from),
      currency: null,
      formula: billing === 'prepaid' ? 'stopped on the expiry day, recoverable through day 7 after it, destroyed on day 8' : `${billing} billing: protection, then suspension, then the resources are reclaimed`,
      lines: stages.map((s) => `${STAGE_LABELS[s.stage]!}: ${s.from}`),
      notes: ['typical figures; each product sets its own (5D)'],
      json: { input: { billing, since: from }, stages: stages.map((s) => ({ stage: s.stage, from: s.from })) },
    };
  },
};

export const FREEZE_CALCULATORS = [freezeCalc, paygFreezeCalc, arrearsStagesCalc] as const;
