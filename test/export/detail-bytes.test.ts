import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFeeMonth } from '../../bench/fee-month.js';
import { parseDecimal, parseTime, isBlank, isVendorTimeBytes, plainDecimalBytes } from '../../main/core/bill/values.js';
import { vendorLocal } from '../../main/core/bill/line-fields.js';
import { CorrectedDetail, LINE_AMOUNTS } from '../../main/core/export/corrected-detail.js';
import { DetailRowBytes } from '../../main/core/export/detail-bytes.js';
import { looksLikeFormula } from '../../main/core/export/formula-injection.js';
import { monthLines } from '../../main/core/export/month-lines.js';
import { FrozenStyles, RowEncoder, XmlBytes, type RowEncoderSpec } from '../../main/core/export/row-xml.js';
import { columnLetter, isPlainTextBytes, xmlText } from '../../main/core/export/xml-text.js';
import { importFile } from '../../main/core/import/index.js';
import type { Db } from '../../main/core/store/index.js';
import { csvField, encodeGbk } from '../../samples/lib/encode.js';
import { tempDb, tempDir } from '../helpers/db.js';

/**
 * The Corrected detail's byte path (detail-bytes.ts) copies a line's cells from its source bytes
 * where they are already what the sheet shows, and takes the text path for any other cell. Every
 * row it writes must be byte for byte the row the text path writes (CorrectedDetail.row and
 * RowEncoder.row), with the same figures for the Summary, whatever the cells hold.
 */
const MONTH = '2025-03';

/** Cells that must not be copied as they are: each takes its column's text path inside a byte row. */
const ODD_TEXT = [' lead', 'trail ', '\u3000全角空格', 'a&b<c>"d"', '_x0041_', '=1+2', '+86', '@home', 'tab\there', 'two\nlines', 'say "hi"', '', '—', '--', '-', 'é accent', '\uFEFFbom', '（括号）', 'x\u00a0', '…', '𠮷 astral', 'ok_y', 'ctl\u0001', '\u200b零宽', 'ｆｕｌｌ'];
const ODD_AMOUNTS = ['1.50', '-0.00', '007.10', '1,234.5', '¥3', '1e-3', '.5', '5.', '-', '', '100', '-2.25000000'];
const ODD_TIMES = ['2025/3/1 0:00', '2025-03-01T08:00:00+08:00', '2025-03-02 23:59:59', '2025-03-01', '', '-'];
const EXTRA_HEADERS = ['标签键:team', '备注', '预留实例抵扣原价', '国内国际'];

