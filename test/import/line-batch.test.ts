import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFeeMonth } from '../../bench/fee-month.js';
import type { LineBatch } from '../../main/core/bill/normalize.js';
import { csvLines } from '../../main/core/import/csv-lines.js';
import { decideMapping } from '../../main/core/import/headers.js';
import { FEE_HEADERS } from '../../samples/month.js';
import { tempDir } from '../helpers/db.js';

describe('a batch of lines', () => {
  it("holds its lines' 交易IDs in a buffer of their own, of their size: what the parse worker's copy to the importer carries", async () => {
    const path = join(tempDir(), 'fee.csv');
    await writeFeeMonth(path, 2500);
    const headers = [...FEE_HEADERS];
    const m = decideMapping(headers, { fileName: 'fee.csv' });
    const batches: LineBatch[] = [];
    await csvLines({ file: 'fee.csv', path, encoding: 'utf-8', bomLength: 3, headerRow: 1, headers, kind: 'fee-detail', layout: m.spec.layout, columns: m.columns, monthFromUsage: false }, (b) => void batches.push(b));
    const tx = (b: LineBatch, i: number): string => Buffer.from(b.refs.subarray(b.refFrom[i]!, b.refFrom[i]! + b.refLen[i]!)).toString();
    expect(batches.map((b) => [b.n, b.refs.buffer.byteLength])).toEqual([[1024, 1024 * 20], [1024, 1024 * 20], [452, 452 * 20]]);
    expect(batches.map((b) => [tx(b, 0), tx(b, b.n - 1)])).toEqual([
      ['20250301000000000000', '20250302000000001023'],
      ['20250302000000001024', '20250303000000002047'],
      ['20250303000000002048', '20250303000000002499'],
    ]);
  });
});
