/**
 * The vendor fixture corpus (test/fixtures/vendor, issue 11) is what its README and expected.json say it is.
 *
 * Only what is true without the import engine: every listed file exists and every corpus file is listed,
 * JSON parses, CSVs (and the CSVs inside ZIPs) have the columns, rows and BOM they claim, and every figure
 * stated in expected.json is recomputed from the file's own cells with exact decimals (BigInt, never
 * floating point). The engine tests that import each example belong to the lead.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', 'fixtures', 'vendor');

type Ref = { col?: string; row?: number; path?: string; lit?: string; check?: string };
interface Check {
  id: string;
  rule: string;
  op: string;
  inputs?: Ref[];
  row?: number;
  entry?: string;
  column?: string;
  where?: { col: string; equals: string };
  divideBy?: string;
  roundTo?: number;
  stated?: Ref;
  statedValue?: string;
  computed: string;
  verdict: 'ok' | 'fail' | 'contract-price' | 'not-checkable' | 'info';
  difference?: string;
}
interface Entry {
  file: string;
  source: string;
  kind: string;
  rows: number;
  notes: string;
  format: 'json' | 'jsonl' | 'csv' | 'zip';
  verbatim: boolean;
  encoding?: 'utf-8' | 'utf-8-bom';
  columns?: number;
  entries?: { name: string; columns: number; rows: number }[];
  expect: Record<string, unknown>;
  checks: Check[];
}

const expected = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as { files: Entry[] };

// ---------------------------------------------------------------------------------------------
// exact decimals: value = n / 10^s

interface Dec {
  n: bigint;
  s: number;
}
const TEN = 10n;
const pow10 = (k: number): bigint => TEN ** BigInt(k);

function dec(text: string): Dec {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a plain decimal: "${text}"`);
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let s = frac.length - Number(m[4] ?? 0);
  if (s < 0) {
    n *= pow10(-s);
    s = 0;
  }
  return { n: m[1] === '-' ? -n : n, s };
}
function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * pow10(s - a.s), b.n * pow10(s - b.s), s];
}
const add = (a: Dec, b: Dec): Dec => {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
};
const sub = (a: Dec, b: Dec): Dec => add(a, { n: -b.n, s: b.s });
const mul = (a: Dec, b: Dec): Dec => ({ n: a.n * b.n, s: a.s + b.s });
const eq = (a: Dec, b: Dec): boolean => {
  const [x, y] = align(a, b);
  return x === y;
};
/** a ÷ b rounded half away from zero to `places` decimals (Python ROUND_HALF_UP). */
function divRound(a: Dec, b: Dec, places: number): Dec {
  if (b.n === 0n) throw new Error('division by zero');
  let num = a.n * pow10(b.s + places);
  let den = b.n * pow10(a.s);
  const neg = num < 0n !== den < 0n;
  if (num < 0n) num = -num;
  if (den < 0n) den = -den;
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  return { n: neg ? -q : q, s: places };
}
function round(a: Dec, places: number): Dec {
  return a.s <= places ? a : divRound(a, { n: 1n, s: 0 }, places);
}
/** a ÷ b exactly; refuses a quotient that does not terminate within 40 more digits. */
function divExact(a: Dec, b: Dec): Dec {
  for (let places = a.s; places <= a.s + b.s + 40; places++) {
    const num = a.n * pow10(b.s + places);
    const den = b.n * pow10(a.s);
    if (num % den === 0n) return { n: num / den, s: places };
  }
  throw new Error('quotient does not terminate; give roundTo');
}

// ---------------------------------------------------------------------------------------------
// readers

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const BOM = [0xef, 0xbb, 0xbf];
const hasBom = (b: Buffer): boolean => BOM.every((x, i) => b[i] === x);

interface Table {
  header: string[];
  rows: Record<string, string>[];
  bom: boolean;
  widths: number[];
}
function table(buf: Buffer): Table {
  const bom = hasBom(buf);
  const all = parseCsv(buf.subarray(bom ? 3 : 0).toString('utf8'));
  const [header, ...data] = all;
  if (!header) throw new Error('empty CSV');
  return {
    header,
    bom,
    widths: data.map((r) => r.length),
    rows: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))),
  };
}

/** The entries of a ZIP file (stored or deflated, no ZIP64): enough for the corpus' own packages. */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : method === 0 ? Buffer.from(raw) : (() => {
      throw new Error(`ZIP method ${method}`);
    })());
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function jsonPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (cur === null || typeof cur !== 'object') throw new Error(`path ${path}: no ${part}`);
    cur = part.startsWith('[') ? (cur as unknown[])[Number(part.slice(1, -1))] : (cur as Record<string, unknown>)[part];
    if (cur === undefined) throw new Error(`path ${path}: no ${part}`);
  }
  return cur;
}

