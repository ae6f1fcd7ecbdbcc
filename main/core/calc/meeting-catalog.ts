import {
  builtinMeetingCatalog,
  entryInForce,
  meetingItemShape,
  type DatedCatalog,
  type MeetingEditionEntry,
  type MeetingEntry,
  type MeetingItemEntry,
  type MeetingItemShape,
} from '../catalog/price-lists.js';
import { money, type Money } from '../money/decimal.js';
import { CalcInputError } from './calc-input.js';

/**
 * Tencent Meeting (腾讯会议) editions, items and limits as the versioned catalog
 * main/core/catalog/meeting-cny.json has them on a given day (SPEC-CALCULATORS 5A): the
 * calculators and the catalog are one list.
 */
export const MEETING_CATALOG: DatedCatalog<MeetingEntry> = builtinMeetingCatalog();

/** The newest entry's first day: what "today's list price" means when no day is given. */
export function latestMeetingPriceDay(): string {
  return MEETING_CATALOG.entries[MEETING_CATALOG.entries.length - 1]!.effectiveFrom;
}

export type TermUnit = 'year' | 'month';
export interface Term {
  unit: TermUnit;
  count: number;
}

export const termMonths = (t: Term): number => (t.unit === 'year' ? t.count * 12 : t.count);
export const termText = (t: Term): string => `${t.count} ${t.unit}${t.count === 1 ? '' : 's'}`;

/** An item as an order may name it: a catalog item, or a webinar tier above the list (a quote). */
export interface MeetingItemInfo extends MeetingItemShape {
  id: string;
  name: string;
  entry: MeetingItemEntry | null;
  soldWith: readonly string[];
}

export interface MeetingBook {
  version: string;
  pricesOn: string;
  editions: Map<string, MeetingEditionEntry>;
  items: Map<string, MeetingItemEntry>;
  limits: MeetingEntry['limits'];
}

export function meetingBook(pricesOn: string = latestMeetingPriceDay()): MeetingBook {
  const e = entryInForce(MEETING_CATALOG, pricesOn);
  return {
    version: MEETING_CATALOG.version,
    pricesOn,
    editions: new Map(e.editions.map((x) => [x.id, x])),
    items: new Map(e.items.map((x) => [x.id, x])),
    limits: e.limits,
  };
}

/** The item an id names, or a field error listing the ones there are. */
export function meetingItemInfo(book: MeetingBook, id: string, field = 'item'): MeetingItemInfo {
  const shape = meetingItemShape(id);
  const entry = book.items.get(id) ?? null;
  if (shape && entry) return { ...shape, id, name: entry.name, entry, soldWith: entry.soldWith };
  // Q5: webinars above the list tiers exist, by sales quote; they sell where the listed ones do.
  if (shape?.kind === 'webinar' && shape.size !== null && shape.size > book.limits.webinarQuoteAbove) {
    const listed = [...book.items.values()].filter((x) => meetingItemShape(x.id)?.kind === 'webinar');
    const soldWith = [...new Set(listed.flatMap((x) => x.soldWith))];
    return { ...shape, id, name: `Webinar (${shape.size} viewers, by quote)`, entry: null, soldWith };
  }
  throw new CalcInputError(field, `unknown item "${id}"; known: ${[...book.items.keys()].join(', ')}`);
}

/** The list price of one unit for a term unit, or of one phone pack; null when there is none. */
export function meetingUnitPrice(info: MeetingItemInfo, unit: TermUnit | 'one-off'): Money | null {
  const p = unit === 'one-off' ? info.entry?.oneOff : unit === 'year' ? info.entry?.perYear : info.entry?.perMonth;
  return p ? money(p.amount) : null;
}

/** Q1's range in words: `1–5`, `256 or more`. */
export function accountRange(e: MeetingEditionEntry): string {
  if (!e.accounts) return '0';
  return e.accounts.max === null ? `${e.accounts.min} or more` : `${e.accounts.min}–${e.accounts.max}`;
}
