/**
 * Writes the sample month into samples/ (or the folder given as the first argument).
 * Deterministic: the same script gives the same files, byte for byte, on every machine.
 *   npx tsx samples/generate.ts [DIR]
 */
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEE_HEADERS, MONTH, buildSampleMonth } from './month.js';
import { csvText, encodeGbk, encodeUtf8 } from './lib/encode.js';

export const SAMPLE_FILES = {
  feeCsv: `fee-detail-${MONTH}.gbk.csv`,
  feeXlsx: `fee-detail-${MONTH}.xlsx`,
  consumption: `消耗账单-${MONTH}.csv`,
  consumptionSummary: `消耗账单-资源汇总-${MONTH}.csv`,
  transcode: `tiw-transcode-${MONTH}.json`,
  recording: `tiw-recording-${MONTH}.jsonl`,
  whiteboard: `tiw-whiteboard-${MONTH}.csv`,
} as const;

/** Unix seconds of a Beijing-time wall clock. */
function bj(text: string): number {
  return Date.parse(text.replace(' ', 'T') + '+08:00') / 1000;
}

function transcodeResults(): unknown {
  return [
    // A Word handout, static (1:1): 12 pages.
    { TaskId: 'tc-0001', Title: '第一课-讲义.docx', Pages: 12, Status: 'FINISHED', Progress: 100, Resolution: '793x1122',
      ResultUrl: 'https://example.invalid/tc-0001/', ThumbnailUrl: '', CreateTime: bj('2025-03-03 09:58:00'), FinishedTime: bj('2025-03-03 09:58:40') },
    // The SPEC example: a 16-page PPT transcoded dynamically consumes 16 × 39 = 624 pages.
    { TaskId: 'tc-0002', Title: '第一课-课件.pptx', Pages: 16, Status: 'FINISHED', Progress: 100, Resolution: '1280x720',
      ResultUrl: 'https://example.invalid/tc-0002/index.html', ThumbnailUrl: 'https://example.invalid/tc-0002/thumb/', CreateTime: bj('2025-03-03 10:01:00'), FinishedTime: bj('2025-03-03 10:02:10') },
    // The same deck with IsStaticPPT: static, 16 pages.
    { TaskId: 'tc-0003', Title: '第一课-课件.pptx', Pages: 16, IsStaticPPT: true, Status: 'FINISHED', Progress: 100, Resolution: '1280x720',
      ResultUrl: 'https://example.invalid/tc-0003/', ThumbnailUrl: '', CreateTime: bj('2025-03-04 08:00:00'), FinishedTime: bj('2025-03-04 08:00:30') },
    // A failed task: not billed.
    { TaskId: 'tc-0004', Title: '损坏的文件.pdf', Pages: 0, Status: 'FINISHED', Progress: 100, Error: { Code: 'TranscodeFailed', Message: 'file damaged' },
      ResultUrl: '', ThumbnailUrl: '', CreateTime: bj('2025-03-05 14:00:00'), FinishedTime: bj('2025-03-05 14:00:05') },
    // A callback envelope for a PDF: static, 30 pages, counted on the envelope's day.
    { EventType: 'TranscodeFinished', ExpireTime: bj('2025-03-06 12:00:00'), SdkAppId: 1400000001, Sign: 'sample', Timestamp: bj('2025-03-06 11:00:00'),
      EventData: { TaskId: 'tc-0005', Title: '习题集.pdf', Pages: 30, Resolution: '793x1122', ResultUrl: 'https://example.invalid/tc-0005/', ThumbnailUrl: '', ThumbnailResolution: '', CompressFileUrl: '' } },
  ];
}

