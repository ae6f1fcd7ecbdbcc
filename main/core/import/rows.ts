import type { WhiteboardSession } from '../model.js';
import { FIELDS, isTagHeader, type FieldName } from './fields.js';
import type { HeaderMapping } from './headers.js';
import { ImportError } from './types.js';
import { ValueError, isBlank, parseTime } from './values.js';

const UNMAPPED = new WeakMap<HeaderMapping, number[]>();

function unmappedColumns(m: HeaderMapping): number[] {
  let cols = UNMAPPED.get(m);
  if (!cols) {
    const mapped = new Set(Object.values(m.columns));
    cols = m.headers.flatMap((h, i) => (mapped.has(i) || h.trim() === '' ? [] : [i]));
    UNMAPPED.set(m, cols);
  }
  return cols;
}

/** Reads typed values out of one row's cells, naming file:row:column on any bad value. */
class CellReader {
  constructor(
    private readonly file: string,
    private readonly row: number,
    private readonly cells: string[],
    private readonly m: HeaderMapping,
  ) {}

  private cell(f: FieldName): string | undefined {
    const i = this.m.columns[f];
    return i === undefined ? undefined : (this.cells[i] ?? '');
  }

  private fail(f: FieldName, reason: string, value?: string): never {
    const i = this.m.columns[f];
    const header = i === undefined ? FIELDS[f].aliases[0]! : this.m.headers[i]!;
    throw new ImportError(this.file, this.row, header, reason, value);
  }

  text(f: FieldName): string | null {
    const v = this.cell(f);
    if (v === undefined || isBlank(v)) return null;
    return v.trim();
  }

  requiredText(f: FieldName): string {
    const v = this.text(f);
    if (v === null) this.fail(f, 'required value is empty', this.cell(f) ?? '');
    return v;
  }

  /** The cell read by `parse`; a ValueError becomes an ImportError naming file:row:column. An absent column reads as null. */
  private parsed<T>(f: FieldName, parse: (v: string) => T): T | null {
    const v = this.cell(f);
    if (v === undefined) return null;
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof ValueError) this.fail(f, e.reason, v);
      throw e;
    }
  }

  requiredTime(f: FieldName): { text: string; ms: number } {
    const v = this.parsed(f, parseTime);
    if (v === null) this.fail(f, 'required time is empty', this.cell(f) ?? '');
    return v;
  }

  /** The unmapped columns, by original header (tags included), so nothing is dropped. */
  extra(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of unmappedColumns(this.m)) {
      const h = this.m.headers[i]!;
      const v = this.cells[i] ?? '';
      if (v !== '' || isTagHeader(h)) out[h] = v;
    }
    return out;
  }

  raw(f: FieldName): string | undefined {
    return this.cell(f);
  }
}

/** A whiteboard session (RoomId, UserId, JoinTime, LeaveTime) from one data row of its log. */
export function sessionRow(file: string, importId: number, row: number, cells: string[], m: HeaderMapping): WhiteboardSession {
  if (cells.length > m.headers.length && cells.slice(m.headers.length).some((c) => c.trim() !== '')) {
    throw new ImportError(file, row, null, `the row has ${cells.length} cells but the header has ${m.headers.length} columns`);
  }
  const r = new CellReader(file, row, cells, m);
  const join = r.requiredTime('joinTime');
  const leave = r.requiredTime('leaveTime');
  if (leave.ms < join.ms) {
    throw new ImportError(file, row, m.headers[m.columns.leaveTime!]!, 'LeaveTime is before JoinTime', r.raw('leaveTime'));
  }
  return {
    importId,
    sourceRow: row,
    roomId: r.requiredText('roomId'),
    userId: r.requiredText('userId'),
    joinTime: join.text,
    leaveTime: leave.text,
    joinMs: join.ms,
    leaveMs: leave.ms,
    extra: r.extra(),
  };
}
