/**
 * Whiteboard (TIW) transcode and recording results as they arrive: API responses, the search
 * APIs' task lists, callback logs, the billing pages' bare examples. A file is read whole, and
 * what is not a countable result is said, not fatal: progress events are skipped, failures
 * without a task id are recorded, results without a status are counted when they carry their
 * output, and where a transcode's output and its file suffix disagree the output decides.
 * Every such decision becomes a note of the import (ResultNotes).
 */
import type { Day, RecordingVideo, TranscodeResult } from '../model.js';
import { Fields, isObj, type Json, type JsonItem, type Obj } from './json-records.js';
import { ImportError, listSome, LISTED_NAMES } from './types.js';
import { parseDay } from './values.js';

export interface ResultOptions {
  /** --date: the day a result without a time of its own counts on. */
  date?: string;
  /** The price catalog's dynamic transcode ratio on a day (for the notes), null when it has none. */
  dynamicRatio: (day: Day) => string | null;
}

interface ResultError {
  code: string;
  message: string | null;
}

/** What a file's results said besides their rows, in sentences for the import's notes. */
export class ResultNotes {
  private readonly skipped = new Map<string, number>();
  private readonly failures: string[] = [];
  private readonly withoutStatus: number[] = [];
  private readonly withoutOutput: number[] = [];
  private readonly decided: string[] = [];

  constructor(private readonly output: string) {}

  skip(event: string): void {
    this.skipped.set(event, (this.skipped.get(event) ?? 0) + 1);
  }

  /** `kept`: the failed result is stored as a row (it has a task id), else only this note records it. */
  failure(item: JsonItem, taskId: string | null, e: ResultError, kept: boolean): void {
    const who = taskId === null ? `${item.eventType ?? 'a result'} without a TaskId` : `TaskId ${taskId}`;
    const what = `${who} failed: ${kept ? 'kept' : 'recorded'}, not counted`;
    this.failures.push(`row ${item.row}: ${what}: ${e.code}${e.message ? `: ${e.message}` : ''}`);
  }

  statusless(row: number, counted: boolean): void {
    (counted ? this.withoutStatus : this.withoutOutput).push(row);
  }

  decision(text: string): void {
    this.decided.push(text);
  }

  get recorded(): number {
    return this.failures.length + [...this.skipped.values()].reduce((a, b) => a + b, 0);
  }

  lines(): string[] {
    const out: string[] = [];
    for (const [event, n] of this.skipped) out.push(`${n} ${event} event${n === 1 ? '' : 's'} skipped: not a result`);
    out.push(...capped(this.failures, 'failures'));
    const rows = (r: number[]) => `row${r.length === 1 ? '' : 's'} ${listSome(r.map(String))}`;
    const n = (r: number[]) => `${r.length} result${r.length === 1 ? '' : 's'}`;
    const carry = this.withoutStatus.length === 1 ? 'it carries its' : 'they carry their';
    if (this.withoutStatus.length) out.push(`${n(this.withoutStatus)} without a Status counted as finished because ${carry} output (${this.output}): ${rows(this.withoutStatus)}`);
    if (this.withoutOutput.length) out.push(`${n(this.withoutOutput)} without a Status and without output (${this.output}): kept, not counted: ${rows(this.withoutOutput)}`);
    out.push(...capped(this.decided, 'more'));
    return out;
  }
}

function capped(lines: string[], what: string): string[] {
  return lines.length > LISTED_NAMES ? [...lines.slice(0, LISTED_NAMES), `and ${lines.length - LISTED_NAMES} ${what} more`] : lines;
}

/** Callback events that report progress (TranscodeProgressChanged, OnlineRecordStarted …), not a result. */
function isProgressEvent(item: JsonItem): boolean {
  return item.eventType !== null && !item.eventType.endsWith('Finished');
}

/** `Error {Code, Message}` (callbacks), or `ErrorCode` / `ErrorMsg` (the search APIs' Result); code 0 is success. */
function errorOf(f: Fields, v: Obj): ResultError | null {
  const err = isObj(v.Error) ? v.Error : null;
  const code = err ? f.str('Code', err) : f.str('ErrorCode');
  if (code === null || code === '0') return null;
  return { code, message: err ? f.str('Message', err)?.trim() ?? null : (f.str('ErrorMsg')?.trim() ?? null) };
}

function usageDayOf(f: Fields, times: (string | null)[], envelope: number | null, date: string | undefined, what: string): Day {
  for (const t of times) if (t !== null) return t.slice(0, 10);
  if (envelope !== null && envelope > 0) {
    const t = f.instant('Timestamp', { Timestamp: envelope });
    if (t !== null) return t.slice(0, 10);
  }
  if (date) {
    try {
      return parseDay(date);
    } catch (e) {
      throw new ImportError('--date', null, null, (e as Error).message, date);
    }
  }
  return f.fail(what, 'the result carries no time to count it on; pass --date YYYY-MM-DD');
}

