/**
 * Writes one import's normalized lines (bill/normalize.ts) and what the classifier collected:
 * the lines batch by batch, summing them into their parts and transactions as they come, then
 * the parts, the month figures, the duplicates and the day masks.
 * Keys, scopes and transaction types arrive numbered locally and are given the store's ids here.
 * Call inside the import's transaction.
 */
import type { Db } from './db.js';
import { BulkInsert } from './bulk-insert.js';
import { DayMaskRows } from './day-masks.js';
import { writePartPack, type StoredParts } from './part-packs.js';
import type { DuplicateFound, LineBatch, NormalizedFile } from '../bill/normalize.js';
import { TxTally, type MonthTally, type Suspect, type TxDuplicate } from '../bill/tx-tally.js';
import { LINE_KIND_CODE } from '../bill/terms.js';
import { packRows, PartCollector, type PackedParts } from '../bill/parts.js';
import { dayOfNumber } from '../calendar/days.js';
import { monthIndexOfText, monthTextOfIndex } from '../bill/cells.js';
import { minusUnits, roundUnits, sumUnits } from '../money/index.js';

/** Side of a bill in part_pack / import_month: the bridge reads 0 and 1. */
export const SIDE = { fee: 0, consumption: 1, feeResource: 2 } as const;
export type Side = (typeof SIDE)[keyof typeof SIDE];

/** bill_line ids of an import: importId × 2^32 + source row. */
export const LINE_ID_SPAN = 2 ** 32;
export function lineId(importId: number, row: number): number {
  return importId * LINE_ID_SPAN + row;
}
/** A bill_line id's import and source row, in SQL. */
export const LINE_IMPORT_SQL = 'id >> 32';
export const LINE_ROW_SQL = 'id & 4294967295';

export function lineRange(importId: number): [number, number] {
  return [importId * LINE_ID_SPAN, (importId + 1) * LINE_ID_SPAN - 1];
}

/** An import's line ids, narrowed to [from, to] when given (a block of it). */
export function lineRangeWithin(importId: number, ids?: readonly [number, number]): [number, number] {
  const [first, last] = lineRange(importId);
  return [Math.max(first, ids?.[0] ?? first), Math.min(last, ids?.[1] ?? last)];
}

const PSEUDO = LINE_KIND_CODE.pseudo;
const PRECISION_LINE = LINE_KIND_CODE.precisionLine;

