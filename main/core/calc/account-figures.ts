import { ZERO, fixed, type Money } from '../money/decimal.js';
import { breach, type RuleBreach } from './rules.js';

/** Balances from the account sheet of an audit (SPEC §5, SPEC-CALCULATORS 5E). */
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
  /** Unpaid advances (垫付未回款): not in the arrears figure; said to occupy the withdrawable amount. */
  advances?: Money;
}

export interface AccountFigures {
  available: Money;
  /** frozen − gift − revenue share: the part of the freeze that cash has to cover. */
  frozenOnCash: Money;
  /** The literal formula (E3 (1)). */
  withdrawable: Money;
  /** E3 (2): the literal formula less unpaid advances. */
  withdrawableLessAdvances: Money;
  /** E3 (3): a negative invoiceable figure blocks withdrawal while money is on the account. */
  blocked: boolean;
  /** Negative means invoices were issued ahead of consumption (欠票). */
  invoiceable: Money;
  /** E1, E3 (4) and the rest said beside the figures. */
  flags: RuleBreach[];
}

/**
 * Decision E3-REPORT (5G #11): the source sets no clamp, speaks of advances occupying the
 * withdrawable amount and of a negative invoiceable figure blocking it, while its formula has
 * neither; so the literal formula, the formula less advances, `blocked`, and a flag when
 * frozen − gift − revenue share < 0 (the literal formula then exceeds cash) are all reported.
 */
export function accountFigures(i: AccountFiguresInput): AccountFigures {
  const available = i.cash.plus(i.income).plus(i.gift).minus(i.frozen).minus(i.arrears);
  const frozenOnCash = i.frozen.minus(i.gift).minus(i.revenueShare);
  const withdrawable = i.cash.minus(i.invoiceArrears).minus(frozenOnCash);
  const invoiceable = i.cashConsumption.minus(i.invoiced);
  const advances = i.advances ?? ZERO;
  const withdrawableLessAdvances = withdrawable.minus(advances);
  const blocked = invoiceable.lt(0) && i.cash.gt(0);
  const flags = [
    ...(i.income.isZero() ? [] : [breach('E1', { income: fixed(i.income, 2) })]),
    ...(blocked ? [breach('E3#blocked', { invoiceable: fixed(invoiceable, 2) })] : []),
    ...(advances.isZero() ? [] : [breach('E3#advances', { advances: fixed(advances, 2), less: fixed(withdrawableLessAdvances, 2) })]),
    ...(frozenOnCash.lt(0) ? [breach('E3#cash', { frozenOnCash: fixed(frozenOnCash, 2) })] : []),
  ];
  return { available, frozenOnCash, withdrawable, withdrawableLessAdvances, blocked, invoiceable, flags };
}
