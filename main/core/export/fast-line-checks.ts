import type { FeeDetailLine } from '../model.js';
import { checkLine, type LineCheck } from '../reconcile/index.js';
import { mulScaled, parseScaled, scaledText, toScale, type Scaled } from './scaled-decimal.js';

type CheckInput = Pick<FeeDetailLine, 'listPrice' | 'usage' | 'duration' | 'originalCost' | 'discount' | 'discountedTotal' | 'cash' | 'gift' | 'voucher' | 'transfer'>;

function check(name: LineCheck['check'], stated: Scaled, exact: Scaled): LineCheck {
  const recomputed = toScale(exact, 8);
  // The difference is exact (stated may carry more than 8 decimals); only its text is rounded.
  const scale = Math.max(stated.scale, 8);
  const diff: Scaled = { int: toScale(stated, scale) - recomputed * 10n ** BigInt(scale - 8), scale };
  return {
    check: name,
    stated: scaledText(toScale(stated, 8), 8),
    recomputed: scaledText(recomputed, 8),
    difference: scaledText(toScale(diff, 8), 8),
    ok: diff.int === 0n,
  };
}

/**
 * reconcile's `checkLine` (same checks, same figures, same text), computed on scaled BigInts
 * because the export runs it on every line of the month; any input that is not a plain decimal
 * goes to `checkLine` itself.
 */
export function fastCheckLine(r: CheckInput): LineCheck[] {
  const p = (t: string | null): Scaled | null | undefined => (t === null ? null : (parseScaled(t) ?? undefined));
  const lp = p(r.listPrice);
  const usage = p(r.usage);
  const duration = p(r.duration);
  const original = p(r.originalCost);
  const discount = p(r.discount);
  const total = parseScaled(r.discountedTotal);
  const pays = [p(r.cash), p(r.gift), p(r.voucher), p(r.transfer)];
  if (lp === undefined || usage === undefined || duration === undefined || original === undefined || discount === undefined || !total || pays.includes(undefined)) {
    return checkLine(r);
  }
  const out: LineCheck[] = [];
  if (original && lp && usage && duration) out.push(check('originalCost', original, mulScaled(mulScaled(lp, usage), duration)));
  if (original && discount) out.push(check('discountedTotal', total, mulScaled(original, discount)));
  const paid = pays.filter((v): v is Scaled => v !== null && v !== undefined);
  if (paid.length > 0) {
    const scale = Math.max(...paid.map((v) => v.scale));
    const sum = paid.reduce((a, v) => a + toScale(v, scale), 0n);
    out.push(check('payments', { int: sum, scale }, total));
  }
  return out;
}