/** A JSON value as decimal text: strings as they are, integers only (a fractional JSON number would be a float). */
function text(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  throw new Error(`${where}: not a decimal string or safe integer (${JSON.stringify(v)})`);
}

function minuteOf(t: string, up: boolean): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (!m) throw new Error(`not a time: ${t}`);
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const minute = Date.UTC(y, mo - 1, d, h, mi) / 60000;
  return up && se > 0 ? minute + 1 : minute;
}

// ---------------------------------------------------------------------------------------------
// the checks, recomputed

class Figures {
  readonly values = new Map<string, Dec>();
  constructor(
    private readonly doc: unknown,
    private readonly tables: Map<string | undefined, Table>,
  ) {}

  private raw(r: Ref, c: Check): string {
    if (r.lit !== undefined) return r.lit;
    if (r.col !== undefined) {
      const t = this.tables.get(c.entry);
      const row = t?.rows[(r.row ?? c.row ?? 0) - 1];
      if (!row || !(r.col in row)) throw new Error(`${c.id}: no cell ${r.col} in row ${r.row ?? c.row}`);
      return row[r.col]!;
    }
    if (r.path !== undefined) return text(jsonPath(this.doc, r.path), `${c.id} ${r.path}`);
    throw new Error(`${c.id}: unknown input ${JSON.stringify(r)}`);
  }
  private num(r: Ref, c: Check): Dec {
    if (r.check !== undefined) {
      const v = this.values.get(r.check);
      if (!v) throw new Error(`${c.id}: check ${r.check} not computed yet`);
      return v;
    }
    return dec(this.raw(r, c));
  }

  run(c: Check): Dec {
    const ins = c.inputs ?? [];
    const rows = (): Record<string, string>[] => {
      const t = this.tables.get(c.entry);
      if (!t) throw new Error(`${c.id}: no table`);
      return c.where ? t.rows.filter((r) => r[c.where!.col] === c.where!.equals) : t.rows;
    };
    let v: Dec;
    switch (c.op) {
      case 'sum':
        v = ins.reduce((a, r) => add(a, this.num(r, c)), { n: 0n, s: 0 } as Dec);
        break;
      case 'difference':
        v = ins.slice(1).reduce((a, r) => sub(a, this.num(r, c)), this.num(ins[0]!, c));
        break;
      case 'product':
        v = ins.reduce((a, r) => mul(a, this.num(r, c)), { n: 1n, s: 0 } as Dec);
        if (c.divideBy) v = c.roundTo === undefined ? divExact(v, dec(c.divideBy)) : divRound(v, dec(c.divideBy), c.roundTo + 20);
        break;
      case 'quotient':
        if (c.roundTo === undefined) throw new Error(`${c.id}: quotient needs roundTo`);
        v = divRound(this.num(ins[0]!, c), this.num(ins[1]!, c), c.roundTo);
        break;
      case 'ceilMinutes':
        v = { n: ins.reduce((a, r) => a + (BigInt(this.raw(r, c)) + 59999n) / 60000n, 0n), s: 0 };
        break;
      case 'floorMinutes':
        v = { n: ins.reduce((a, r) => a + BigInt(this.raw(r, c)), 0n) / 60000n, s: 0 };
        break;
      case 'count': {
        const x = jsonPath(this.doc, ins[0]!.path!);
        v = { n: BigInt(Array.isArray(x) ? x.length : 1), s: 0 };
        break;
      }
      case 'sumColumn':
        v = rows().reduce((a, r) => add(a, dec(r[c.column!]!)), { n: 0n, s: 0 } as Dec);
        break;
      case 'bucketMinutes': {
        const buckets = new Set<string>();
        for (const r of rows()) {
          for (let m = minuteOf(r.JoinTime!, false); m < minuteOf(r.LeaveTime!, true); m++) buckets.add(`${r.RoomId}\u0000${r.UserId}\u0000${m}`);
        }
        v = { n: BigInt(buckets.size), s: 0 };
        break;
      }
      default:
        throw new Error(`${c.id}: unknown op ${c.op}`);
    }
    if (c.roundTo !== undefined) v = round(v, c.roundTo);
    this.values.set(c.id, v);
    return v;
  }

  stated(c: Check): string {
    return this.raw(c.stated!, c);
  }
}

// ---------------------------------------------------------------------------------------------

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === '_build' ? [] : corpusFiles(p);
    return [relative(ROOT, p).split('\\').join('/')];
  });
}