function craftedCsv(base: string): string {
  const [header, ...lines] = base.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  const head = header!.split(',');
  const at = (h: string): number => head.indexOf(h);
  const rows = lines.map((l) => splitCsv(l));
  rows.forEach((cells, i) => {
    cells[at('实例名称')] = ODD_TEXT[i % ODD_TEXT.length]!;
    cells[at('订单ID')] = ODD_TEXT[(i + 7) % ODD_TEXT.length]!;
    cells[at('代金券支出(元)')] = ODD_AMOUNTS[i % ODD_AMOUNTS.length]!;
    cells[at('组件用量')] = ODD_AMOUNTS[(i + 3) % ODD_AMOUNTS.length]!.replace('-', '');
    cells[at('扣费时间')] = ODD_TIMES[i % ODD_TIMES.length]!;
    cells[at('标签键:env')] = ODD_TEXT[(i + 11) % ODD_TEXT.length]!;
    cells.push(ODD_TEXT[(i + 5) % ODD_TEXT.length]!, i % 2 ? 'plain note' : ODD_TEXT[(i + 13) % ODD_TEXT.length]!, ODD_AMOUNTS[(i + 1) % ODD_AMOUNTS.length]!, i % 3 ? '国内' : ' 国际');
  });
  return '\uFEFF' + [[...head, ...EXTRA_HEADERS], ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The bench generator's lines hold no doubled quotes or line breaks: quotes only around commas. */
function splitCsv(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

function encoderFor(layout: CorrectedDetail): RowEncoder {
  const kinds = layout.columns.map((c) => c.kind);
  const spec: RowEncoderSpec = {
    kinds,
    letters: kinds.map((_, i) => columnLetter(i)),
    widths: kinds.map(() => 12),
    wrapCols: [],
    plainStyle: kinds.map((k) => (k === 'money8' ? 1 : k === 'number' ? 2 : 0)),
    highlightStyle: kinds.map(() => 5),
  };
  return new RowEncoder(spec, new FrozenStyles({ ids: [], quoted: [[0, 6], [1, 7], [2, 8], [5, 9]] }));
}

const text = (x: XmlBytes): string => Buffer.concat(x.pieces()).toString('utf8');

describe('the Corrected detail written from source bytes', () => {
  let db: Db;

  beforeAll(async () => {
    const dir = tempDir('billrecon-detail-bytes-');
    db = tempDb().db;
    const bench = join(dir, 'bench.csv');
    await writeFeeMonth(bench, 120);
    const crafted = craftedCsv(readFileSync(bench, 'utf8'));
    writeFileSync(join(dir, 'odd-cells.csv'), crafted);
    // The bench lines in GB18030 (transactions of their own): written by the text path.
    writeFileSync(join(dir, 'bench-gbk.csv'), encodeGbk(readFileSync(bench, 'utf8').replace(/^\uFEFF/, '').replace(/2025030100000000/g, '2025030199999999')));
    await importFile(db, join(dir, 'odd-cells.csv'));
    // The same odd cells from a workbook (kept as a UTF-8 CSV of its rows), transactions of their own.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Bill');
    for (const row of crafted.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map(splitCsv)) sheet.addRow(row.map((c) => c.replace(/^2025030100000000/, '2025030188888888')));
    await book.xlsx.writeFile(join(dir, 'odd-cells.xlsx'));
    await importFile(db, join(dir, 'odd-cells.xlsx'));
    await importFile(db, join(dir, 'bench-gbk.csv'), { encoding: 'gbk' });
    // A header named twice: which cell an extra column shows is the text path's to say.
    const [head, ...rest] = readFileSync(bench, 'utf8').trimEnd().split('\r\n');
    const twice = [`${head},说明,说明`, ...rest.map((l, i) => `${l.replace(/2025030100000000/, '2025030177777777')},${i % 2 ? '' : 'first'},second`)];
    writeFileSync(join(dir, 'header-twice.csv'), twice.join('\r\n') + '\r\n');
    await importFile(db, join(dir, 'header-twice.csv'));
  }, 60_000);

  it('writes every line of a UTF-8 file, odd cells included, as the text path does; lines of another encoding, or of a file naming a header twice, it leaves to that path', () => {
    const src = monthLines(db, MONTH);
    const layout = new CorrectedDetail('zh-CN', src.extraKeys);
    const encoder = encoderFor(layout);
    const bytes = new DetailRowBytes(layout, encoder, src);
    const written: Record<string, number> = {};
    let r = 2;
    for (const d of src.records()) {
      const fast = new XmlBytes(64);
      const got = bytes.write(d, r, fast);
      const line = src.lineOf(d);
      const row = layout.row(line);
      const slow = new XmlBytes(64);
      slow.put(encoder.row(row.cells, r, undefined, row.highlight.length ? row.highlight : undefined));
      if (d.rec.layout.decoder.encoding === 'utf-8' && !d.rec.layout.headers.includes('说明')) {
        expect(got, `line ${d.rec.row}`).not.toBeNull();
        expect(text(fast), `line ${d.rec.row}`).toBe(text(slow));
        expect(got!.amounts).toEqual(Object.fromEntries(LINE_AMOUNTS.map((k) => [k, line.line[k]])));
        expect(got!.checked.highlight).toEqual(row.highlight);
        expect(got!.checked.differences).toEqual(row.differences);
        written[`${d.rec.layout.source} utf-8`] = (written[`${d.rec.layout.source} utf-8`] ?? 0) + 1;
      } else {
        expect(got).toBeNull();
        expect(fast.pieces()).toEqual([]);
        written[`text path ${d.rec.layout.decoder.encoding}`] = (written[`text path ${d.rec.layout.decoder.encoding}`] ?? 0) + 1;
      }
      r++;
    }
    // The bill files themselves, the workbook through the CSV of its rows; the GB18030 file and the one naming a header twice by the text path.
    expect(written).toEqual({ 'file utf-8': 120, 'csv utf-8': 120, 'text path gb18030': 120, 'text path utf-8': 120 });
    // The odd cells are in the sheet: the extra columns, the highlighted checks, the text path's own forms.
    expect(src.extraKeys).toEqual(expect.arrayContaining(['标签键:team', '备注']));
  });

  it('copies only text whose bytes the text path writes unchanged', () => {
    const alphabet = ['a', 'Z', '0', ' ', '\t', '\n', '\r', '&', '<', '"', '_', 'x', '0041', '=', '-', '@', '+', '\u3000', '\u00a0', '\uFEFF', '中', '（', '）', '\uFFFE', '𠮷', '\u2014', '\u0001', '\u00e9'];
    let plain = 0;
    let refused = 0;
    for (let seed = 1; seed < 20_000; seed++) {
      let s = '';
      for (let k = 0, x = seed; k < 1 + (seed % 6); k++, x = Math.floor(x / 7) + k * 31) s += alphabet[(x * 2654435761) % alphabet.length]!;
      const b = Buffer.from(s, 'utf8');
      if (!isPlainTextBytes(b, 0, b.length)) {
        refused++;
        continue;
      }
      plain++;
      expect(xmlText(s), JSON.stringify(s)).toBe(s);
      expect(s.trim()).toBe(s);
      expect(isBlank(s)).toBe(false);
      expect(looksLikeFormula(s)).toBe(false);
      expect(s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32 && !s.includes('\n')).toBe(true);
    }
    expect(plain).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
    const ok = (t: string): boolean => isPlainTextBytes(Buffer.from(t), 0, Buffer.byteLength(t));
    expect([ok('华南地区（广州）'), ok('ins-00000000'), ok('内存, 标准型SA2, 4GB'), ok('ok_y')]).toEqual([true, true, true, true]);
    expect([ok('-'), ok(' x'), ok('x\u3000'), ok('_x0041_'), ok('a&b'), ok('\uFEFFx'), ok('')]).toEqual([false, false, false, false, false, false, false]);
  });

  it('reads a plain decimal and a vendor time from bytes as parseDecimal and parseTime read the text', () => {
    const decimals = ['0', '-0', '-0.000', '007.10', '12.5', '-3.25000000', '1.', '.5', '1,234', '1e3', '--1', '-', '', '+1', '1.2.3', '99999999999999999999.12345678'];
    for (const t of decimals) {
      const b = Buffer.from(t, 'latin1');
      const from = plainDecimalBytes(b, 0, b.length);
      if (from >= 0) expect(b.toString('latin1', from), t).toBe(parseDecimal(t));
      else expect(/^-?\d+(\.\d+)?$/.test(t), t).toBe(false);
    }
    expect(decimals.map((t) => plainDecimalBytes(Buffer.from(t, 'latin1'), 0, t.length))).toEqual([0, 1, 1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0]);
    const times = ['2025-03-01 00:00:00', '2024-02-29 23:59:59', '2025-02-29 00:00:00', '2025-03-01 24:00:00', '2025-03-01 00:60:00', '2025/03/01 00:00:00', '2025-03-01T00:00:00', '2025-13-01 00:00:00', '2025-03-01 0:00:00'];
    const ok = times.map((t) => isVendorTimeBytes(Buffer.from(t, 'latin1'), 0, t.length));
    expect(ok).toEqual([true, true, false, false, false, false, false, false, false]);
    for (const [i, t] of times.entries()) if (ok[i]) expect(vendorLocal(parseTime(t)!.text)).toBe(t);
  });
});
