import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { FEE_HEADERS, feeLine, rng, type FeeRow } from '../samples/month.js';
import { csvField } from '../samples/lib/encode.js';

/**
 * Deterministic N-row L3 fee-detail CSV (real Chinese headers, UTF-8 with BOM) and its
 * component-level consumption bill, streamed to disk in chunks so memory stays flat.
 */
export const CONSUMPTION_HEADERS = [
  '支付者UIN', '产品名称', '子产品名称', '计费模式', '资源ID', '实例名称', '交易类型', '开始使用时间', '结束使用时间',
  '组件类型', '组件名称', '组件用量', '组件用量单位', '组件原价', '折扣率', '优惠后总价', '现金账户支出(元)', '账单月份',
] as const;

const COMPONENTS: { product: string; sub: string; type: string; name: string; unit: string; price: string; priceUnit: string }[] = [
  { product: '云服务器CVM', sub: '云服务器CVM-标准型SA2', type: 'CPU', name: 'CPU-标准型SA2-2核', unit: '核', price: '0.11333333', priceUnit: '元/核/小时' },
  { product: '云服务器CVM', sub: '云服务器CVM-标准型SA2', type: '内存', name: '内存, 标准型SA2, 4GB', unit: 'GB', price: '0.03111111', priceUnit: '元/GB/小时' },
  { product: '云硬盘CBS', sub: '云硬盘CBS-高性能云硬盘', type: '存储空间', name: '高性能云硬盘, 50GB', unit: 'GB', price: '0.00097222', priceUnit: '元/GB/小时' },
  { product: '互动白板', sub: '互动白板-文档转码', type: '转码', name: '文档转码(动态), 按页', unit: '页', price: '0.02000000', priceUnit: '元/页' },
  { product: '对象存储COS', sub: '对象存储COS-标准存储', type: '存储容量', name: '标准存储容量', unit: 'GB', price: '0.00409722', priceUnit: '元/GB/小时' },
];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Row i of the bench month (pure function of seed and i via the shared generator state). */
function makeRow(i: number, r: () => number): FeeRow {
  const c = COMPONENTS[i % COMPONENTS.length]!;
  const d = 1 + (Math.floor(i / 997) % 31);
  const resource = `ins-${(Math.floor(i / COMPONENTS.length) % 50_000).toString(36).padStart(8, '0')}`;
  const usage = String(1 + Math.floor(r() * 64));
  const discount = r() < 0.3 ? '0.8' : '1';
  const day = `2025-03-${pad(d)}`;
  return feeLine({
    product: c.product,
    sub: c.sub,
    payMode: '按量计费',
    resourceId: resource,
    name: `bench-${i % 1000}`,
    action: '按量计费小时结',
    orderId: '-',
    tx: `202503${pad(d)}${pad(i, 12)}`,
    payTime: `${day} ${pad(i % 24)}:00:00`,
    start: `${day} ${pad(i % 24)}:00:00`,
    end: `${day} ${pad(i % 24)}:59:59`,
    compType: c.type,
    compName: c.name,
    listPrice: c.price,
    priceUnit: c.priceUnit,
    usage,
    usageUnit: c.unit,
    duration: '1',
    durationUnit: '小时',
    discount,
    env: i % 3 === 0 ? 'prod' : '-',
  });
}

async function writeLines(path: string, header: readonly string[], rows: number, line: (i: number) => string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let chunk = '\uFEFF' + header.map(csvField).join(',') + '\r\n';
  for (let i = 0; i < rows; i++) {
    chunk += line(i) + '\r\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** The fee-detail CSV: FEE_HEADERS, one component per row, amounts with 8 decimals. */
export async function writeFeeMonth(path: string, rows: number, seed = 20250301): Promise<void> {
  const r = rng(seed);
  await writeLines(path, FEE_HEADERS, rows, (i) => {
    const row = makeRow(i, r);
    return FEE_HEADERS.map((h) => csvField(row[h])).join(',');
  });
}

/** The component-level consumption bill of the same month (same generator, same seed → same lines). */
export async function writeConsumptionMonth(path: string, rows: number, seed = 20250301): Promise<void> {
  const r = rng(seed);
  await writeLines(path, CONSUMPTION_HEADERS, rows, (i) => {
    const row = makeRow(i, r);
    const day = row.开始使用时间.slice(0, 10);
    const v: Record<string, string> = { ...row, 开始使用时间: `${day} 00:00:00`, 结束使用时间: `${day} 23:59:59` };
    return CONSUMPTION_HEADERS.map((h) => csvField(v[h] ?? '')).join(',');
  });
}

/** Where generated bench bills live (git-ignored), reused across runs. */
export const BENCH_DATA = join(fileURLToPath(new URL('.', import.meta.url)), 'data');

/** The N-row fee detail and consumption bill in bench/data, generated when missing. */
export async function ensureMonthCsvs(rows: number): Promise<{ fee: string; consumption: string }> {
  mkdirSync(BENCH_DATA, { recursive: true });
  const fee = join(BENCH_DATA, `fee-detail-${rows}.csv`);
  const consumption = join(BENCH_DATA, `消耗账单-${rows}.csv`);
  for (const [path, write] of [[fee, writeFeeMonth], [consumption, writeConsumptionMonth]] as const) {
    if (existsSync(path)) continue;
    const t = performance.now();
    await write(`${path}.part`, rows);
    renameSync(`${path}.part`, path);
    console.log(`generated ${path} (${(statSync(path).size / 1024 / 1024).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return { fee, consumption };
}
