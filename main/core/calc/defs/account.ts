import { ZERO, type Money } from '../../money/decimal.js';
import type { FieldReader } from '../calculator-fields.js';
import { accountFigures, type AccountFigures, type AccountFiguresInput } from '../account-figures.js';
import { bankTransfer, invoiceableAfterTransfer, topUpBreaches, topUpMethods, vatKinds, vatOf } from '../account-rules.js';
import { drawConsumption } from '../consumption-draw.js';
import { breach, CalcRefusal } from '../rules.js';
import { field, m2, term, type CalcTerm, type Calculator, type Json } from '../outcome.js';

function consumptionDraw(g: FieldReader, input: AccountFiguresInput): { terms: CalcTerm[]; lines: string[]; notes: string[]; json: Record<string, Json> } {
  const consumption = g.optionalDecimal('consumption');
  if (consumption === undefined) return { terms: [], lines: [], notes: [], json: {} };
  const draw = drawConsumption(consumption, input.gift, input.cash);
  return {
    terms: [
      term('fromGift', 'Paid from gift (drawn first)', m2(draw.fromGift), `min(${m2(consumption)}, ${m2(input.gift)})`),
      term('fromCash', 'Paid from cash', m2(draw.fromCash), `${m2(consumption)} − ${m2(draw.fromGift)}`),
      term('giftLeft', 'Gift left', m2(draw.giftLeft), `${m2(input.gift)} − ${m2(draw.fromGift)}`),
      term('cashLeft', 'Cash left', m2(draw.cashLeft), `${m2(input.cash)} − ${m2(draw.fromCash)}`),
    ],
    lines: [`consumption ${m2(consumption)}: from gift ${m2(draw.fromGift)} (gift left ${m2(draw.giftLeft)}), from cash ${m2(draw.fromCash)} (cash left ${m2(draw.cashLeft)})`],
    notes: draw.arrears.greaterThan(0) ? [`cash does not cover the consumption: ${m2(draw.arrears)} in arrears`] : [],
    json: { consumption: { amount: m2(consumption), fromGift: m2(draw.fromGift), fromCash: m2(draw.fromCash), giftLeft: m2(draw.giftLeft), cashLeft: m2(draw.cashLeft), arrears: m2(draw.arrears) } },
  };
}

/** E3: a withdrawal request may not exceed the withdrawable amount nor be made while blocked. */
function refuseWithdrawal(g: FieldReader, r: AccountFigures): Money | null {
  const w = g.optionalDecimal('withdraw');
  if (w === undefined) return null;
  const out = [
    ...(w.greaterThan(r.withdrawable) ? [breach('E3#exceeds', { amount: m2(w), withdrawable: m2(r.withdrawable) })] : []),
    ...(r.blocked ? [breach('E3#blocked', { invoiceable: m2(r.invoiceable) })] : []),
  ];
  if (out.length > 0) throw new CalcRefusal('withdraw', out);
  return w;
}

