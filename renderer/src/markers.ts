import type { MismatchView } from '../../main/api/contract';
import { isZero } from './format';
import type { MessageKey } from './i18n';

/** daff-style gutter: fee bill on the left, consumption bill (or our rating) on the right. */
export function marker(m: MismatchView): { symbol: string; kind: 'only-fee' | 'only-consumption' | 'changed'; label: MessageKey } {
  const fee = m.feeSources.length > 0 || !isZero(m.fee);
  const other = m.consumptionSources.length > 0 || !isZero(m.consumption);
  if (fee && !other) return { symbol: '---', kind: 'only-fee', label: 'onlyFee' };
  if (!fee && other) return { symbol: '+++', kind: 'only-consumption', label: 'onlyConsumption' };
  return { symbol: '->', kind: 'changed', label: 'changed' };
}

