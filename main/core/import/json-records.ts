import type { Kind } from '../model.js';
import { ImportError } from './types.js';
import { ValueError, isBlank, parseTime, vendorTimeFromMs } from './values.js';

/**
 * JSON ways in, as the vendor sends them: the billing API's responses (DescribeBillDetail /
 * ForOrganization and DescribeCostDetail `DetailSet`, an array or, in older responses, one
 * object; DescribeBillResourceSummary `ResourceSummarySet`; DescribeCostSummaryByResource `Data`),
 * and the whiteboard's transcode and recording results — a single object, an array, JSON lines,
 * the API response wrapper `{Response: …}`, the search APIs' `TaskSet[].Result`, or the callback
 * envelope `{EventType, Timestamp, EventData}`. An error response and the summaries billrecon
 * has no kind for are refused here, with what they are.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

/** The vendor list a record was found in: it decides how the record is read. */
export type RecordSet = 'DetailSet' | 'ResourceSummarySet' | 'CostResourceSummary' | 'TranscodeTaskSet' | 'RecordTaskSet' | null;

export interface JsonItem {
  /** 1-based record number (line number for JSON lines). */
  row: number;
  /** Field path prefix for messages, e.g. "[3].EventData". */
  path: string;
  value: Obj;
  eventType: string | null;
  /** Envelope Timestamp (unix seconds), a fallback time for results that carry none. */
  envelopeTime: number | null;
  set: RecordSet;
}

export function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 9999-12-31T23:59:59Z in unix seconds. */
const MAX_UNIX_SECONDS = 253_402_300_799;

function oneOrMany(v: Json | undefined): Json[] | null {
  if (Array.isArray(v)) return v;
  // Older responses (2019) hold a one-record DetailSet as the object itself.
  return isObj(v) ? [v] : null;
}

function textOf(v: Json | undefined): string {
  return typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** `{"Response":{"Error":{Code, Message}, RequestId}}`: the API call failed; there is no data. */
function errorResponse(file: string, row: number | null, r: Obj): ImportError {
  const e = r.Error as Obj;
  const request = typeof r.RequestId === 'string' ? ` (RequestId ${r.RequestId})` : '';
  return new ImportError(file, row, null, `the API answered with an error, not data: ${textOf(e.Code) || 'no code'}: ${textOf(e.Message) || 'no message'}${request}`);
}

/** Responses that are totals, not lines or results: what each is, and what to import instead. */
const SUMMARIES: { test: (r: Obj) => boolean; what: string }[] = [
  {
    test: (r) => 'SummaryOverview' in r || 'SummaryTotal' in r || 'SummaryDetail' in r,
    what:
      'a summary of the fee bill (DescribeBillSummaryByProduct and its kin: SummaryOverview / SummaryTotal), totals per product, project, region or tag, not bill lines; ' +
      'billrecon has no kind for it: import DescribeBillDetail (L3) or DescribeBillResourceSummary (L2) instead',
  },
  {
    test: (r) => Array.isArray(r.Data) && r.Data.length > 0 && r.Data.every((d) => isObj(d) && !('ResourceId' in d)),
    what:
      'a summary of the consumption bill (DescribeCostSummaryByProduct / ByProject / ByRegion: Data without ResourceId), totals, not consumption lines; ' +
      'billrecon has no kind for it: import DescribeCostDetail or DescribeCostSummaryByResource instead',
  },
  {
    test: (r) => Array.isArray(r.Usages),
    what:
      'whiteboard usage totals per day (DescribeTIWDailyUsage: Usages), the vendor’s own count, not results or sessions; ' +
      'billrecon has no kind for it: import the transcode and recording results and the whiteboard session log instead',
  },
];

/** The search APIs nest a task's result under `Result`; the task's own fields (TaskId, Status, CreateTime) sit beside it. */
function taskWithResult(task: Obj): Obj {
  const { Result: result, ...own } = task;
  return isObj(result) ? { ...result, ...own } : own;
}

const SETS: { key: string; set: Exclude<RecordSet, null>; when?: (r: Obj) => boolean }[] = [
  { key: 'DetailSet', set: 'DetailSet' },
  { key: 'ResourceSummarySet', set: 'ResourceSummarySet' },
  { key: 'Data', set: 'CostResourceSummary', when: (r) => Array.isArray(r.Data) },
  { key: 'TranscodeTaskSet', set: 'TranscodeTaskSet' },
  { key: 'RecordTaskSet', set: 'RecordTaskSet' },
];

function envelopeTimeOf(v: Obj): number | null {
  const t = v.Timestamp;
  return typeof t === 'number' ? t : typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : null;
}

/** Flatten wrappers and envelopes into records; refuse error responses and summaries. */
export function jsonItems(file: string, value: Json, lines: boolean, lineNumbers?: number[]): JsonItem[] {
  const out: JsonItem[] = [];
  const push = (v: Obj, row: number, path: string, eventType: string | null, envelopeTime: number | null, set: RecordSet) =>
    out.push({ row: row === 0 ? 1 : row, path: path || '$', value: v, eventType, envelopeTime, set });
  const visit = (v: Json, row: number, path: string, eventType: string | null, envelopeTime: number | null): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, row === 0 ? (lineNumbers?.[i] ?? i + 1) : row, `${path}[${i}]`, eventType, envelopeTime));
      return;
    }
    if (!isObj(v)) return;
    const body = isObj(v.Response) ? v.Response : null;
    if (body && isObj(body.Error)) throw errorResponse(file, lines ? row : null, body);
    if (body) return visit(body, row, `${path}.Response`, eventType, envelopeTime);
    if (isObj(v.Error) && typeof v.RequestId === 'string') throw errorResponse(file, lines ? row : null, v);
    const summary = SUMMARIES.find((s) => s.test(v));
    if (summary) throw new ImportError(file, lines ? row : null, null, summary.what);
    for (const s of SETS) {
      const records = s.when && !s.when(v) ? null : oneOrMany(v[s.key]);
      if (!records) continue;
      records.forEach((x, i) => {
        const r = row === 0 || !lines ? i + 1 : row;
        const p = `${path}.${s.key}${Array.isArray(v[s.key]) ? `[${i}]` : ''}`;
        if (!isObj(x)) return;
        const task = s.set === 'TranscodeTaskSet' || s.set === 'RecordTaskSet';
        push(task ? taskWithResult(x) : x, r, task && isObj(x.Result) ? `${p}.Result` : p, eventType, envelopeTime, s.set);
      });
      return;
    }
    if (isObj(v.EventData)) return visit(v.EventData, row, `${path}.EventData`, typeof v.EventType === 'string' ? v.EventType : null, envelopeTimeOf(v));
    push(v, row, path, eventType, envelopeTime, null);
  };
  visit(value, 0, '', null, null);
  return out;
}

