import type { MismatchView } from '../../main/api/contract';
import { isZero } from './format';
import type { MessageKey } from './i18n';

export type Side = 'only-fee' | 'only-consumption' | 'both' | 'rating';

/** Which bills carry the key, in words: the fee bill on the left, the consumption bill (or billrecon's rating) on the right. */
export function sideOf(m: MismatchView): { side: Side; label: MessageKey } {
  if (m.against === 'rated') return { side: 'rating', label: 'vsRating' };
  const fee = m.feeSources.length > 0 || !isZero(m.fee);
  const other = m.consumptionSources.length > 0 || !isZero(m.consumption);
  if (fee && !other) return { side: 'only-fee', label: 'onlyFee' };
  if (!fee && other) return { side: 'only-consumption', label: 'onlyConsumption' };
  return { side: 'both', label: 'changed' };
}

/** The review status as a word, coloured by what is left to do. */
export function statusOf(m: MismatchView): { label: MessageKey; tone: 'todo' | 'auto' | 'done' } {
  if (m.status === 'explained') return { label: 'explainedStatus', tone: 'done' };
  if (m.status === 'accepted') return { label: 'accepted', tone: 'done' };
  // Reviewed: the money is asked back from the vendor, nothing is left to explain here.
  if (m.status === 'claim') return { label: 'claimStatus', tone: 'done' };
  return m.explained ? { label: 'autoExplained', tone: 'auto' } : { label: 'open', tone: 'todo' };
}
