import { fixed } from '../../money/decimal.js';
import { latestMeetingPriceDay, meetingBook, termText } from '../meeting-catalog.js';
import { meetingChange, type MeetingChange } from '../meeting-change.js';
import { meetingOrder, type MeetingOrder } from '../meeting-order.js';
import { meetingRenewal } from '../meeting-renewal.js';
import { parseDiscountLadder } from '../upgrade-fee.js';
import { breach, CalcRefusal } from '../rules.js';
import { PRICES_ON, field, m2, term, withPriceDay, type CalcOutcome, type CalcTerm, type Calculator, type Json } from '../outcome.js';
import { itemSpecs, orderTerm, quoteSpecs, specJson } from './meeting-items.js';

const EDITIONS = [...meetingBook().editions.keys()];
const ITEM_HELP = `ID:QTY, or ID:QTY:TERM for a line with its own term (2y, 6m); ID one of ${[...meetingBook().items.keys()].join(', ')}`;
const EDITION = field('edition', 'Edition', 'choice', 'the edition ordered (default: the one of the premium-account item)', { choices: EDITIONS });
const QUOTE = field('quote', 'Contract prices (ITEM:PRICE)', 'list', 'ITEM:PRICE contract unit price, per year, month or pack as the line is bought (enterprise, education-plus and webinars above 10,000 viewers have no list price)', { example: 'large-1000:18000' });

function lineExpression(l: MeetingOrder['lines'][number]): string {
  return l.term ? `${l.quantity.toString()} × ${m2(l.unitPrice)} × ${l.term.count} ${l.term.unit}(s)` : `${l.quantity.toString()} × ${m2(l.unitPrice)} (one-off)`;
}

function orderNotes(o: MeetingOrder): string[] {
  const ed = o.edition ? meetingBook(o.pricesOn).editions.get(o.edition)! : null;
  return [
    `list prices from catalog ${o.catalog}, in force on ${o.pricesOn}; official site discounts shown at checkout override them`,
    ...(o.edition ? [`edition ${o.edition}${o.editionInferred ? ' (from the premium-account item)' : ''}; rules checked: ${o.checked.join(', ')}`] : []),
    ...(o.accounts === null && ed?.accounts !== null ? ['no premium accounts in the order: an order of add-ons for accounts held already; Q1–Q4 need the accounts and are not checked (calc meeting-change checks a change against what is held)'] : []),
    ...(ed?.note ? [`${ed.id}: ${ed.note}`] : []),
    ...(o.lines.some((l) => l.priceSource === 'quote') ? [`contract prices for ${o.lines.filter((l) => l.priceSource === 'quote').map((l) => l.item).join(', ')}`] : []),
    ...(o.phoneCredit.isZero() ? [] : [`phone packs: the price is the face value, ${m2(o.phoneCredit)} credited to the phone-service balance ("call me" and dial-in from mainland China); calling others out needs pro or above on the free page, an application through sales on the pro page (5G #13: no price effect)`]),
    ...(o.lines.some((l) => l.item === 'large-1000' && l.term?.unit === 'month') ? ['large-1000 per month is 5888.00 as every edition page prints it, 3.2 × the yearly price ÷ 12 (500: 1.2×, 2000: 2.6×): carried as printed (5G #14)'] : []),
  ];
}

