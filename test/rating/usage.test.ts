import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/db.js';
import { countWhiteboardMinutes, loadUsage } from '../../main/core/rating/usage.js';
import { itemUsage } from '../../main/core/rating/allocate.js';
import { builtinTiwCatalog, entryOn } from '../../main/core/catalog/tiw-catalog.js';
import { addSessions, addTranscodes, addVideos, vendorMs } from './fixtures.js';

const catalog = builtinTiwCatalog();

describe('whiteboard minutes (SPEC §4)', () => {
  it('a 40-minute class: teacher 40, A 30, B 20 → 90 minutes', () => {
    const { db } = tempDb();
    addSessions(db, [
      ['880528', 'teacher', '2025-03-03 10:00:00', '2025-03-03 10:40:00'],
      ['880528', 'A', '2025-03-03 10:00:00', '2025-03-03 10:30:00'],
      ['880528', 'B', '2025-03-03 10:10:00', '2025-03-03 10:30:00'],
    ]);
    const usage = loadUsage(db, '2025-03-01', '2025-04-01');
    expect(usage.get('2025-03-03')?.whiteboard).toBe(90);
  });

  it('buckets are clock minutes: a partial minute at each end counts whole', () => {
    // 10:00:30 → 10:02:10 touches 10:00, 10:01 and 10:02: 3 minutes, though it lasts 1 min 40 s.
    const u = countWhiteboardMinutes(
      [{ roomId: 'r', userId: 'u', joinMs: vendorMs('2025-03-03 10:00:30'), leaveMs: vendorMs('2025-03-03 10:02:10') }],
      '2025-03-01',
      '2025-04-01',
    );
    expect(u.get('2025-03-03')?.whiteboard).toBe(3);
  });

  it('overlapping sessions of one user in one room count once; other rooms and users are apart', () => {
    const { db } = tempDb();
    addSessions(db, [
      ['90004', 'teacher', '2025-03-04 15:00:00', '2025-03-04 15:45:20'], // 15:00..15:45 → 46
      ['90004', 'c', '2025-03-04 15:01:30', '2025-03-04 15:44:10'], // 15:01..15:44 → 44
      ['90004', 'c', '2025-03-04 15:20:00', '2025-03-04 15:25:00'], // inside the above: 0 more
      ['90004', 'c', '2025-03-04 15:44:50', '2025-03-04 15:46:00'], // reconnect in the same minute 15:44: +1 (15:45)
      ['90005', 'c', '2025-03-04 15:20:00', '2025-03-04 15:25:00'], // another room: 5
    ]);
    expect(loadUsage(db, '2025-03-01', '2025-04-01').get('2025-03-04')?.whiteboard).toBe(46 + 44 + 1 + 5);
  });

  it('a session over midnight (UTC+8) splits between the two days; the window clips', () => {
    const { db } = tempDb();
    addSessions(db, [['r', 'u', '2025-03-31 23:58:30', '2025-04-01 00:02:00']]);
    const march = loadUsage(db, '2025-03-01', '2025-04-01');
    expect(march.get('2025-03-31')?.whiteboard).toBe(2);
    expect(march.has('2025-04-01')).toBe(false);
    expect(loadUsage(db, '2025-03-01', '2025-05-01').get('2025-04-01')?.whiteboard).toBe(2);
  });
});

describe('transcode pages (SPEC §4)', () => {
  it('a 16-page PPT: 624 pages dynamic, 16 static; failed tasks do not count', () => {
    const { db } = tempDb();
    addTranscodes(db, [
      { day: '2025-03-03', pages: 16, mode: 'dynamic' },
      { day: '2025-03-04', pages: 16, mode: 'static' },
      { day: '2025-03-04', pages: 50, mode: 'dynamic', succeeded: false },
    ]);
    const u = loadUsage(db, '2025-03-01', '2025-04-01');
    expect(itemUsage(u.get('2025-03-03')!, 'transcode', entryOn(catalog, '2025-03-03')).toString()).toBe('624');
    expect(itemUsage(u.get('2025-03-04')!, 'transcode', entryOn(catalog, '2025-03-04')).toString()).toBe('16');
  });

  it('the ratio in force on the usage day applies: 1:8 before 2024-01-01, 1:39 from it', () => {
    const { db } = tempDb();
    addTranscodes(db, [
      { day: '2023-12-31', pages: 16, mode: 'dynamic' },
      { day: '2024-01-01', pages: 16, mode: 'dynamic' },
    ]);
    const u = loadUsage(db, '2023-12-01', '2024-02-01');
    expect(itemUsage(u.get('2023-12-31')!, 'transcode', entryOn(catalog, '2023-12-31')).toString()).toBe('128');
    expect(itemUsage(u.get('2024-01-01')!, 'transcode', entryOn(catalog, '2024-01-01')).toString()).toBe('624');
  });
});

describe('recording minutes (SPEC §4)', () => {
  it('teacher 40 + student 30 + whiteboard 40 = 110 minutes; mixed stream apart', () => {
    const { db } = tempDb();
    addVideos(db, [
      { day: '2025-03-03', ms: 2_400_000, type: 0 },
      { day: '2025-03-03', ms: 1_800_000, type: 0 },
      { day: '2025-03-03', ms: 2_400_000, type: 2 },
      { day: '2025-03-03', ms: 2_400_000, type: 3 },
      { day: '2025-03-03', ms: 600_000, type: 0, succeeded: false },
    ]);
    const u = loadUsage(db, '2025-03-01', '2025-04-01').get('2025-03-03')!;
    expect(itemUsage(u, 'recording', entryOn(catalog, '2025-03-03')).toString()).toBe('110');
    expect(u.mixedMinutesPerVideo).toBe(40);
  });

  it('partial minutes: rounded up per video by default, per day when the catalog says ceilPerDay', () => {
    const { db } = tempDb();
    addVideos(db, [
      { day: '2025-03-03', ms: 17_969 },
      { day: '2025-03-03', ms: 17_605, type: 2 },
    ]);
    const u = loadUsage(db, '2025-03-01', '2025-04-01').get('2025-03-03')!;
    const entry = entryOn(catalog, '2025-03-03');
    expect(itemUsage(u, 'recording', entry).toString()).toBe('2');
    expect(itemUsage(u, 'recording', { ...entry, recordingMinutes: 'ceilPerDay' }).toString()).toBe('1');
  });
});
