import type { FeeDetailLine, Kind, RecordingVideo, TranscodeResult } from '../model.js';
import { ImportError } from './types.js';
import { ValueError, isBlank, monthOf, parseDay, parseDecimal, parseMonth, parseTime, vendorTimeFromMs } from './values.js';

/**
 * JSON ways in: the billing API's DescribeBillDetail (`DetailSet` with `ComponentSet`), and the
 * whiteboard's transcode and recording results — a single object, an array, JSON lines, the API
 * response wrapper `{Response: …}` or the callback envelope `{EventType, Timestamp, EventData}`.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface JsonItem {
  /** 1-based record number (line number for JSON lines). */
  row: number;
  /** Field path prefix for messages, e.g. "[3].EventData". */
  path: string;
  value: Obj;
  eventType: string | null;
  /** Envelope Timestamp (unix seconds), a fallback time for results that carry none. */
  envelopeTime: number | null;
}

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a whole document, or JSON lines when the document is not one JSON value. */
export function parseJsonDocument(file: string, text: string): { value: Json; lines: boolean; lineNumbers?: number[] } {
  try {
    return { value: JSON.parse(text) as Json, lines: false };
  } catch (whole) {
    const lines = text.split(/\r?\n/);
    const values: Json[] = [];
    const lineNumbers: number[] = [];
    let multi = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (l === '') continue;
      try {
        values.push(JSON.parse(l) as Json);
        lineNumbers.push(i + 1);
        multi++;
      } catch (e) {
        if (multi === 0 && i === 0) throw new ImportError(file, null, null, `not valid JSON: ${(whole as Error).message}`);
        throw new ImportError(file, i + 1, null, `not valid JSON on this line: ${(e as Error).message}`);
      }
    }
    if (values.length === 0) throw new ImportError(file, null, null, 'empty file: no JSON records');
    return { value: values, lines: true, lineNumbers };
  }
}

/** Flatten wrappers and envelopes into result items. */
export function jsonItems(value: Json, lines: boolean, lineNumbers?: number[]): JsonItem[] {
  const out: JsonItem[] = [];
  const visit = (v: Json, row: number, path: string, eventType: string | null, envelopeTime: number | null) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, row === 0 ? (lineNumbers?.[i] ?? i + 1) : row, `${path}[${i}]`, eventType, envelopeTime));
      return;
    }
    if (!isObj(v)) return;
    if (isObj(v.Response)) return visit(v.Response, row, `${path}.Response`, eventType, envelopeTime);
    if (Array.isArray(v.DetailSet)) {
      v.DetailSet.forEach((x, i) => visit(x, row === 0 || !lines ? i + 1 : row, `${path}.DetailSet[${i}]`, eventType, envelopeTime));
      return;
    }
    if (isObj(v.EventData)) {
      const ts = typeof v.Timestamp === 'number' ? v.Timestamp : typeof v.Timestamp === 'string' && /^\d+$/.test(v.Timestamp) ? Number(v.Timestamp) : null;
      return visit(v.EventData, row, `${path}.EventData`, typeof v.EventType === 'string' ? v.EventType : null, ts);
    }
    out.push({ row: row === 0 ? 1 : row, path: path || '$', value: v, eventType, envelopeTime });
  };
  visit(value, 0, '', null, null);
  return out;
}

export function detectJsonKind(item: JsonItem): Kind | undefined {
  const v = item.value;
  if (item.eventType?.startsWith('Transcode') || ('Pages' in v && 'TaskId' in v)) return 'tiw-transcode';
  if (item.eventType?.startsWith('OnlineRecord') || 'VideoInfos' in v || 'VideoInfoList' in v) return 'tiw-recording';
  if ('ComponentSet' in v || 'BillId' in v) return 'fee-detail';
  return undefined;
}

class Fields {
  constructor(
    private readonly file: string,
    private readonly item: JsonItem,
  ) {}

  fail(key: string, reason: string, value?: Json): never {
    throw new ImportError(this.file, this.item.row, `${this.item.path}.${key}`.replace(/^\$\./, ''), reason, value === undefined ? undefined : JSON.stringify(value));
  }

