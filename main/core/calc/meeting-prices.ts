import { MEETING_ITEMS, builtinMeetingCatalog, entryInForce, type DatedCatalog, type MeetingEntry, type MeetingItem } from '../catalog/price-lists.js';

/**
 * Tencent Meeting (腾讯会议) list prices, CNY (SPEC §5), as the versioned catalog
 * main/core/catalog/meeting-cny.json has them on a given day: the calculator and the catalog are
 * one list. `monthly` is null where the vendor sells the item by the year only.
 */
export interface MeetingListPrice {
  label: string;
  yearly: string;
  monthly: string | null;
}

export type { MeetingItem };

const LABELS: Record<MeetingItem, string> = {
  'pro-account': 'Professional premium account',
  'business-account': 'Business premium account',
  'large-500': 'Large meeting, 500 people',
  'large-1000': 'Large meeting, 1000 people',
  'large-2000': 'Large meeting, 2000 people',
  rooms: 'Tencent Meeting Rooms',
  mra: 'MRA connector',
  'recording-50g': 'Cloud recording 50G',
  'recording-100g': 'Cloud recording 100G',
  'recording-200g': 'Cloud recording 200G',
  'webinar-300': 'Webinar, 300 viewers',
  'webinar-500': 'Webinar, 500 viewers',
  'webinar-1000': 'Webinar, 1000 viewers',
  'webinar-2000': 'Webinar, 2000 viewers',
};

export const MEETING_CATALOG: DatedCatalog<MeetingEntry> = builtinMeetingCatalog();

/** The newest entry's first day: what "today's list price" means when no day is given. */
export function latestMeetingPriceDay(): string {
  return MEETING_CATALOG.entries[MEETING_CATALOG.entries.length - 1]!.effectiveFrom;
}

/** The list in force on `day` (default: the newest entry). */
export function meetingListPrices(day: string = latestMeetingPriceDay()): Record<MeetingItem, MeetingListPrice> {
  const entry = entryInForce(MEETING_CATALOG, day);
  const out = {} as Record<MeetingItem, MeetingListPrice>;
  for (const item of entry.items) out[item.id] = { label: LABELS[item.id], yearly: item.perYear.amount, monthly: item.perMonth?.amount ?? null };
  return out;
}

export const MEETING_LIST_PRICES: Record<MeetingItem, MeetingListPrice> = meetingListPrices();

export function isMeetingItem(name: string): name is MeetingItem {
  return (MEETING_ITEMS as readonly string[]).includes(name);
}
