import type { Day, FeeDetailLine, Month } from '../model.js';
import type { Db } from '../store/index.js';
import { LIVE } from '../store/index.js';
import { PACKAGE_IDS, type PackageId, type TiwCatalog, type TiwItem } from '../catalog/tiw-catalog.js';

/**
 * Which fee-bill lines are the whiteboard's, and what each one charges for. The vendor names them
 * in Chinese on the domestic site and in English abroad, and older bills carry the sub-product
 * codes of the usage API (sp_tiw_board …), so every spelling is data here.
 */

export type TiwLineKind = TiwItem | 'monthlyFee' | 'package' | 'other';

/**
 * The columns of a fee-bill line that rating reads (never all of them): what classifies it, dates
 * it, prices it and names its currency. `extraSaysYuan` stands for the one thing read from the
 * line's extra columns: a column name with (元) in it.
 */
export type TiwBillLine = Pick<
  FeeDetailLine,
  | 'importId'
  | 'sourceRow'
  | 'subProduct'
  | 'componentType'
  | 'componentName'
  | 'productCode'
  | 'resourceName'
  | 'payMode'
  | 'actionType'
  | 'discountedTotal'
  | 'payTime'
  | 'usageStart'
  | 'usageEnd'
  | 'aggregated'
  | 'billMonth'
  | 'usage'
  | 'duration'
  | 'durationUnit'
  | 'currency'
  | 'priceUnit'
> & { extraSaysYuan: boolean };

type TextOf = Pick<FeeDetailLine, 'subProduct' | 'componentType' | 'componentName' | 'productCode' | 'resourceName'>;

/** SQL over fee_detail columns selecting the whiteboard product. */
export const TIW_PRODUCT_SQL = `(product like '%互动白板%' or lower(product) like '%whiteboard%' or lower(coalesce(productCode, '')) = 'p_tiw'
  or lower(coalesce(subProduct, '')) like 'sp_tiw%' or coalesce(subProduct, '') like '%互动白板%')`;

const KIND_PATTERNS: [TiwLineKind, RegExp][] = [
  ['monthlyFee', /月功能费|monthly (function )?fee|function fee/i],
  ['package', /资源包|resource pack|铂金版|企业版|高级版|基础版|platinum|enterprise|advanced|basic/i],
  ['transcode', /转码|sp_tiw_(dt|st)|transcod/i],
  ['recording', /录制|sp_tiw_ric|record/i],
  ['whiteboard', /白板时长|sp_tiw_board|whiteboard (duration|minute|usage)|时长/i],
];

const PREPAID = /包年包月|prepa|monthly subscription|^pre/i;
const NOT_A_PURCHASE = /退款|refund|配置变更|modify|冲正|reversal|迁出|迁入|adjust|调账/i;

export function lineText(l: TextOf): string {
  return [l.subProduct, l.componentType, l.componentName, l.productCode, l.resourceName].filter(Boolean).join(' ');
}

export function classifyTiwLine(l: TextOf): TiwLineKind {
  const text = lineText(l);
  for (const [kind, re] of KIND_PATTERNS) if (re.test(text)) return kind;
  return 'other';
}

export function isPrepaid(l: Pick<FeeDetailLine, 'payMode'>): boolean {
  return PREPAID.test(l.payMode ?? '');
}

/** A new purchase or a renewal, as opposed to a refund, a change or an adjustment. */
export function isPurchase(l: Pick<FeeDetailLine, 'payMode' | 'actionType' | 'discountedTotal'>): boolean {
  return isPrepaid(l) && !NOT_A_PURCHASE.test(l.actionType ?? '') && !l.discountedTotal.startsWith('-');
}

/** The vendor-local day of a stored instant ("2025-03-01T09:00:00+08:00"). */
export function vendorDay(t: string | null): Day | null {
  return t ? t.slice(0, 10) : null;
}

/** The package a line names, by id, Chinese name or English name ("Basic 1.0"). */
export function packageOfLine(l: TextOf, catalog: TiwCatalog): PackageId | undefined {
  const text = lineText(l).toLowerCase().replace(/\s+/g, '');
  for (const e of [...catalog.entries].reverse())
    for (const p of e.packages) if (text.includes(p.name.toLowerCase().replace(/\s+/g, ''))) return p.id;
  for (const id of PACKAGE_IDS) if (text.includes(id.replace('-', ''))) return id;
  for (const id of PACKAGE_IDS) if (text.includes(id)) return id;
  return undefined;
}

