/**
 * Migration 5, the rows: every bill line a schema-4 database holds is normalized by the same
 * classifier an import uses now, under its import's id and source row, so the upgraded database
 * reconciles to the same figures. The old rows held each cell already parsed (times as ISO with
 * +08:00, amounts as exact text); they become the import's source, a CSV under its original
 * header row, and the old tables go.
 */
import type { BillKind } from '../../bill/normalize.js';
import { FIELDS, type FieldName } from '../../bill/columns.js';
import type { Db } from '../db.js';
import { storeRowsSync } from '../store-rows.js';
import { DAY_MASKS_SCHEMA } from '../day-masks.js';
import { PART_PACKS_SCHEMA } from '../part-packs.js';

const TABLE: Record<BillKind, string> = { 'fee-detail': 'fee_detail', 'fee-resource': 'fee_resource', consumption: 'consumption' };
/** A column the schema-4 consumption table holds under another name than its field. */
const CONSUMPTION_STORED_AS: Partial<Record<FieldName, string>> = { discountedTotal: 'amount', billMonth: 'month' };

interface OldImport {
  id: number;
  kind: BillKind;
  layout: string | null;
  fileName: string;
  period: string | null;
  headers: string;
  mapping: string;
}

/** The import's header row: the original one (JSON imports had none: the fields' own names), with 账单月份 when it was derived. */
function layoutOf(imp: OldImport): { headers: string[]; mapping: Record<string, string> } {
  const mapping = JSON.parse(imp.mapping) as Record<string, string>;
  let headers = JSON.parse(imp.headers) as string[];
  if (headers.length === 0) {
    for (const f of Object.keys(FIELDS) as FieldName[]) mapping[f] = FIELDS[f].aliases[0]!;
    headers = Object.values(mapping);
  }
  if (!mapping.billMonth) {
    mapping.billMonth = '账单月份';
    if (!headers.includes('账单月份')) headers = [...headers, '账单月份'];
  }
  return { headers, mapping };
}

function cellsOf(row: Record<string, unknown>, headers: readonly string[], byHeader: Map<string, FieldName>, kind: BillKind): string[] {
  const extra = typeof row.extra === 'string' ? (JSON.parse(row.extra) as Record<string, string>) : {};
  const dash = kind === 'fee-detail' && row.aggregated === 1;
  return headers.map((h) => {
    const f = byHeader.get(h);
    if (!f) return extra[h] ?? '';
    const v = row[(kind === 'consumption' ? CONSUMPTION_STORED_AS[f] : undefined) ?? f];
    if (v === null || v === undefined) return dash && (f === 'transactionId' || f === 'orderId' || f === 'payTime') ? '-' : '';
    return String(v);
  });
}

function convertImport(db: Db, imp: OldImport): void {
  const { headers, mapping } = layoutOf(imp);
  const byHeader = new Map<string, FieldName>(Object.entries(mapping).map(([f, h]) => [h, f as FieldName]));
  // All rows first: the writer inserts while they are read, which an open cursor would not allow.
  const old = db.prepare(`select * from ${TABLE[imp.kind]} where importId = ? order by sourceRow`).all(imp.id) as Record<string, unknown>[];
  const rows = old.map((row) => ({ row: row.sourceRow as number, cells: cellsOf(row, headers, byHeader, imp.kind) }));
  storeRowsSync(db, { importId: imp.id, file: imp.fileName, kind: imp.kind, layout: imp.layout, headers, mapping, monthFromUsage: imp.period === 'billing', rows });
}

export function convertSchema4Lines(db: Db): void {
  // The writer is today's: it keeps day masks and parts where migrations 12 and 13 put them, so their tables are made here first.
  db.exec(DAY_MASKS_SCHEMA);
  db.exec(PART_PACKS_SCHEMA);
  const imports = db
    .prepare(`select id, kind, layout, fileName, period, headers, mapping from import where kind in ('fee-detail', 'fee-resource', 'consumption') and status != 'undone' order by id`)
    .all() as OldImport[];
  for (const imp of imports) convertImport(db, imp);
}