const accountCalc: Calculator = {
  id: 'account',
  title: 'Account figures',
  summary: 'account sheet: available, withdrawable (literal, less advances, blocked), invoiceable; a withdrawal above it is refused',
  fields: [
    field('cash', 'Cash balance', 'decimal', 'cash balance', { required: true }),
    field('income', 'Income transfer balance', 'decimal', 'income transfer balance (always 0 on Tencent Cloud)', { required: true }),
    field('gift', 'Gift balance (赠送金)', 'decimal', 'gift (赠送金) balance', { required: true }),
    field('frozen', 'Frozen', 'decimal', 'frozen amount', { required: true }),
    field('arrears', 'Arrears', 'decimal', 'arrears (without unpaid advances)', { required: true }),
    field('invoice-arrears', 'Invoice arrears', 'decimal', 'invoice arrears (欠票)', { required: true }),
    field('revenue-share', 'Revenue-share balance', 'decimal', 'revenue-share balance', { required: true }),
    field('cash-consumption', 'Cash consumption', 'decimal', 'cash consumption', { required: true }),
    field('invoiced', 'Invoiced', 'decimal', 'amount invoiced', { required: true }),
    field('advances', 'Unpaid advances', 'decimal', 'unpaid advances (垫付未回款)'),
    field('consumption', 'Consumption to pay', 'decimal', 'a consumption to pay: how much comes from gift (drawn first) and how much from cash'),
    field('withdraw', 'Withdrawal asked', 'decimal', 'a withdrawal request, checked against the withdrawable amount'),
  ],
  compute(g) {
    const input: AccountFiguresInput = {
      cash: g.decimal('cash'), income: g.decimal('income'), gift: g.decimal('gift'), frozen: g.decimal('frozen'), arrears: g.decimal('arrears'),
      invoiceArrears: g.decimal('invoice-arrears'), revenueShare: g.decimal('revenue-share'), cashConsumption: g.decimal('cash-consumption'), invoiced: g.decimal('invoiced'),
      ...(g.has('advances') ? { advances: g.decimal('advances') } : {}),
    };
    const r = accountFigures(input);
    const withdraw = refuseWithdrawal(g, r);
    const draw = consumptionDraw(g, input);
    return {
      calculator: 'account',
      terms: [
        term('available', 'Available balance', m2(r.available), `(${m2(input.cash)} + ${m2(input.income)} + ${m2(input.gift)}) − ${m2(input.frozen)} − ${m2(input.arrears)}`),
        term('frozenOnCash', 'Freeze on cash', m2(r.frozenOnCash), `${m2(input.frozen)} − ${m2(input.gift)} − ${m2(input.revenueShare)}`),
        term('invoiceable', 'Invoiceable', m2(r.invoiceable), `${m2(input.cashConsumption)} − ${m2(input.invoiced)}`),
        ...(input.advances ? [term('withdrawableLessAdvances', 'Withdrawable less unpaid advances', m2(r.withdrawableLessAdvances), `${m2(r.withdrawable)} − ${m2(input.advances)}`)] : []),
        ...draw.terms,
      ],
      result: { name: 'withdrawable', label: r.blocked ? 'Withdrawable (blocked)' : 'Withdrawable', value: m2(r.withdrawable), expression: `${m2(input.cash)} − ${m2(input.invoiceArrears)} − ${m2(r.frozenOnCash)}` },
      currency: null,
      formula: 'available = (cash + income + gift) − frozen − arrears; withdrawable = cash − invoice arrears − (frozen − gift − revenue share); invoiceable = cash consumption − invoiced',
      lines: [
        `available = (${m2(input.cash)} + ${m2(input.income)} + ${m2(input.gift)}) − ${m2(input.frozen)} − ${m2(input.arrears)} = ${m2(r.available)}`,
        `withdrawable = ${m2(input.cash)} − ${m2(input.invoiceArrears)} − (${m2(input.frozen)} − ${m2(input.gift)} − ${m2(input.revenueShare)}) = ${m2(r.withdrawable)}${r.blocked ? ' (blocked)' : ''}`,
        `invoiceable = ${m2(input.cashConsumption)} − ${m2(input.invoiced)} = ${m2(r.invoiceable)}${r.invoiceable.lt(0) ? ' (欠票)' : ''}`,
        ...draw.lines,
      ],
      notes: [
        ...(r.invoiceable.lt(0) ? ['invoiceable is negative: invoices were issued ahead of consumption (欠票)'] : []),
        ...r.flags.map((b) => b.text),
        ...draw.notes,
        'Decision E3-REPORT: the literal formula, less unpaid advances, and blocked are all reported (5G #11); transfers from an agent or group admin are never withdrawable; top-ups older than 360 days only offline; no withdrawal fee',
      ],
      json: {
        input: { ...Object.fromEntries(Object.entries(input).map(([k, v]) => [k, m2(v as Money)])), ...(g.has('consumption') ? { consumption: m2(g.decimal('consumption')) } : {}) },
        available: m2(r.available), frozenOnCash: m2(r.frozenOnCash), withdrawable: m2(r.withdrawable), invoiceable: m2(r.invoiceable),
        withdrawableLessAdvances: m2(r.withdrawableLessAdvances), blocked: r.blocked, flags: r.flags.map((b) => b.text),
        ...(withdraw ? { withdraw: m2(withdraw) } : {}),
        ...draw.json,
      },
    };
  },
};

