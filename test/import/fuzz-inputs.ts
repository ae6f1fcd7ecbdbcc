/**
 * Malformed inputs for the import fuzz campaign, made from the sample files by seeded mutations:
 * the same seed gives the same inputs on every machine. Each input is a file name and its bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvText, encodeGbk } from '../../samples/lib/encode.js';
import { SAMPLES, feeRows } from '../helpers/files.js';
import { inlineRows, writeXlsx } from '../helpers/zip-file.js';

export type Rng = () => number;

/** mulberry32: small, fast, and the same everywhere. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Text a cell or JSON value may hold in a hostile file ("undefined" left out: it is what the checks look for). */
const NASTY = [
  '', ' ', '-', '"', '""', ',', '\n', '\r\n', '\t', '\u0000', '\u001b[31m', '\ufeff', '\ud800', '=1+1', '1,234.50', '1.234,50', '(5.00)', '12,34',
  '1e400', '-0', 'Infinity', '9'.repeat(40), '0.000000001', '¥12.00', '2025-02-30 01:00:00', '2025-13-01', '24:61:00', '2025-03-03T02:10:00Z',
  'null', '[]', '{}', '测试', '消耗账单', 'x'.repeat(300), '\u202e', '%s%n', '<c r="A1">', '&amp;', ']]>',
];

function nasty(r: Rng): string {
  const k = int(r, 4);
  if (k === 0) return pick(r, NASTY);
  if (k === 1) return String(r() * 10 ** int(r, 12) * (r() < 0.3 ? -1 : 1));
  if (k === 2) return Array.from({ length: 1 + int(r, 12) }, () => String.fromCharCode(int(r, 0x3000))).join('');
  return pick(r, NASTY) + pick(r, NASTY);
}

/** Byte-level damage: cut, insert, flip, repeat or replace a piece. */
function damageBytes(r: Rng, b: Buffer): Buffer {
  const at = int(r, b.length + 1);
  switch (int(r, 6)) {
    case 0:
      return b.subarray(0, at);
    case 1:
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => int(r, 256))), b.subarray(at)]);
    case 2: {
      const c = Buffer.from(b);
      for (let i = 0; i < 1 + int(r, 8); i++) if (c.length) c[int(r, c.length)] = int(r, 256);
      return c;
    }
    case 3:
      return Buffer.concat([b.subarray(0, at), b.subarray(int(r, b.length), at + int(r, 200)), b.subarray(at)]);
    case 4:
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(r, 64)))]);
    default:
      return Buffer.concat([b.subarray(0, at), Buffer.from(nasty(r), 'utf8'), b.subarray(at)]);
  }
}

/** Table-level damage: a cell, a row, a column, the header. */
function damageTable(r: Rng, rows: string[][]): string[][] {
  const t = rows.map((x) => [...x]);
  const row = int(r, t.length);
  const col = int(r, Math.max(1, t[row]!.length));
  switch (int(r, 8)) {
    case 0:
      t[row]![col] = nasty(r);
      break;
    case 1:
      t[row]!.splice(col, 1);
      break;
    case 2:
      t[row]!.push(...Array.from({ length: 1 + int(r, 3) }, () => nasty(r)));
      break;
    case 3:
      t.splice(row, 1);
      break;
    case 4:
      for (const x of t) x.splice(col, 1);
      break;
    case 5:
      t.splice(row, 0, t[int(r, t.length)]!.map(() => nasty(r)));
      break;
    case 6:
      t[0] = t[0]!.map((h) => (r() < 0.2 ? nasty(r) : h));
      break;
    default:
      t.unshift([nasty(r)]);
  }
  return t;
}

export interface FuzzInput {
  name: string;
  bytes: Buffer;
  /** What was done to which sample: for the report of a failing case. */
  how: string;
}

