import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Day } from '../model.js';
import { money, type Money } from '../money/decimal.js';
import { isRealDay } from '../calendar/days.js';
import { CatalogError } from './tiw-catalog.js';
import trtcBuiltin from './trtc-refund-cny.json' with { type: 'json' };
import meetingBuiltin from './meeting-cny.json' with { type: 'json' };
import billingRulesBuiltin from './billing-rules-cny.json' with { type: 'json' };

/**
 * The other vendor catalogs the calculators read (SPEC §5, SPEC-CALCULATORS.md): TRTC package
 * refund bands, Tencent Meeting editions, items, list prices and limits, and the general billing
 * rules (refund windows, freezes, arrears stages, VAT, top-up limits). Same rules as the
 * whiteboard catalog: dated entries, every price with its currency, validated at load, later
 * entries inherit what they do not change.
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

/**
 * A Meeting item's id says what it is: `EDITION-account`, `large-N` (N people), `webinar-N`
 * (N viewers), `recording-NG` / `recording-NT`, `rooms`, `mra`, `phone-pack-N` (face value N).
 * The order checks (Q2 large meetings, Q3 webinars, Q4 add-on terms, Q5 webinar size) go by
 * that kind, so an id the grammar does not know is refused when the catalog loads.
 */
export const MEETING_ITEM_ID = /^(?:([a-z]+(?:-[a-z]+)*)-account|large-(\d+)|webinar-(\d+)|recording-(\d+)([gt])|rooms|mra|phone-pack-(\d+))$/;
export type MeetingItemKind = 'account' | 'large' | 'webinar' | 'recording' | 'rooms' | 'mra' | 'phone-pack';

export interface MeetingItemShape {
  kind: MeetingItemKind;
  /** People (large), viewers (webinar), GB (recording; 1T = 1024), face value (phone pack). */
  size: number | null;
  /** The edition an account item belongs to. */
  edition: string | null;
}

export function meetingItemShape(id: string): MeetingItemShape | null {
  const m = MEETING_ITEM_ID.exec(id);
  if (!m) return null;
  if (m[1]) return { kind: 'account', size: null, edition: m[1] };
  if (m[2]) return { kind: 'large', size: Number(m[2]), edition: null };
  if (m[3]) return { kind: 'webinar', size: Number(m[3]), edition: null };
  if (m[4]) return { kind: 'recording', size: Number(m[4]) * (m[5] === 't' ? 1024 : 1), edition: null };
  if (m[6]) return { kind: 'phone-pack', size: Number(m[6]), edition: null };
  return { kind: id === 'rooms' ? 'rooms' : 'mra', size: null, edition: null };
}

/** Item ids are free text in the catalog; the type only says where one is meant. */
export type MeetingItem = string;

