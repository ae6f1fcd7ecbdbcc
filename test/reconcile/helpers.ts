import type { ConsumptionLine, FeeDetailLine, Kind } from '../../main/core/model.js';
import { insertImport, rowWriter, type Db } from '../../main/core/store/index.js';

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

/** Store lines as one import batch (rows numbered from 2, as under a CSV header). */
export function addImport<K extends 'fee-detail' | 'consumption'>(
  db: Db,
  kind: K,
  fileName: string,
  lines: Line<K>[],
  opts: { period?: 'deduction' | 'billing' | null; layout?: string | null } = {},
): number {
  const id = insertImport(db, {
    fileName,
    filePath: null,
    size: 0,
    sha256: `${fileName}-${Math.random()}`,
    kind: kind as Kind,
    layout: opts.layout ?? (kind === 'fee-detail' ? 'L3' : 'component'),
    kindReason: 'test',
    encoding: 'utf-8',
    sheet: null,
    headerRow: 1,
    rowCount: lines.length,
    importedAt: '2025-06-02T00:00:00.000Z',
    appVersion: 'test',
    aggregated: false,
    period: kind === 'fee-detail' ? (opts.period === undefined ? 'deduction' : opts.period) : null,
  });
  const write = rowWriter(db, kind) as (row: unknown) => void;
  db.transaction(() => lines.forEach((l, i) => write({ ...l, importId: id, sourceRow: i + 2 })))();
  return id;
}

export function days(month: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(`${month}-${String(d).padStart(2, '0')}`);
  return out;
}