export class LineWriter {
  private readonly keyIds: number[] = [];
  private readonly keyMonth: string[] = [];
  /** Month index (year × 12 + month − 1) of each local key, for the tally. */
  private readonly keyMonthIndex: number[] = [];
  /** The fee bills' transactions, tallied here on the writer's thread (the parse worker is the busier one). */
  private readonly tally: TxTally | null;
  private readonly scopeIds: number[] = [];
  private readonly actionIds: number[] = [0];
  private readonly insertLine;
  private readonly insertFailure;
  private readonly base: number;
  private readonly keys: StoredKeys;
  private readonly collected = new PartCollector();

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    private readonly side: Side,
  ) {
    this.base = importId * LINE_ID_SPAN;
    this.insertLine = new BulkInsert(db, 'bill_line', ['id', 'key', 'scope', 'kind', 'verdict', 'day', 'amount', 'action', 'ref', 'at']);
    this.insertFailure = db.prepare('insert into line_check (line, "check", stated, recomputed) values (?, ?, ?, ?)');
    this.keys = new StoredKeys(db);
    this.tally = side === SIDE.consumption ? null : new TxTally();
  }

  batch(b: LineBatch): void {
    this.dictionaries(b);
    const big = new Map(b.big);
    const { keyIds, scopeIds, actionIds, base } = this;
    const refs = Buffer.from(b.refs.buffer, b.refs.byteOffset, b.refs.byteLength);
    for (let i = 0; i < b.n; i++) {
      const refLen = b.refLen[i]!;
      const refFrom = b.refFrom[i]!;
      const day = b.day[i]!;
      const action = b.action[i]!;
      this.insertLine.add(
        base + b.row[i]!,
        keyIds[b.key[i]!]!,
        scopeIds[b.scope[i]!]!,
        b.kind[i]!,
        b.verdict[i]!,
        day < 0 ? null : day,
        big.get(i) ?? b.amount[i]!,
        action === 0 ? null : actionIds[action]!,
        refLen < 0 ? null : refs.toString('utf8', refFrom, refFrom + refLen),
        b.at[i]!,
      );
    }
    for (const f of b.failures) this.insertFailure.run(base + f.row, f.check, f.stated, f.recomputed);
    if (this.tally) this.tallyBatch(this.tally, b, big);
    this.collectParts(b, big);
  }

  /** The batch's lines into their parts: summed on this thread, beside the parse worker that classified them. */
  private collectParts(b: LineBatch, big: Map<number, bigint>): void {
    const parts = this.collected;
    for (let i = 0; i < b.n; i++) {
      const from = b.partFrom[i]!;
      const to = b.partTo[i]!;
      parts.add(b.key[i]!, b.bucket[i]!, from < 0 ? null : from, to < 0 ? null : to, big.get(i) ?? b.amount[i]!, b.row[i]!);
    }
  }

  /** SPEC §2's transactions of the batch's lines that have a 交易ID and are not the vendor's pseudo-lines. */
  private tallyBatch(tally: TxTally, b: LineBatch, big: Map<number, bigint>): void {
    for (let i = 0; i < b.n; i++) {
      const len = b.refLen[i]!;
      const kind = b.kind[i]!;
      if (len < 0 || kind === PSEUDO || kind === PRECISION_LINE) continue;
      const key = b.key[i]!;
      tally.add(b.refs, b.refFrom[i]!, len, this.keyMonthIndex[key]!, key, big.get(i) ?? b.amount[i]!, b.row[i]!);
    }
  }

  private dictionaries(b: LineBatch): void {
    for (const k of b.keys) {
      this.keyIds[k.id] = this.keys.idOf(k);
      this.keyMonth[k.id] = k.month;
      this.keyMonthIndex[k.id] = monthIndexOfText(k.month);
    }
    if (b.scopes.length > 0) {
      const stmt = this.db.prepare(
        `insert into line_scope (ownerUin, project, tags) values (?, ?, ?)
         on conflict (ownerUin, project, tags) do update set tags = excluded.tags returning id`,
      );
      for (const s of b.scopes) this.scopeIds[s.id] = (stmt.get(s.ownerUin, s.project, s.tags) as { id: number }).id;
    }
    for (const [local, text] of b.actions) this.actionIds[local] = termId(this.db, text);
  }

  finish(f: NormalizedFile): void {
    this.insertLine.flush();
    this.keys.flush();
    this.parts(this.collected.packed());
    const tally = this.tally?.finish();
    if (tally) {
      addTallies(f, tally.months);
      f.duplicates.push(...tally.duplicates.map(txDuplicate));
      settleSuspects(this.db, this.importId, f, tally.suspects);
    }
    const month = this.db.prepare(
      `insert into import_month (importId, month, side, lines, amount, transactions, rated, deducted, aggregatedLines, pseudoLines, checked, failed)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const m of f.months) {
      month.run(this.importId, m.month, this.side, m.lines, m.amount, m.transactions, m.rated, m.deducted, m.aggregatedLines, m.pseudoLines, m.checked, m.failed);
    }
    this.duplicates(f);
    const d = f.dayMasks;
    const masks = new DayMaskRows();
    for (let i = 0; i < d.keys.length; i++) masks.add(this.keyMonth[d.keys[i]!]!, this.keyIds[d.keys[i]!]!, d.names[d.actions[i]!]!, d.masks[i]!);
    masks.write(this.db, this.importId);
  }

  /** The parts as one pack per month (store/part-packs.ts); an import's parts are nearly always of one month. */
  private parts(p: PackedParts): void {
    const byMonth = new Map<string, number[]>();
    for (let i = 0; i < p.n; i++) {
      const month = this.keyMonth[p.key[i]!]!;
      let list = byMonth.get(month);
      if (!list) byMonth.set(month, (list = []));
      list.push(i);
    }
    const big = new Map(p.big);
    for (const [month, list] of byMonth) writePartPack(this.db, this.importId, this.side, month, this.storedParts(p, big, list));
  }

  private storedParts(p: PackedParts, big: Map<number, bigint>, list: readonly number[]): StoredParts {
    const key = Int32Array.from(list, (i) => this.keyIds[p.key[i]!]!);
    // One month (nearly always): the collected columns as they are, their keys as stored ids.
    if (list.length === p.n) return { ...p, key, big };
    const pick = (a: Int32Array): Int32Array => Int32Array.from(list, (i) => a[i]!);
    const rowsFrom = new Int32Array(list.length + 1);
    const runs = list.map((i) => p.rows.subarray(p.rowsFrom[i]!, p.rowsFrom[i + 1]!));
    runs.forEach((r, j) => (rowsFrom[j + 1] = rowsFrom[j]! + r.length));
    const rows = new Uint8Array(rowsFrom[list.length]!);
    runs.forEach((r, j) => rows.set(r, rowsFrom[j]!));
    const picked = new Map<number, bigint>();
    list.forEach((i, j) => big.has(i) && picked.set(j, big.get(i)!));
    return { n: list.length, key, bucket: pick(p.bucket), dayFrom: pick(p.dayFrom), dayTo: pick(p.dayTo), lines: pick(p.lines), rowsFrom, amount: Float64Array.from(list, (i) => p.amount[i]!), big: picked, rows };
  }

  private duplicates(f: NormalizedFile): void {
    const insert = this.db.prepare(
      'insert into bill_duplicate (importId, month, side, reason, key, extraName, extra, lines, amount, rows) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const [lo, hi] = lineRange(this.importId);
    const sameDay = this.db.prepare(
      `select id - ? as row, amount from bill_line where id between ? and ? and key = ? and day = ? and action is (select id from term where text = ?) order by id`,
    );
    for (const d of f.duplicates) {
      let { rows, amount, extra } = d;
      if (d.day !== undefined) {
        const lines = sameDay.safeIntegers(true).all(lo, lo, hi, this.keyIds[d.key]!, d.day, d.action === '' ? null : d.action) as { row: bigint; amount: bigint }[];
        rows = lines.map((l) => Number(l.row));
        amount = sumUnits(lines.map((l) => l.amount));
        extra = dayOfNumber(d.day);
      }
      insert.run(this.importId, this.keyMonth[d.key]!, d.side, d.reason, this.keyIds[d.key]!, d.extraName, extra, rows.length, amount ?? 0n, packRows(rows));
    }
  }
}

/** The store's id of a repeated text (a transaction type). */
export function termId(db: Db, text: string): number {
  return (db.prepare('insert into term (text) values (?) on conflict (text) do update set text = excluded.text returning id').get(text) as { id: number }).id;
}

/**
 * bill_key ids for an import's keys: a month's stored keys are read once, the first time the
 * import shows that month, and new keys are numbered here and inserted with their ids (a
 * quarter of a million keys of a big month cost no lookup in SQLite each).
 */
class StoredKeys {
  /** A month's stored keys; null when the month had none (every key of this import is new there). */
  private readonly byMonth = new Map<string, KeysOfMonth | null>();
  private next: number;
  private readonly insert;
  private readonly read;

  constructor(db: Db) {
    this.next = ((db.prepare('select max(id) from bill_key').pluck().get() as number | null) ?? 0) + 1;
    this.insert = new BulkInsert(db, 'bill_key', ['id', 'month', 'product', 'resourceId', 'component']);
    this.read = db.prepare('select id, product, resourceId, component from bill_key where month = ?').raw();
  }

  idOf(k: { month: string; product: string; resourceId: string; component: string }): number {
    let month = this.byMonth.get(k.month);
    if (month === undefined) this.byMonth.set(k.month, (month = this.storedKeys(k.month)));
    // The classifier numbered each key of the file once: only keys stored by earlier imports need a lookup.
    const known = month?.get(`${k.product}\u0001${k.component}`)?.get(k.resourceId);
    if (known !== undefined) return known;
    const id = this.next++;
    this.insert.add(id, k.month, k.product, k.resourceId, k.component);
    return id;
  }

  /**
   * Row by row into resource ids per (product, component): a quarter of a million keys stored by
   * the fee bill, read by the consumption bill's import, hold each product and component name
   * once, not once per key.
   */
  private storedKeys(month: string): KeysOfMonth | null {
    let found: KeysOfMonth | null = null;
    for (const [id, product, resourceId, component] of this.read.iterate(month) as IterableIterator<[number, string, string, string]>) {
      found ??= new Map();
      const group = `${product}\u0001${component}`;
      let resources = found.get(group);
      if (!resources) found.set(group, (resources = new Map()));
      resources.set(resourceId, id);
    }
    return found;
  }

  /** New keys are written in bulk; a month's stored keys are read before any of this import's are added. */
  flush(): void {
    this.insert.flush();
  }
}

type KeysOfMonth = Map<string, Map<string, number>>;

function addTallies(f: NormalizedFile, months: Map<number, MonthTally>): void {
  for (const m of f.months) {
    const t = months.get(monthIndexOfText(m.month));
    if (t) [m.transactions, m.rated, m.deducted] = [t.transactions, t.rated, t.deducted];
  }
}

function txDuplicate(d: TxDuplicate): DuplicateFound {
  return { side: 'fee', reason: 'the same transaction (交易ID) and component more than once', key: d.key, extraName: 'transactionId', extra: d.tx, rows: d.rows, amount: d.amount };
}

/**
 * The transactions the tally's filter could not vouch for (bill/tx-tally.ts) summed from the
 * stored lines, in one pass over the import's lines: each replaces in its month's tally the one
 * run of it tallied already (its lines before `fromRow`, if any) by all its lines, and its
 * duplicated components are recorded.
 */
function settleSuspects(db: Db, importId: number, f: NormalizedFile, suspects: Suspect[]): void {
  if (suspects.length === 0) return;
  db.exec('create temp table if not exists suspect_tx (tx text primary key)');
  db.exec('delete from suspect_tx');
  const add = db.prepare('insert or ignore into suspect_tx (tx) values (?)');
  for (const s of suspects) add.run(s.tx);
  const [lo, hi] = lineRange(importId);
  const lines = db
    .prepare(`select l.ref, k.month, l.key, l.amount, ${LINE_ROW_SQL.replace('id', 'l.id')} from bill_line l join bill_key k on k.id = l.key where l.id between ? and ? and l.ref in (select tx from suspect_tx) order by l.id`)
    .safeIntegers(true)
    .raw()
    .all(lo, hi) as [string, string, bigint, bigint, bigint][];
  const byTx = new Map<string, [string, bigint, bigint, bigint][]>();
  for (const [ref, month, key, amount, row] of lines) {
    const id = `${month}\u0001${ref}`;
    if (!byTx.has(id)) byTx.set(id, []);
    byTx.get(id)!.push([month, key, amount, row]);
  }
  const dup = db.prepare('insert into bill_duplicate (importId, month, side, reason, key, extraName, extra, lines, amount, rows) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const s of suspects) {
    const month = monthTextOfIndex(s.month);
    const own = byTx.get(`${month}\u0001${s.tx}`) ?? [];
    const m = f.months.find((x) => x.month === month);
    if (!m || own.length === 0) continue;
    const earlier = sumUnits(own.filter(([, , , row]) => row < BigInt(s.fromRow)).map((l) => l[2]));
    if (own.some(([, , , row]) => row < BigInt(s.fromRow))) {
      m.transactions--;
      m.rated = minusUnits(m.rated, earlier);
      m.deducted = minusUnits(m.deducted, roundUnits(earlier, 2));
    }
    const total = sumUnits(own.map((l) => l[2]));
    m.transactions++;
    m.rated = sumUnits([m.rated, total]);
    m.deducted = sumUnits([m.deducted, roundUnits(total, 2)]);
    for (const [key, group] of groupBy(own, (l) => l[1])) {
      if (group.length < 2) continue;
      const rows = group.map((l) => Number(l[3]));
      dup.run(importId, month, 'fee', 'the same transaction (交易ID) and component more than once', key, 'transactionId', s.tx, rows.length, sumUnits(group.map((l) => l[2])), packRows(rows));
    }
  }
}

function groupBy<T, K>(items: readonly T[], keyOf: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(t);
  }
  return out;
}