const editionId = z.string().regex(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a lower-case id like education-plus' });
const meetingItem = z
  .object({
    id: z.string().regex(MEETING_ITEM_ID, { message: 'must be EDITION-account, large-N, webinar-N, recording-NG, recording-NT, rooms, mra or phone-pack-N' }),
    name: z.string().min(1),
    perYear: price.nullable(),
    perMonth: price.nullable(),
    oneOff: price.optional(),
    soldWith: z.array(editionId).min(1),
  })
  .strict();
const meetingEdition = z
  .object({
    id: editionId,
    name: z.string().min(1),
    /** Premium accounts an enterprise of this edition holds (Q1); null: none (free). */
    accounts: z.object({ min: z.number().int().min(1), max: z.number().int().min(1).nullable() }).strict().nullable(),
    meetingSize: z.number().int().positive(),
    recordingIncluded: z.string().min(1),
    /** false: price by sales quote only (5A.1), every line needs its contract price. */
    listPrices: z.boolean(),
    /** 5A.6: a refund can be asked for at all. */
    refundable: z.boolean(),
    maxQuantity: z.record(z.string(), z.number().int().positive()).optional(),
    note: z.string().optional(),
  })
  .strict();

const meetingEntry = z
  .object({
    effectiveFrom: isoDay,
    items: z.array(meetingItem).min(1),
    editions: z.array(meetingEdition).min(1),
    limits: z.object({ webinarMaxViewers: z.number().int().positive(), webinarQuoteAbove: z.number().int().positive(), refundWindowDays: z.number().int().positive() }).strict(),
  })
  .strict();

export type MeetingEditionEntry = z.infer<typeof meetingEdition>;
export type MeetingItemEntry = z.infer<typeof meetingItem>;

const ratio = z.string().regex(/^(0|1)(\.\d+)?$/, { message: 'must be a ratio like 0.06' });
const hours = z.number().int().positive();
const billingRulesEntry = z
  .object({
    effectiveFrom: isoDay,
    fiveDayRefund: z.object({ maxHours: hours, calendarDays: z.number().int().positive() }).strict(),
    upgradeRefundDaysPerYear: z.number().int().positive(),
    freezes: z
      .object({
        deviceDays: z.number().int().positive(),
        trafficFactors: z.array(decimalText).min(1),
        cyclesDefault: z.number().int().positive(),
        cyclesByProduct: z.record(z.string(), z.number().int().positive()),
        deductionDay: z.number().int().min(1).max(28),
        releaseByDayOfNextMonth: z.number().int().min(1).max(28),
        settlementFreezesPhasedOutFrom: isoDay,
        settlementFreezesRetired: isoDay,
      })
      .strict(),
    arrears: z
      .object({
        hourly: z.object({ protectionHours: hours, suspensionHours: hours }).strict(),
        daily: z.object({ protectionHours: hours, suspensionHours: hours }).strict(),
        prepaidExpiry: z.object({ recoverableThroughDay: z.number().int().positive(), destroyedOnDay: z.number().int().positive() }).strict(),
      })
      .strict(),
    vat: z.array(z.object({ kind: z.string().min(1), rate: ratio, category: z.string().min(1), code: z.string().regex(/^\d+$/) }).strict()).min(1),
    topUp: z
      .object({
        min: price,
        max: price,
        methods: z.array(z.object({ method: z.string().min(1), perPayment: price.nullable(), perDay: price.nullable(), perMonth: price.nullable() }).strict()).min(1),
      })
      .strict(),
  })
  .strict();

export type BillingRulesEntry = z.infer<typeof billingRulesEntry>;
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
  const c = parseDated(text, fileName, 'meeting', meetingEntry);
  c.entries.forEach((e, i) => {
    const where = `${fileName}: entries[${i}]`;
    const editions = new Set(e.editions.map((x) => x.id));
    const ids = new Set<string>();
    e.items.forEach((item, j) => {
      if (ids.has(item.id)) throw new CatalogError(`${where}.items[${j}].id ${item.id} is listed twice`);
      ids.add(item.id);
      for (const ed of item.soldWith) if (!editions.has(ed)) throw new CatalogError(`${where}.items[${j}].soldWith names no edition: ${ed}`);
      const shape = meetingItemShape(item.id)!;
      if (shape.edition !== null && !editions.has(shape.edition)) throw new CatalogError(`${where}.items[${j}].id ${item.id} is the account of no edition`);
      if ((shape.kind === 'phone-pack') !== (item.oneOff !== undefined)) throw new CatalogError(`${where}.items[${j}]: oneOff is the price of a phone pack, and only of one`);
    });
    e.editions.forEach((ed, j) => {
      for (const id of Object.keys(ed.maxQuantity ?? {})) if (!ids.has(id)) throw new CatalogError(`${where}.editions[${j}].maxQuantity names no item: ${id}`);
    });
  });
  return c;
}

export function parseBillingRulesCatalog(text: string, fileName: string): DatedCatalog<BillingRulesEntry> {
  return parseDated(text, fileName, 'billing-rules', billingRulesEntry);
}

export function builtinBillingRulesCatalog(): DatedCatalog<BillingRulesEntry> {
  return parseBillingRulesCatalog(JSON.stringify(billingRulesBuiltin), 'main/core/catalog/billing-rules-cny.json');
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
