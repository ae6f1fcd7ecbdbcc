/**
 * SPEC §2: the vendor rates at 8 decimals and deducts each transaction (交易ID) rounded half-up
 * to 2; the month's remainders are billed as one 月度计费精度差异 line. We rebuild that line from
 * the detail lines and say whether the bill's own line agrees.
 */
import { fixed, roundHalfUp, ZERO, type Money } from '../money/decimal.js';
import type { Month } from '../model.js';
import { LIVE, type Db } from '../store/index.js';
import { isPrecisionLine, isVendorPseudoLine, PRECISION_PRODUCT, VIRTUAL_ID } from './line-kinds.js';
import { ExactSum, fromScaled, i8ToScaled, roundScaled, scaled } from './scaled.js';
import { I8_TO_SCALED, plainI8Sql, roundI8To2Sql } from './sql-decimal.js';
import type { PrecisionSummary, TransactionPrecision } from './types.js';

export interface PrecisionResult {
  summary: PrecisionSummary;
  /** The bill's precision line amount (exact), null when absent. */
  billedExact: Money | null;
  /** Our month difference rounded half-up to 2 dp: what the bill's line should say. */
  expectedLine: Money;
  /** The bill's precision lines, as [importId, sourceRow]. */
  billedSources: [number, number][];
  transactions?: TransactionPrecision[];
}

/**
 * Per-transaction totals, fed one line at a time. Exact: scaled BigInt per transaction, and
 * decimal.js for a transaction holding an amount finer than the scale.
 */
export class PrecisionTally {
  private readonly byTx = new Map<string, bigint>();
  private readonly fine = new Map<string, Money>();
  /** Transactions summed by SQLite (transactionTotals): count, rated and deducted, scaled. */
  private bulk = { count: 0, rated: 0n, deducted: 0n };
  private aggregatedLines = 0;
  private pseudoLines = 0;
  private billed: ExactSum | null = null;
  private readonly billedSources: [number, number][] = [];

  add(tx: string | null, amount: string, pseudo: boolean, precisionLine: boolean, importId: number, sourceRow: number): void {
    this.addScaled(tx, scaled(amount), amount, pseudo, precisionLine, importId, sourceRow);
  }

  /** `v` is `scaled(amount)`, already computed by the caller. */
  addScaled(tx: string | null, v: bigint | null, amount: string, pseudo: boolean, precisionLine: boolean, importId: number, sourceRow: number): void {
    if (pseudo) {
      this.pseudoLines++;
      if (precisionLine) {
        (this.billed ??= new ExactSum()).add(amount);
        this.billedSources.push([importId, sourceRow]);
      }
      return;
    }
    if (tx === null || tx === '' || tx === '-') {
      this.aggregatedLines++;
      return;
    }
    if (v === null) {
      this.fine.set(tx, (this.fine.get(tx) ?? ZERO).plus(amount));
      if (!this.byTx.has(tx)) this.byTx.set(tx, 0n);
    } else {
      this.byTx.set(tx, (this.byTx.get(tx) ?? 0n) + v);
    }
  }

  /** Transactions already totalled elsewhere: `rated` and `deducted` are scaled (scaled.ts). */
  addTotals(count: number, rated: bigint, deducted: bigint): void {
    this.bulk.count += count;
    this.bulk.rated += rated;
    this.bulk.deducted += deducted;
  }

  /** Lines counted elsewhere that are month aggregates (交易ID "-") or vendor pseudo-lines. */
  addCounts(aggregatedLines: number, pseudoLines: number): void {
    this.aggregatedLines += aggregatedLines;
    this.pseudoLines += pseudoLines;
  }

  result(withTransactions: boolean): PrecisionResult {
    let ratedBig = this.bulk.rated;
    let deductedBig = this.bulk.deducted;
    let rated = ZERO;
    let deducted = ZERO;
    const transactions: TransactionPrecision[] = [];
    for (const [tx, big] of this.byTx) {
      const extra = this.fine.get(tx);
      if (extra === undefined) {
        const d = roundScaled(big, 2);
        ratedBig += big;
        deductedBig += d;
        if (withTransactions) {
          const r = fromScaled(big);
          const dd = fromScaled(d);
          transactions.push({ transactionId: tx, rated: fixed(r, 8), deducted: fixed(dd, 2), difference: fixed(dd.minus(r), 8) });
        }
      } else {
        const total = fromScaled(big).plus(extra);
        const d = roundHalfUp(total, 2);
        rated = rated.plus(total);
        deducted = deducted.plus(d);
        if (withTransactions) transactions.push({ transactionId: tx, rated: fixed(total, 8), deducted: fixed(d, 2), difference: fixed(d.minus(total), 8) });
      }
    }
    rated = rated.plus(fromScaled(ratedBig));
    deducted = deducted.plus(fromScaled(deductedBig));
    const difference = deducted.minus(rated);
    const expectedLine = roundHalfUp(difference, 2);
    const billed = this.billed?.value() ?? null;
    return {
      summary: {
        transactions: this.byTx.size + this.bulk.count,
        rated: fixed(rated, 8),
        deducted: fixed(deducted, 2),
        difference: fixed(difference, 8),
        billed: billed === null ? null : fixed(billed, 2),
        agrees: billed === null ? null : billed.equals(expectedLine),
        aggregatedLines: this.aggregatedLines,
        pseudoLines: this.pseudoLines,
      },
      billedExact: billed,
      expectedLine,
      billedSources: this.billedSources,
      ...(withTransactions ? { transactions } : {}),
    };
  }
}

