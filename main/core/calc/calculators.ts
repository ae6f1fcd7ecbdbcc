import { asFieldError, FieldReader, type CalcInputs } from './calculator-fields.js';
import type { CalcOutcome, Calculator } from './outcome.js';
import { ACCOUNT_CALCULATORS } from './defs/account.js';
import { couponCalc } from './defs/coupon.js';
import { CVM_CALCULATORS } from './defs/cvm.js';
import { FREEZE_CALCULATORS } from './defs/freeze.js';
import { MEETING_CALCULATORS } from './defs/meeting.js';
import { meetingRefundCalc } from './defs/meeting-refund.js';
import { tiwValidityCalc } from './defs/tiw.js';
import { trtcRefundCalc } from './defs/trtc.js';
import { upgradeCalc } from './defs/upgrade.js';

/**
 * The calculators of SPEC §5 and SPEC-CALCULATORS.md as one table that both `billrecon calc NAME`
 * and the UI's calculator forms run: same fields, same parsing, same errors, same figures. A rule
 * the vendor would refuse an input for is a `CalcRefusal` (a `CalcFieldError` naming the rule);
 * a rule that withholds a refund or a coupon is said in the outcome's notes.
 */

const [cvmRefundCalc, cvmDowngradeCalc, bandwidthSwitchCalc] = CVM_CALCULATORS;
const [meetingOrderCalc, meetingChangeCalc, meetingRenewalCalc] = MEETING_CALCULATORS;
const [accountCalc, bankTransferCalc, invoiceableTransferCalc, vatCalc, topUpCalc] = ACCOUNT_CALCULATORS;
const [freezeCalc, paygFreezeCalc, arrearsStagesCalc] = FREEZE_CALCULATORS;

export const CALCULATORS: readonly Calculator[] = [
  cvmRefundCalc,
  upgradeCalc,
  cvmDowngradeCalc,
  bandwidthSwitchCalc,
  trtcRefundCalc,
  meetingOrderCalc,
  meetingChangeCalc,
  meetingRenewalCalc,
  meetingRefundCalc,
  tiwValidityCalc,
  accountCalc,
  bankTransferCalc,
  invoiceableTransferCalc,
  vatCalc,
  topUpCalc,
  couponCalc,
  freezeCalc,
  paygFreezeCalc,
  arrearsStagesCalc,
];

export function findCalculator(id: string): Calculator | undefined {
  return CALCULATORS.find((c) => c.id === id);
}

/**
 * Runs a calculator over typed inputs. Throws `CalcFieldError` naming the field for anything the
 * accountant has to fix (a `CalcRefusal` when the vendor would refuse it, naming the rule); any
 * other error is a defect.
 */
export function runCalculator(calc: Calculator, inputs: CalcInputs): CalcOutcome {
  try {
    return calc.compute(new FieldReader(calc.fields, inputs));
  } catch (err) {
    throw asFieldError(err, calc.fields[0]!.name);
  }
}

export type { CalcOutcome, CalcTerm, Calculator, Json } from './outcome.js';
export { CalcFieldError, type CalcFieldDef, type CalcInputs } from './calculator-fields.js';
export { CalcRefusal, type RuleBreach } from './rules.js';
