import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportWorkbook } from '../main/core/export/index.js';
import type { FeeDetailLine } from '../main/core/model.js';
import { money, roundHalfUp } from '../main/core/money/decimal.js';
import { insertImport, openDatabase, rowWriter, type Db } from '../main/core/store/index.js';
import { rng } from '../samples/month.js';

const LINES = 1_000_000;
const MONTH = '2025-03';

const PRODUCTS = [
  ['云服务器CVM', '云服务器CVM-标准型S5', 'CPU', 'CPU-标准型S5-2核', '元/核/小时', '核'],
  ['云硬盘CBS', '云硬盘CBS-SSD', '存储空间', 'SSD云硬盘', '元/GB/小时', 'GB'],
  ['对象存储COS', '对象存储COS-标准存储', '存储容量', '标准存储容量', '元/GB/日', 'GB'],
  ['互动白板', '互动白板-白板时长', '白板时长', '互动白板时长', '元/千分钟', '千分钟'],
] as const;

/** A month of postpaid hourly lines over 5,000 resources, about two components per transaction. */
export function buildBenchMonth(db: Db, lines = LINES): void {
  const r = rng(20250301);
  db.transaction(() => {
    const importId = insertImport(db, {
      fileName: `bench-${MONTH}.csv`, filePath: null, size: 0, sha256: '0'.repeat(64), kind: 'fee-detail', layout: 'L3',
      kindReason: 'bench', encoding: 'utf-8', sheet: null, headerRow: 1, rowCount: lines, importedAt: '2025-04-02T08:00:00.000Z',
      appVersion: 'bench', aggregated: false, period: 'deduction', headers: ['标签键:env'], mapping: {},
    });
    const write = rowWriter(db, 'fee-detail');
    for (let i = 0; i < lines; i++) {
      const p = PRODUCTS[i % PRODUCTS.length]!;
      const res = Math.floor(r() * 5000);
      const day = 1 + Math.floor(i / Math.ceil(lines / 31));
      const hour = i % 24;
      const dd = String(day).padStart(2, '0');
      const hh = String(hour).padStart(2, '0');
      const listPrice = money(Math.floor(r() * 1e8)).div(1e8);
      const usage = String(1 + Math.floor(r() * 64));
      const original = roundHalfUp(listPrice.times(usage), 8);
      const discount = ['1', '0.8', '0.75'][i % 3]!;
      const discounted = roundHalfUp(original.times(discount), 8);
      const line: FeeDetailLine = {
        importId, sourceRow: i + 2,
        payerUin: '100012345678', ownerUin: '100012345678', operatorUin: '100012345678',
        product: p[0], productCode: null, subProduct: p[1], payMode: '按量计费', project: '默认项目',
        region: '华南地区（广州）', zone: '广州三区', resourceId: `res-${res}`, resourceName: `name-${res}`,
        actionType: '按量计费小时结', orderId: null, transactionId: `2025${MONTH.slice(5)}${dd}${String(Math.floor(i / 2)).padStart(10, '0')}`,
        payTime: `${MONTH}-${dd}T${hh}:05:00+08:00`, usageStart: `${MONTH}-${dd}T${hh}:00:00+08:00`, usageEnd: `${MONTH}-${dd}T${hh}:59:59+08:00`,
        componentType: p[2], componentName: p[3], listPrice: listPrice.toString(), contractPrice: listPrice.times(discount).toString(),
        priceUnit: p[4], usage, usageUnit: p[5], duration: '1', durationUnit: '小时', originalCost: original.toString(), discount,
        discountedTotal: discounted.toString(), voucher: '0', cash: discounted.toString(), gift: '0', transfer: null, currency: 'CNY',
        billMonth: MONTH, aggregated: false, extra: { '标签键:env': i % 1000 === 0 ? '=HYPERLINK("http://x","y")' : 'prod' },
      };
      write(line);
    }
  })();
}

/** Build the 1M-line month in a temp SQLite file, export its workbook, print wall time and peak RSS. */
export async function benchExport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-export-'));
  try {
    const db = openDatabase(join(dir, 'bench.sqlite'));
    let t = performance.now();
    buildBenchMonth(db);
    const built = (performance.now() - t) / 1000;
    const out = join(dir, 'bench.xlsx');
    t = performance.now();
    const r = await exportWorkbook(db, out, { month: MONTH, lang: 'zh-CN' });
    const seconds = (performance.now() - t) / 1000;
    db.close();
    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(
      `export: ${r.totals.lines} detail lines, ${r.totals.transactions} transactions → ${(statSync(out).size / 1e6).toFixed(1)} MB xlsx ` +
        `in ${seconds.toFixed(1)} s (month built in ${built.toFixed(1)} s); peak RSS ${rssMb} MB (targets: < 40 s, < 600 MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchExport();
