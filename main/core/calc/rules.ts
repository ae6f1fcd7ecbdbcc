import { CalcFieldError } from './calculator-fields.js';

/**
 * The vendor's rules a calculator checks (SPEC-CALCULATORS.md), each with the words a breach is
 * reported in. A message is `RULE: text`, e.g. `Q1: pro allows 1–5 premium accounts, got 6`:
 * the CLI prints it (exit 2 when the vendor would refuse the input), notes carry it when a rule
 * withholds a refund, and the Calculators screen finds the template again to say it in Chinese
 * (renderer/src/i18n.ts keeps the same English templates beside the Chinese ones; a test checks
 * they agree). A key is `RULE` or `RULE#variant`; `{name}` is a parameter.
 */
export const RULE_TEXT = {
  // 5A Tencent Meeting orders
  Q1: '{edition} allows {range} premium accounts, got {got}',
  'Q1#one-edition': 'an order holds the premium accounts of one edition, got {items}',
  Q2: 'large meetings ({got}) must not exceed premium accounts ({accounts})',
  Q3: 'webinars ({got}) must not exceed premium accounts ({accounts})',
  Q4: '{item} runs {term}, longer than the premium accounts ({accountTerm})',
  'Q4#expiry': '{item} for {term} from {now} would end after the premium accounts expire ({expiry})',
  'Q5#max': '{item}: at most {max} viewers can be bought',
  'Q5#quote': '{item} is sold by sales quote only (above {listMax} viewers): give its contract price with --quote {item}:PRICE',
  Q6: 'the {edition} edition allows at most {max} {item}, got {got}',
  'Q6#items': 'the free edition sells only rooms and phone packs, not {item}',
  Q7: '{item} is not sold with the {edition} edition',
  '5A.1#quote': 'the {edition} edition has no list prices (联系销售): give the contract price of {item} with --quote {item}:PRICE',
  '5A.2#monthly': '{item} has no list price per month: it is sold by the year only',
  '5A.4#reduce': 'reducing {item} from {held} to {after} (降配) is not supported',
  '5A.4#recording': 'cloud recording space can only grow: {held} held, {after} after the change',
  '5A.5#pending': 'a renewal with change is pending: no other renewal or change is possible until it starts',
  '5A.6#edition': 'only the business and enterprise editions are refundable, not {edition}',
  '5A.6#term': 'a 1-month purchase is not refundable (only annual orders)',
  '5A.6#auto-renew': 'auto-renewing orders are not refundable (cancel auto-renew instead)',
  '5A.6#window': 'asked {days} days after purchase, more than {window}',
  '5A.6#activity': 'the activity rules of this order exclude a refund',
  // 5B TRTC packages
  'B1#window': 'asked {hours} h after delivery, more than {maxHours} h: no full refund',
  'B1#calendar': 'asked {hours} h after delivery: the calendar reading (day {day} of 5) and the elapsed reading (≤ {maxHours} h) disagree; we apply the elapsed one',
  'B1#packages': 'at most 1 of the {packages} packages of the order is refunded in full; the other {others} only by the used-value rule',
  'B2#trial': 'a free trial package (免费试用包) is never refundable',
  'B2#gift': 'a gifted package is never refundable',
  'B2#activity': 'the activity rules of this purchase exclude a refund',
  'B3#state': 'the package is {state}: its residual value is 0',
  B8: '{minutes} postpaid overage minutes are used service, billed pay-as-you-go and never refunded',
  B9: '{frozen} frozen is released at refund time (5D)',
  // 5C general cloud refunds
  'C1#window': 'asked {hours} h after delivery, more than {maxHours} h: the 5-day no-reason refund does not apply',
  'C1#calendar': 'asked {hours} h after delivery: the calendar reading (day {day} of 5) and the elapsed reading (≤ {maxHours} h) disagree; we apply the elapsed one',
  'C1#postpaid': 'switched from postpaid to prepaid: no 5-day no-reason refund (normal refund only)',
  'C1#activity': 'the activity rules of this purchase exclude the 5-day no-reason refund',
  'C1#unchecked': 'the 5-day window was not checked: give the delivery and request times',
  'C2#discount': 'the text applies the purchase discount {discount} throughout (used value {discounted}, refund {refundDiscounted}); the worked examples subtract undiscounted prices, as computed here',
  'C4#host-only': 'the network was switched to traffic billing and settled then: the network part {network} is not refunded again',
  'C5#agent': "agent-paid: the refund goes to the agent's account",
  'C3#negative': 'the new configuration costs more than the release refund: the customer pays {amount}',
  // 5D freezes
  '5D#retired': 'settlement freezes were retired on {retired}: a monthly freeze on {day} is not expected',
  '5D#phasing-out': 'settlement freezes were being phased out from {from} (gone on {retired})',
  '5D#late': 'the freeze came back on {freed}, later than {deadline}, the latest day for it',
  // 5E account
  E1: 'the income-transfer balance is always 0 on Tencent Cloud, got {income}',
  'E3#blocked': 'invoiceable is {invoiceable}: with money on the account a negative invoiceable figure blocks withdrawal until the invoice debt is cleared',
  'E3#exceeds': 'a withdrawal of {amount} exceeds the withdrawable {withdrawable}',
  'E3#advances': 'unpaid advances {advances} occupy the withdrawable amount: {less} after them',
  'E3#cash': 'frozen − gift − revenue share is {frozenOnCash}: the literal formula gives more than the cash balance',
  'E6#range': 'one top-up is between {min} and {max}, got {amount}',
  'E6#payment': '{method} takes at most {max} per payment, got {amount}',
  'E6#day': '{method} takes at most {max} per day: {total} with this one',
  'E6#month': '{method} takes at most {max} per month: {total} with this one',
  // 5F coupons
  'F#stacking': 'a discount coupon never combines with a voucher or cash coupon',
  'F#scope': 'a {scope} coupon pays only {scope} orders, not {payment}',
  'F#never': 'coupons never pay {payment}',
  'F#arrears': 'no coupon can be used while the account is in arrears',
  'F#threshold': 'the eligible total {total} does not reach the threshold {threshold}',
  'F#term': 'the term of {months} months is outside the coupon range {range} months',
  'F#expired': 'the coupon is expired or used up',
  'F#activity': 'activity orders usually cannot use coupons',
  'F#agent': "agent-paid prepaid orders use the client's coupons, not the agent's",
  'F#group': "group payment uses the admin's vouchers and cash coupons only",
} as const;

