/**
 * The billing API's JSON as a table, the record's fields side by side under their API names,
 * which are aliases of the canonical fields (bill/columns.ts): one row per component of a
 * DescribeBillDetail / DescribeCostDetail record (`ComponentSet`), one row per record of a
 * resource summary (DescribeBillResourceSummary, DescribeCostSummaryByResource). From there a
 * JSON bill is read, checked and kept exactly like a CSV one. Tags become `标签键:<key>` columns,
 * as in the console's CSV.
 */
import type { Json, JsonItem, Obj } from './json-records.js';
import { isObj } from './json-records.js';
import type { TableRow } from './sources.js';
import { ImportError } from './types.js';
import { parseDay } from './values.js';

function cellOf(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The vendor's "no time" in a time field (DescribeBillResourceSummary's PayTime of a daily settlement). */
const ZERO_TIME = /^0000-00-00( 00:00:00)?$/;

export interface ApiTable {
  headers: string[];
  rows: TableRow[];
  /** Canonical field → header where an API name means something else than the alias table says. */
  userMap: Record<string, string>;
  notes: string[];
}

class TableBuilder {
  readonly headers: string[] = [];
  private readonly index = new Map<string, number>();
  readonly records: { row: number; values: Map<number, string> }[] = [];
  zeroTimes = new Map<string, number>();

  col(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.headers.length;
      this.index.set(name, i);
      this.headers.push(name);
    }
    return i;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** A record's own fields (not its components), tags as tag columns; `-` as a tag key is no tag. */
  fields(v: Obj, skip: string): Map<number, string> {
    const out = new Map<number, string>();
    for (const [k, x] of Object.entries(v)) {
      if (k === skip) continue;
      if (k === 'Tags' && Array.isArray(x)) {
        for (const t of x) if (isObj(t) && typeof t.TagKey === 'string' && t.TagKey.trim() !== '-') out.set(this.col(`标签键:${t.TagKey}`), cellOf(t.TagValue));
        continue;
      }
      const cell = cellOf(x);
      if (ZERO_TIME.test(cell.trim())) {
        this.zeroTimes.set(k, (this.zeroTimes.get(k) ?? 0) + 1);
        out.set(this.col(k), '');
      } else out.set(this.col(k), cell);
    }
    return out;
  }

  table(userMap: Record<string, string>, notes: string[]): ApiTable {
    for (const [k, n] of this.zeroTimes) notes.push(`${k} "0000-00-00 00:00:00" read as no time (the vendor's placeholder) on ${n} row${n === 1 ? '' : 's'}`);
    const rows = this.records.map((r) => ({ row: r.row, sheet: null, cells: this.headers.map((_, i) => r.values.get(i) ?? '') }));
    return { headers: this.headers, rows, userMap, notes };
  }
}

function pathOf(item: JsonItem, key: string): string {
  return `${item.path}.${key}`.replace(/^\$\./, '');
}

/** DescribeBillDetail / DescribeCostDetail records (items of `DetailSet`) as rows: record fields, then component fields, then tags. */
export function billDetailTable(file: string, items: readonly JsonItem[]): ApiTable {
  const t = new TableBuilder();
  for (const item of items) {
    const v = item.value;
    const components = Array.isArray(v.ComponentSet) ? v.ComponentSet : [];
    if (components.length === 0) throw new ImportError(file, item.row, pathOf(item, 'ComponentSet'), 'a bill detail without components');
    const base = t.fields(v, 'ComponentSet');
    components.forEach((c, i) => {
      if (!isObj(c)) throw new ImportError(file, item.row, pathOf(item, `ComponentSet[${i}]`), 'expected an object', JSON.stringify(c));
      const values = new Map(base);
      for (const [k, x] of Object.entries(c)) values.set(t.col(k), cellOf(x));
      t.records.push({ row: item.row, values });
    });
  }
  return t.table({}, []);
}

/**
 * Resource summaries, one row per record. DescribeCostSummaryByResource calls its pre-discount
 * price `RealCost` (the detail APIs' name for the discounted total) and does not say its month:
 * that is the request's BeginTime, so it comes from --date.
 */
export function resourceSummaryTable(file: string, items: readonly JsonItem[], consumption: boolean, date: string | undefined | null): ApiTable {
  const t = new TableBuilder();
  for (const item of items) t.records.push({ row: item.row, values: t.fields(item.value, '') });
  const notes: string[] = [];
  // null: a preview, which shows the month as missing rather than refusing the file.
  if (consumption && !t.has('BillMonth') && date !== null) {
    const month = monthFromDate(file, date);
    const col = t.col('BillMonth');
    for (const r of t.records) r.values.set(col, month);
    notes.push(`month ${month} from --date ${date!}: DescribeCostSummaryByResource does not say its month (its request's BeginTime does)`);
  }
  return t.table(consumption ? { discountedTotal: 'RealTotalCost', originalCost: 'RealCost' } : {}, notes);
}

function monthFromDate(file: string, date: string | undefined): string {
  if (date === undefined) {
    throw new ImportError(
      file,
      null,
      null,
      'a consumption resource summary (DescribeCostSummaryByResource) does not say which month it is (its request’s BeginTime does): pass --date with a day of that month, e.g. --date 2025-03-01',
    );
  }
  try {
    return parseDay(date).slice(0, 7);
  } catch (e) {
    throw new ImportError('--date', null, null, (e as Error).message, date);
  }
}
