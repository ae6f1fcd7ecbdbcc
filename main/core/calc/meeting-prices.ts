/**
 * Tencent Meeting (腾讯会议) list prices, CNY (SPEC §5). `monthly` is null where the vendor sells
 * the item by the year only.
 */
export interface MeetingListPrice {
  label: string;
  yearly: string;
  monthly: string | null;
}

export const MEETING_LIST_PRICES = {
  'pro-account': { label: 'Professional premium account', yearly: '988', monthly: '98' },
  'business-account': { label: 'Business premium account', yearly: '1390', monthly: '139' },
  'large-500': { label: 'Large meeting, 500 people', yearly: '10788', monthly: '1078' },
  'large-1000': { label: 'Large meeting, 1000 people', yearly: '21888', monthly: '5888' },
  'large-2000': { label: 'Large meeting, 2000 people', yearly: '50888', monthly: '10888' },
  rooms: { label: 'Tencent Meeting Rooms', yearly: '3500', monthly: null },
  mra: { label: 'MRA connector', yearly: '5000', monthly: null },
  'recording-50g': { label: 'Cloud recording 50G', yearly: '350', monthly: '35' },
  'recording-100g': { label: 'Cloud recording 100G', yearly: '700', monthly: '70' },
  'recording-200g': { label: 'Cloud recording 200G', yearly: '1400', monthly: '140' },
  'webinar-300': { label: 'Webinar, 300 viewers', yearly: '7200', monthly: '1399' },
  'webinar-500': { label: 'Webinar, 500 viewers', yearly: '12000', monthly: null },
  'webinar-1000': { label: 'Webinar, 1000 viewers', yearly: '33600', monthly: null },
  'webinar-2000': { label: 'Webinar, 2000 viewers', yearly: '76800', monthly: null },
} as const satisfies Record<string, MeetingListPrice>;

export type MeetingItem = keyof typeof MEETING_LIST_PRICES;

export function isMeetingItem(name: string): name is MeetingItem {
  return Object.hasOwn(MEETING_LIST_PRICES, name);
}