export type RuleKey = keyof typeof RULE_TEXT;

export interface RuleBreach {
  /** The template's key, e.g. `Q5#quote`. */
  key: RuleKey;
  /** The rule as SPEC-CALCULATORS names it, e.g. `Q5`. */
  rule: string;
  params: Record<string, string>;
  /** `Q5: …`, the words the CLI and the screen show. */
  text: string;
}

export function ruleOf(key: RuleKey): string {
  return key.split('#')[0]!;
}

export function breach(key: RuleKey, params: Record<string, string | number> = {}): RuleBreach {
  const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const filled = RULE_TEXT[key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = p[name];
    if (v === undefined) throw new Error(`rule ${key}: no value for {${name}}`);
    return v;
  });
  return { key, rule: ruleOf(key), params: p, text: `${ruleOf(key)}: ${filled}` };
}

/** The vendor would refuse this input: every rule it breaks, on the field to fix (CLI exit 2). */
export class CalcRefusal extends CalcFieldError {
  override name = 'CalcRefusal';
  constructor(
    field: string,
    readonly breaches: readonly RuleBreach[],
  ) {
    super(field, breaches.map((b) => b.text).join('; '));
  }
}

/** Throws when any rule is broken; `field` is where the accountant changes the input. */
export function refuseIfAny(field: string, breaches: readonly RuleBreach[]): void {
  if (breaches.length > 0) throw new CalcRefusal(field, breaches);
}
