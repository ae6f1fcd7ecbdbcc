/**
 * A line's original cells as fields: each mapped column read as its declared type and shown the
 * way the bill writes it (amounts as exact decimals, times as Beijing "YYYY-MM-DD HH:mm:ss",
 * months as YYYY-MM), the other columns kept by their own headers. What traces, the corrected
 * detail and FOCUS show of a line.
 */
import { FIELDS, isTagHeader, type FieldName } from './columns.js';
import { isBlank, parseDecimal, parseInteger, parseMonth, parseTime } from './values.js';

export type LineFields = Partial<Record<FieldName, string | null>>;

export interface ReadLine {
  fields: LineFields;
  /** Columns no field maps, by header (tags included even when empty). */
  extra: Record<string, string>;
}

/** "2025-03-01T08:00:00+08:00" → "2025-03-01 08:00:00". */
export function vendorLocal(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function displayValue(field: FieldName, raw: string): string | null {
  if (isBlank(raw)) return null;
  try {
    switch (FIELDS[field].type) {
      case 'amount':
      case 'decimal':
        return parseDecimal(raw);
      case 'time': {
        const t = parseTime(raw);
        return t === null ? null : vendorLocal(t.text);
      }
      case 'month':
        return parseMonth(raw);
      case 'integer':
        return String(parseInteger(raw));
      default:
        return raw.trim();
    }
  } catch {
    return raw.trim();
  }
}

/** Where each mapped field and each other column sits in a file's rows: worked out once per file. */
interface ReadPlan {
  mapped: [FieldName, number][];
  /** Header, column, whether it is a tag (kept even when empty). */
  extra: [string, number, boolean][];
}

const plans = new WeakMap<object, { headers: readonly string[]; plan: ReadPlan }>();

function readPlan(headers: readonly string[], mapping: Record<string, string>): ReadPlan {
  const known = plans.get(mapping);
  if (known && known.headers === headers) return known.plan;
  const plan: ReadPlan = { mapped: [], extra: [] };
  const mapped = new Set<number>();
  for (const [field, header] of Object.entries(mapping) as [FieldName, string][]) {
    const i = headers.indexOf(header);
    if (i < 0) continue;
    mapped.add(i);
    plan.mapped.push([field, i]);
  }
  headers.forEach((h, i) => {
    if (!mapped.has(i) && h.trim() !== '') plan.extra.push([h, i, isTagHeader(h)]);
  });
  plans.set(mapping, { headers, plan });
  return plan;
}

export function readLine(headers: readonly string[], mapping: Record<string, string>, cells: readonly string[]): ReadLine {
  const plan = readPlan(headers, mapping);
  const fields: LineFields = {};
  for (const [field, i] of plan.mapped) fields[field] = displayValue(field, cells[i] ?? '');
  const extra: Record<string, string> = {};
  for (const [h, i, tag] of plan.extra) {
    const v = cells[i] ?? '';
    if (v !== '' || tag) extra[h] = v;
  }
  return { fields, extra };
}
