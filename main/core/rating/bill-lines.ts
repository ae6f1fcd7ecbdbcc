import type { Day, FeeDetailLine, Month } from '../model.js';
import type { Db } from '../store/index.js';
import { payModeOf } from '../bill/terms.js';
import { addMonths } from '../calendar/days.js';
import { formatUnits } from '../money/index.js';
import { importsWithLines, storedLines, type StoredLine } from '../store/line-reader.js';
import { SIDE } from '../store/line-writer.js';
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

const KIND_PATTERNS: [TiwLineKind, RegExp][] = [
  ['monthlyFee', /月功能费|monthly (function )?fee|function fee/i],
  ['package', /资源包|resource pack|铂金版|企业版|高级版|基础版|platinum|enterprise|advanced|basic/i],
  ['transcode', /转码|sp_tiw_(dt|st)|transcod/i],
  ['recording', /录制|sp_tiw_ric|record/i],
  ['whiteboard', /白板时长|sp_tiw_board|whiteboard (duration|minute|usage)|时长/i],
];

const NOT_A_PURCHASE = /退款|refund|配置变更|modify|冲正|reversal|迁出|迁入|adjust|调账/i;

export function lineText(l: TextOf): string {
  return [l.subProduct, l.componentType, l.componentName, l.productCode, l.resourceName].filter(Boolean).join(' ');
}

export function classifyTiwLine(l: TextOf): TiwLineKind {
  const text = lineText(l);
  for (const [kind, re] of KIND_PATTERNS) if (re.test(text)) return kind;
  return 'other';
}

/** Prepaid by the one definition of pay modes (bill/terms.ts). */
export function isPrepaid(l: Pick<FeeDetailLine, 'payMode'>): boolean {
  return payModeOf(l.payMode) === 'prepaid';
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

/** The whiteboard's keys: the product test runs on bill_key in SQLite, so other products' lines are never read. */
const TIW_KEY_SQL = `(product like '%互动白板%' or lower(product) like '%whiteboard%' or lower(product) like '%tiw%')`;

function billLine(l: StoredLine): TiwBillLine {
  const f = l.fields;
  return {
    importId: l.importId,
    sourceRow: l.row,
    subProduct: f.subProduct ?? null,
    componentType: f.componentType ?? null,
    componentName: f.componentName ?? null,
    productCode: f.productCode ?? null,
    resourceName: f.resourceName ?? null,
    payMode: f.payMode ?? null,
    actionType: f.actionType ?? null,
    discountedTotal: formatUnits(l.amount, 8),
    payTime: f.payTime ?? null,
    usageStart: f.usageStart ?? null,
    usageEnd: f.usageEnd ?? null,
    aggregated: l.ref === null && !f.orderId && !f.payTime,
    billMonth: l.key.month,
    usage: f.usage ?? null,
    duration: f.duration ?? null,
    durationUnit: f.durationUnit ?? null,
    currency: f.currency ?? null,
    priceUnit: f.priceUnit ?? null,
    extraSaysYuan: Object.keys(l.extra).some((h) => h.includes('(元)') || h.includes('（元）')),
  };
}

/** Live whiteboard lines of the fee bills (of the given months, else of every month), in bill order. */
export function tiwFeeLines(db: Db, months?: readonly Month[]): TiwBillLine[] {
  const out: TiwBillLine[] = [];
  for (const l of storedLines(db, { side: SIDE.fee, ...(months ? { months } : {}), keyWhere: TIW_KEY_SQL })) out.push(billLine(l));
  return out;
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

/** The month's whiteboard lines (`isMonthLine`), in bill order: its own bill and the next month's (usage deducted on the 1st). */
export function readMonthLines(db: Db, month: Month, from: Day, until: Day): TiwBillLine[] {
  return tiwFeeLines(db, [month, nextMonth(month)]).filter((l) => isMonthLine(l, month, from, until));
}

/** Everything of the fee bills that one month's rating reads: the month's whiteboard lines and the prepaid ones of any month. */
export function readRunLines(db: Db, month: Month, from: Day, until: Day): RunLines {
  const lines = tiwFeeLines(db);
  return { month: lines.filter((l) => isMonthLine(l, month, from, until)), prepaid: lines.filter(mayBePurchase) };
}

/** Prepaid whiteboard lines of every month (where the bill's purchases are). */
export function prepaidTiwLines(db: Db): TiwBillLine[] {
  return tiwFeeLines(db).filter(mayBePurchase);
}

function nextMonth(month: Month): Month {
  return addMonths(`${month}-01`, 1).slice(0, 7);
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

/**
 * The currency evidence of a month's whiteboard lines without reading them all: the first
 * whiteboard line of each fee file holding the month (a bill file has one currency). In bill
 * order; empty when the month has no whiteboard lines.
 */
export function monthCurrencySamples(db: Db, month: Month, from: Day, until: Day): CurrencySample[] {
  const out: CurrencySample[] = [];
  const months = [month, nextMonth(month)];
  for (const importId of importsWithLines(db, SIDE.fee, months)) {
    const query = { side: SIDE.fee, months, keyWhere: TIW_KEY_SQL, importIds: [importId] };
    // The first few whiteboard lines of a file tell its currency. When they are all another
    // month's (the next month's usage listed first), the file is read on: a month with whiteboard
    // lines must never look like one without, or ratingMismatches compares nothing.
    let first = firstMonthSample(storedLines(db, { ...query, limit: FIRST_LINES }), month, from, until);
    if (first.sample === null && first.read === FIRST_LINES) first = firstMonthSample(storedLines(db, query), month, from, until);
    if (first.sample) out.push(first.sample);
  }
  return out;
}

const FIRST_LINES = 16;

/** The first of the lines that is the month's, as a sample, and how many lines were read to find it. */
function firstMonthSample(lines: Iterable<StoredLine>, month: Month, from: Day, until: Day): { sample: CurrencySample | null; read: number } {
  let read = 0;
  for (const stored of lines) {
    read++;
    const l = billLine(stored);
    if (!isMonthLine(l, month, from, until)) continue;
    return { sample: { importId: l.importId, sourceRow: l.sourceRow, currency: l.currency, priceUnitSaysYuan: /元/.test(l.priceUnit ?? ''), extraSaysYuan: l.extraSaysYuan }, read };
  }
  return { sample: null, read };
}
