import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importFile } from '../../main/core/import/index.js';
import { openDatabase } from '../../main/core/store/index.js';
import { buildSampleMonth, FEE_HEADERS } from '../../samples/month.js';
import { csvText, encodeGbk, encodeUtf8 } from '../../samples/lib/encode.js';
import { contentHash, count } from './helpers/db.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'billrecon-prop-'));
const baseDb = join(dir, 'base.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const db = openDatabase(baseDb);
  await importFile(db, join(ROOT, 'samples/消耗账单-资源汇总-2025-03.csv'));
  db.close();
});

const month = buildSampleMonth();
const FEE: string[][] = [[...FEE_HEADERS], ...month.fee.map((r) => FEE_HEADERS.map((h) => r[h]))];
const CONS: string[][] = month.consumptionComponent;
const ERROR_SHAPE = /^[^:]+(:\d+)?(:[^:]+)?: /;

type Enc = 'gbk' | 'utf8';
interface Bill {
  which: 'fee' | 'consumption';
  rows: string[][];
}
/** A structural mutation keeps the CSV well-formed: the data record count stays known. */
type Structural = { op: 'swapCells'; a: number; b: number; col: number } | { op: 'dropColumn'; col: number } | { op: 'dropRows'; from: number; n: number };
/** A byte mutation may break anything: only "imports consistently or fails cleanly" is asserted. */
type ByteOp =
  | { op: 'dropBytes'; at: number; n: number }
  | { op: 'truncate'; at: number }
  | { op: 'garbage'; at: number; bytes: number[] }
  | { op: 'mixEncoding'; at: number };

function applyStructural(rows: string[][], m: Structural): string[][] {
  const out = rows.map((r) => [...r]);
  const data = out.length - 1;
  if (m.op === 'swapCells' && data > 1) {
    const a = 1 + (m.a % data);
    const b = 1 + (m.b % data);
    const c = m.col % out[0]!.length;
    [out[a]![c], out[b]![c]] = [out[b]![c]!, out[a]![c]!];
  } else if (m.op === 'dropColumn') {
    const c = m.col % out[0]!.length;
    for (const r of out) r.splice(c, 1);
  } else if (m.op === 'dropRows' && data > 1) {
    out.splice(1 + (m.from % data), m.n);
  }
  return out;
}

function encode(text: string, enc: Enc): Buffer {
  return enc === 'gbk' ? encodeGbk(text) : encodeUtf8(text, true);
}

function applyBytes(buf: Buffer, text: string, enc: Enc, m: ByteOp): Buffer {
  const at = m.at % buf.length;
  switch (m.op) {
    case 'dropBytes':
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.n)]);
    case 'truncate':
      return buf.subarray(0, at);
    case 'garbage':
      return Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]);
    case 'mixEncoding': {
      // The tail of the text (from a line start) re-encoded in the other encoding.
      const lineAt = text.indexOf('\n', m.at % text.length) + 1 || text.length;
      const other: Enc = enc === 'gbk' ? 'utf8' : 'gbk';
      const tail = other === 'utf8' ? Buffer.from(text.slice(lineAt), 'utf8') : encodeGbk(text.slice(lineAt));
      return Buffer.concat([encode(text.slice(0, lineAt), enc), tail]);
    }
  }
}

const structural: fc.Arbitrary<Structural> = fc.oneof(
  fc.record({ op: fc.constant('swapCells' as const), a: fc.nat(), b: fc.nat(), col: fc.nat() }),
  fc.record({ op: fc.constant('dropColumn' as const), col: fc.nat() }),
  fc.record({ op: fc.constant('dropRows' as const), from: fc.nat(), n: fc.integer({ min: 1, max: 5 }) }),
);
const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('dropBytes' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('garbage' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('mixEncoding' as const), at: fc.nat() }),
);

let n = 0;

async function check(bill: Bill, enc: Enc, s: Structural[], b: ByteOp | null): Promise<void> {
  let rows = bill.rows;
  for (const m of s) rows = applyStructural(rows, m);
  const text = csvText(rows);
  let buf = encode(text, enc);
  if (b) buf = applyBytes(buf, text, enc, b);
  const name = bill.which === 'fee' ? `fee-detail-${n}.csv` : `消耗账单-${n}.csv`;
  const file = join(dir, name);
  const dbPath = join(dir, `m${n}.sqlite`);
  n++;
  writeFileSync(file, buf);
  copyFileSync(baseDb, dbPath);
  const db = openDatabase(dbPath);
  try {
    const before = contentHash(db);
    const beforeRows = count(db, 'bill_line');
    let out;
    try {
      out = await importFile(db, file, { kind: bill.which === 'fee' ? undefined : 'consumption' });
    } catch (e) {
      if (!(e instanceof ImportError)) throw new Error(`crash (not an ImportError) on ${JSON.stringify({ s, b, enc })}: ${String(e)}`, { cause: e });
      expect(e.message).toMatch(ERROR_SHAPE);
      expect(contentHash(db), 'database changed by a failed import').toBe(before);
      return;
    }
    // Imported: all rows or nothing, and the count the audit trail claims is the count stored.
    const added = count(db, 'bill_line') - beforeRows;
    expect(added).toBe(out.rows);
    // …on the side of its kind, and the month tallies the reconciliation reads add up to it.
    expect(db.prepare('select ifnull(sum(lines), 0) from import_month where importId = ? and side = ?').pluck().get(out.id, bill.which === 'fee' ? 0 : 1)).toBe(out.rows);
    expect(db.prepare('select rowCount from import where id = ?').pluck().get(out.id)).toBe(out.rows);
    if (!b) expect(out.rows).toBe(rows.length - 1);
    else expect(out.rows).toBeLessThanOrEqual(rows.length + 16);
  } finally {
    db.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
  }
}

const bills: Bill[] = [
  { which: 'fee', rows: FEE },
  { which: 'consumption', rows: CONS },
];

describe('mutated bills either import whole with the right row count or fail cleanly', () => {
  it('structural and byte mutants (seeded, 150 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bills),
        fc.constantFrom<Enc>('gbk', 'utf8'),
        fc.array(structural, { maxLength: 2 }),
        fc.option(byteOp, { nil: null }),
        async (bill, enc, s, b) => check(bill, enc, s, b),
      ),
      { seed: 20250301, numRuns: 150 },
    );
  }, 60_000);
});
