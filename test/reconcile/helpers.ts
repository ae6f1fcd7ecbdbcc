import type { ConsumptionLine, FeeDetailLine, Kind } from '../../main/core/model.js';
import { FIELDS, type FieldName } from '../../main/core/bill/columns.js';
import { insertImport, type Db } from '../../main/core/store/index.js';
import { storeRowsSync } from '../../main/core/store/store-rows.js';

let seq = 0;

/** A fee-bill L3 line; `at` days are vendor-local "YYYY-MM-DD" or full "YYYY-MM-DD HH:MM:SS". */
export function fee(p: Partial<FeeDetailLine> & { discountedTotal: string }): Omit<FeeDetailLine, 'importId' | 'sourceRow'> {
  seq++;
  return {
    payerUin: '100012345678',
    ownerUin: null,
    operatorUin: null,
    product: '云服务器CVM',
    productCode: null,
    subProduct: null,
    payMode: '按量计费',
    project: null,
    region: null,
    zone: null,
    resourceId: 'ins-1',
    resourceName: null,
    actionType: '按量计费日结',
    orderId: null,
    transactionId: `tx-${seq}`,
    payTime: null,
    usageStart: null,
    usageEnd: null,
    componentType: null,
    componentName: 'CPU',
    listPrice: null,
    contractPrice: null,
    priceUnit: null,
    usage: null,
    usageUnit: null,
    duration: null,
    durationUnit: null,
    originalCost: null,
    discount: null,
    voucher: null,
    cash: null,
    gift: null,
    transfer: null,
    currency: 'CNY',
    billMonth: '2025-05',
    aggregated: false,
    extra: {},
    ...p,
  };
}

export function cons(p: Partial<ConsumptionLine> & { amount: string }): Omit<ConsumptionLine, 'importId' | 'sourceRow'> {
  return {
    layout: 'component',
    month: '2025-05',
    day: null,
    payerUin: '100012345678',
    product: '云服务器CVM',
    productCode: null,
    subProduct: null,
    payMode: '按量计费',
    project: null,
    region: null,
    resourceId: 'ins-1',
    resourceName: null,
    actionType: null,
    consumptionType: null,
    orderId: null,
    transactionId: null,
    usageStart: null,
    usageEnd: null,
    componentType: null,
    componentName: 'CPU',
    usage: null,
    usageUnit: null,
    originalCost: null,
    discount: null,
    voucher: null,
    cash: null,
    gift: null,
    transfer: null,
    dayCount: null,
    dailyCost: null,
    leftToAmortise: null,
    currency: 'CNY',
    extra: {},
    ...p,
  };
}

/** Vendor time as the importer stores it. */
export function t(day: string, time = '00:00:00'): string {
  return `${day}T${time}+08:00`;
}

type Line<K extends 'fee-detail' | 'consumption'> = K extends 'fee-detail' ? ReturnType<typeof fee> : ReturnType<typeof cons>;

/** The cells of a line under canonical headers: what a bill file with those columns would hold. */
function tableOf(kind: 'fee-detail' | 'consumption', lines: readonly Record<string, unknown>[]): { headers: string[]; mapping: Record<string, string>; rows: string[][] } {
  const fields = (Object.keys(FIELDS) as FieldName[]).filter((f) => lines.some((l) => fieldValue(kind, l, f) !== null));
  const extraKeys = [...new Set(lines.flatMap((l) => Object.keys((l.extra as Record<string, string> | undefined) ?? {})))];
  const mapping = Object.fromEntries(fields.map((f) => [f, FIELDS[f].aliases[0]!]));
  const headers = [...fields.map((f) => mapping[f]!), ...extraKeys];
  const rows = lines.map((l) => {
    const dash = kind === 'fee-detail' && l.aggregated === true;
    return [
      ...fields.map((f) => fieldValue(kind, l, f) ?? (dash && (f === 'transactionId' || f === 'orderId' || f === 'payTime') ? '-' : '')),
      ...extraKeys.map((k) => (l.extra as Record<string, string>)[k] ?? ''),
    ];
  });
  return { headers, mapping, rows };
}

/** A line's value of a field (a consumption line keeps its amount and month under other names). */
function fieldValue(kind: 'fee-detail' | 'consumption', l: Record<string, unknown>, f: FieldName): string | null {
  let v = l[f];
  if (kind === 'consumption') {
    if (f === 'discountedTotal') v = l.amount;
    if (f === 'billMonth') v = l.month;
    if (f === 'usageStart' && v == null && typeof l.day === 'string') v = `${l.day}T00:00:00+08:00`;
  }
  return v === null || v === undefined ? null : String(v);
}

/**
 * Store lines as one import batch (rows numbered from 2, as under a CSV header), through the same
 * classifier and writer an import uses (store-rows.ts).
 */
export function addImport<K extends 'fee-detail' | 'consumption'>(
  db: Db,
  kind: K,
  fileName: string,
  lines: Line<K>[],
  opts: { period?: 'deduction' | 'billing' | null; layout?: string | null } = {},
): number {
  const layout = opts.layout ?? (kind === 'fee-detail' ? 'L3' : (lines[0] as { layout?: string } | undefined)?.layout ?? 'component');
  const period = kind === 'fee-detail' ? (opts.period === undefined ? 'deduction' : opts.period) : null;
  const id = insertImport(db, {
    fileName,
    filePath: null,
    size: 0,
    sha256: `${fileName}-${Math.random()}`,
    kind: kind as Kind,
    layout,
    kindReason: 'test',
    encoding: 'utf-8',
    sheet: null,
    headerRow: 1,
    rowCount: lines.length,
    importedAt: '2025-06-02T00:00:00.000Z',
    appVersion: 'test',
    aggregated: false,
    period,
  });
  const table = tableOf(kind, lines as unknown as Record<string, unknown>[]);
  db.transaction(() =>
    storeRowsSync(db, { importId: id, file: fileName, kind, layout, headers: table.headers, mapping: table.mapping, monthFromUsage: period === 'billing', rows: table.rows.map((cells, i) => ({ row: i + 2, cells })) }),
  )();
  return id;
}

export function days(month: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(`${month}-${String(d).padStart(2, '0')}`);
  return out;
}