const bankTransferCalc: Calculator = {
  id: 'bank-transfer',
  title: 'Bank transfer applied',
  summary: 'bank transfer (对公汇款): credited in full, then to arrears, then to unpaid advances',
  fields: [
    field('transfer', 'Transfer received', 'decimal', 'the amount transferred', { required: true, example: '80000' }),
    field('balance', 'Balance before', 'decimal', 'the balance before (negative: arrears)', { required: true, example: '0' }),
    field('advances', 'Unpaid advances', 'decimal', 'unpaid advances (垫付未回款)', { example: '50000' }),
  ],
  compute(g) {
    const [transfer, balance, advances] = [g.decimal('transfer'), g.decimal('balance', 'any'), g.optionalDecimal('advances') ?? ZERO];
    const r = bankTransfer(transfer, balance, advances);
    return {
      calculator: 'bank-transfer',
      terms: [
        term('credited', 'Credited in full', m2(r.credited), `${m2(balance)} + ${m2(transfer)}`),
        term('toArrears', 'Repays arrears', m2(r.toArrears)),
        term('toAdvances', 'Repays unpaid advances', m2(r.toAdvances)),
        term('advancesLeft', 'Advances still owed', m2(r.advancesLeft), `${m2(advances)} − ${m2(r.toAdvances)}`),
      ],
      result: term('balance', 'Balance after', m2(r.balance), `${m2(r.credited)} − ${m2(r.toAdvances)}`),
      currency: null,
      formula: 'credited = balance + transfer (arrears repaid first); then as much of the unpaid advances as the positive balance covers',
      lines: [`credited ${m2(r.credited)}; arrears ${m2(r.toArrears)}; advances ${m2(r.toAdvances)}; balance ${m2(r.balance)}, advances still owed ${m2(r.advancesLeft)}`],
      notes: ['Decision E2-SHORT: a transfer that does not cover everything repays as much as it can, arrears first'],
      json: { input: { transfer: m2(transfer), balance: m2(balance), advances: m2(advances) }, credited: m2(r.credited), toArrears: m2(r.toArrears), toAdvances: m2(r.toAdvances), balance: m2(r.balance), advancesLeft: m2(r.advancesLeft) },
    };
  },
};

const invoiceableTransferCalc: Calculator = {
  id: 'invoiceable-transfer',
  title: 'Invoiceable after a transfer',
  summary: "agent/group transfer: the sender's invoiceable rises by the amount at once, the receiver's falls (negative: 欠票)",
  fields: [
    field('invoiceable', 'Invoiceable before', 'decimal', 'the invoiceable figure before', { required: true, example: '300.00' }),
    field('transfer', 'Transfer', 'decimal', 'the amount transferred', { required: true, example: '1000.00' }),
    field('side', 'Side', 'choice', 'sender or receiver', { required: true, choices: ['sender', 'receiver'] }),
  ],
  compute(g) {
    const [before, transfer, side] = [g.decimal('invoiceable', 'any'), g.decimal('transfer'), g.choice('side', ['sender', 'receiver'] as const)];
    const after = invoiceableAfterTransfer(before, transfer, side);
    return {
      calculator: 'invoiceable-transfer',
      terms: [term('before', 'Invoiceable before', m2(before)), term('transfer', 'Transfer', m2(transfer))],
      result: term('invoiceable', 'Invoiceable after', m2(after), `${m2(before)} ${side === 'sender' ? '+' : '−'} ${m2(transfer)}`),
      currency: null,
      formula: 'sender: invoiceable + transfer; receiver: invoiceable − transfer',
      lines: [`invoiceable = ${m2(before)} ${side === 'sender' ? '+' : '−'} ${m2(transfer)} = ${m2(after)}${after.lt(0) ? ` (欠票 ${m2(after.neg())})` : ''}`],
      notes: [
        ...(after.lt(0) ? [`invoice debt (欠票) ${m2(after.neg())}; the receiver regains normal quota after consuming the transferred money`] : []),
        'only cash actually consumed is invoiceable; unspent top-ups are not; refunds or downgrades of invoiced resources without returning the invoice also make it negative',
      ],
      json: { input: { invoiceable: m2(before), transfer: m2(transfer), side }, invoiceable: m2(after), invoiceDebt: m2(after.lt(0) ? after.neg() : ZERO) },
    };
  },
};

