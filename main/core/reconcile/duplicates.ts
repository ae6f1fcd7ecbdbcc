/**
 * Pass 5: duplicate keys are reported, not summed away. Inside one file the importer found them
 * (bill_duplicate); across the month's consumption files they are found here from each file's
 * day masks and summary identities; and a resource both itemised and summarised is named too.
 */
import { unpackRows } from '../bill/parts.js';
import { dayOfNumber, firstDayOfMonthIndex } from '../calendar/days.js';
import { monthIndexOfText } from '../bill/cells.js';
import { formatUnits } from '../money/index.js';
import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE_IMPORT } from '../store/lines.js';
import { monthDayMasks } from '../store/day-masks.js';
import { LINE_ROW_SQL, lineRange } from '../store/line-writer.js';
import { SEP, type KeySums } from './key-sums.js';
import type { DuplicateKey } from './types.js';

type Namer = (importId: number, row: number) => string;

function keyOf(month: Month, product: string, resourceId: string, component: string, extraName: string, extra: string | null): Record<string, string | null> {
  return { month, product, resourceId: resourceId === '' ? null : resourceId, component: component === '' ? null : component, [extraName]: extra };
}

/** What the importer found inside each file. */
function storedDuplicates(db: Db, month: Month, name: Namer): DuplicateKey[] {
  const rows = db
    .prepare(
      `select d.importId, d.side, d.reason, k.product, k.resourceId, k.component, d.extraName, d.extra, d.lines, d.amount, d.rows
       from bill_duplicate d join bill_key k on k.id = d.key where d.month = ? and d.${LIVE_IMPORT}
       order by d.side = 'consumption', d.extraName = 'orderId', d.importId, d.rowid`,
    )
    .safeIntegers(true)
    .all(month) as { importId: bigint; side: 'fee' | 'consumption'; reason: string; product: string; resourceId: string; component: string; extraName: string; extra: string | null; lines: bigint; amount: bigint; rows: Uint8Array }[];
  return rows.map((d) => ({
    side: d.side,
    reason: d.reason,
    key: keyOf(month, d.product, d.resourceId, d.component, d.extraName, d.extra),
    count: Number(d.lines),
    amount: formatUnits(d.amount, 8),
    sources: unpackRows(d.rows).map((r) => name(Number(d.importId), r)),
  }));
}

/** The same key, transaction type and day in two consumption files of the month. */
function acrossFiles(db: Db, month: Month, name: Namer): DuplicateKey[] {
  const files = db.prepare(`select count(distinct importId) from cons_day_masks where month = ? and ${LIVE_IMPORT}`).pluck().get(month) as number;
  if (files < 2) return [];
  const keyText = db.prepare('select product, resourceId, component from bill_key where id = ?');
  const seen = new Map<string, { mask: number; imports: number[] }>();
  const out: DuplicateKey[] = [];
  const first = firstDayOfMonthIndex(monthIndexOfText(month));
  for (const m of monthDayMasks(db, month, LIVE_IMPORT)) {
    const id = `${m.key}${SEP}${m.action}`;
    const s = seen.get(id);
    if (!s) {
      seen.set(id, { mask: m.mask, imports: [m.importId] });
      continue;
    }
    const both = s.mask & m.mask;
    for (let dom = 0; dom < 31; dom++) {
      if (!(both & (1 << dom))) continue;
      const texts = keyText.get(m.key) as { product: string; resourceId: string; component: string };
      out.push(daySources(db, month, { ...m, ...texts }, [...s.imports, m.importId], first + dom, name));
    }
    s.mask |= m.mask;
    s.imports.push(m.importId);
  }
  return out;
}

function daySources(db: Db, month: Month, m: { key: number; action: string; product: string; resourceId: string; component: string }, imports: number[], day: number, name: Namer): DuplicateKey {
  const action = db.prepare('select id from term where text = ?').pluck().get(m.action) as number | undefined;
  const sources: string[] = [];
  let amount = 0n;
  for (const importId of imports) {
    const [lo, hi] = lineRange(importId);
    const rows = db
      .prepare(`select ${LINE_ROW_SQL}, amount from bill_line where id between ? and ? and key = ? and day = ? and action is ? order by id`)
      .safeIntegers(true)
      .raw()
      .all(lo, hi, m.key, day, action ?? null) as [bigint, bigint][];
    for (const [row, a] of rows) {
      sources.push(name(importId, Number(row)));
      amount += a;
    }
  }
  return {
    side: 'consumption',
    reason: 'the same day and component more than once',
    key: keyOf(month, m.product, m.resourceId, m.component, 'day', dayOfNumber(day)),
    count: sources.length,
    amount: formatUnits(amount, 8),
    sources,
  };
}

/** A resource both itemised (component bill) and summarised (resource summary) in the month's consumption. */
function bothLayouts(month: Month, keys: KeySums, name: Namer): DuplicateKey[] {
  return [...keys.byName.values()]
    .filter((k) => k.bothLayouts)
    .map((k) => {
      const [product, resourceId] = k.name.split(SEP) as [string, string];
      const sources = [...k.consSources].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([i, r]) => name(i, r));
      return {
        side: 'consumption' as const,
        reason: 'the resource is in both the component bill and the resource summary',
        key: keyOf(month, product, resourceId, '', 'layout', 'component+summary'),
        count: sources.length,
        amount: formatUnits(k.cons, 8),
        sources,
      };
    });
}

export function monthDuplicates(db: Db, month: Month, keys: KeySums, name: Namer): DuplicateKey[] {
  return [...storedDuplicates(db, month, name), ...acrossFiles(db, month, name), ...bothLayouts(month, keys, name)];
}