const meetingOrderCalc: Calculator = {
  id: 'meeting-order',
  title: 'Tencent Meeting order',
  summary: 'Tencent Meeting order: Σ quantity × list price × years (or months); refused (exit 2) when the vendor would refuse it (Q1–Q7)',
  fields: [
    field('item', 'Items (ID:QTY)', 'list', ITEM_HELP, { required: true, example: 'business-account:10, rooms:2' }),
    EDITION,
    field('years', 'Years', 'integer', 'term in years'),
    field('months', 'Months', 'integer', 'term in months (instead of --years)'),
    QUOTE,
    PRICES_ON,
  ],
  compute(g) {
    const items = itemSpecs(g, 'item', true);
    const span = orderTerm(g, !items.every((i) => i.term || i.item.startsWith('phone-pack-')));
    const quotes = quoteSpecs(g);
    const pricesOn = g.optionalDay('prices-on') ?? latestMeetingPriceDay();
    const edition = g.has('edition') ? g.choice('edition', EDITIONS) : undefined;
    const o = withPriceDay(() => meetingOrder({ items, term: span, quotes, pricesOn, ...(edition ? { edition } : {}) }));
    const terms: CalcTerm[] = o.lines.map((l) => ({ name: l.item, label: l.label, value: m2(l.amount), expression: lineExpression(l) }));
    if (!o.phoneCredit.isZero()) terms.push(term('phoneCredit', 'Phone-service credit', m2(o.phoneCredit)));
    return {
      calculator: 'meeting-order',
      terms,
      result: { name: 'total', label: 'Total', value: m2(o.total) },
      currency: 'CNY',
      formula: 'price = Σ quantity × list price per year × years (or per month × months; a phone pack once at its face value)',
      lines: [...o.lines.map((l) => `${l.item}: ${lineExpression(l)} = ${m2(l.amount)}`), `total = ${m2(o.total)}`],
      notes: orderNotes(o),
      json: {
        input: { items: items.map(specJson), term: span ? { unit: span.unit, count: span.count } : null, ...(edition ? { edition } : {}), ...(quotes.size ? { quotes: Object.fromEntries([...quotes].map(([k, v]) => [k, m2(v)])) } : {}) },
        lines: o.lines.map((l) => ({ item: l.item, label: l.label, quantity: l.quantity.toString(), unit: l.term?.unit ?? 'one-off', count: l.term?.count ?? 1, unitPrice: m2(l.unitPrice), priceSource: l.priceSource, amount: m2(l.amount) })),
        total: m2(o.total),
        edition: o.edition,
        editionInferred: o.editionInferred,
        accounts: o.accounts?.toString() ?? null,
        phoneCredit: m2(o.phoneCredit),
        rulesChecked: o.checked,
        priceList: { catalog: o.catalog, pricesOn: o.pricesOn },
      },
    };
  },
};

function changeTerms(c: MeetingChange): CalcTerm[] {
  return [
    ...c.aligned.map((l) => term(`aligned:${l.item}`, `${l.item}: held → after × monthly unit`, m2(l.after.minus(l.held).times(l.monthlyUnit)), `(${l.after.toString()} − ${l.held.toString()}) × ${m2(l.monthlyUnit)}`)),
    term('monthlyDifference', 'P_new − P_old per month', m2(c.monthlyDifference)),
    term('upgradeDays', 'Upgrade days (a started day counts whole)', String(c.upgradeDays)),
    term('wholeMonths', 'Whole months left', String(c.wholeMonths)),
    term('discount', 'Discount', c.discount.toString(), c.rung === null ? 'list price' : `rung ${c.rung} months`),
    term('fee', 'Fee for the aligned units', m2(c.fee), `${m2(c.monthlyDifference)} × ${c.discount.toString()} × ${c.upgradeDays} ÷ (365 ÷ 12)`),
    term('wholeMonthFee', 'Vendor whole-month method', m2(c.wholeMonthFee), `${c.wholeMonths} × ${m2(c.monthlyDifference)} × ${c.discount.toString()}`),
    ...c.newLines.map((l) => term(`new:${l.item}`, `${l.item}: not held yet`, m2(l.amount), l.term ? `${l.quantity.toString()} × ${m2(l.unitPrice)} × ${termText(l.term)}` : `${l.quantity.toString()} × ${m2(l.unitPrice)} (face value)`)),
  ];
}

