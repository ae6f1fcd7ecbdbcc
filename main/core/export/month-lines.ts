import type { FeeDetailLine, ImportRecord, Month } from '../model.js';
import { listImports, LIVE, type Db } from '../store/index.js';

/**
 * The fee-bill detail lines of a month as an export reads them: streamed in a stable order
 * (import, then source row) with their `file:row` trace, plus the files they came from.
 */
export interface MonthLines {
  month: Month;
  /** Live fee-detail imports contributing at least one line to the month, in import order. */
  files: ImportRecord[];
  /** Unmapped original columns (tags, 2024-11 fields …), in the order the files had them. */
  extraKeys: string[];
  lineCount: number;
  lines(): Generator<{ line: FeeDetailLine; trace: string }>;
  /** "file:row" for any stored row. */
  trace(importId: number, sourceRow: number): string;
}

export function monthLines(db: Db, month: Month): MonthLines {
  const imports = new Map(listImports(db).map((i) => [i.id, i]));
  const used = db
    .prepare(`select importId, count(*) as n from fee_detail where ${LIVE} and billMonth = ? group by importId order by importId`)
    .all(month) as { importId: number; n: number }[];
  const files = used.map((u) => imports.get(u.importId)!).filter(Boolean);
  const lineCount = used.reduce((a, u) => a + u.n, 0);

  const extraKeys: string[] = [];
  const seen = new Set<string>();
  const add = (k: string): void => {
    if (k && !seen.has(k)) {
      seen.add(k);
      extraKeys.push(k);
    }
  };
  const headerInfo = db.prepare('select headers, mapping from import where id = ?');
  for (const f of files) {
    const r = headerInfo.get(f.id) as { headers: string; mapping: string };
    const headers = JSON.parse(r.headers) as string[];
    const mapped = new Set(Object.values(JSON.parse(r.mapping) as Record<string, string>));
    if (headers.length) {
      for (const h of headers) if (!mapped.has(h)) add(h);
    } else {
      // JSON (API) imports have no header row: ask the rows themselves.
      const keys = db
        .prepare(`select distinct j.key as k from fee_detail f, json_each(f.extra) j where f.importId = ? and f.billMonth = ? order by j.key`)
        .pluck()
        .all(f.id, month) as string[];
      keys.forEach(add);
    }
  }

  const trace = (importId: number, sourceRow: number): string => `${imports.get(importId)?.fileName ?? `import#${importId}`}:${sourceRow}`;
  return {
    month,
    files,
    extraKeys,
    lineCount,
    trace,
    *lines() {
      // The same rows and order as store's iterateRows, read as arrays into one object shape:
      // half the cost per line, which a million-line month notices.
      const stmt = db.prepare(`select ${COLUMNS.join(',')} from fee_detail where ${LIVE} and billMonth = ? order by importId, sourceRow`).raw(true);
      let lastImport = -1;
      let fileName = '';
      for (const r of stmt.iterate(month) as IterableIterator<unknown[]>) {
        const line = toLine(r);
        if (line.importId !== lastImport) {
          lastImport = line.importId;
          fileName = imports.get(lastImport)?.fileName ?? `import#${lastImport}`;
        }
        yield { line, trace: `${fileName}:${line.sourceRow}` };
      }
    },
  };
}

const COLUMNS = [
  'importId', 'sourceRow', 'payerUin', 'ownerUin', 'operatorUin', 'product', 'productCode', 'subProduct', 'payMode', 'project',
  'region', 'zone', 'resourceId', 'resourceName', 'actionType', 'orderId', 'transactionId', 'payTime', 'usageStart', 'usageEnd',
  'componentType', 'componentName', 'listPrice', 'contractPrice', 'priceUnit', 'usage', 'usageUnit', 'duration', 'durationUnit',
  'originalCost', 'discount', 'discountedTotal', 'voucher', 'cash', 'gift', 'transfer', 'currency', 'billMonth', 'aggregated', 'extra',
] as const;

type S = string | null;
function toLine(r: unknown[]): FeeDetailLine {
  return {
    importId: r[0] as number, sourceRow: r[1] as number, payerUin: r[2] as S, ownerUin: r[3] as S, operatorUin: r[4] as S,
    product: r[5] as string, productCode: r[6] as S, subProduct: r[7] as S, payMode: r[8] as S, project: r[9] as S,
    region: r[10] as S, zone: r[11] as S, resourceId: r[12] as S, resourceName: r[13] as S, actionType: r[14] as S,
    orderId: r[15] as S, transactionId: r[16] as S, payTime: r[17] as S, usageStart: r[18] as S, usageEnd: r[19] as S,
    componentType: r[20] as S, componentName: r[21] as S, listPrice: r[22] as S, contractPrice: r[23] as S, priceUnit: r[24] as S,
    usage: r[25] as S, usageUnit: r[26] as S, duration: r[27] as S, durationUnit: r[28] as S, originalCost: r[29] as S,
    discount: r[30] as S, discountedTotal: r[31] as string, voucher: r[32] as S, cash: r[33] as S, gift: r[34] as S,
    transfer: r[35] as S, currency: r[36] as S, billMonth: r[37] as string, aggregated: r[38] === 1,
    extra: r[39] === '{}' || typeof r[39] !== 'string' ? {} : (JSON.parse(r[39]) as Record<string, string>),
  };
}
