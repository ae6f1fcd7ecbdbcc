/**
 * The fee-bill detail lines of a month as an export reads them: each stored line with its
 * original cells (store/line-reader.ts) as a FeeDetailLine, its check verdict and failures,
 * streamed in import and row order with its `file:row` trace, plus the files they came from.
 */
import { FEE_EXPORT_FIELDS, type FieldName } from '../bill/columns.js';
import type { FeeDetailLine, ImportRecord, Month } from '../model.js';
import { listImports, type Db } from '../store/index.js';
import { importsWithLines, storedLineIds, storedLineOf, storedRecords, type StoredLine, type StoredRecord } from '../store/line-reader.js';
import { SIDE, lineRangeWithin } from '../store/line-writer.js';
import { LINE_KIND_CODE } from '../bill/terms.js';
import { switchedBills } from '../reconcile/period-switch.js';

export interface DetailLine {
  line: FeeDetailLine;
  verdict: number;
  /** check → [stated, recomputed] of each failed check. */
  failures: Map<string, [bigint, bigint]> | undefined;
  /** The vendor's 月度计费精度差异 line. */
  precisionLine: boolean;
  trace: string;
}

/** A line as the byte encoder of the detail reads it (detail-bytes.ts): its source record undecoded. */
export interface DetailRecord {
  rec: StoredRecord;
  verdict: number;
  failures: Map<string, [bigint, bigint]> | undefined;
  precisionLine: boolean;
  /** The import's typed fields shown as extra columns, under their headers. */
  typed: readonly [FieldName, string][];
}

export interface MonthLines {
  month: Month;
  /** Live fee-detail imports contributing at least one line to the month, in import order. */
  files: ImportRecord[];
  /** Unmapped original columns (tags, 2024-11 fields …), in the order the files had them. */
  extraKeys: string[];
  lineCount: number;
  /** The lines in order; with a range, only the range's lines of its import. */
  lines(range?: LineRange): Generator<DetailLine>;
  /** The same lines with their source records undecoded (the record is valid until the next one). */
  records(range?: LineRange): Generator<DetailRecord>;
  /** A record as the line lines() gives. */
  lineOf(d: DetailRecord): DetailLine;
  /** The ids of the lines lines() gives, per import, in the same order. */
  lineIds(): { importId: number; ids: number[] }[];
  /** "file:row" for any stored row. */
  trace(importId: number, sourceRow: number): string;
}

/** Lines of one import with ids in [from, to]. */
export interface LineRange {
  importId: number;
  from: number;
  to: number;
}

const EXPORTED = new Set<string>(FEE_EXPORT_FIELDS);

/** An import's mapping (field → header). */
function mappingOf(db: Db, importId: number): Record<string, string> {
  return JSON.parse(db.prepare('select mapping from import where id = ?').pluck().get(importId) as string) as Record<string, string>;
}

/**
 * Typed fields the Billing Center's L3 layout has no column for (RI / savings plan, tax, 国内国际 …):
 * the export shows them under the bill's own header, as it did before they were typed.
 */
function typedExtras(mapping: Record<string, string>): [FieldName, string][] {
  return (Object.entries(mapping) as [FieldName, string][]).filter(([f, h]) => !EXPORTED.has(f) && !Object.entries(mapping).some(([g, k]) => k === h && EXPORTED.has(g)));
}

function unmappedHeaders(files: readonly ImportRecord[], db: Db): string[] {
  const keys: string[] = [];
  const headerInfo = db.prepare('select headers, mapping from import where id = ?');
  for (const f of files) {
    const r = headerInfo.get(f.id) as { headers: string; mapping: string };
    const mapping = JSON.parse(r.mapping) as Record<string, string>;
    const shown = new Set(typedExtras(mapping).map(([, h]) => h));
    const mapped = new Set(Object.values(mapping).filter((h) => !shown.has(h)));
    for (const h of JSON.parse(r.headers) as string[]) if (h && !mapped.has(h) && !keys.includes(h)) keys.push(h);
  }
  return keys;
}

/** The line's unmapped columns, with its typed extras under their headers. */
function extraWithTyped(l: StoredLine, typed: readonly [FieldName, string][]): Record<string, string> {
  if (typed.length === 0) return l.extra;
  const extra = { ...l.extra };
  for (const [f, h] of typed) {
    const v = l.fields[f];
    if (v !== null && v !== undefined) extra[h] = v;
  }
  return extra;
}

/** A vendor-local "YYYY-MM-DD HH:mm:ss" as the stored instant "YYYY-MM-DDTHH:mm:ss+08:00". */
export function instant(t: string | null | undefined): string | null {
  return t ? `${t.slice(0, 10)}T${t.slice(11, 19)}+08:00` : null;
}

