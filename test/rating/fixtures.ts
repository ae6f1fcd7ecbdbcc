import type { Db } from '../../main/core/store/index.js';
import { insertImport, rowWriter } from '../../main/core/store/index.js';
import type { FeeDetailLine, Kind, RecordingVideo, TranscodeResult, WhiteboardSession } from '../../main/core/model.js';
import { addImport, fee } from '../reconcile/helpers.js';

/** Rows go in the way the importer puts them: one import batch per call, real SQLite. */
export function importBatch(db: Db, kind: Kind, rowCount: number): number {
  return insertImport(db, {
    fileName: `${kind}.test`,
    filePath: null,
    size: 1,
    sha256: `${kind}-${Math.random()}`,
    kind,
    layout: null,
    kindReason: 'test',
    encoding: 'utf-8',
    sheet: null,
    headerRow: 1,
    rowCount,
    importedAt: '2025-04-01T00:00:00Z',
    appVersion: 'test',
    aggregated: false,
    period: kind.startsWith('fee') ? 'billing' : null,
  });
}

/** "2025-03-03 10:00:00" (UTC+8) → epoch ms */
export function vendorMs(text: string): number {
  return Date.parse(text.replace(' ', 'T') + '+08:00');
}

export function addSessions(db: Db, rows: [room: string, user: string, join: string, leave: string][]): void {
  const importId = importBatch(db, 'tiw-whiteboard', rows.length);
  const write = rowWriter(db, 'tiw-whiteboard');
  db.transaction(() =>
    rows.forEach(([roomId, userId, join, leave], i) => {
      const s: WhiteboardSession = {
        importId,
        sourceRow: i + 2,
        roomId,
        userId,
        joinTime: join.replace(' ', 'T') + '+08:00',
        leaveTime: leave.replace(' ', 'T') + '+08:00',
        joinMs: vendorMs(join),
        leaveMs: vendorMs(leave),
        extra: {},
      };
      write(s);
    }),
  )();
}

export function addTranscodes(db: Db, rows: { day: string; pages: number; mode: 'static' | 'dynamic'; succeeded?: boolean }[]): void {
  const importId = importBatch(db, 'tiw-transcode', rows.length);
  const write = rowWriter(db, 'tiw-transcode');
  db.transaction(() =>
    rows.forEach((r, i) => {
      const t: TranscodeResult = {
        importId,
        sourceRow: i + 1,
        taskId: `tc-${i}`,
        title: r.mode === 'dynamic' ? 'deck.pptx' : 'notes.pdf',
        pages: r.pages,
        status: r.succeeded === false ? 'EXCEPTION' : 'FINISHED',
        succeeded: r.succeeded !== false,
        mode: r.mode,
        isStaticPpt: null,
        resultUrl: null,
        usageDay: r.day,
        finishedAt: null,
        extra: {},
      };
      write(t);
    }),
  )();
}

export function addVideos(db: Db, rows: { day: string; ms: number; type?: number; succeeded?: boolean }[]): void {
  const importId = importBatch(db, 'tiw-recording', rows.length);
  const write = rowWriter(db, 'tiw-recording');
  db.transaction(() =>
    rows.forEach((r, i) => {
      const v: RecordingVideo = {
        importId,
        sourceRow: i + 1,
        taskId: 'rec-1',
        roomId: '880528',
        userId: `u${i}`,
        videoType: r.type ?? 0,
        videoId: `v${i}`,
        durationMs: r.ms,
        succeeded: r.succeeded !== false,
        usageDay: r.day,
        recordStart: null,
        recordStop: null,
        extra: {},
      };
      write(v);
    }),
  )();
}

export type FeeInput = Partial<FeeDetailLine> & { product: string; discountedTotal: string; billMonth: string };

/**
 * Fee-bill lines as one import (traces read "fee-detail.test:row" by default), stored
 * through the importer's classifier and writer (addImport), billing period.
 */
export function addFeeLines(db: Db, rows: FeeInput[], fileName = 'fee-detail.test'): number {
  // The reconcile tests' line with the whiteboard's defaults: no pay mode, action, component or currency unless given.
  const lines = rows.map((r, i) => fee({ payMode: null, actionType: null, componentName: null, currency: null, resourceId: 'tiw-1400000001', transactionId: `tx-${i}`, ...r }));
  return addImport(db, 'fee-detail', fileName, lines, { period: 'billing' });
}

/** A whiteboard usage line of the fee bill (postpaid, daily settled). */
export function tiwUsageLine(item: 'whiteboard' | 'transcode' | 'recording', day: string, amount: string, billMonth = '2025-03'): FeeInput {
  const name = { whiteboard: '白板时长', transcode: '文档转码页数', recording: '课中录制时长' }[item];
  return {
    product: '互动白板',
    subProduct: `互动白板-${name}`,
    payMode: '按量计费',
    actionType: '按量计费日结',
    componentName: name,
    usageStart: `${day}T00:00:00+08:00`,
    usageEnd: `${day}T23:59:59+08:00`,
    priceUnit: '元/千分钟',
    discountedTotal: amount,
    billMonth,
  };
}

/** The whiteboard monthly fee (月功能费, 700 CNY) bought on `day`, as the fee bill lists it. */
export function tiwMonthlyFeeLine(day = '2025-03-01', billMonth = '2025-03'): FeeInput {
  return {
    product: '互动白板',
    subProduct: '互动白板-月功能费',
    payMode: '包年包月',
    actionType: '包年包月新购',
    payTime: `${day}T09:00:00+08:00`,
    usageStart: `${day}T09:00:00+08:00`,
    componentName: '互动白板月功能费',
    usage: '1',
    duration: '1',
    durationUnit: '月',
    priceUnit: '元/个/月',
    discountedTotal: '700.00000000',
    billMonth,
  };
}
