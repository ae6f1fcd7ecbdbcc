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

export function readLine(headers: readonly string[], mapping: Record<string, string>, cells: readonly string[]): ReadLine {
  const fields: LineFields = {};
  const mapped = new Set<number>();
  for (const [field, header] of Object.entries(mapping) as [FieldName, string][]) {
    const i = headers.indexOf(header);
    if (i < 0) continue;
    mapped.add(i);
    fields[field] = displayValue(field, cells[i] ?? '');
  }
  const extra: Record<string, string> = {};
  headers.forEach((h, i) => {
    if (mapped.has(i) || h.trim() === '') return;
    const v = cells[i] ?? '';
    if (v !== '' || isTagHeader(h)) extra[h] = v;
  });
  return { fields, extra };
}