/** A stored line read back in the canonical record shape the writers lay out, counted in `billMonth`. */
export function detailLine(l: StoredLine, billMonth: Month = l.key.month, extra: Record<string, string> = l.extra): FeeDetailLine {
  const f = l.fields;
  const text = (k: FieldName): string | null => f[k] ?? null;
  return {
    importId: l.importId, sourceRow: l.row, payerUin: text('payerUin'), ownerUin: text('ownerUin'), operatorUin: text('operatorUin'),
    product: l.key.product, productCode: text('productCode'), subProduct: text('subProduct'), payMode: text('payMode'), project: text('project'),
    region: text('region'), zone: text('zone'), resourceId: text('resourceId'), resourceName: text('resourceName'), actionType: text('actionType'),
    orderId: text('orderId'), transactionId: text('transactionId'), payTime: instant(f.payTime), usageStart: instant(f.usageStart), usageEnd: instant(f.usageEnd),
    componentType: text('componentType'), componentName: text('componentName'), listPrice: text('listPrice'), contractPrice: text('contractPrice'),
    priceUnit: text('priceUnit'), usage: text('usage'), usageUnit: text('usageUnit'), duration: text('duration'), durationUnit: text('durationUnit'),
    originalCost: text('originalCost'), discount: text('discount'), discountedTotal: text('discountedTotal') ?? '0', voucher: text('voucher'),
    cash: text('cash'), gift: text('gift'), transfer: text('transfer'), currency: text('currency'), billMonth,
    aggregated: l.ref === null && !f.orderId && !f.payTime,
    extra,
  };
}

function failuresOf(db: Db, importId: number, ids?: readonly [number, number]): Map<number, Map<string, [bigint, bigint]>> {
  const [lo, hi] = lineRangeWithin(importId, ids);
  const out = new Map<number, Map<string, [bigint, bigint]>>();
  const rows = db.prepare('select line & 4294967295, "check", stated, recomputed from line_check where line between ? and ?').safeIntegers(true).raw().all(lo, hi) as [bigint, string, bigint, bigint][];
  for (const [row, check, stated, recomputed] of rows) {
    const r = Number(row);
    if (!out.has(r)) out.set(r, new Map());
    out.get(r)!.set(check, [stated, recomputed]);
  }
  return out;
}

/**
 * The month's fee lines as its reconciliation counts them: in a switch month (reconcile/period-switch.ts)
 * the bill's lines of the previous month's last settlement cycle are this month's, and in the month
 * before a switch they are the next month's.
 */
export function monthLines(db: Db, month: Month): MonthLines {
  const imports = new Map(listImports(db).map((i) => [i.id, i]));
  const sw = switchedBills(db, month);
  const arriving = importsWithLines(db, SIDE.fee, [sw.prev]).filter((id) => sw.arriving.includes(id));
  const own = importsWithLines(db, SIDE.fee, [month]).filter((id) => !sw.leaving.includes(id));
  const files = [...new Set([...own, ...arriving])].sort((a, b) => a - b).map((id) => imports.get(id)!);
  const countOf = (m: Month, ids: number[]): number =>
    (db.prepare(`select ifnull(sum(lines), 0) from import_month where month = ? and side = ${SIDE.fee} and importId in (${ids.join(',') || 'null'})`).pluck().get(m) as number) ?? 0;
  const lineCount = countOf(month, own) + countOf(sw.prev, arriving);
  const trace = (importId: number, sourceRow: number): string => `${imports.get(importId)?.fileName ?? `import#${importId}`}:${sourceRow}`;
  const monthsOf = (importId: number): Month[] => (arriving.includes(importId) ? [sw.prev, month] : [month]);
  return {
    month,
    files,
    extraKeys: unmappedHeaders(files, db),
    lineCount,
    trace,
    lineIds() {
      return files.flatMap((f) => storedLineIds(db, { side: SIDE.fee, months: monthsOf(f.id), importIds: [f.id] }));
    },
    *lines(range?: LineRange) {
      for (const d of this.records(range)) yield this.lineOf(d);
    },
    *records(range?: LineRange) {
      let failures = new Map<number, Map<string, [bigint, bigint]>>();
      let typed: [FieldName, string][] = [];
      let current = -1;
      for (const f of range ? files.filter((x) => x.id === range.importId) : files) {
        const ids = range ? ([range.from, range.to] as const) : undefined;
        const months = monthsOf(f.id);
        for (const rec of storedRecords(db, { side: SIDE.fee, months, importIds: [f.id], ...(ids ? { ids } : {}) })) {
          if (rec.importId !== current) {
            current = rec.importId;
            failures = failuresOf(db, current, ids);
            typed = typedExtras(mappingOf(db, current));
          }
          yield { rec, verdict: rec.verdict, failures: failures.get(rec.row), precisionLine: rec.kind === LINE_KIND_CODE.precisionLine, typed };
        }
      }
    },
    lineOf(d: DetailRecord): DetailLine {
      const l = storedLineOf(d.rec);
      const line = detailLine(l, month, extraWithTyped(l, d.typed));
      return { line, verdict: d.verdict, failures: d.failures, precisionLine: d.precisionLine, trace: trace(l.importId, l.row) };
    },
  };
}
