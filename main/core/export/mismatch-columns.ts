/**
 * The columns of the Mismatches sheet and of the mismatches CSV (one layout for both). The key is
 * spread over its own columns — product, resource, component, account — so an auditor can filter
 * each (issue 15 §5); what a key holds beyond those (a re-rating's package, a duplicate's day)
 * stays in one column of its own, empty for the bridge's keys.
 */
import { formatUnits, parseUnits, type Units } from '../money/index.js';
import type { Mismatch, ReviewStatus } from '../report/mismatch.js';
import { CATEGORY_LABELS, L, label, type Lang } from './labels.js';

export const MISMATCH_HEADS = [
  L.category,
  L.explained,
  L.product,
  L.resource,
  L.component,
  L.ownerAccount,
  L.keyOther,
  L.fee,
  L.consumption,
  L.difference,
  L.status,
  L.comment,
  L.note,
  L.feeSources,
  L.consumptionSources,
] as const;

/** Long text that wraps in its cell (notes, comments, source lists). */
export const MISMATCH_WRAP: ReadonlySet<unknown> = new Set<unknown>([L.keyOther, L.comment, L.note, L.feeSources, L.consumptionSources]);

/** Columns holding money at 2 decimals (the rest are text). */
export const MISMATCH_MONEY: ReadonlySet<unknown> = new Set<unknown>([L.fee, L.consumption, L.difference]);

export const STATUS_LABELS: Record<ReviewStatus, readonly [string, string]> = {
  open: ['待处理', 'open'],
  explained: ['已解释', 'explained'],
  accepted: ['已接受', 'accepted'],
  claim: ['向厂商索赔', 'claim'],
};

/**
 * Where the key's fields go. A re-rating key names an item and a day where the bridge's name a
 * resource and a component: they share those columns, as the Mismatches screen shows them.
 */
export function keyColumns(key: Readonly<Record<string, string | null>>): { product: string | null; resource: string | null; component: string | null; other: string } {
  const resourceField = key.resourceId !== undefined ? 'resourceId' : 'item';
  const componentField = key.component !== undefined ? 'component' : 'date';
  const shown = new Set(['month', 'product', resourceField, componentField]);
  const other = Object.entries(key)
    .filter(([k]) => !shown.has(k))
    .map(([k, v]) => `${k}=${v ?? '-'}`)
    .join('; ');
  return { product: key.product ?? null, resource: key[resourceField] ?? null, component: key[componentField] ?? null, other };
}

const units = (text: string): Units => parseUnits(text) ?? 0n;

export function mismatchCells(m: Mismatch, lang: Lang): (string | null)[] {
  const k = keyColumns(m.key);
  return [
    label(lang, CATEGORY_LABELS[m.category] ?? [m.category, m.category]),
    label(lang, m.explained ? L.yes : L.no),
    k.product,
    k.resource,
    k.component,
    m.scope?.owners.join(', ') || null,
    k.other || null,
    formatUnits(units(m.fee), 2),
    formatUnits(units(m.consumption), 2),
    formatUnits(units(m.difference), 2),
    label(lang, STATUS_LABELS[m.status] ?? [m.status, m.status]),
    m.comment,
    m.note ?? null,
    traces(m.feeSources),
    traces(m.consumptionSources),
  ];
}

/** A mismatch over a whole month can have thousands of lines behind it; a cell shows the first ones. */
const MAX_TRACES = 50;
export function traces(list: readonly string[]): string {
  return list.length <= MAX_TRACES ? list.join(', ') : `${list.slice(0, MAX_TRACES).join(', ')}, … (+${list.length - MAX_TRACES})`;
}
