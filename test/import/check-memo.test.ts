import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckMemo, type KeyedCells } from '../../main/core/bill/check-memo.js';
import { importFile } from '../../main/core/import/index.js';
import type { Db } from '../../main/core/store/index.js';
import { FEE_HEADERS, type FeeRow } from '../../samples/month.js';
import { csvField } from '../../samples/lib/encode.js';
import { tempDb, tempDir } from '../helpers/db.js';

/**
 * A CSV's lines are checked through a memo of the verdicts of check cells seen lately
 * (bill/check-memo.ts); a sheet's are not (its cells are strings). The same rows imported both
 * ways must give every line the same verdict and the same failed or not checkable checks.
 */
const base: FeeRow = {
  支付者UIN: '100000000001', 使用者UIN: '100000000001', 操作者UIN: '100000000001', 产品名称: '云服务器CVM', 计费模式: '按量计费',
  项目名称: '默认项目', 地域: '华南地区（广州）', 可用区: '广州三区', 资源ID: 'ins-1', 实例名称: 'web', 子产品名称: '云服务器CVM-标准型',
  交易类型: '按量计费小时结', 订单ID: '-', 交易ID: '', 扣费时间: '', 开始使用时间: '', 结束使用时间: '', 组件类型: 'CPU',
  组件名称: 'CPU-2核', 组件刊例价: '0.10000000', 组件单价: '0.10000000', 组件价格单位: '元/核/小时', 组件用量: '2', 组件用量单位: '核',
  使用时长: '1', 时长单位: '小时', 组件原价: '0.20000000', 折扣率: '1', 优惠后总价: '0.20000000', '代金券支出(元)': '0',
  '赠送账户支出(元)': '0', '现金账户支出(元)': '0.20000000', 账单月份: '2025-03', '标签键:env': '-',
};
/** A stated original cost the list price does not give (0.1 × 2 × 1 = 0.2), and a line hiding its list price (a contract price). */
const wrongCost: Partial<FeeRow> = { 组件原价: '0.30000000', 优惠后总价: '0.30000000', '现金账户支出(元)': '0.30000000' };
const hidden: Partial<FeeRow> = { 组件刊例价: '-', 组件原价: '-', 折扣率: '-' };
/** The vendor's own line of the month's precision difference: checked without the contract-price reading. */
const pseudo: Partial<FeeRow> = { 产品名称: '月度计费精度差异', 资源ID: 'billVirtualId', 组件名称: '', 组件类型: '' };
const LINES: Partial<FeeRow>[] = [wrongCost, wrongCost, {}, wrongCost, hidden, { ...hidden, ...pseudo }, hidden, { ...wrongCost, 折扣率: '0.5' }, wrongCost];

function rows(): string[][] {
  return LINES.map((l, i) => {
    const hour = String(i).padStart(2, '0');
    const r: FeeRow = { ...base, ...l, 资源ID: l.资源ID ?? `ins-${i % 3}`, 交易ID: `2025030100000${i}`, 扣费时间: `2025-03-01 ${hour}:00:00`, 开始使用时间: `2025-03-01 ${hour}:00:00`, 结束使用时间: `2025-03-01 ${hour}:59:59` };
    return FEE_HEADERS.map((h) => r[h]);
  });
}

function verdicts(db: Db): unknown {
  return {
    lines: db.prepare(`select id % 4294967296 as row, kind, verdict from bill_line order by id`).all(),
    checks: db.prepare(`select l.id % 4294967296 as row, c."check", c.stated, c.recomputed from line_check c join bill_line l on l.id = c.line order by l.id, c."check"`).all(),
    months: db.prepare(`select checked, failed from import_month where side = 0`).all(),
  };
}

describe('the check memo', () => {
  it('gives lines with the same check cells the verdict and figures they give checked one by one (CSV = XLSX)', async () => {
    const dir = tempDir();
    const csv = join(dir, 'fee.csv');
    writeFileSync(csv, '\uFEFF' + [[...FEE_HEADERS], ...rows()].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('明细').addRows([[...FEE_HEADERS], ...rows()]);
    const xlsx = join(dir, 'fee.xlsx');
    await book.xlsx.writeFile(xlsx);
    const [a, b] = [tempDb().db, tempDb().db];
    await importFile(a, csv);
    await importFile(b, xlsx);
    const fromCsv = verdicts(a) as { lines: { verdict: number }[]; checks: { row: number; check: string; stated: number }[]; months: unknown[] };
    expect(fromCsv).toEqual(verdicts(b));
    // What the memo had to get right: each of the four lines stating the wrong cost has its own failure …
    expect(fromCsv.checks.filter((c) => c.check === 'originalCost' && c.stated === 30_000_000).map((c) => c.row)).toEqual([2, 3, 5, 9, 10]);
    // (the lines hiding their list price list their two checks as not checkable, rows 6 and 8)
    expect(fromCsv.checks.map((c) => c.row)).toEqual([2, 3, 5, 6, 6, 8, 8, 9, 9, 10]);
    // … and the pseudo-line with the hidden list price is not read as a contract price like its neighbours.
    const [, , , , contract, vendorLine, contract2] = fromCsv.lines.map((l) => l.verdict);
    expect(contract2).toBe(contract);
    expect(vendorLine).not.toBe(contract);
    expect(fromCsv.months).toEqual([{ checked: 9, failed: 5 }]);
  });
});

/** Stand-in cells of one 16-bit value, keyed as the real ones are (length, quoting, bytes). */
function valueCells(): KeyedCells & { value: number } {
  const bytes = (v: number): number[] => [2, 0, v >> 8, v & 255];
  return {
    value: 0,
    cellsKey(_cols: Int32Array, to: Uint8Array, from: number) {
      to.set(bytes(this.value), from);
      return from + 4;
    },
    cellsEqual(_cols: Int32Array, key: Uint8Array, from: number, end: number) {
      return end - from === 4 && bytes(this.value).every((b, i) => key[from + i] === b);
    },
    cellsHash(_cols: Int32Array, seed: number) {
      return Math.imul(seed ^ this.value, 16777619);
    },
  } as KeyedCells & { value: number };
}

describe('CheckMemo', () => {
  const line = (memo: CheckMemo, cells: KeyedCells & { value: number }, value: number): number => {
    cells.value = value;
    const found = memo.find(cells, false);
    if (found < 0) memo.keep(cells, value, []);
    return found;
  };

  it('finds the verdict of cells seen lately, and rests where cells seldom repeat (keying would cost more than it saves)', () => {
    const memo = new CheckMemo(Int32Array.of(0));
    const cells = valueCells();
    // Cells that repeat: found, trial after trial.
    for (let i = 0; i < 3 * 4096; i++) expect(line(memo, cells, i % 8)).toBe(i < 8 ? -1 : i % 8);
    // 4,096 lines of cells never seen before: not one found, so the memo rests …
    for (let i = 0; i < 4096; i++) expect(line(memo, cells, 1000 + i)).toBe(-1);
    // … and the last of them, kept in its slot, is not looked up for 65,536 lines …
    for (let i = 0; i < 65_536; i++) expect(line(memo, cells, 1000 + 4095)).toBe(-1);
    // … after which it is found again.
    expect(line(memo, cells, 1000 + 4095)).toBe(1000 + 4095);
  });
});
