import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Day } from '../model.js';
import { money, type Money } from '../money/decimal.js';
import { isRealDay } from '../calendar/days.js';
import { CatalogError } from './tiw-catalog.js';
import trtcBuiltin from './trtc-refund-cny.json' with { type: 'json' };
import meetingBuiltin from './meeting-cny.json' with { type: 'json' };

/**
 * The other vendor price lists the calculators read (SPEC §5): TRTC package refund bands and
 * Tencent Meeting list prices. Same rules as the whiteboard catalog: dated entries, every price
 * with its currency, validated at load, later entries inherit what they do not change.
 */

const decimalText = z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a non-negative decimal string' });
const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code' });
const price = z.object({ amount: decimalText, currency: currencyCode }).strict();
const isoDay = z.string().refine(isRealDay, { message: 'must be a real date YYYY-MM-DD' });

const trtcEntry = z
  .object({
    effectiveFrom: isoDay,
    bands: z.array(z.object({ fromMinutes: decimalText, price }).strict()).min(1),
  })
  .strict();

export const MEETING_ITEMS = [
  'pro-account',
  'business-account',
  'large-500',
  'large-1000',
  'large-2000',
  'rooms',
  'mra',
  'recording-50g',
  'recording-100g',
  'recording-200g',
  'webinar-300',
  'webinar-500',
  'webinar-1000',
  'webinar-2000',
] as const;
export type MeetingItem = (typeof MEETING_ITEMS)[number];

const meetingEntry = z
  .object({
    effectiveFrom: isoDay,
    items: z.array(z.object({ id: z.enum(MEETING_ITEMS), name: z.string().min(1), perYear: price, perMonth: price.nullable() }).strict()).min(1),
  })
  .strict();

export type TrtcRefundEntry = z.infer<typeof trtcEntry>;
export type MeetingEntry = z.infer<typeof meetingEntry>;

export interface DatedCatalog<E> {
  catalog: string;
  version: string;
  currency: string;
  source: string;
  entries: E[];
  sha256: string;
}

const fileSchema = z
  .object({
    catalog: z.string(),
    version: z.string().min(1),
    currency: currencyCode,
    source: z.string().min(1),
    entries: z.array(z.record(z.string(), z.unknown())).min(1),
  })
  .strict();

function collectCurrencies(value: unknown, path: string, out: [string, string][]): void {
  if (Array.isArray(value)) value.forEach((v, i) => collectCurrencies(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'currency' && typeof v === 'string') out.push([path, v]);
      else collectCurrencies(v, path ? `${path}.${k}` : k, out);
    }
  }
}

function parseDated<E extends { effectiveFrom: Day }>(text: string, fileName: string, kind: string, schema: z.ZodType<E>): DatedCatalog<E> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CatalogError(`${fileName}: not valid JSON (${(err as Error).message})`);
  }
  const file = fileSchema.safeParse(raw);
  if (!file.success) throw new CatalogError(`${fileName}: ${file.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  if (file.data.catalog !== kind) throw new CatalogError(`${fileName}: catalog is '${file.data.catalog}', expected '${kind}'`);
  const entries: E[] = [];
  let previous: Record<string, unknown> = {};
  file.data.entries.forEach((partial, i) => {
    const merged = { ...previous, ...partial };
    const parsed = schema.safeParse(merged);
    if (!parsed.success)
      throw new CatalogError(`${fileName}: ${parsed.error.issues.map((x) => `entries[${i}]${x.path.length ? '.' + x.path.join('.') : ''}: ${x.message}`).join('; ')}`);
    const prev = entries[entries.length - 1];
    if (prev && parsed.data.effectiveFrom <= prev.effectiveFrom)
      throw new CatalogError(`${fileName}: entries[${i}].effectiveFrom ${parsed.data.effectiveFrom} must be after ${prev.effectiveFrom}`);
    const currencies: [string, string][] = [];
    collectCurrencies(parsed.data, '', currencies);
    for (const [path, c] of currencies)
      if (c !== file.data.currency) throw new CatalogError(`${fileName}: entries[${i}].${path}.currency is ${c} but the catalog is in ${file.data.currency}`);
    entries.push(parsed.data);
    previous = merged;
  });
  return {
    catalog: kind,
    version: file.data.version,
    currency: file.data.currency,
    source: file.data.source,
    entries,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

export function entryInForce<E extends { effectiveFrom: Day }>(c: DatedCatalog<E>, day: Day): E {
  let found: E | undefined;
  for (const e of c.entries) if (e.effectiveFrom <= day) found = e;
  if (!found) throw new CatalogError(`catalog ${c.version} has no prices for ${day} (its first entry starts ${c.entries[0]!.effectiveFrom})`);
  return found;
}

export function parseTrtcRefundCatalog(text: string, fileName: string): DatedCatalog<TrtcRefundEntry> {
  const c = parseDated(text, fileName, 'trtc-package-refund', trtcEntry);
  c.entries.forEach((e, i) => {
    if (!money(e.bands[0]!.fromMinutes).isZero()) throw new CatalogError(`${fileName}: entries[${i}].bands[0].fromMinutes must be 0`);
    for (let j = 1; j < e.bands.length; j++)
      if (money(e.bands[j]!.fromMinutes).lte(e.bands[j - 1]!.fromMinutes))
        throw new CatalogError(`${fileName}: entries[${i}].bands[${j}].fromMinutes must be above the band before`);
  });
  return c;
}

export function parseMeetingCatalog(text: string, fileName: string): DatedCatalog<MeetingEntry> {
  return parseDated(text, fileName, 'meeting', meetingEntry);
}

export function builtinTrtcRefundCatalog(): DatedCatalog<TrtcRefundEntry> {
  return parseTrtcRefundCatalog(JSON.stringify(trtcBuiltin), 'main/core/catalog/trtc-refund-cny.json');
}

export function builtinMeetingCatalog(): DatedCatalog<MeetingEntry> {
  return parseMeetingCatalog(JSON.stringify(meetingBuiltin), 'main/core/catalog/meeting-cny.json');
}

/** The one band (not progressive) whose range holds the consumed total; its price per minute. */
export function trtcBandPrice(c: DatedCatalog<TrtcRefundEntry>, day: Day, consumedMinutes: Money): Money {
  const bands = entryInForce(c, day).bands;
  let price = bands[0]!.price.amount;
  for (const b of bands) if (consumedMinutes.gte(b.fromMinutes)) price = b.price.amount;
  return money(price);
}

/** List price of a Meeting item for a term; null when the item is not sold for that term. */
export function meetingListPrice(c: DatedCatalog<MeetingEntry>, day: Day, item: MeetingItem, term: 'year' | 'month'): Money | null {
  const found = entryInForce(c, day).items.find((x) => x.id === item);
  if (!found) return null;
  const p = term === 'year' ? found.perYear : found.perMonth;
  return p ? money(p.amount) : null;
}
