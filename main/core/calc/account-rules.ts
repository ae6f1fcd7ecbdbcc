import { ZERO, money, roundHalfUp, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';
import { billingRules } from './billing-rules.js';
import { breach, type RuleBreach } from './rules.js';

/** Account rules beyond the balances (SPEC-CALCULATORS 5E): transfers, invoices, VAT, top-ups. */

const min = (a: Money, b: Money) => (a.lessThan(b) ? a : b);
const positive = (a: Money) => (a.lt(0) ? ZERO : a);

export interface BankTransfer {
  /** The balance once the transfer is credited in full. */
  credited: Money;
  toArrears: Money;
  toAdvances: Money;
  balance: Money;
  advancesLeft: Money;
}

/**
 * E2: a bank transfer (对公汇款) is credited in full, then applied to arrears (a negative
 * balance), then to unpaid advances. Decision E2-SHORT: money that does not cover everything
 * repays as much as it can, in that order.
 */
export function bankTransfer(transfer: Money, balance: Money, advances: Money): BankTransfer {
  const credited = balance.plus(transfer);
  const toArrears = min(transfer, positive(balance.neg()));
  const toAdvances = min(positive(credited), advances);
  return { credited, toArrears, toAdvances, balance: credited.minus(toAdvances), advancesLeft: advances.minus(toAdvances) };
}

/**
 * E4: a transfer between agent and client (or in a group) raises the sender's invoiceable
 * figure by the amount at once and lowers the receiver's (negative: 欠票, invoice debt).
 */
export function invoiceableAfterTransfer(invoiceable: Money, transfer: Money, side: 'sender' | 'receiver'): Money {
  return side === 'sender' ? invoiceable.plus(transfer) : invoiceable.minus(transfer);
}

export interface Vat {
  rate: Money;
  category: string;
  code: string;
  tax: Money;
  net: Money;
}

/** E5, Decision E5-INCLUSIVE: invoiced amounts include the tax: tax = amount × rate ÷ (1 + rate). */
export function vatOf(amount: Money, kind: string): Vat {
  const v = billingRules().vat.find((x) => x.kind === kind);
  if (!v) throw new CalcInputError('kind', `"${kind}" is not one of ${vatKinds().join(', ')}`);
  const rate = money(v.rate);
  const tax = roundHalfUp(amount.times(rate).dividedBy(rate.plus(1)), 2);
  return { rate, category: v.category, code: v.code, tax, net: amount.minus(tax) };
}

export const vatKinds = (): string[] => billingRules().vat.map((v) => v.kind);
export const topUpMethods = (): string[] => billingRules().topUp.methods.map((m) => m.method);

/** E6: the online top-up limits a payment breaks (empty: accepted). */
export function topUpBreaches(amount: Money, method: string, paidToday: Money, paidThisMonth: Money): RuleBreach[] {
  const t = billingRules().topUp;
  const m = t.methods.find((x) => x.method === method);
  if (!m) throw new CalcInputError('method', `"${method}" is not one of ${topUpMethods().join(', ')}`);
  const out: RuleBreach[] = [];
  if (amount.lessThan(t.min.amount) || amount.greaterThan(t.max.amount)) out.push(breach('E6#range', { min: t.min.amount, max: t.max.amount, amount: amount.toString() }));
  if (m.perPayment && amount.greaterThan(m.perPayment.amount)) out.push(breach('E6#payment', { method, max: m.perPayment.amount, amount: amount.toString() }));
  const day = paidToday.plus(amount);
  if (m.perDay && day.greaterThan(m.perDay.amount)) out.push(breach('E6#day', { method, max: m.perDay.amount, total: day.toString() }));
  const month = paidThisMonth.plus(amount);
  if (m.perMonth && month.greaterThan(m.perMonth.amount)) out.push(breach('E6#month', { method, max: m.perMonth.amount, total: month.toString() }));
  return out;
}