export function computePrecision(db: Db, month: Month, withTransactions = false): PrecisionResult {
  const tally = new PrecisionTally();
  const stmt = db.prepare(
    `select importId, sourceRow, transactionId, discountedTotal, product, productCode, resourceId from fee_detail where ${LIVE} and billMonth = ?`,
  );
  type Row = [number, number, string | null, string, string, string | null, string | null];
  for (const [importId, sourceRow, tx, amount, product, productCode, resourceId] of stmt.raw().iterate(month) as IterableIterator<Row>) {
    const line = { product, productCode, resourceId };
    tally.add(tx, amount, isVendorPseudoLine(line), isPrecisionLine(line), importId, sourceRow);
  }
  return tally.result(withTransactions);
}


/**
 * Per-transaction totals while the lines arrive in 交易ID order (the order the vendor's detail
 * bill lists them in, and so the importer's): one transaction in hand at a time, so nothing is
 * kept per transaction and SQLite sorts nothing. A line out of order makes it give up
 * (`finish` returns null) and the caller asks transactionTotals instead. Amounts are exact
 * doubles of 10^-8 units (scaled.ts i8); a transaction with any other amount, or a total a
 * double cannot hold, goes through PrecisionTally line by line.
 */
export class OrderedTransactions {
  private inOrder = true;
  private tx: string | null = null;
  private units = 0;
  private lines: [string, number, number][] = [];
  private names: string[] = [];
  private nameSet: Set<string> | null = null;
  private dup = false;
  private count = 0;
  private readonly rated = new ExactSum();
  private readonly deducted = new ExactSum();
  private readonly viaTally: [string, string, number, number][] = [];
  private readonly duplicated: string[] = [];

  /** `u` is i8(amount) (NaN when not exact); `name` identifies the component (bridge FULL_KEY). */
  add(tx: string, name: string, amount: string, u: number, importId: number, sourceRow: number): void {
    if (!this.inOrder) return;
    if (tx !== this.tx) {
      if (this.tx !== null && tx < this.tx) {
        this.inOrder = false;
        this.lines = [];
        this.names = [];
        return;
      }
      this.close();
      this.tx = tx;
      this.units = 0;
      this.lines.length = 0;
      this.names.length = 0;
      this.nameSet = null;
      this.dup = false;
    }
    const s = this.units + u;
    this.units = Number.isSafeInteger(s) ? s : NaN;
    this.lines.push([amount, importId, sourceRow]);
    // The same component twice in one transaction: the formats give each component one line.
    if (this.nameSet) {
      if (this.nameSet.has(name)) this.dup = true;
      else this.nameSet.add(name);
    } else if (this.names.includes(name)) this.dup = true;
    else if (this.names.push(name) > 16) this.nameSet = new Set(this.names);
  }

  private close(): void {
    const tx = this.tx;
    if (tx === null) return;
    const u = this.units;
    const a = (u < 0 ? -u : u) + 500_000;
    if (u === u && Number.isSafeInteger(a)) {
      this.count++;
      this.rated.addUnits(u);
      // Half-up to 2 dp in units of 10^-8: a − a mod 10^6 is exact in doubles.
      const q = a - (a % 1_000_000);
      this.deducted.addUnits(u < 0 ? -q : q);
    } else for (const [amount, importId, sourceRow] of this.lines) this.viaTally.push([tx, amount, importId, sourceRow]);
    if (this.dup) this.duplicated.push(tx);
  }

  /** Hands the totals to the tally; the duplicated transactions, or null when the lines were not in order. */
  finish(tally: PrecisionTally): string[] | null {
    if (!this.inOrder) return null;
    this.close();
    this.tx = null;
    const scaledOf = (sum: ExactSum) => sum.big + i8ToScaled(sum.units);
    tally.addTotals(this.count, scaledOf(this.rated), scaledOf(this.deducted));
    for (const [tx, amount, importId, sourceRow] of this.viaTally) tally.add(tx, amount, false, false, importId, sourceRow);
    return this.duplicated;
  }
}

/** The SQL condition for a vendor pseudo-line (line-kinds.ts isVendorPseudoLine). */
export const PSEUDO_SQL = `(product = '${PRECISION_PRODUCT}' or productCode = '${VIRTUAL_ID}' or resourceId = '${VIRTUAL_ID}')`;
/** The SQL condition for the 月度计费精度差异 line itself (line-kinds.ts isPrecisionLine). */
export const PRECISION_LINE_SQL = `(product = '${PRECISION_PRODUCT}' or ((productCode = '${VIRTUAL_ID}' or resourceId = '${VIRTUAL_ID}') and instr(product, '精度') > 0))`;
const HAS_TX = `(transactionId is not null and transactionId not in ('', '-'))`;
const COMPONENT_SQL = `ifnull(coalesce(componentName, componentType), '')`;