describe('vendor fixture corpus (issue 11)', () => {
  const listed = expected.files.map((e) => e.file);

  it('lists every corpus file once, and every listed file exists', () => {
    expect(new Set(listed).size).toBe(listed.length);
    for (const f of listed) expect(existsSync(join(ROOT, f)), f).toBe(true);
    const onDisk = corpusFiles(ROOT).filter((f) => f !== 'README.md' && f !== 'expected.json');
    expect(onDisk.sort()).toEqual([...listed].sort());
  });

  it('names a source, a kind and the rows for every file, and the README cites each one', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const e of expected.files) {
      expect(e.source.length, e.file).toBeGreaterThan(10);
      expect(e.kind, e.file).toBeTruthy();
      expect(Number.isInteger(e.rows), e.file).toBe(true);
      expect(readme.includes(e.file), `README.md mentions ${e.file}`).toBe(true);
    }
  });

  it('has at least one planted inconsistency with a failing check per bill variant', () => {
    const planted = expected.files.filter((e) => /-planted-/.test(e.file));
    expect(planted.length).toBeGreaterThanOrEqual(6);
    for (const e of planted) expect(e.checks.some((c) => c.verdict === 'fail'), e.file).toBe(true);
  });

  describe.each(expected.files.map((e) => [e.file, e] as const))('%s', (_file, e) => {
    const buf = readFileSync(join(ROOT, e.file));
    let doc: unknown;
    const tables = new Map<string | undefined, Table>();

    it(`is ${e.format} as claimed`, () => {
      if (e.format === 'json') {
        doc = JSON.parse(buf.toString('utf8'));
        expect(hasBom(buf)).toBe(false);
        if (e.verbatim) expect(buf.toString('utf8').endsWith('}\n')).toBe(true);
      } else if (e.format === 'jsonl') {
        const lines = buf.toString('utf8').split('\n').filter((l) => l !== '');
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines) JSON.parse(l);
      } else if (e.format === 'csv') {
        const t = table(buf);
        expect(t.bom, 'BOM').toBe(e.encoding === 'utf-8-bom');
        expect(t.header.length, 'header columns').toBe(e.columns);
        expect(new Set(t.header).size, 'distinct header names').toBe(t.header.length);
        expect(t.widths.every((w) => w === e.columns), 'every row as wide as the header').toBe(true);
        expect(t.rows.length, 'data rows').toBe(e.rows);
        tables.set(undefined, t);
      } else {
        const files = unzip(buf);
        expect([...files.keys()]).toEqual(e.entries!.map((x) => x.name));
        for (const x of e.entries!) {
          const t = table(files.get(x.name)!);
          expect(t.header.length, `${x.name} columns`).toBe(x.columns);
          expect(t.rows.length, `${x.name} rows`).toBe(x.rows);
          expect(t.widths.every((w) => w === x.columns)).toBe(true);
          tables.set(x.name, t);
        }
        expect(e.entries!.reduce((a, x) => a + x.rows, 0)).toBe(e.rows);
      }
    });

    if (e.checks.length) {
      it('has the figures expected.json states, recomputed exactly from the file', () => {
        if (e.format === 'json') doc = JSON.parse(buf.toString('utf8'));
        if (e.format === 'csv') tables.set(undefined, table(buf));
        if (e.format === 'zip') for (const [name, b] of unzip(buf)) tables.set(name, table(b));
        const fig = new Figures(doc, tables);
        for (const c of e.checks) {
          const v = fig.run(c);
          expect(eq(v, dec(c.computed)), `${c.id} (${c.rule}): computed ${c.computed}`).toBe(true);
          if (!c.stated) {
            expect(c.verdict, `${c.id}: a verdict needs a stated figure`).toBe('info');
            continue;
          }
          const s = fig.stated(c);
          expect(s, `${c.id}: stated`).toBe(c.statedValue);
          if (c.verdict === 'ok') expect(eq(v, dec(s)), `${c.id}: ${c.computed} = ${s}`).toBe(true);
          if (c.verdict === 'fail') {
            expect(eq(v, dec(s)), `${c.id}: planted or inconsistent`).toBe(false);
            expect(eq(sub(v, dec(s)), dec(c.difference!)), `${c.id}: difference ${c.difference}`).toBe(true);
          }
          if (c.verdict === 'contract-price' || c.verdict === 'not-checkable') {
            expect(eq(v, dec(s)), `${c.id}: listed, because its columns do not give the stated figure`).toBe(false);
          }
        }
      });
    }
  });
});