  str(key: string, from: Obj = this.item.value): string | null {
    const v = from[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return isBlank(v) ? null : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(key, 'expected text', v);
  }

  requiredStr(key: string, from: Obj = this.item.value): string {
    const s = this.str(key, from);
    if (s === null) this.fail(key, 'required field is missing');
    return s;
  }

  int(key: string, from: Obj = this.item.value): number | null {
    const v = from[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return this.fail(key, 'expected a whole number', v);
  }

  decimal(key: string, from: Obj): string | null {
    const v = from[key];
    if (v === undefined || v === null) return null;
    // The billing API sends amounts as strings; a bare number is taken by its exact JSON text.
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : this.fail(key, 'expected an amount', v);
    try {
      return parseDecimal(text);
    } catch (e) {
      if (e instanceof ValueError) this.fail(key, e.reason, v);
      throw e;
    }
  }

  time(key: string, from: Obj = this.item.value): string | null {
    const s = this.str(key, from);
    if (s === null) return null;
    try {
      return parseTime(s)?.text ?? null;
    } catch (e) {
      if (e instanceof ValueError) this.fail(key, e.reason, s);
      throw e;
    }
  }
}

/** Unix seconds → vendor-local time text. */
function fromUnix(sec: number): string {
  return vendorTimeFromMs(sec * 1000);
}

function usageDayOr(f: Fields, candidates: (number | null)[], fallback: string | undefined, what: string): string {
  for (const c of candidates) if (c !== null && c > 0) return fromUnix(c).slice(0, 10);
  if (fallback) {
    try {
      return parseDay(fallback);
    } catch (e) {
      throw new ImportError('--date', null, null, (e as Error).message, fallback);
    }
  }
  return f.fail(what, 'the result carries no time to count it on; pass --date YYYY-MM-DD');
}

function extraOf(v: Obj, mapped: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (!mapped.includes(k)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  return out;
}

const DYNAMIC_SUFFIX = /\.(pptx?|pps|ppsx)$/i;

/**
 * SPEC §4: ppt/pptx transcode dynamically (HTML5, 1:39) unless the request set IsStaticPPT;
 * everything else statically. The result has no flag of its own, so the file name decides,
 * then the ResultUrl shape (…/index.html for dynamic).
 */
function transcodeMode(title: string | null, isStatic: boolean | null, resultUrl: string | null): 'static' | 'dynamic' {
  if (isStatic === true) return 'static';
  if (title) return DYNAMIC_SUFFIX.test(title) ? 'dynamic' : 'static';
  if (resultUrl && /\/index\.html?(\?.*)?$/i.test(resultUrl)) return 'dynamic';
  return 'static';
}

const TRANSCODE_KEYS = ['TaskId', 'Title', 'Pages', 'Status', 'ResultUrl', 'IsStaticPPT', 'FinishedTime', 'CreateTime', 'Error', 'ErrorCode'];

export function transcodeFromJson(file: string, importId: number, item: JsonItem, date: string | undefined): TranscodeResult {
  const f: Fields = new Fields(file, item);
  const v = item.value;
  const pages = f.int('Pages') ?? 0;
  if (pages < 0) f.fail('Pages', 'pages cannot be negative', v.Pages);
  const status = f.str('Status') ?? (item.eventType === 'TranscodeFinished' ? 'FINISHED' : item.eventType === 'TranscodeProgressChanged' ? 'PROCESSING' : null);
  const err = isObj(v.Error) ? v.Error : null;
  const errorCode = err ? f.str('Code', err) : f.str('ErrorCode');
  const failed = errorCode !== null && errorCode !== '0' && errorCode !== '';
  const title = f.str('Title');
  const resultUrl = f.str('ResultUrl');
  const isStatic = typeof v.IsStaticPPT === 'boolean' ? v.IsStaticPPT : typeof v.IsStaticPPT === 'string' ? v.IsStaticPPT === 'true' : null;
  const finished = f.int('FinishedTime');
  const created = f.int('CreateTime');
  return {
    importId,
    sourceRow: item.row,
    taskId: f.requiredStr('TaskId'),
    title,
    pages,
    status,
    succeeded: status === 'FINISHED' && !failed && pages > 0,
    mode: transcodeMode(title, isStatic, resultUrl),
    isStaticPpt: isStatic,
    resultUrl,
    usageDay: usageDayOr(f, [finished, created, item.envelopeTime], date, 'FinishedTime'),
    finishedAt: finished ? fromUnix(finished) : null,
    extra: extraOf(v, TRANSCODE_KEYS),
  };
}

const RECORD_KEYS = ['TaskId', 'RoomId', 'Status', 'RecordStartTime', 'RecordStopTime', 'VideoInfos', 'VideoInfoList'];
const VIDEO_KEYS = ['UserId', 'VideoType', 'VideoId', 'VideoDuration'];

export function recordingFromJson(file: string, importId: number, item: JsonItem, date: string | undefined): RecordingVideo[] {
  const f: Fields = new Fields(file, item);
  const v = item.value;
  const status = f.str('Status') ?? (item.eventType === 'OnlineRecordFinished' ? 'FINISHED' : null);
  const start = f.int('RecordStartTime');
  const stop = f.int('RecordStopTime');
  const videos = Array.isArray(v.VideoInfos) ? v.VideoInfos : Array.isArray(v.VideoInfoList) ? v.VideoInfoList : [];
  const taskId = f.requiredStr('TaskId');
  const usageDay = usageDayOr(f, [stop, start, item.envelopeTime], date, 'RecordStopTime');
  const shared = extraOf(v, RECORD_KEYS);
  return videos.map((raw, i) => {
    if (!isObj(raw)) return f.fail(`VideoInfos[${i}]`, 'expected an object', raw);
    const vf: Fields = new Fields(file, { ...item, path: `${item.path}.VideoInfos[${i}]` });
    const duration = vf.int('VideoDuration', raw) ?? 0;
    if (duration < 0) vf.fail('VideoDuration', 'duration cannot be negative', raw.VideoDuration);
    const type = vf.int('VideoType', raw);
    if (type === null || type < 0 || type > 4) vf.fail('VideoType', 'VideoType must be 0–4', raw.VideoType);
    return {
      importId,
      sourceRow: item.row,
      taskId,
      roomId: f.str('RoomId'),
      userId: vf.str('UserId', raw),
      videoType: type,
      videoId: vf.str('VideoId', raw),
      durationMs: duration,
      succeeded: status === 'FINISHED',
      usageDay,
      recordStart: start ? fromUnix(start) : null,
      recordStop: stop ? fromUnix(stop) : null,
      extra: { ...shared, ...extraOf(raw, VIDEO_KEYS) },
    };
  });
}

const DETAIL_KEYS = [
  'PayerUin', 'OwnerUin', 'OperateUin', 'BusinessCodeName', 'BusinessCode', 'ProductCodeName', 'PayModeName', 'ProjectName',
  'RegionName', 'ZoneName', 'ResourceId', 'ResourceName', 'ActionTypeName', 'OrderId', 'BillId', 'PayTime', 'FeeBeginTime',
  'FeeEndTime', 'BillMonth', 'ComponentSet',
];
const COMPONENT_KEYS = [
  'ComponentCodeName', 'ItemCodeName', 'SinglePrice', 'ContractPrice', 'PriceUnit', 'UsedAmount', 'UsedAmountUnit', 'TimeSpan',
  'TimeUnitName', 'Cost', 'Discount', 'RealCost', 'VoucherPayAmount', 'CashPayAmount', 'IncentivePayAmount', 'TransferPayAmount',
];

/** One DescribeBillDetail BillDetail → one fee line per component. */
export function feeDetailFromJson(file: string, importId: number, item: JsonItem): FeeDetailLine[] {
  const f: Fields = new Fields(file, item);
  const v = item.value;
  const payTime = f.time('PayTime');
  const usageStart = f.time('FeeBeginTime');
  const billMonthText = f.str('BillMonth');
  let billMonth: string | null = null;
  if (billMonthText) {
    try {
      billMonth = parseMonth(billMonthText);
    } catch (e) {
      f.fail('BillMonth', (e as Error).message, billMonthText);
    }
  }
  const month = billMonth ?? (payTime ? monthOf(payTime) : usageStart ? monthOf(usageStart) : f.fail('PayTime', 'no bill month: neither BillMonth nor PayTime'));
  const components = Array.isArray(v.ComponentSet) ? v.ComponentSet : [];
  if (components.length === 0) f.fail('ComponentSet', 'a bill detail without components');
  const rawTx = f.str('BillId');
  const base = extraOf(v, DETAIL_KEYS);
  if (Array.isArray(v.Tags)) base.Tags = JSON.stringify(v.Tags);
  return components.map((raw, i) => {
    if (!isObj(raw)) return f.fail(`ComponentSet[${i}]`, 'expected an object', raw);
    const c: Fields = new Fields(file, { ...item, path: `${item.path}.ComponentSet[${i}]` });
    const realCost = c.decimal('RealCost', raw);
    if (realCost === null) c.fail('RealCost', 'required amount is missing');
    return {
      importId,
      sourceRow: item.row,
      payerUin: f.str('PayerUin'),
      ownerUin: f.str('OwnerUin'),
      operatorUin: f.str('OperateUin'),
      product: f.requiredStr('BusinessCodeName'),
      productCode: f.str('BusinessCode'),
      subProduct: f.str('ProductCodeName'),
      payMode: f.str('PayModeName'),
      project: f.str('ProjectName'),
      region: f.str('RegionName'),
      zone: f.str('ZoneName'),
      resourceId: f.str('ResourceId'),
      resourceName: f.str('ResourceName'),
      actionType: f.str('ActionTypeName'),
      orderId: f.str('OrderId'),
      transactionId: rawTx,
      payTime,
      usageStart,
      usageEnd: f.time('FeeEndTime'),
      componentType: c.str('ComponentCodeName', raw),
      componentName: c.str('ItemCodeName', raw),
      listPrice: c.decimal('SinglePrice', raw),
      contractPrice: c.decimal('ContractPrice', raw),
      priceUnit: c.str('PriceUnit', raw),
      usage: c.decimal('UsedAmount', raw),
      usageUnit: c.str('UsedAmountUnit', raw),
      duration: c.decimal('TimeSpan', raw),
      durationUnit: c.str('TimeUnitName', raw),
      originalCost: c.decimal('Cost', raw),
      discount: c.decimal('Discount', raw),
      discountedTotal: realCost,
      voucher: c.decimal('VoucherPayAmount', raw),
      cash: c.decimal('CashPayAmount', raw),
      gift: c.decimal('IncentivePayAmount', raw),
      transfer: c.decimal('TransferPayAmount', raw),
      currency: null,
      billMonth: month,
      aggregated: rawTx === null && (v.BillId === '-' || v.BillId === undefined),
      extra: { ...base, ...extraOf(raw, COMPONENT_KEYS) },
    };
  });
}
