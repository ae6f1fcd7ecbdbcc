/**
 * The renderer translates the core's English texts by matching their wording. These tests take
 * the texts from the real core over the sample month (notes, mismatch notes, kind reasons,
 * refusals) so a change of wording in the core shows up here, not as English on a Chinese screen.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, toFailure } from '../../main/api/handlers.js';
import type { HandlerTable } from '../../main/api/handlers.js';
import { failureSegments, kindReasonText, segmentsText, translateCore, type Segment } from '../../renderer/src/core-text.js';
import { importFile } from '../../main/core/import/index.js';
import type { ImportOptions } from '../../main/core/import/types.js';
import { feeCsvText, feeRows, write } from '../helpers/files.js';
import { tempDb, tempDir } from '../helpers/db.js';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const MONTH_FILES = ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];

/** Latin words outside the data segments: what would show as English on a Chinese screen. */
function englishWords(segments: Segment[]): string[] {
  const text = segments.filter((s): s is string => typeof s === 'string').join(' ');
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !['USD', 'CNY', 'JSON', 'CSV', 'XLSX', 'NUL', 'ISO', 'YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'TaskId', 'Pages', 'VideoInfos', 'DetailSet', 'ComponentSet', 'replace', 'billrecon', 'ID', 'UIN'].includes(w));
}

function expectChinese(text: string): string {
  const t = translateCore('zh-CN', text);
  expect(t.known, `no translation for: ${text}`).toBe(true);
  expect(englishWords(t.segments), text).toEqual([]);
  return segmentsText(t.segments);
}

let table: HandlerTable;

beforeAll(async () => {
  const { db } = tempDb();
  table = createHandlers({ db, emit: () => undefined, user: 'test' });
  for (const [i, f] of MONTH_FILES.entries()) await table.commitImport({ path: join(SAMPLES, f), opId: `t${i}` });
});

describe('the core texts of the sample month in Chinese', () => {
  it('the month note that re-rating waits for an exchange rate', async () => {
    const report = await table.reconcile({ month: '2025-03' });
    expect(report.notes).toHaveLength(1);
    expect(expectChinese(report.notes[0]!)).toMatch(/^白板重新计费未计入：2025-03 没有 USD→CNY 汇率：价格目录 tiw-intl-usd-\S+ 以 USD 计价，费用账单的白板明细行以 CNY 计价。/);
    // In English the note keeps the core's words, with a capital letter to start the sentence.
    expect(segmentsText(translateCore('en', report.notes[0]!).segments)).toMatch(/^Whiteboard re-rating not included: no USD→CNY exchange rate for 2025-03/);
  });

  it('every mismatch note, and the rating error the rating screen shows', async () => {
    const page = await table.mismatches({ month: '2025-03', offset: 0, limit: 100 });
    const notes = page.rows.map((m) => m.note).filter((n): n is string => n !== null);
    expect(notes.length).toBeGreaterThanOrEqual(4);
    const zh = notes.map(expectChinese);
    expect(zh).toContain('费用账单中没有');
    expect(zh.some((n) => n.startsWith('跨月：2025-02 的用量 2.49 在 2025-03 扣费；未导入 2025-02 这些日期的消耗账单；跨月：未导入 2025-04 的费用账单'))).toBe(true);
    const err = await table.rating({ month: '2025-03' }).catch((e: unknown) => e);
    expect(segmentsText(failureSegments('zh-CN', { failure: toFailure(err) }))).toMatch(/^2025-03 没有 USD→CNY 汇率/);
  });

  it('the reasons the importer gives for a file kind', async () => {
    const previews = await table.previewImport({ paths: MONTH_FILES.map((f) => join(SAMPLES, f)), options: {} });
    const reasons = new Set(previews.map((p) => (p.ok ? p.preview.kindReason : '')));
    expect([...reasons].sort()).toEqual(['JSON fields', 'fee-bill headers, file name says consumption', 'headers']);
    for (const r of reasons) expect(englishWords(kindReasonText('zh-CN', r))).toEqual([]);
  });

  it('a refused import: file, row and column as data, the reason in Chinese', async () => {
    const rows = feeRows();
    rows[4]![rows[0]!.indexOf('组件原价')] = '12..5';
    const bad = write(tempDir(), 'fee-bad-2025-03.csv', feeCsvText(rows));
    const err = await table.commitImport({ path: bad, opId: 'bad' }).catch((e: unknown) => e);
    const segments = failureSegments('zh-CN', { failure: toFailure(err) });
    expect(segmentsText(segments)).toBe('fee-bad-2025-03.csv:5:组件原价：不是数字（值 "12..5"）');
    expect(englishWords(segments)).toEqual([]);
  });

  it('refusals of the rating settings', async () => {
    for (const rate of ['0', 'abc']) {
      const err = await table.setExchangeRate({ month: '2025-03', rate }).catch((e: unknown) => e);
      const zh = failureSegments('zh-CN', { failure: toFailure(err) });
      expect(englishWords(zh), segmentsText(zh)).toEqual([]);
    }
  });

  it('why a review was reopened, in the core’s own form', () => {
    const reason = 'figures changed after it was marked explained by ann at 2025-04-02T08:00:00.000Z: fee 1.00000000 → 2.00000000, difference 1.00000000 → 2.00000000';
    expect(expectChinese(reason)).toBe('标记为已解释（ann，2025-04-02T08:00:00.000Z）之后数字发生了变化：费用账单 1.00000000 → 2.00000000，差额 1.00000000 → 2.00000000');
  });

  it('why keys are reported as duplicates, in the core’s wording', () => {
    expect(expectChinese('the same transaction (交易ID) and component more than once')).toBe('同一交易（交易ID）与同一组件出现多次');
    expect(expectChinese('the same day and component more than once')).toBe('同一天、同一组件出现多次');
    expect(expectChinese('the same resource, order and service start more than once in the resource summary')).toBe('资源汇总中同一资源、订单和服务开始时间出现多次');
  });

  it('a month that cannot be run because its stored tolerance is not a decimal', () => {
    expect(expectChinese("tolerance must be a non-negative decimal such as 0.01, not 'one cent'")).toBe('容差必须是非负小数，例如 0.01，而不是“one cent”');
  });

  it('a text no rule knows is shown as the core wrote it, under a Chinese lead-in, never as if translated', () => {
    const t = translateCore('zh-CN', 'something new the core says');
    expect(t.known).toBe(false);
    expect(t.segments).toEqual(['billrecon 报告了一个尚无译文的问题：', ' ', { raw: 'something new the core says' }]);
  });
});

describe('what an import noted, in Chinese (the Import screen\'s notes)', () => {
  const VENDOR = join(__dirname, '..', 'fixtures', 'vendor');
  /** Files whose import writes each kind of note the core has (test/import/vendor-api.test.ts shows them in English). */
  const NOTED: [string, ImportOptions][] = [
    [join(SAMPLES, 'tiw-transcode-2025-03.json'), {}],
    [join(SAMPLES, 'tiw-recording-2025-03.jsonl'), {}],
    [join(VENDOR, 'callbacks', 'transcode-callback-log.jsonl'), {}],
    [join(VENDOR, 'callbacks', 'OnlineRecordFinished-failure.json'), {}],
    [join(VENDOR, 'billing-pages', 'transcode-billing-example2-static-ppt.json'), { date: '2025-03-03' }],
    [join(VENDOR, 'billing-pages', 'recording-billing-example.json'), {}],
    [join(VENDOR, 'api', 'tiw', 'DescribeTranscode-example1-dynamic.json'), { date: '2025-03-03' }],
    [join(VENDOR, 'api', 'billing', 'DescribeBillResourceSummary.json'), {}],
    [join(VENDOR, 'api', 'billing', 'DescribeCostSummaryByResource.json'), { date: '2018-11-01' }],
  ];

  it('every note of these files translates with no English left outside data', async () => {
    const zh: string[] = [];
    for (const [path, options] of NOTED) {
      const { db } = tempDb();
      const out = await importFile(db, path, options);
      db.close();
      expect(out.notes?.length, path).toBeGreaterThan(0);
      zh.push(...out.notes!.map(expectChinese));
    }
    expect(zh).toHaveLength(12);
    expect(zh).toContain('第 4 行：TaskId tc-0004 失败：已保留，不计入用量：TranscodeFailed: file damaged');
    expect(zh).toContain('跳过 1 个 OnlineRecordStarted 事件：不是结果');
    expect(zh).toContain('第 3 行：没有 TaskId 的 TranscodeFinished 失败：已记录，不计入用量：InvalidParameter.UrlFormatError: 文档下载URL不合法');
    expect(zh).toContain('1 个结果没有 Status，因带有输出（页数和结果地址）按已完成计入：第 1 行');
    expect(zh).toContain(
      '第 1 行（TaskId 0agdnligqtgtvkm65emb，59378.docx）：按输出判定为动态转码（ResultUrl 以“index.html”结尾：H5 网页），尽管后缀 .docx 表示静态：1 页计 39，而非按静态计 1（2025-03-03 的动态比例 1:39）',
    );
    expect(zh).toContain('PayTime 为“0000-00-00 00:00:00”（厂商的占位值），按无时间读取：共 1 行');
    expect(zh).toContain('月份 2018-11 取自 --date 2018-11-01：DescribeCostSummaryByResource 不写明所属月份（写在其请求的 BeginTime 中）');
    expect(zh).toContain('第 1 行：没有 TaskId 的录制，按房间和时间识别：RoomId 1234，2019-05-23T20:05:40+08:00 至 2019-05-23T20:45:40+08:00');
  });

  it('the notes a capped list ends with, and results kept without a status or output', () => {
    expect(expectChinese('and 3 failures more')).toBe('另有 3 条未列出');
    expect(expectChinese('2 results without a Status and without output (video durations): kept, not counted: rows 4, 7')).toBe('2 个结果既没有 Status 也没有输出（视频时长）：已保留，不计入用量：第 4, 7 行');
  });

  it('in English the note stays as the core wrote it', () => {
    const note = 'row 4: TaskId tc-0004 failed: kept, not counted: TranscodeFailed: file damaged';
    expect(segmentsText(translateCore('en', note).segments)).toBe(note);
  });
});
