/**
 * Every argument that crosses from the renderer is checked here before the core sees it: the
 * renderer is treated as untrusted (a compromised page must not reach arbitrary SQL or paths).
 */
import { z } from 'zod';
import { SORT_COLUMNS } from './contract.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');
const kind = z.enum(['fee-detail', 'fee-resource', 'consumption', 'tiw-transcode', 'tiw-recording', 'tiw-whiteboard']);
const opId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'operation id: 1–64 letters, digits, - or _');
/** Paths come from the shell's file dialog or a dropped file: absolute, no NUL. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains NUL')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'path must be absolute');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal such as 0.01');

const importOptions = z
  .object({
    kind: kind.optional(),
    encoding: z.enum(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']).optional(),
    replace: z.boolean().optional(),
    map: z.record(z.string().max(100), z.string().max(200)).optional(),
  })
  .strict();

export const schemas = {
  previewImport: z.object({ paths: z.array(absolutePath).min(1).max(200), options: importOptions.optional() }).strict(),
  commitImport: z.object({ path: absolutePath, options: importOptions.optional(), opId }).strict(),
  undoImport: z.object({ id: z.number().int().positive() }).strict(),
  listImports: z.undefined(),
  monthsAvailable: z.undefined(),
  monthReport: z.object({ month }).strict(),
  reconcile: z.object({ month, tolerance: decimal.optional(), opId: opId.optional() }).strict(),
  mismatches: z
    .object({
      month,
      category: z.enum(['prepaidTiming', 'crossMonth', 'precision', 'refunds', 'missing', 'amountMismatch', 'rating']).optional(),
      product: z.string().max(200).optional(),
      resource: z.string().max(200).optional(),
      status: z.enum(['open', 'explained', 'accepted', 'claim']).optional(),
      owner: z.string().min(1).max(200).optional(),
      project: z.string().min(1).max(200).optional(),
      // "key=value" as the mismatch list stores it; "key=" for the lines without the tag.
      tag: z.string().max(400).regex(/^[^=]+=/, 'tag must be KEY=VALUE (KEY= for the lines without it)').optional(),
      sort: z.enum(SORT_COLUMNS).optional(),
      dir: z.enum(['asc', 'desc']).optional(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    })
    .strict(),
  mismatchFacets: z.object({ month }).strict(),
  mismatchSources: z.object({ id: z.string().min(1).max(200) }).strict(),
  setReview: z
    .object({
      ids: z.array(z.string().min(1).max(200)).min(1).max(100_000),
      status: z.enum(['open', 'explained', 'accepted', 'claim']),
      comment: z.string().max(2000).nullable(),
    })
    .strict(),
  rating: z.object({ month, opId: opId.optional() }).strict(),
  ratingSettings: z.object({ month }).strict(),
  setRatingAccount: z.object({ month, path: absolutePath.optional() }).strict(),
  setRatingCatalog: z.object({ month, path: absolutePath.optional(), reset: z.literal(true).optional() }).strict(),
  setExchangeRate: z
    .object({
      month,
      rate: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,12})?$/, 'a positive decimal such as 7.1826 (bill currency per 1 catalog currency)')
        .refine((r) => !/^0+(\.0+)?$/.test(r), 'must be greater than 0'),
    })
    .strict(),
  calculators: z.undefined(),
  calculate: z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'calculator id: lower-case letters, digits and -'),
      inputs: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'input name: lower-case letters, digits and -'), z.string().max(2000)),
    })
    .strict(),
  exportMonth: z
    .object({
      month,
      format: z.enum(['xlsx', 'mismatches-csv', 'detail-csv', 'focus-csv']),
      lang: z.enum(['zh-CN', 'en']),
      path: absolutePath.optional(),
      opId: opId.optional(),
    })
    .strict(),
  cancel: z.object({ opId }).strict(),
  closeMonth: z.object({ month, by: z.string().trim().min(1).max(200), note: z.string().max(2000).nullable().optional() }).strict(),
  reopenMonth: z.object({ month, by: z.string().trim().min(1).max(200), reason: z.string().trim().min(1).max(2000) }).strict(),
  auditLog: z.object({ month: month.optional() }).strict(),
  yearTable: z.object({ year: z.string().regex(/^\d{4}$/, 'year must be YYYY').optional() }).strict(),
  auditReport: z.object({ month }).strict(),
} as const;

export type SchemaChannel = keyof typeof schemas;
