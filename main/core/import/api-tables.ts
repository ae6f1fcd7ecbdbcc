/**
 * The billing API's JSON as a table: one row per component (DescribeBillDetail's `ComponentSet`),
 * the record's fields and the component's side by side under their API names, which are aliases
 * of the canonical fields (bill/columns.ts). From there a JSON bill is read, checked and kept
 * exactly like a CSV one. Tags become `标签键:<key>` columns, as in the console's CSV.
 */
import type { Json, JsonItem } from './json-records.js';
import type { TableRow } from './sources.js';
import { ImportError } from './types.js';

type Obj = { [k: string]: Json };

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cellOf(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export interface ApiTable {
  headers: string[];
  rows: TableRow[];
}

/** DescribeBillDetail records (items of `DetailSet`) as rows: record fields, then component fields, then tags. */
export function billDetailTable(file: string, items: readonly JsonItem[]): ApiTable {
  const headers: string[] = [];
  const index = new Map<string, number>();
  const col = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = headers.length;
      index.set(name, i);
      headers.push(name);
    }
    return i;
  };
  const records: { row: number; values: Map<number, string> }[] = [];
  for (const item of items) {
    const v = item.value;
    const components = Array.isArray(v.ComponentSet) ? v.ComponentSet : [];
    if (components.length === 0) throw new ImportError(file, item.row, `${item.path}.ComponentSet`.replace(/^\$\./, ''), 'a bill detail without components');
    const base = new Map<number, string>();
    for (const [k, x] of Object.entries(v)) {
      if (k === 'ComponentSet') continue;
      if (k === 'Tags' && Array.isArray(x)) {
        for (const t of x) if (isObj(t) && typeof t.TagKey === 'string') base.set(col(`标签键:${t.TagKey}`), cellOf(t.TagValue));
        continue;
      }
      base.set(col(k), cellOf(x));
    }
    components.forEach((c, i) => {
      if (!isObj(c)) throw new ImportError(file, item.row, `${item.path}.ComponentSet[${i}]`.replace(/^\$\./, ''), 'expected an object', JSON.stringify(c));
      const values = new Map(base);
      for (const [k, x] of Object.entries(c)) values.set(col(k), cellOf(x));
      records.push({ row: item.row, values });
    });
  }
  const rows = records.map((r) => ({ row: r.row, sheet: null, cells: headers.map((_, i) => r.values.get(i) ?? '') }));
  return { headers, rows };
}