export interface TransactionTotals {
  /** Transactions whose lines are all plain text, summed in SQLite, scaled (scaled.ts). */
  count: number;
  rated: bigint;
  deducted: bigint;
  /** Transactions with a line SQLite cannot convert exactly: their lines go through PrecisionTally. */
  notPlain: string[];
  /** Transactions holding the same component more than once (the formats give each one line). */
  duplicated: string[];
}

/**
 * The per-transaction rebuild of SPEC §2 done by SQLite: lines grouped by 交易ID (and by
 * component, to find duplicates), summed as integers of 10^-8, rounded half-up to 2 dp, summed
 * again. Only the transactions that need JavaScript come back one by one: those holding one of
 * `notPlainIds` (fee_detail ids whose amount isPlainText rejected) and the duplicated ones.
 * Null when SQLite cannot do it exactly (a sum overflows 64 bits): the caller then feeds the
 * lines to PrecisionTally. test/reconcile/sql-decimal.test.ts proves it equal to the tally.
 */
export function transactionTotals(db: Db, month: Month, notPlainIds: readonly number[]): TransactionTotals | null {
  const amount = 'discountedTotal';
  // The usual month has no amount SQLite cannot convert: then the per-line exclusion is left out.
  const some = notPlainIds.length > 0;
  const stmt = db.prepare(
    `with bad_id as (select value as id from json_each(@badIds)),
     bad_tx as (select distinct transactionId as tx from fee_detail where id in (select id from bad_id)),
     line as (
       select transactionId as tx, product, ifnull(resourceId, '') as res, ${COMPONENT_SQL} as comp,
         ${some ? `case when id in (select id from bad_id) then 0 else ${plainI8Sql(amount)} end` : plainI8Sql(amount)} as v
       from fee_detail where ${LIVE} and billMonth = @month and not ifnull(${PSEUDO_SQL}, 0) and ${HAS_TX}),
     per_component as (select tx, sum(v) as v, count(*) as n from line group by tx, product, res, comp),
     per_tx as (select tx, sum(v) as v, max(n) as n, abs(sum(v)) < 4000000000000000000 ${some ? 'and tx not in (select tx from bad_tx)' : ''} as plain
       from per_component group by tx)
     select count(case when plain then 1 end), sum(case when plain then v end), sum(case when plain then ${roundI8To2Sql('v')} end),
       group_concat(case when not plain then tx end, char(1)), group_concat(case when n > 1 then tx end, char(1))
     from per_tx`,
  );
  // One row: the few odd transactions come as lists, so nothing is sorted a third time.
  type Row = [number | bigint, number | bigint | null, number | bigint | null, string | null, string | null];
  let row: Row;
  try {
    row = stmt.safeIntegers(true).raw().get({ month, badIds: JSON.stringify(notPlainIds) }) as Row;
  } catch (err) {
    if (err instanceof Error && /integer overflow/i.test(err.message)) return null;
    throw err;
  }
  const [count, rated, deducted, notPlain, duplicated] = row;
  const list = (text: string | null) => (text === null ? [] : text.split('\u0001'));
  const out: TransactionTotals = {
    count: Number(count),
    rated: BigInt(rated ?? 0) * I8_TO_SCALED,
    deducted: BigInt(deducted ?? 0) * I8_TO_SCALED,
    notPlain: list(notPlain),
    duplicated: list(duplicated),
  };
  return out;
}

/**
 * The lines of these transactions (or of every transaction of the month) into the tally, and
 * the transactions among them holding the same component twice.
 */
export function tallyTransactions(db: Db, month: Month, tally: PrecisionTally, only: readonly string[] | null): string[] {
  const duplicated = new Set<string>();
  const seen = new Map<string, Set<string>>();
  const feed = (rows: Iterable<[string, string, number, number, string]>) => {
    for (const [tx, amount, importId, sourceRow, name] of rows) {
      tally.add(tx, amount, false, false, importId, sourceRow);
      let names = seen.get(tx);
      if (!names) seen.set(tx, (names = new Set()));
      if (names.has(name)) duplicated.add(tx);
      else names.add(name);
    }
  };
  const select = `select transactionId, discountedTotal, importId, sourceRow, product || char(1) || ifnull(resourceId, '') || char(1) || ${COMPONENT_SQL}
    from fee_detail where ${LIVE} and billMonth = ? and not ifnull(${PSEUDO_SQL}, 0) and ${HAS_TX}`;
  if (only === null) feed(db.prepare(select).raw().iterate(month) as Iterable<[string, string, number, number, string]>);
  else {
    for (let i = 0; i < only.length; i += 500) {
      const part = only.slice(i, i + 500);
      feed(db.prepare(`${select} and transactionId in (${part.map(() => '?').join(',')}) order by id`).raw().all(month, ...part) as [string, string, number, number, string][]);
    }
  }
  return [...duplicated];
}