const meetingChangeCalc: Calculator = {
  id: 'meeting-change',
  title: 'Tencent Meeting mid-term change',
  summary: 'Tencent Meeting change during the term: (P_new × d − P_old × d) × upgrade days ÷ (365 ÷ 12) for units aligned to the held expiry; new items at list price for their term; phone packs at face value',
  fields: [
    field('held', 'Held now (ID:QTY)', 'list', 'ID:QTY what the enterprise holds now', { required: true, example: 'large-500:1' }),
    field('after', 'After the change (ID:QTY)', 'list', 'ID:QTY the new quantity of each item that changes (others stay as held); an item not held yet as ID:QTY:TERM; a recording item replaces the held recording space', { required: true, example: 'large-500:2' }),
    field('now', 'Change made at', 'date', 'when the change is made, YYYY-MM-DD or YYYY-MM-DD HH:MM', { required: true, example: '2025-07-01' }),
    field('expiry', 'Held until', 'date', 'expiry of what is held, YYYY-MM-DD or YYYY-MM-DD HH:MM', { required: true, example: '2026-01-01' }),
    field('held-term', 'Held on terms of', 'choice', 'year (default: monthly unit = yearly list ÷ 12) or month (the per-month list price)', { choices: ['year', 'month'] }),
    field('discounts', 'Discount ladder (MONTHS:DISCOUNT)', 'list', "today's live discount ladder MONTHS:DISCOUNT,… (default: list price)", { example: '1:1,2:0.9,3:0.8' }),
    EDITION,
    QUOTE,
    field('vendor-charge', 'Vendor charged', 'decimal', 'what the vendor charged for the change, to classify'),
    PRICES_ON,
  ],
  compute(g) {
    const [held, after] = [itemSpecs(g, 'held', false), itemSpecs(g, 'after', true)];
    const [now, expiry] = [g.moment('now').text, g.moment('expiry').text];
    const heldTerm = g.choiceOr('held-term', ['year', 'month'] as const, 'year');
    const discounts = g.has('discounts') ? parseDiscountLadder('discounts', g.list('discounts').join(',')) : [];
    const edition = g.has('edition') ? g.choice('edition', EDITIONS) : undefined;
    const vendorCharge = g.optionalDecimal('vendor-charge');
    const pricesOn = g.optionalDay('prices-on') ?? latestMeetingPriceDay();
    const c = withPriceDay(() => meetingChange({ held, after, now, expiry, heldTerm, discounts, quotes: quoteSpecs(g), pricesOn, ...(edition ? { edition } : {}), ...(vendorCharge ? { vendorCharge } : {}) }));
    return changeOutcome(c, { held: held.map(specJson), after: after.map(specJson), now, expiry, heldTerm, discounts: discounts.map((d) => `${d.months}:${d.discount.toString()}`) });
  },
};

function changeOutcome(c: MeetingChange, input: Record<string, Json>): CalcOutcome {
  return {
    calculator: 'meeting-change',
    terms: changeTerms(c),
    result: { name: 'total', label: 'Change fee', value: m2(c.total), expression: c.newLines.length ? `${m2(c.fee)} + ${c.newLines.map((l) => m2(l.amount)).join(' + ')}` : `${m2(c.fee)}` },
    currency: 'CNY',
    formula: 'fee = (P_new × d − P_old × d) × upgrade days ÷ (365 ÷ 12), P the monthly price of the whole configuration (held on yearly terms: yearly ÷ 12), d the discount of the longest purchasable term not exceeding the days; upgrade days = ⌈(expiry − now) ÷ 24 h⌉',
    lines: [
      `upgrade days = ⌈${input.expiry as string} − ${input.now as string}⌉ = ${c.upgradeDays}; whole months = ${c.wholeMonths}; discount = ${c.discount.toString()}`,
      `fee = ${m2(c.monthlyDifference)} × ${c.discount.toString()} × ${c.upgradeDays} ÷ (365 ÷ 12) = ${m2(c.fee)} (whole-month method: ${m2(c.wholeMonthFee)})`,
      ...c.newLines.map((l) => `${l.item}: ${m2(l.amount)}`),
      `total = ${m2(c.total)}`,
    ],
    notes: [
      `list prices from catalog ${c.catalog}, in force on ${c.pricesOn}; reducing anything (降配) is not supported`,
      'units added to an item already held run to its expiry; a new item runs for the term picked (Q4: not past the held expiry)',
      'Decision M-UNIT: items held on yearly terms have the monthly unit yearly ÷ 12; the per-month list price only for monthly terms',
      ...(c.vendorCharge ? [`vendor charged ${m2(c.vendorCharge.amount)}: ${c.vendorCharge.class}${c.vendorCharge.class === 'vendor whole-month method' ? ' (whole months remaining × yearly ÷ 12, not a mismatch: 5G #2)' : ''}`] : []),
    ],
    json: {
      input,
      edition: c.edition,
      aligned: c.aligned.map((l) => ({ item: l.item, held: l.held.toString(), after: l.after.toString(), monthlyUnit: fixed(l.monthlyUnit, 8) })),
      monthlyDifference: fixed(c.monthlyDifference, 8),
      upgradeDays: c.upgradeDays,
      wholeMonths: c.wholeMonths,
      rung: c.rung,
      discount: c.discount.toString(),
      fee: m2(c.fee),
      wholeMonthFee: m2(c.wholeMonthFee),
      newLines: c.newLines.map((l) => ({ item: l.item, quantity: l.quantity.toString(), term: l.term ? termText(l.term) : null, unitPrice: m2(l.unitPrice), amount: m2(l.amount) })),
      total: m2(c.total),
      vendorCharge: c.vendorCharge ? { amount: m2(c.vendorCharge.amount), class: c.vendorCharge.class } : null,
      priceList: { catalog: c.catalog, pricesOn: c.pricesOn },
    },
  };
}

