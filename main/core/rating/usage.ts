import type { Db } from '../store/index.js';
import { LIVE } from '../store/index.js';
import type { Day } from '../model.js';
import { dayNumber, dayNumberOfMinute, dayOfNumber, firstMinuteOfDay } from '../calendar/days.js';

/**
 * What the vendor counts, per vendor-local day, before any quota or price: whiteboard minutes per
 * participant, successful transcode pages by mode, recorded minutes per single stream.
 *
 * Counts are whole numbers kept in JS integers (exact far beyond any month's usage, 2^53);
 * money is never computed here.
 */

export interface DayUsage {
  whiteboard: number;
  /** Successful pages transcoded to images (1:1). */
  staticPages: number;
  /** Successful pages transcoded to HTML5; the catalog's ratio turns them into static-equivalent pages. */
  dynamicPages: number;
  /** Single-stream recorded time: whole minutes rounded up per video, and raw milliseconds. */
  recordingMinutesPerVideo: number;
  recordingMs: number;
  /** Mixed-stream (混流, VideoType 3) output, counted apart: the vendor does not bill it today. */
  mixedMinutesPerVideo: number;
  mixedMs: number;
}

export function emptyDayUsage(): DayUsage {
  return { whiteboard: 0, staticPages: 0, dynamicPages: 0, recordingMinutesPerVideo: 0, recordingMs: 0, mixedMinutesPerVideo: 0, mixedMs: 0 };
}

export type UsageByDay = Map<Day, DayUsage>;

function at(usage: UsageByDay, day: Day): DayUsage {
  let u = usage.get(day);
  if (!u) usage.set(day, (u = emptyDayUsage()));
  return u;
}

export interface Session {
  roomId: string;
  userId: string;
  joinMs: number;
  leaveMs: number;
}

/**
 * Whiteboard minutes of sessions already sorted by room, user, join time. Each participant's
 * time is cut into clock minutes (buckets aligned to the hour); a minute touched at all counts
 * whole, and a minute the same user spends twice in the same room (overlapping or reconnecting
 * sessions) counts once. Only minutes inside [fromDay, untilDay) are counted.
 */
export function countWhiteboardMinutes(sessions: Iterable<Session>, fromDay: Day, untilDay: Day, into: UsageByDay = new Map()): UsageByDay {
  const windowStart = firstMinuteOfDay(dayNumber(fromDay));
  const windowEnd = firstMinuteOfDay(dayNumber(untilDay));
  const perDay = new Map<number, number>();
  const flush = (a: number, b: number) => {
    if (a < windowStart) a = windowStart;
    if (b > windowEnd) b = windowEnd;
    while (a < b) {
      const d = dayNumberOfMinute(a);
      const end = Math.min(b, firstMinuteOfDay(d + 1));
      perDay.set(d, (perDay.get(d) ?? 0) + (end - a));
      a = end;
    }
  };
  let room: string | null = null;
  let user: string | null = null;
  let curA = 0;
  let curB = 0;
  let open = false;
  for (const s of sessions) {
    if (s.leaveMs <= s.joinMs) continue;
    const a = Math.floor(s.joinMs / 60_000);
    const b = Math.ceil(s.leaveMs / 60_000);
    if (open && s.roomId === room && s.userId === user) {
      if (a < curA) throw new Error('countWhiteboardMinutes: sessions must be sorted by room, user and join time');
      if (a <= curB) {
        if (b > curB) curB = b;
        continue;
      }
    }
    if (open) flush(curA, curB);
    room = s.roomId;
    user = s.userId;
    curA = a;
    curB = b;
    open = true;
  }
  if (open) flush(curA, curB);
  for (const [d, minutes] of perDay) at(into, dayOfNumber(d)).whiteboard += minutes;
  return into;
}

/** Epoch ms at which a vendor-local day begins. */
function dayStartMs(day: Day): number {
  return firstMinuteOfDay(dayNumber(day)) * 60_000;
}

/** Everything stored for the days [fromDay, untilDay), from live imports only. */
export function loadUsage(db: Db, fromDay: Day, untilDay: Day): UsageByDay {
  const usage: UsageByDay = new Map();
  const sessions = db
    .prepare(
      `select roomId, userId, joinMs, leaveMs from tiw_session
       where ${LIVE} and leaveMs > ? and joinMs < ? order by roomId, userId, joinMs`,
    )
    .raw()
    .iterate(dayStartMs(fromDay), dayStartMs(untilDay)) as IterableIterator<[string, string, number, number]>;
  countWhiteboardMinutes(sessionsOf(sessions), fromDay, untilDay, usage);

  const transcode = db
    .prepare(
      `select usageDay, mode, sum(pages) from tiw_transcode
       where ${LIVE} and succeeded = 1 and usageDay >= ? and usageDay < ? group by usageDay, mode`,
    )
    .raw()
    .all(fromDay, untilDay) as [string, 'static' | 'dynamic', number][];
  for (const [day, mode, pages] of transcode) {
    if (mode === 'dynamic') at(usage, day).dynamicPages += pages;
    else at(usage, day).staticPages += pages;
  }

  const recording = db
    .prepare(
      `select usageDay, videoType = 3, sum(durationMs), sum((durationMs + 59999) / 60000) from tiw_recording
       where ${LIVE} and succeeded = 1 and durationMs > 0 and usageDay >= ? and usageDay < ? group by usageDay, videoType = 3`,
    )
    .raw()
    .all(fromDay, untilDay) as [string, number, number, number][];
  for (const [day, mixed, ms, minutes] of recording) {
    const u = at(usage, day);
    if (mixed) {
      u.mixedMs += ms;
      u.mixedMinutesPerVideo += minutes;
    } else {
      u.recordingMs += ms;
      u.recordingMinutesPerVideo += minutes;
    }
  }
  return usage;
}

function* sessionsOf(rows: IterableIterator<[string, string, number, number]>): Generator<Session> {
  const s: Session = { roomId: '', userId: '', joinMs: 0, leaveMs: 0 };
  for (const r of rows) {
    s.roomId = r[0];
    s.userId = r[1];
    s.joinMs = r[2];
    s.leaveMs = r[3];
    yield s;
  }
}