/** SQL over fee_detail columns: a prepaid line (a superset of `isPrepaid`: LIKE ignores ASCII case as /i does). */
const PREPAID_SQL = `(payMode like '%包年包月%' or payMode like '%prepa%' or payMode like '%monthly subscription%' or payMode like 'pre%')`;

/**
 * (元) in the name of one of the line's extra columns. Only asked when the Currency column and the
 * price unit say nothing (`currencyOf` looks no further then), so most lines skip the JSON.
 */
const EXTRA_YUAN_SQL = `(case when coalesce(currency, '') <> '' or instr(coalesce(priceUnit, ''), '元') > 0 then 0
  else exists (select 1 from json_each(fee_detail.extra) where instr(key, '(元)') > 0 or instr(key, '（元）') > 0) end)`;

const COLUMNS = `importId, sourceRow, subProduct, componentType, componentName, productCode, resourceName, payMode, actionType,
  discountedTotal, payTime, usageStart, usageEnd, aggregated, billMonth, usage, duration, durationUnit, currency, priceUnit,
  ${EXTRA_YUAN_SQL} as extraSaysYuan`;

type Raw = [
  number, number, string | null, string | null, string | null, string | null, string | null, string | null, string | null,
  string, string | null, string | null, string | null, number, string, string | null, string | null, string | null, string | null, string | null,
  number,
];

/**
 * Live whiteboard lines of the fee bills narrowed by a SQL condition, in bill order, with only the
 * columns rating reads. The product test runs in SQLite: other products' lines never reach JS.
 * Rows come as arrays (one object per line, not two: a fifth less time on 200,000 lines).
 */
export function tiwFeeLines(db: Db, where = '1=1', params: unknown[] = []): TiwBillLine[] {
  const rows = db
    .prepare(`select ${COLUMNS} from fee_detail where ${LIVE} and ${TIW_PRODUCT_SQL} and (${where}) order by importId, sourceRow`)
    .raw()
    .all(...params) as Raw[];
  return rows.map((r) => ({
    importId: r[0],
    sourceRow: r[1],
    subProduct: r[2],
    componentType: r[3],
    componentName: r[4],
    productCode: r[5],
    resourceName: r[6],
    payMode: r[7],
    actionType: r[8],
    discountedTotal: r[9],
    payTime: r[10],
    usageStart: r[11],
    usageEnd: r[12],
    aggregated: r[13] === 1,
    billMonth: r[14],
    usage: r[15],
    duration: r[16],
    durationUnit: r[17],
    currency: r[18],
    priceUnit: r[19],
    extraSaysYuan: r[20] === 1,
  }));
}

/** A usage line (postpaid whiteboard minutes, transcode pages, recording) belongs to the month of its usage day. */
type MonthTest = TextOf & Pick<FeeDetailLine, 'payMode' | 'usageStart' | 'payTime' | 'billMonth'>;

function usageDayOf(l: MonthTest): Day | null {
  const kind = classifyTiwLine(l);
  return (kind === 'whiteboard' || kind === 'transcode' || kind === 'recording') && !isPrepaid(l) ? (vendorDay(l.usageStart) ?? vendorDay(l.payTime) ?? '') : null;
}

/** A month's whiteboard line: usage lines by usage day in [from, until), the rest by bill month. */
export function isMonthLine(l: MonthTest, month: Month, from: Day, until: Day): boolean {
  const d = usageDayOf(l);
  if (d === null) return l.billMonth === month;
  return d !== '' && d >= from && d < until;
}

/** A line `purchasesFromBill` may read: a prepaid one (of any month). */
export function mayBePurchase(l: TiwBillLine): boolean {
  return isPrepaid(l);
}

export interface RunLines {
  /** The month's whiteboard lines (`isMonthLine`), in bill order. */
  month: TiwBillLine[];
  /** Prepaid whiteboard lines of every month: the bill's purchases, in bill order. */
  prepaid: TiwBillLine[];
}

/** SQL over fee_detail: a superset of a month's lines (bill month, or usage or deduction day in [from, until)). */
const MONTH_SQL = `billMonth = ? or (substr(usageStart, 1, 10) >= ? and substr(usageStart, 1, 10) < ?) or (substr(payTime, 1, 10) >= ? and substr(payTime, 1, 10) < ?)`;

/** The month's whiteboard lines (`isMonthLine`), in bill order. */
export function readMonthLines(db: Db, month: Month, from: Day, until: Day): TiwBillLine[] {
  return tiwFeeLines(db, MONTH_SQL, [month, from, until, from, until]).filter((l) => isMonthLine(l, month, from, until));
}

