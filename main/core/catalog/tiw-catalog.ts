import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Day } from '../model.js';
import { money, type Money } from '../money/decimal.js';
import { isRealDay } from '../calendar/days.js';
import builtin from './tiw-intl-usd.json' with { type: 'json' };

/**
 * The whiteboard (TIW) price catalog: prices, quotas, packages and counting rules as dated data,
 * because the vendor changes them (dynamic transcode went from 1:8 to 1:39) and customers
 * negotiate their own. Rating always asks "what was in force on this usage day".
 */

export const TIW_ITEMS = ['whiteboard', 'transcode', 'recording'] as const;
export type TiwItem = (typeof TIW_ITEMS)[number];

export const PACKAGE_IDS = [
  'platinum-1.0',
  'platinum-2.0',
  'enterprise-1.0',
  'enterprise-2.0',
  'advanced-1.0',
  'advanced-2.0',
  'basic-1.0',
  'basic-2.0',
] as const;
export type PackageId = (typeof PACKAGE_IDS)[number];

export const RECORDING_MINUTE_RULES = ['ceilPerVideo', 'ceilPerDay'] as const;
export type RecordingMinuteRule = (typeof RECORDING_MINUTE_RULES)[number];

const isoDay = z.string().refine(isRealDay, { message: 'must be a real date YYYY-MM-DD' });
const decimalText = z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a non-negative decimal string, e.g. "1.50"' });
const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code, e.g. "USD"' });
const price = z.object({ amount: decimalText, currency: currencyCode }).strict();
const unitPrice = z
  .object({ price, per: decimalText.refine((v) => money(v).gt(0), { message: 'must be > 0' }) })
  .strict();

const packageSchema = z
  .object({
    id: z.enum(PACKAGE_IDS),
    name: z.string().min(1),
    whiteboard: decimalText,
    transcode: decimalText,
    recording: decimalText,
    price,
  })
  .strict();

const entrySchema = z
  .object({
    effectiveFrom: isoDay,
    monthlyFee: price,
    freeQuota: z.object({ whiteboard: decimalText, recording: decimalText, transcode: decimalText }).strict(),
    packages: z.array(packageSchema).min(1),
    packageValidMonths: z.number().int().positive(),
    postpaid: z.object({ whiteboard: unitPrice, transcode: unitPrice, recording: unitPrice, mixedStream: unitPrice }).strict(),
    dynamicTranscodeRatio: decimalText.refine((v) => money(v).gt(0), { message: 'must be > 0' }),
    recordingMinutes: z.enum(RECORDING_MINUTE_RULES),
  })
  .strict();

/** Later entries only name what changed; the loader fills in the rest from the entry before. */
const fileSchema = z
  .object({
    catalog: z.literal('tiw'),
    version: z.string().min(1),
    currency: currencyCode,
    source: z.string().min(1),
    entries: z.array(z.record(z.string(), z.unknown())).min(1),
  })
  .strict();

export type TiwCatalogEntry = z.infer<typeof entrySchema>;
export type TiwPackage = z.infer<typeof packageSchema>;

export interface TiwCatalog {
  version: string;
  currency: string;
  source: string;
  /** Complete entries, oldest first, each in force from its effectiveFrom until the next one's. */
  entries: TiwCatalogEntry[];
  /** sha256 of the file text: a run records which exact catalog it used. */
  sha256: string;
  origin: 'builtin' | 'user';
}

export class CatalogError extends Error {
  override name = 'CatalogError';
  readonly isUserError = true;
}

function describeIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${where}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`).join('; ');
}

/** Parse and validate a catalog file's text; errors name the file and the JSON path. */
export function parseTiwCatalog(text: string, fileName: string, origin: TiwCatalog['origin'] = 'user'): TiwCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CatalogError(`${fileName}: not valid JSON (${(err as Error).message})`);
  }
  const file = fileSchema.safeParse(raw);
  if (!file.success) throw new CatalogError(`${fileName}: ${describeIssues('catalog', file.error.issues)}`);
  const entries: TiwCatalogEntry[] = [];
  let previous: Record<string, unknown> = {};
  file.data.entries.forEach((partial, i) => {
    const merged = { ...previous, ...partial };
    const entry = entrySchema.safeParse(merged);
    if (!entry.success) throw new CatalogError(`${fileName}: ${describeIssues(`entries[${i}]`, entry.error.issues)}`);
    const e = entry.data;
    const prev = entries[entries.length - 1];
    if (prev && e.effectiveFrom <= prev.effectiveFrom)
      throw new CatalogError(`${fileName}: entries[${i}].effectiveFrom ${e.effectiveFrom} must be after ${prev.effectiveFrom} (entries run oldest first)`);
    for (const [path, c] of pricesOf(e))
      if (c !== file.data.currency)
        throw new CatalogError(`${fileName}: entries[${i}].${path}.currency is ${c} but the catalog is in ${file.data.currency}; one catalog, one currency`);
    const seen = new Set<string>();
    for (const p of e.packages) {
      if (seen.has(p.id)) throw new CatalogError(`${fileName}: entries[${i}].packages lists ${p.id} twice`);
      seen.add(p.id);
    }
    entries.push(e);
    previous = merged;
  });
  return {
    version: file.data.version,
    currency: file.data.currency,
    source: file.data.source,
    entries,
    sha256: createHash('sha256').update(text).digest('hex'),
    origin,
  };
}

function pricesOf(e: TiwCatalogEntry): [string, string][] {
  return [
    ['monthlyFee', e.monthlyFee.currency],
    ...e.packages.map((p, j): [string, string] => [`packages[${j}].price`, p.price.currency]),
    ...Object.entries(e.postpaid).map(([k, v]): [string, string] => [`postpaid.${k}.price`, v.price.currency]),
  ];
}

/** The shipped list-price catalog. */
export function builtinTiwCatalog(): TiwCatalog {
  return parseTiwCatalog(JSON.stringify(builtin), 'main/core/catalog/tiw-intl-usd.json', 'builtin');
}

/** The entry in force on a usage day; usage before the first entry is an error, not a guess. */
export function entryOn(catalog: TiwCatalog, day: Day): TiwCatalogEntry {
  let found: TiwCatalogEntry | undefined;
  for (const e of catalog.entries) if (e.effectiveFrom <= day) found = e;
  if (!found)
    throw new CatalogError(`catalog ${catalog.version} has no prices for ${day} (its first entry starts ${catalog.entries[0]!.effectiveFrom})`);
  return found;
}

/** Postpaid price of one unit of an item (price ÷ per), exact. */
export function unitPriceOf(entry: TiwCatalogEntry, item: TiwItem | 'mixedStream'): Money {
  const p = entry.postpaid[item];
  return money(p.price.amount).div(p.per);
}

/** Package ids, the vendor's Chinese names (基础版1.0) and English names (Basic 1.0) all name a package. */
export function resolvePackageId(catalog: TiwCatalog, name: string): PackageId | undefined {
  const norm = (t: string) => t.toLowerCase().replace(/[\s_-]+/g, '');
  const wanted = norm(name);
  for (const e of catalog.entries) for (const p of e.packages) if (norm(p.id) === wanted || norm(p.name) === wanted) return p.id;
  return PACKAGE_IDS.find((id) => norm(id) === wanted);
}