const vatCalc: Calculator = {
  id: 'vat',
  title: 'VAT on an invoice',
  summary: 'VAT on a tax-inclusive invoiced amount: cloud services 6%, software 13%; tax = amount × rate ÷ (1 + rate)',
  fields: [
    field('amount', 'Invoiced amount (tax included)', 'decimal', 'the invoiced amount, tax included', { required: true, example: '1060.00' }),
    field('kind', 'Kind', 'choice', `cloud (信息技术服务*云服务费, 6%) or software (软件*软件产品销售, 13%)`, { required: true, choices: vatKinds() }),
  ],
  compute(g) {
    const [amount, kind] = [g.decimal('amount', 'any'), g.choice('kind', vatKinds())];
    const v = vatOf(amount, kind);
    return {
      calculator: 'vat',
      terms: [term('rate', 'VAT rate', v.rate.toString(), `${v.category} (${v.code})`), term('net', 'Amount before tax', m2(v.net), `${m2(amount)} − ${m2(v.tax)}`)],
      result: term('tax', 'VAT', m2(v.tax), `${m2(amount)} × ${v.rate.toString()} ÷ (1 + ${v.rate.toString()})`),
      currency: null,
      formula: 'tax = amount × rate ÷ (1 + rate), 2 dp; net = amount − tax (Decision E5-INCLUSIVE)',
      lines: [`tax = ${m2(amount)} × ${v.rate.toString()} ÷ ${v.rate.plus(1).toString()} = ${m2(v.tax)}; net ${m2(v.net)}`],
      notes: [`category ${v.category}, tax code ${v.code}; rates follow tax law and cannot be changed`],
      json: { input: { amount: m2(amount), kind }, rate: v.rate.toString(), category: v.category, code: v.code, tax: m2(v.tax), net: m2(v.net) },
    };
  },
};

const topUpCalc: Calculator = {
  id: 'top-up',
  title: 'Online top-up limits',
  summary: 'online top-up: 0.01–9,999,999 per top-up; WeChat Pay / QQ Wallet 50,000 per payment and day; WeChat international card 6,000 / 10,000 / 50,000; refused (exit 2) above them',
  fields: [
    field('amount', 'Top-up amount', 'decimal', 'the amount to top up', { required: true, example: '50000' }),
    field('method', 'Payment method', 'choice', `payment method (${topUpMethods().join(', ')}); online banking: the bank's own limits`, { required: true, choices: topUpMethods() }),
    field('paid-today', 'Already today', 'decimal', 'already topped up today with this method'),
    field('paid-this-month', 'Already this month', 'decimal', 'already topped up this month with this method'),
  ],
  compute(g) {
    const [amount, method] = [g.decimal('amount'), g.choice('method', topUpMethods())];
    const [today, month] = [g.optionalDecimal('paid-today') ?? ZERO, g.optionalDecimal('paid-this-month') ?? ZERO];
    const out = topUpBreaches(amount, method, today, month);
    if (out.length > 0) throw new CalcRefusal('amount', out);
    return {
      calculator: 'top-up',
      terms: [term('today', 'Today with this one', m2(today.plus(amount))), term('month', 'This month with this one', m2(month.plus(amount)))],
      result: term('amount', 'Accepted', m2(amount)),
      currency: null,
      formula: 'a top-up within the single, per-payment, daily and monthly limits of its method is accepted',
      lines: [`${method}: ${m2(amount)} accepted`],
      notes: ['no top-up fees'],
      json: { input: { amount: m2(amount), method, paidToday: m2(today), paidThisMonth: m2(month) }, accepted: true },
    };
  },
};

export const ACCOUNT_CALCULATORS = [accountCalc, bankTransferCalc, invoiceableTransferCalc, vatCalc, topUpCalc] as const;