/**
 * Everything of the fee bills that one month's rating reads, in one pass over fee_detail: the
 * month's whiteboard lines and the prepaid whiteboard lines of any month. The SQL condition is a
 * superset of both; the exact tests are the JS ones above.
 */
export function readRunLines(db: Db, month: Month, from: Day, until: Day): RunLines {
  const lines = tiwFeeLines(db, `${MONTH_SQL} or ${PREPAID_SQL}`, [month, from, until, from, until]);
  return { month: lines.filter((l) => isMonthLine(l, month, from, until)), prepaid: lines.filter(mayBePurchase) };
}

/** Prepaid whiteboard lines of every month (where the bill's purchases are). */
export function prepaidTiwLines(db: Db): TiwBillLine[] {
  return tiwFeeLines(db, PREPAID_SQL).filter(mayBePurchase);
}

/** What tells a line's currency: its Currency column, 元 in its price unit, (元) in a column name. */
export interface CurrencyEvidence {
  currency: string | null;
  priceUnitSaysYuan: boolean;
  extraSaysYuan: boolean;
}

/** The bill's currency: its Currency column, else 元 in the price unit or column names means CNY; never guessed beyond that. */
export function currencyOf(e: CurrencyEvidence): string | null {
  if (e.currency) return e.currency.trim().toUpperCase();
  if (e.priceUnitSaysYuan) return 'CNY';
  if (e.extraSaysYuan) return 'CNY';
  return null;
}

export function currencyOfLine(l: Pick<TiwBillLine, 'currency' | 'priceUnit' | 'extraSaysYuan'>): string | null {
  return currencyOf({ currency: l.currency, priceUnitSaysYuan: /元/.test(l.priceUnit ?? ''), extraSaysYuan: l.extraSaysYuan });
}

/** One or more of a month's whiteboard lines with the same currency evidence, named by the first of them. */
export interface CurrencySample extends CurrencyEvidence {
  importId: number;
  sourceRow: number;
}

const DAY_SQL = `coalesce(nullif(substr(usageStart, 1, 10), ''), nullif(substr(payTime, 1, 10), ''))`;
/** In the month whatever the line's kind: billed in the month, and used (or deducted) in it. */
const SURELY_IN_MONTH_SQL = `(billMonth = ? and coalesce(${DAY_SQL} >= ? and ${DAY_SQL} < ?, 0))`;

type SampleRow = [number, number, number, string | null, number, number, string | null, string | null, string | null, string | null, string | null, string | null, string, string | null, string | null];

/**
 * The currency evidence of a month's whiteboard lines without reading the lines: lines that are
 * in the month whatever their kind (billed and used in it: nearly all) are grouped in SQLite by
 * import and evidence; the few whose month depends on their kind come one by one and are tested
 * by `isMonthLine`. In bill order by first line, so `currencyOfLines` over the samples says what
 * it says over the lines; empty when the month has no whiteboard lines.
 */
export function monthCurrencySamples(db: Db, month: Month, from: Day, until: Day): CurrencySample[] {
  const rows = db
    .prepare(
      `select ${SURELY_IN_MONTH_SQL} as sure, importId, min(sourceRow), currency, instr(coalesce(priceUnit, ''), '元') > 0 as unitYuan,
         ${EXTRA_YUAN_SQL} as extraYuan,
         subProduct, componentType, componentName, productCode, resourceName, payMode, billMonth, usageStart, payTime
       from fee_detail where ${LIVE} and ${TIW_PRODUCT_SQL} and (${MONTH_SQL})
       group by sure, case when sure then 0 else id end, importId, currency, unitYuan, extraYuan`,
    )
    .raw()
    .all(month, from, until, month, from, until, from, until) as SampleRow[];
  const out: CurrencySample[] = [];
  for (const r of rows) {
    const [sure, importId, sourceRow, currency, unitYuan, extraYuan] = r;
    if (!sure) {
      const l: MonthTest = {
        subProduct: r[6],
        componentType: r[7],
        componentName: r[8],
        productCode: r[9],
        resourceName: r[10],
        payMode: r[11],
        billMonth: r[12],
        usageStart: r[13],
        payTime: r[14],
      };
      if (!isMonthLine(l, month, from, until)) continue;
    }
    out.push({ importId, sourceRow, currency, priceUnitSaysYuan: unitYuan === 1, extraSaysYuan: extraYuan === 1 });
  }
  return out.sort((a, b) => a.importId - b.importId || a.sourceRow - b.sourceRow);
}