function extraOf(v: Obj, mapped: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (!mapped.includes(k)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  return out;
}

function flag(v: Json | undefined): boolean | null {
  return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null;
}

type Mode = 'static' | 'dynamic';
const DYNAMIC_SUFFIX = /\.(pptx?|pps|ppsx)$/i;
const ANY_SUFFIX = /\.([a-z0-9]{1,5})$/i;

/** CreateTranscode's rule (SPEC §4): ppt/pptx dynamic unless IsStaticPPT, every other format static. */
function suffixMode(title: string | null): Mode | null {
  const t = title?.trim() ?? '';
  if (!ANY_SUFFIX.test(t)) return null;
  return DYNAMIC_SUFFIX.test(t) ? 'dynamic' : 'static';
}

/** What the vendor produced: an HTML5 page (…/index.html) is dynamic, a prefix of page images (…/) static. */
function outputMode(resultUrl: string | null): Mode | null {
  const path = (resultUrl ?? '').replace(/[?#].*$/, '');
  if (/\/index\.html?$/i.test(path)) return 'dynamic';
  return path.endsWith('/') ? 'static' : null;
}

interface ModeDecision {
  mode: Mode;
  /** The suffix's answer when the output overruled it. */
  overruled: Mode | null;
}

/**
 * Static or dynamic. The search API's own IsStatic says it; IsStaticPPT (a request flag echoed
 * back) forces static; otherwise the output: the vendor's own examples carry a .docx title over
 * an …/index.html result and a .ppt title over page images, so the suffix only decides when
 * the output has no telling shape.
 */
function transcodeMode(v: Obj, title: string | null, resultUrl: string | null): ModeDecision {
  const isStatic = flag(v.IsStatic);
  if (isStatic !== null) return { mode: isStatic ? 'static' : 'dynamic', overruled: null };
  if (flag(v.IsStaticPPT) === true) return { mode: 'static', overruled: null };
  const out = outputMode(resultUrl);
  const suffix = suffixMode(title);
  if (out === null) return { mode: suffix ?? 'static', overruled: null };
  return { mode: out, overruled: suffix !== null && suffix !== out ? suffix : null };
}

function weighed(pages: number, mode: Mode, ratio: string | null): string {
  if (mode === 'static') return String(pages);
  if (ratio === null) return `${pages} × the dynamic ratio`;
  return /^\d+$/.test(ratio) ? String(BigInt(pages) * BigInt(ratio)) : `${pages} × ${ratio}`;
}

function modeNote(row: number, taskId: string, title: string | null, pages: number, d: ModeDecision, ratio: string | null, day: Day): string {
  const other: Mode = d.mode === 'static' ? 'dynamic' : 'static';
  const shape = d.mode === 'static' ? 'ResultUrl ends in "/": page images' : 'ResultUrl ends in "index.html": an HTML5 page';
  const suffix = (ANY_SUFFIX.exec(title?.trim() ?? '')?.[0] ?? '').toLowerCase();
  const pageWord = pages === 1 ? 'page counts' : 'pages count';
  const at = ratio === null ? '' : ` (1:${ratio} on ${day})`;
  return (
    `row ${row} (TaskId ${taskId}, ${title}): ${d.mode} by its output (${shape}), although the ${suffix} suffix says ${other}: ` +
    `${pages} ${pageWord} ${weighed(pages, d.mode, ratio)}, not ${weighed(pages, other, ratio)} as ${other}${at}`
  );
}

const TRANSCODE_KEYS = ['TaskId', 'Title', 'Pages', 'Status', 'ResultUrl', 'IsStaticPPT', 'FinishedTime', 'CreateTime', 'Error', 'ErrorCode'];

/** One transcode result as its row, or null when it is a progress event or a failure without a task id. */
export function transcodeFromJson(file: string, importId: number, item: JsonItem, opts: ResultOptions, notes: ResultNotes): TranscodeResult | null {
  const f: Fields = new Fields(file, item);
  const v = item.value;
  if (isProgressEvent(item)) {
    notes.skip(item.eventType!);
    return null;
  }
  const error = errorOf(f, v);
  const taskId = f.str('TaskId');
  if (taskId === null) {
    if (error) notes.failure(item, null, error, false);
    return error ? null : f.fail('TaskId', 'required field is missing');
  }
  const pages = f.int('Pages') ?? 0;
  if (pages < 0) f.fail('Pages', 'pages cannot be negative', v.Pages);
  const status = f.str('Status') ?? (item.eventType === 'TranscodeFinished' ? 'FINISHED' : null);
  const title = f.str('Title') ?? f.str('OriginalFilename');
  const resultUrl = f.str('ResultUrl');
  const finished = f.instant('FinishedTime');
  const usageDay = usageDayOf(f, [finished, f.instant('CreateTime')], item.envelopeTime, opts.date, 'FinishedTime');
  const output = pages > 0 && resultUrl !== null;
  if (error) notes.failure(item, taskId, error, true);
  else if (status === null) notes.statusless(item.row, output);
  const decision = transcodeMode(v, title, resultUrl);
  if (decision.overruled) notes.decision(modeNote(item.row, taskId, title, pages, decision, opts.dynamicRatio(usageDay), usageDay));
  return {
    importId,
    sourceRow: item.row,
    taskId,
    title,
    pages,
    status,
    succeeded: error === null && pages > 0 && (status === 'FINISHED' || (status === null && output)),
    mode: decision.mode,
    isStaticPpt: flag(v.IsStaticPPT),
    resultUrl,
    usageDay,
    finishedAt: finished,
    extra: extraOf(v, TRANSCODE_KEYS),
  };
}

const RECORD_KEYS = ['TaskId', 'RoomId', 'Status', 'RecordStartTime', 'RecordStopTime', 'VideoInfos', 'VideoInfoList'];
const VIDEO_KEYS = ['UserId', 'VideoType', 'VideoId', 'VideoDuration'];

/** DescribeVideoGenerationTask keeps a deprecated placeholder object in VideoInfos beside the real VideoInfoList. */
function videosOf(v: Obj): Json[] {
  return Array.isArray(v.VideoInfos) ? v.VideoInfos : Array.isArray(v.VideoInfoList) ? v.VideoInfoList : [];
}

/**
 * A recording without a TaskId (the billing page's own example) is identified by its room and
 * its start and stop times, which no two recordings of one room share.
 */
function recordingIdentity(f: Fields, item: JsonItem, notes: ResultNotes, start: string | null, stop: string | null): string {
  const taskId = f.str('TaskId');
  if (taskId !== null) return taskId;
  const room = f.str('RoomId');
  const [from, to] = [f.str('RecordStartTime'), f.str('RecordStopTime')];
  if (room === null || from === null || to === null || start === null || stop === null) {
    return f.fail('TaskId', 'required field is missing (without it, RoomId, RecordStartTime and RecordStopTime identify a recording)');
  }
  notes.decision(`row ${item.row}: a recording without a TaskId, identified by its room and times: RoomId ${room}, ${start} to ${stop}`);
  return `RoomId ${room} ${from}-${to}`;
}

/** One recording result as one row per video; none for a progress event or a failure. */
export function recordingFromJson(file: string, importId: number, item: JsonItem, opts: ResultOptions, notes: ResultNotes): RecordingVideo[] {
  const f: Fields = new Fields(file, item);
  const v = item.value;
  if (isProgressEvent(item)) {
    notes.skip(item.eventType!);
    return [];
  }
  const error = errorOf(f, v);
  const videos = videosOf(v);
  if (error && videos.length === 0) {
    notes.failure(item, f.str('TaskId'), error, false);
    return [];
  }
  const start = f.instant('RecordStartTime');
  const stop = f.instant('RecordStopTime');
  const taskId = recordingIdentity(f, item, notes, start, stop);
  const status = f.str('Status') ?? (item.eventType === 'OnlineRecordFinished' ? 'FINISHED' : null);
  const usageDay = usageDayOf(f, [stop, start, f.instant('CreateTime')], item.envelopeTime, opts.date, 'RecordStopTime');
  const rows = videos.map((raw, i) => videoRow(file, importId, item, raw, i));
  const output = rows.some((r) => r.durationMs > 0);
  if (error) notes.failure(item, taskId, error, true);
  else if (status === null && rows.length > 0) notes.statusless(item.row, output);
  const shared = extraOf(v, RECORD_KEYS);
  const succeeded = error === null && (status === 'FINISHED' || (status === null && output));
  return rows.map((r) => ({
    ...r,
    taskId,
    roomId: f.str('RoomId'),
    succeeded,
    usageDay,
    recordStart: start,
    recordStop: stop,
    extra: { ...shared, ...r.extra },
  }));
}

type VideoPart = Pick<RecordingVideo, 'importId' | 'sourceRow' | 'userId' | 'videoType' | 'videoId' | 'durationMs' | 'extra'>;

function videoRow(file: string, importId: number, item: JsonItem, raw: Json, i: number): VideoPart {
  const list = Array.isArray(item.value.VideoInfos) ? 'VideoInfos' : 'VideoInfoList';
  const f: Fields = new Fields(file, item);
  if (!isObj(raw)) return f.fail(`${list}[${i}]`, 'expected an object', raw);
  const vf: Fields = new Fields(file, { ...item, path: `${item.path}.${list}[${i}]` });
  const duration = vf.int('VideoDuration', raw) ?? 0;
  if (duration < 0) vf.fail('VideoDuration', 'duration cannot be negative', raw.VideoDuration);
  const type = vf.int('VideoType', raw);
  if (type === null || type < 0 || type > 4) vf.fail('VideoType', 'VideoType must be 0–4', raw.VideoType);
  return { importId, sourceRow: item.row, userId: vf.str('UserId', raw), videoType: type, videoId: vf.str('VideoId', raw), durationMs: duration, extra: extraOf(raw, VIDEO_KEYS) };
}