function recordingResults(): string {
  const start = bj('2025-03-03 10:00:00');
  const stop = bj('2025-03-03 10:40:00');
  const min = 60_000;
  // The SPEC example: teacher's camera 40 min + student's camera 30 min + whiteboard 40 min = 110 minutes;
  // the mixed stream (VideoType 3) is produced but not billed.
  const finished = {
    EventType: 'OnlineRecordFinished', ExpireTime: stop + 3600, SdkAppId: 1400000001, Sign: 'sample', Timestamp: stop + 60,
    EventData: {
      TaskId: 'rec-0001', RoomId: 880528, GroupId: '880528', RecordUserId: 'tic_record_user_880528_1', FinishReason: 'AUTO',
      RecordStartTime: start, RecordStopTime: stop, TotalTime: 40 * min, ExceptionCnt: 0, OmittedDurations: [],
      VideoInfos: [
        { UserId: 'teacher_li', VideoType: 0, VideoDuration: 40 * min, VideoFormat: 'mp4', VideoPlayTime: 0, VideoSize: 52_000_000, VideoId: 'v-1', VideoUrl: 'https://example.invalid/v-1.mp4', Width: 1280, Height: 720 },
        { UserId: 'student_a', VideoType: 0, VideoDuration: 30 * min, VideoFormat: 'mp4', VideoPlayTime: 0, VideoSize: 39_000_000, VideoId: 'v-2', VideoUrl: 'https://example.invalid/v-2.mp4', Width: 640, Height: 360 },
        { UserId: '', VideoType: 2, VideoDuration: 40 * min, VideoFormat: 'mp4', VideoPlayTime: 0, VideoSize: 21_000_000, VideoId: 'v-3', VideoUrl: 'https://example.invalid/v-3.mp4', Width: 1280, Height: 720 },
        { UserId: 'tic_mixstream_880528_101', VideoType: 3, VideoDuration: 40 * min, VideoFormat: 'mp4', VideoPlayTime: 0, VideoSize: 80_000_000, VideoId: 'v-4', VideoUrl: 'https://example.invalid/v-4.mp4', Width: 1280, Height: 720 },
      ],
    },
  };
  const started = { EventType: 'OnlineRecordStarted', ExpireTime: start + 3600, SdkAppId: 1400000001, Sign: 'sample', Timestamp: start, EventData: { TaskId: 'rec-0001', RoomId: 880528, RecordUserId: 'tic_record_user_880528_1' } };
  return [started, finished].map((o) => JSON.stringify(o)).join('\n') + '\n';
}

function whiteboardLog(): string[][] {
  const rows = [['RoomId', 'UserId', 'JoinTime', 'LeaveTime']];
  // The SPEC example: a 40-minute class, teacher all through, A for 30 minutes, B for 20 → 90 minutes.
  rows.push(['880528', 'teacher_li', '2025-03-03 10:00:00', '2025-03-03 10:40:00']);
  rows.push(['880528', 'student_a', '2025-03-03 10:00:00', '2025-03-03 10:30:00']);
  rows.push(['880528', 'student_b', '2025-03-03T02:10:00Z', '2025-03-03T02:30:00Z']);
  // A second class every weekday afternoon; one student drops and rejoins (overlap not counted twice).
  for (let d = 4; d <= 28; d++) {
    const date = `2025-03-${String(d).padStart(2, '0')}`;
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    rows.push([`9000${d}`, 'teacher_wang', `${date} 15:00:00`, `${date} 15:45:20`]);
    rows.push([`9000${d}`, 'student_c', `${date} 15:01:30`, `${date} 15:44:10`]);
    rows.push([`9000${d}`, 'student_c', `${date} 15:20:00`, `${date} 15:25:00`]);
  }
  return rows;
}

/**
 * exceljs zips through JSZip, which stamps every entry with the current time; pin JSZip's default
 * date (the one exceljs itself loads) so the workbook's bytes do not depend on when it was made.
 */
function pinZipDates(): void {
  const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const defaults = fromExceljs('jszip/lib/defaults.js') as { date: Date | null };
  defaults.date = new Date(Date.UTC(2025, 3, 1));
}

async function feeWorkbook(rows: string[][]): Promise<Buffer> {
  pinZipDates();
  const wb = new ExcelJS.Workbook();
  // Fixed metadata so the sample is the same on every run.
  wb.creator = 'billrecon samples';
  wb.created = new Date(Date.UTC(2025, 3, 1));
  wb.modified = new Date(Date.UTC(2025, 3, 1));
  const ws = wb.addWorksheet('明细账单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function generateSamples(dir: string): Promise<Record<keyof typeof SAMPLE_FILES, string>> {
  mkdirSync(dir, { recursive: true });
  const month = buildSampleMonth();
  const feeRows = [FEE_HEADERS as readonly string[] as string[], ...month.fee.map((f) => FEE_HEADERS.map((h) => f[h]))];
  const paths = Object.fromEntries(Object.entries(SAMPLE_FILES).map(([k, f]) => [k, join(dir, f)])) as Record<keyof typeof SAMPLE_FILES, string>;
  writeFileSync(paths.feeCsv, encodeGbk(csvText(feeRows)));
  writeFileSync(paths.feeXlsx, await feeWorkbook(feeRows));
  writeFileSync(paths.consumption, encodeUtf8(csvText(month.consumptionComponent), true));
  writeFileSync(paths.consumptionSummary, encodeUtf8(csvText(month.consumptionSummary), true));
  writeFileSync(paths.transcode, JSON.stringify(transcodeResults(), null, 2) + '\n');
  writeFileSync(paths.recording, recordingResults());
  writeFileSync(paths.whiteboard, encodeUtf8(csvText(whiteboardLog())));
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  generateSamples(dir).then((paths) => {
    for (const p of Object.values(paths)) process.stdout.write(`${p}\n`);
  });
}
