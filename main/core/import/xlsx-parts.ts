import { posix } from 'node:path';
import { openZipEntry, type ZipEntry } from './zip-entries.js';
import { XlsxError, attr, streamXml, type XmlSink } from './xml-stream.js';

/**
 * The small parts of a workbook the rows depend on: which sheets there are (in the workbook's
 * order, with their names), the shared strings, which styles are dates, and the date system.
 * Each is read with stated limits, so a hostile part is refused rather than held in memory.
 */
export const LIMITS = {
  /** One cell's text. */
  cellChars: 1 << 20,
  /** One row's text, all cells together. */
  rowChars: 16 << 20,
  /** Excel's own limits. */
  columns: 16_384,
  rows: 1_048_576,
  /** A sheet's XML, uncompressed. */
  sheetBytes: 4 * 1024 ** 3,
  /** The shared-string table: its XML, its strings and their characters in all. */
  sharedBytes: 256 << 20,
  sharedStrings: 2_000_000,
  sharedChars: 64 << 20,
  /** workbook.xml, its relationships, styles.xml. */
  smallPartBytes: 16 << 20,
} as const;

export interface SheetRef {
  name: string;
  part: string;
}

export interface WorkbookInfo {
  sheets: SheetRef[];
  date1904: boolean;
}

async function readPart(path: string, entries: Map<string, ZipEntry>, part: string, sink: XmlSink, maxBytes: number): Promise<boolean> {
  const e = entries.get(part);
  if (!e) return false;
  const stream = await openZipEntry(path, e);
  try {
    for await (const _ of streamXml(stream as AsyncIterable<Buffer>, part, sink, { maxBytes, maxQuietChars: LIMITS.cellChars })) void _;
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  return true;
}

function relsOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

function resolveTarget(from: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(from), target));
}

/** The workbook's sheets in order and its date system, from xl/workbook.xml and its relationships. */
export async function readWorkbookInfo(path: string, entries: Map<string, ZipEntry>, workbookPart: string): Promise<WorkbookInfo> {
  const declared: { name: string; rid: string }[] = [];
  let date1904 = false;
  await readPart(path, entries, workbookPart, {
    open(name, a) {
      if (name === 'sheet') declared.push({ name: attr(a, 'name') ?? `Sheet${declared.length + 1}`, rid: attr(a, 'id', true) ?? '' });
      else if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attr(a, 'date1904') ?? '');
    },
    text() {},
    close() {},
  }, LIMITS.smallPartBytes);
  const targets = new Map<string, { target: string; type: string }>();
  await readPart(path, entries, relsOf(workbookPart), {
    open(name, a) {
      if (name === 'Relationship') targets.set(attr(a, 'Id') ?? '', { target: attr(a, 'Target') ?? '', type: attr(a, 'Type') ?? '' });
    },
    text() {},
    close() {},
  }, LIMITS.smallPartBytes);
  const sheets: SheetRef[] = [];
  for (const d of declared) {
    const rel = targets.get(d.rid);
    if (!rel || !/\/worksheet$/.test(rel.type)) continue; // chart sheets and dialog sheets hold no rows
    sheets.push({ name: d.name, part: resolveTarget(workbookPart, rel.target) });
  }
  return { sheets, date1904 };
}

/** The workbook part the package's own relationships (_rels/.rels) name, if they name one. */
export async function packageWorkbookPart(path: string, entries: Map<string, ZipEntry>): Promise<string | null> {
  let found: string | null = null;
  await readPart(path, entries, '_rels/.rels', {
    open(name, a) {
      if (name === 'Relationship' && found === null && /\/officeDocument$/.test(attr(a, 'Type') ?? '')) found = (attr(a, 'Target') ?? '').replace(/^\//, '');
    },
    text() {},
    close() {},
  }, LIMITS.smallPartBytes);
  return found;
}

/** The part a relationship of the workbook of the given type points at (shared strings, styles). */
export async function workbookRelated(path: string, entries: Map<string, ZipEntry>, workbookPart: string, type: RegExp): Promise<string | null> {
  let found: string | null = null;
  await readPart(path, entries, relsOf(workbookPart), {
    open(name, a) {
      if (name === 'Relationship' && found === null && type.test(attr(a, 'Type') ?? '')) found = resolveTarget(workbookPart, attr(a, 'Target') ?? '');
    },
    text() {},
    close() {},
  }, LIMITS.smallPartBytes);
  return found;
}

/** The shared-string table, bounded in count and characters. Phonetic runs (rPh) are not text. */
export async function readSharedStrings(path: string, entries: Map<string, ZipEntry>, part: string | null): Promise<string[]> {
  const strings: string[] = [];
  if (part === null) return strings;
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  let chars = 0;
  await readPart(path, entries, part, {
    open(name) {
      if (name === 'si') {
        if (strings.length >= LIMITS.sharedStrings) throw new XlsxError(`the shared-string table holds more than ${LIMITS.sharedStrings.toLocaleString('en')} strings: refused (save the bill as CSV)`);
        current = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't') inT = true;
    },
    text(t) {
      if (current === null || !inT || phonetic > 0) return;
      current += t;
      chars += t.length;
      if (current.length > LIMITS.cellChars) throw new XlsxError(`shared string ${strings.length} is longer than ${LIMITS.cellChars.toLocaleString('en')} characters: refused`);
      if (chars > LIMITS.sharedChars) throw new XlsxError(`the shared strings hold more than ${LIMITS.sharedChars.toLocaleString('en')} characters: refused (save the bill as CSV)`);
    },
    close(name) {
      if (name === 'si' && current !== null) {
        strings.push(current);
        current = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inT = false;
    },
  }, LIMITS.sharedBytes);
  return strings;
}

/** Built-in number formats that show dates or times (14–22, 45–47; 27–36 and 50–58 in CJK locales). */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date when, outside quotes and [..], it has a date or time letter. */
export function isDateFormat(code: string): boolean {
  const shown = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '');
  return /[ymdhsb]/i.test(shown);
}

/** Which cell styles (indexes into cellXfs) show their number as a date. */
export async function readDateStyles(path: string, entries: Map<string, ZipEntry>, part: string | null): Promise<Set<number>> {
  const customDates = new Set<number>();
  const dateStyles = new Set<number>();
  if (part === null) return dateStyles;
  let inCellXfs = false;
  let xf = 0;
  await readPart(path, entries, part, {
    open(name, a) {
      if (name === 'numFmt' && isDateFormat(attr(a, 'formatCode') ?? '')) customDates.add(Number(attr(a, 'numFmtId')));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attr(a, 'numFmtId') ?? 0);
        if (BUILTIN_DATES.has(id) || customDates.has(id)) dateStyles.add(xf);
        xf++;
      }
    },
    text() {},
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  }, LIMITS.smallPartBytes);
  return dateStyles;
}