const TABLES = (): Record<string, string[][]> => {
  const consumption = readFileSync(join(SAMPLES, '消耗账单-2025-03.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean).slice(0, 6).map((l) => l.split(','));
  const whiteboard = readFileSync(join(SAMPLES, 'tiw-whiteboard-2025-03.csv'), 'utf8').split(/\r?\n/).filter(Boolean).slice(0, 6).map((l) => l.split(','));
  return { 'fee-detail': feeRows().slice(0, 6), '消耗账单': consumption, 'tiw-whiteboard': whiteboard };
};

const JSONS = (): Record<string, string> => ({
  'tiw-transcode': readFileSync(join(SAMPLES, 'tiw-transcode-2025-03.json'), 'utf8'),
  'tiw-recording': readFileSync(join(SAMPLES, 'tiw-recording-2025-03.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 4).join('\n'),
  'bill-detail': readFileSync(join(SAMPLES, '..', 'test', 'fixtures', 'vendor', 'api', 'billing', 'DescribeBillDetail.json'), 'utf8'),
});

/** GBK bytes of the text, or null when it holds a character GBK has no code for. */
function gbk(text: string): Buffer | null {
  try {
    return Buffer.from(encodeGbk(text));
  } catch {
    return null;
  }
}

export function csvInputs(seed: number, count: number): FuzzInput[] {
  const r = rng(seed);
  const tables = TABLES();
  return Array.from({ length: count }, (_, i) => {
    const [kind, base] = pick(r, Object.entries(tables));
    let rows = base;
    const steps = 1 + int(r, 3);
    for (let s = 0; s < steps; s++) rows = damageTable(r, rows);
    let bytes: Buffer = Buffer.from(csvText(rows), 'utf8');
    const enc = int(r, 6);
    if (enc === 0) bytes = gbk(csvText(rows)) ?? bytes;
    else if (enc === 1) bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(rows), 'utf16le')]);
    if (r() < 0.4) bytes = damageBytes(r, bytes);
    return { name: `fuzz-${i}-${kind}.csv`, bytes, how: `csv from ${kind}, ${steps} table damages, encoding ${enc}` };
  });
}

/** Change one value somewhere in a parsed document (type, nesting, removal), iteratively. */
function damageJson(r: Rng, doc: unknown): unknown {
  const root = { v: structuredClone(doc) as unknown };
  let parent: Record<string, unknown> | unknown[] = root as unknown as Record<string, unknown>;
  let key: string | number = 'v';
  for (let depth = 0; depth < 6; depth++) {
    const cur = (parent as Record<string | number, unknown>)[key];
    if (cur === null || typeof cur !== 'object' || r() < 0.25) break;
    const keys: (string | number)[] = Array.isArray(cur) ? cur.map((_, k) => k) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur as Record<string, unknown>;
    key = pick(r, keys);
  }
  const slot = parent as Record<string | number, unknown>;
  switch (int(r, 7)) {
    case 0:
      delete slot[key];
      break;
    case 1:
      slot[key] = nasty(r);
      break;
    case 2:
      slot[key] = r() * 1e12 * (r() < 0.5 ? -1 : 1);
      break;
    case 3:
      slot[key] = pick(r, [null, true, [], {}, [1, 2], { a: 1 }]);
      break;
    case 4: {
      let v: unknown = slot[key];
      for (let d = 0; d < 1 + int(r, 400); d++) v = r() < 0.5 ? [v] : { x: v };
      slot[key] = v;
      break;
    }
    case 5:
      if (!Array.isArray(slot)) slot[nasty(r)] = nasty(r);
      break;
    default: {
      // A value written as text, as a hand-edited export would have it.
      const v = slot[key];
      slot[key] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v === undefined ? '' : String(v);
    }
  }
  return root.v;
}

export function jsonInputs(seed: number, count: number): FuzzInput[] {
  const r = rng(seed);
  const docs = JSONS();
  return Array.from({ length: count }, (_, i) => {
    const [kind, text] = pick(r, Object.entries(docs));
    let out: string;
    const lines = kind === 'tiw-recording';
    if (r() < 0.7) {
      const values = lines ? text.split('\n').map((l) => JSON.parse(l) as unknown) : [JSON.parse(text) as unknown];
      const k = int(r, values.length);
      values[k] = damageJson(r, values[k]);
      if (r() < 0.3) values[k] = damageJson(r, values[k]);
      out = lines ? values.map((v) => JSON.stringify(v) ?? 'null').join('\n') : (JSON.stringify(values[0], null, r() < 0.5 ? 2 : 0) ?? 'null');
    } else out = text;
    // Now and then a document nested far deeper than any bill (the 200,000 levels).
    if (i % 300 === 299) out = `{"Response":${'['.repeat(200_000)}${out}${']'.repeat(200_000)}}`;
    let bytes: Buffer = Buffer.from(out, 'utf8');
    if ((out === text || r() < 0.3) && i % 300 !== 299) bytes = damageBytes(r, bytes);
    if (bytes.length === 0 || (bytes[0] !== 0x7b && bytes[0] !== 0x5b && r() < 0.5)) bytes = Buffer.concat([Buffer.from('['), bytes]);
    return { name: `fuzz-${i}-${kind}.json`, bytes, how: `json from ${kind}` };
  });
}

/** XLSX files: damaged rows in a valid package (with or without r=), or a damaged package. */
export async function xlsxInputs(seed: number, count: number, dir: string): Promise<FuzzInput[]> {
  const r = rng(seed);
  const tables = TABLES();
  const out: FuzzInput[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, base] = pick(r, Object.entries(tables));
    let rows = base;
    for (let s = 0; s < 1 + int(r, 2); s++) rows = damageTable(r, rows);
    const withRefs = r() < 0.5;
    const path = join(dir, `fuzz-${i}-${kind}.xlsx`);
    const shape = int(r, 4);
    await writeXlsx(path, function* () {
      if (shape === 0) yield `<row r="${int(r, 3)}"><c r="${pick(r, ['A0', 'ZZZZ1', '1A', '', 'A1'])}" t="${pick(r, ['s', 'n', 'b', 'e', 'str', 'inlineStr', 'd', 'x'])}"><v>${pick(r, ['7', '', 'abc', '1e400', '-1'])}</v></c></row>`;
      yield* inlineRows(rows.map((x) => x.map((c) => c.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, ''))), withRefs);
      if (shape === 1) yield `<row><c t="s"><v>${int(r, 5)}</v></c><c><v>${nasty(r).replace(/[<&]/g, '')}</v></c></row>`;
    });
    let bytes: Buffer = readFileSync(path);
    if (shape === 2 || r() < 0.25) bytes = damageBytes(r, bytes);
    out.push({ name: `fuzz-${i}-${kind}.xlsx`, bytes, how: `xlsx from ${kind}, refs ${withRefs}, shape ${shape}` });
  }
  return out;
}
