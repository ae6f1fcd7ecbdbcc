import type { Money } from '../money/decimal.js';

/** Balances from the account sheet of an audit (SPEC §5). */
export interface AccountFiguresInput {
  cash: Money;
  income: Money;
  gift: Money;
  frozen: Money;
  arrears: Money;
  invoiceArrears: Money;
  revenueShare: Money;
  cashConsumption: Money;
  invoiced: Money;
}

export interface AccountFigures {
  available: Money;
  /** frozen − gift − revenue share: the part of the freeze that cash has to cover. */
  frozenOnCash: Money;
  withdrawable: Money;
  /** Negative means invoices were issued ahead of consumption (欠票). */
  invoiceable: Money;
}

export function accountFigures(i: AccountFiguresInput): AccountFigures {
  const available = i.cash.plus(i.income).plus(i.gift).minus(i.frozen).minus(i.arrears);
  const frozenOnCash = i.frozen.minus(i.gift).minus(i.revenueShare);
  const withdrawable = i.cash.minus(i.invoiceArrears).minus(frozenOnCash);
  const invoiceable = i.cashConsumption.minus(i.invoiced);
  return { available, frozenOnCash, withdrawable, invoiceable };
}