/** Component fields only the fee bill's BillDetailComponent has; the consumption bill's CostComponentSet has none of them. */
const FEE_COMPONENT_FIELDS = ['TimeSpan', 'TimeUnitName', 'ContractPrice', 'SpecifiedPrice', 'BlendedDiscount', 'RealTotalMeasure', 'DeductedMeasure', 'ReduceType'];

function isBillDetail(v: Obj): boolean {
  return 'ComponentSet' in v || 'BillId' in v;
}

function hasFeeComponents(v: Obj): boolean {
  return Array.isArray(v.ComponentSet) && v.ComponentSet.some((c) => isObj(c) && FEE_COMPONENT_FIELDS.some((f) => f in c));
}

function itemKind(item: JsonItem): Kind | undefined {
  const v = item.value;
  switch (item.set) {
    case 'ResourceSummarySet':
      return 'fee-resource';
    case 'CostResourceSummary':
      return 'consumption';
    case 'TranscodeTaskSet':
      return 'tiw-transcode';
    case 'RecordTaskSet':
      return 'tiw-recording';
    default:
  }
  if (item.eventType?.startsWith('Transcode') || ('Pages' in v && 'TaskId' in v)) return 'tiw-transcode';
  if (item.eventType?.startsWith('OnlineRecord') || 'VideoInfos' in v || 'VideoInfoList' in v) return 'tiw-recording';
  if (item.set === 'DetailSet' || isBillDetail(v)) return 'fee-detail';
  return undefined;
}

/**
 * The kind of each record. Bill details (DetailSet) are the fee bill's unless no component in the
 * whole file has a field only the fee bill's components carry (TimeSpan, ContractPrice …): then
 * they are DescribeCostDetail's, the consumption bill. Decided per file, so one odd record does
 * not split a page in two.
 */
export function detectJsonKinds(items: readonly JsonItem[]): (Kind | undefined)[] {
  const kinds = items.map(itemKind);
  const details = items.filter((_, i) => kinds[i] === 'fee-detail');
  if (details.length === 0 || details.some((i) => hasFeeComponents(i.value))) return kinds;
  return kinds.map((k) => (k === 'fee-detail' ? 'consumption' : k));
}

/** Reads typed values out of one record, naming file:record:field on any bad value. */
export class Fields {
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

  int(key: string, from: Obj = this.item.value): number | null {
    const v = from[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return this.fail(key, 'expected a whole number', v);
  }

  /**
   * A time as vendor-local text: unix seconds (the result APIs and callbacks) or an ISO 8601
   * string with its offset (the search APIs' CreateTime). Zero or absent is no time.
   */
  instant(key: string, from: Obj = this.item.value): string | null {
    const v = from[key];
    if (typeof v === 'string' && !/^\s*-?\d+\s*$/.test(v)) {
      try {
        return parseTime(v)?.text ?? null;
      } catch (e) {
        if (e instanceof ValueError) this.fail(key, e.reason, v);
        throw e;
      }
    }
    const sec = this.int(key, from);
    if (sec === null || sec <= 0) return null;
    if (sec > MAX_UNIX_SECONDS) this.fail(key, 'not a time (unix seconds past the year 9999)', v);
    return vendorTimeFromMs(sec * 1000);
  }
}