const meetingRenewalCalc: Calculator = {
  id: 'meeting-renewal',
  title: 'Tencent Meeting renewal',
  summary: 'Tencent Meeting direct renewal: aligned to the enterprise expiry, or extended by a length; configuration unchanged',
  fields: [
    field('expiry', 'Service expires on', 'date', "the service's current expiry, YYYY-MM-DD", { required: true, example: '2025-08-10' }),
    field('align-to', 'Align with the enterprise expiry', 'date', 'the premium accounts / enterprise expiry to align with, YYYY-MM-DD', { example: '2025-12-31' }),
    field('years', 'Years', 'integer', 'renew for this many years (instead of --align-to)'),
    field('months', 'Months', 'integer', 'renew for this many months (instead of --align-to)'),
    field('pending-change', 'Renewal with change pending', 'boolean', 'a renewal with change (预约续费并变更) is pending'),
    field('auto-renew', 'Auto-renew', 'boolean', 'the service renews automatically'),
  ],
  compute(g) {
    if (g.bool('pending-change')) throw new CalcRefusal('pending-change', [breach('5A.5#pending')]);
    const expiry = g.day('expiry');
    const alignTo = g.optionalDay('align-to') ?? undefined;
    const span = orderTerm(g, false);
    const r = meetingRenewal({ expiry, ...(alignTo ? { alignTo } : {}), ...(span ? { term: span } : {}) });
    return {
      calculator: 'meeting-renewal',
      terms: [term('days', 'Days renewed', String(r.days), `${r.newExpiry} − ${expiry}`)],
      result: { name: 'newExpiry', label: 'New expiry', value: r.newExpiry },
      currency: null,
      formula: r.how === 'aligned' ? 'aligned: the add-on is extended exactly to the enterprise expiry' : "by length: the service's expiry moves by the length (month end clamped)",
      lines: [`${expiry} → ${r.newExpiry}: ${r.days} days`],
      notes: [
        'direct renewal only extends validity; the configuration is unchanged; a renewal with change (预约续费并变更) starts when the current term ends (enterprise voice communication bought that way: at once)',
        ...(g.bool('auto-renew') ? ['auto-renewal is charged on the expiry day at the price in force then'] : []),
      ],
      json: { input: { expiry, alignTo: alignTo ?? null, term: span ? termText(span) : null }, how: r.how, days: r.days, newExpiry: r.newExpiry },
    };
  },
};

export const MEETING_CALCULATORS = [meetingOrderCalc, meetingChangeCalc, meetingRenewalCalc] as const;
