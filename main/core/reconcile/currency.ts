/**
 * The currency of a month's fee bill, for the month report: the Currency column of its first line
 * when a file maps one (a bill file is in one currency), else CNY when the bill's headers are in
 * 元 (the domestic bill), else null — never guessed beyond that.
 */
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { storedLines } from '../store/line-reader.js';
import { SIDE } from '../store/line-writer.js';
import { feeImportsOf } from './month-input.js';

export function feeBillCurrency(db: Db, month: Month): string | null {
  const imports = feeImportsOf(db, month).map((id) => db.prepare('select id, headers, mapping from import where id = ?').get(id) as { id: number; headers: string; mapping: string });
  if (imports.length === 0) return null;
  const codes = new Set<string>();
  for (const imp of imports) {
    if (!('currency' in (JSON.parse(imp.mapping) as Record<string, string>))) continue;
    for (const l of storedLines(db, { side: SIDE.fee, months: [month], importIds: [imp.id], limit: 1 })) if (l.fields.currency) codes.add(l.fields.currency.trim().toUpperCase());
  }
  if (codes.size > 0) return codes.size === 1 ? [...codes][0]! : null;
  return imports.every((i) => i.headers.includes('元')) ? 'CNY' : null;
}
