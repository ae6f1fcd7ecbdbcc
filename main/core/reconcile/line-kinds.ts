/**
 * How reconciliation reads a bill line: prepaid or postpaid, a vendor pseudo-line or real usage,
 * and which month / day a timestamp falls on in vendor time (UTC+8, as the importer stores it).
 */
import type { Day, Month, VendorTime } from '../model.js';
import { dayNumber } from '../calendar/days.js';

const PREPAID = new Set(['包年包月', 'prepay', 'prepaid', 'prepay_mode', 'monthly subscription', 'subscription']);
/** The prepaid spellings the partial index fee_detail_prepaid_service covers (migration 2): keep the two lists equal. */
export const PREPAID_SQL = `payMode IN ('包年包月', 'Monthly Subscription', 'Monthly subscription', 'Prepaid', 'prepaid', 'PrePay', 'prePay', 'prepay')`;
const POSTPAID = new Set(['按量计费', 'postpay', 'postpaid', 'pay-as-you-go', 'pay as you go']);

export function isPrepaid(payMode: string | null, consumptionType: string | null = null): boolean {
  if (payMode && PREPAID.has(payMode.trim().toLowerCase())) return true;
  return !payMode && !!consumptionType && consumptionType.includes('包年包月');
}

export function isPostpaid(payMode: string | null): boolean {
  return !!payMode && POSTPAID.has(payMode.trim().toLowerCase());
}

export const PRECISION_PRODUCT = '月度计费精度差异';
export const VIRTUAL_ID = 'billVirtualId';

/** The vendor's own adjustment rows (billVirtualId): not usage, never part of a transaction. */
export function isVendorPseudoLine(l: { product: string; productCode: string | null; resourceId: string | null }): boolean {
  return l.product === PRECISION_PRODUCT || l.productCode === VIRTUAL_ID || l.resourceId === VIRTUAL_ID;
}

/** The 月度计费精度差异 line itself (the API sample names it by BusinessCodeName, CSVs by 产品名称). */
export function isPrecisionLine(l: { product: string; productCode: string | null; resourceId: string | null }): boolean {
  return l.product === PRECISION_PRODUCT || ((l.productCode === VIRTUAL_ID || l.resourceId === VIRTUAL_ID) && l.product.includes('精度'));
}

/** Stored times look like "2025-03-01T08:00:00+08:00": their first 10 characters are the vendor-local day. */
export function dayOf(t: VendorTime): Day {
  return t.slice(0, 10);
}

export function monthOf(t: VendorTime): Month {
  return t.slice(0, 7);
}

export function shiftMonth(month: Month, by: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + by;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** First instant of a month in the importer's stored form, for string comparison in SQL. */
export function monthStart(month: Month): VendorTime {
  return `${month}-01T00:00:00+08:00`;
}


function dayText(n: number): Day {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days between two vendor-local days (end exclusive). */
export function daysBetween(start: Day, end: Day): number {
  return dayNumber(end) - dayNumber(start);
}

/**
 * The days a usage period covers. An end at midnight does not touch the next day; an end at
 * 23:59:59 covers its own day. Capped at 62 days: a postpaid settlement never spans more.
 */
export function usageDays(start: VendorTime | null, end: VendorTime | null): Day[] {
  if (!start) return [];
  const first = dayNumber(dayOf(start));
  let last = first;
  if (end) {
    last = dayNumber(dayOf(end));
    if (end.slice(11, 19) === '00:00:00' && last > first) last -= 1;
  }
  const out: Day[] = [];
  for (let n = first; n <= last && out.length < 62; n++) out.push(dayText(n));
  return out;
}

/** Days of [start, end) that fall inside `month`, counted on vendor-local calendar days. */
export function daysInside(startDay: Day, endDay: Day, month: Month): number {
  const from = Math.max(dayNumber(startDay), dayNumber(`${month}-01`));
  const to = Math.min(dayNumber(endDay), dayNumber(`${shiftMonth(month, 1)}-01`));
  return Math.max(0, to - from);
}
