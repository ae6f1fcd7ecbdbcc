/**
 * The sign-off in the exports (issue 15 §1): a closed month's workbook carries who closed it,
 * when, why and the frozen record's sha256 on its Summary, and its audit log (this month's
 * close and reopen events) on a sheet of its own; the log of every month is also written as CSV
 * (`billrecon audit --csv`). Nothing here reads the clock: a closed month re-exported gives the
 * same bytes.
 */
import type { SignOff } from '../close/index.js';
import type { AuditEvent } from '../store/closed-months.js';
import { writeAtomically } from './atomic-file.js';
import { CsvWriter } from './csv-writer.js';
import { label, type Lang } from './labels.js';
import type { SheetOptions, SheetWriter, XlsxWriter } from './xlsx-writer.js';

export const SIGN_OFF_LABELS = {
  signOff: ['结账签核', 'Sign-off'],
  closedBy: ['结账人', 'Closed by'],
  closedAt: ['结账时间', 'Closed at'],
  note: ['说明', 'Note'],
  frozenSha256: ['冻结记录 sha256', 'Frozen record sha256'],
  frozenFiles: ['冻结的输入文件', 'Input files frozen'],
  notClosed: ['本月尚未结账', 'This month is not closed'],
  auditLog: ['审计日志', 'Audit log'],
  seq: ['序号', 'No.'],
  month: ['月份', 'Month'],
  event: ['事件', 'Event'],
  who: ['操作人', 'Who'],
  at: ['时间', 'When'],
  why: ['原因/说明', 'Why'],
  close: ['结账', 'close'],
  reopen: ['重新打开', 'reopen'],
} as const satisfies Record<string, readonly [string, string]>;

const S = SIGN_OFF_LABELS;

function eventCells(e: AuditEvent, lang: Lang): string[] {
  return [String(e.seq), e.month, label(lang, e.event === 'close' ? S.close : S.reopen), e.who, e.at, e.why ?? ''];
}

const HEADS = [S.seq, S.month, S.event, S.who, S.at, S.why];

/** The Summary's sign-off rows: the close in force, or one row saying the month is not closed. */
export async function signOffRows(s: SheetWriter, lang: Lang, signOff: SignOff | null): Promise<void> {
  await s.row([{ text: label(lang, S.signOff), bold: true }]);
  if (!signOff) {
    await s.row([label(lang, S.notClosed)]);
    await s.row([]);
    return;
  }
  await s.row([label(lang, S.closedBy), signOff.closedBy]);
  await s.row([label(lang, S.closedAt), signOff.closedAt]);
  if (signOff.note) await s.row([label(lang, S.note), signOff.note]);
  await s.row([label(lang, S.frozenFiles), { n: String(signOff.files), dp: 0 }]);
  await s.row([label(lang, S.frozenSha256), signOff.sha256]);
  await s.row([]);
}

/** The month's audit log as a sheet of the workbook; returns its name. */
export async function auditSheet(book: XlsxWriter, lang: Lang, events: readonly AuditEvent[], opts: SheetOptions): Promise<string> {
  const name = label(lang, S.auditLog);
  const sheet = await book.addSheet(name, HEADS.map((h, i) => ({ header: label(lang, h), kind: i === 0 ? ('integer' as const) : ('text' as const) })), opts);
  for (const e of events) await sheet.row(eventCells(e, lang));
  await sheet.close();
  return name;
}

/** The audit log (one month's or every month's) as CSV. */
export async function exportAuditCsv(target: string, events: readonly AuditEvent[], lang: Lang): Promise<{ path: string; rows: number }> {
  return writeAtomically(target, async (out) => {
    const csv = new CsvWriter(out, ['number', 'text', 'text', 'text', 'text', 'text']);
    await csv.header(HEADS.map((h) => label(lang, h)));
    for (const e of events) await csv.row(eventCells(e, lang));
    await csv.end();
    return { path: target, rows: events.length };
  });
}
