import type { Decimal } from 'decimal.js';

/** Balances from the account sheet of an audit (SPEC §5). */
export interface AccountFiguresInput {
  cash: Decimal;
  income: Decimal;
  gift: Decimal;
  frozen: Decimal;
  arrears: Decimal;
  invoiceArrears: Decimal;
  revenueShare: Decimal;
  cashConsumption: Decimal;
  invoiced: Decimal;
}

export interface AccountFigures {
  available: Decimal;
  /** frozen − gift − revenue share: the part of the freeze that cash has to cover. */
  frozenOnCash: Decimal;
  withdrawable: Decimal;
  /** Negative means invoices were issued ahead of consumption (欠票). */
  invoiceable: Decimal;
}

export function accountFigures(i: AccountFiguresInput): AccountFigures {
  const available = i.cash.plus(i.income).plus(i.gift).minus(i.frozen).minus(i.arrears);
  const frozenOnCash = i.frozen.minus(i.gift).minus(i.revenueShare);
  const withdrawable = i.cash.minus(i.invoiceArrears).minus(frozenOnCash);
  const invoiceable = i.cashConsumption.minus(i.invoiced);
  return { available, frozenOnCash, withdrawable, invoiceable };
}
