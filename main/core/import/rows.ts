import type {
  ConsumptionLine,
  FeeDetailLine,
  FeeResourceLine,
  WhiteboardSession,
} from '../model.js';
import { FIELDS, isTagHeader, type FieldName } from './fields.js';
import type { HeaderMapping } from './headers.js';
import { ImportError } from './types.js';
import { ValueError, dayOf, isBlank, monthOf, parseDecimal, parseMonth, parseTime } from './values.js';

export type TabularRow = FeeDetailLine | FeeResourceLine | ConsumptionLine | WhiteboardSession;

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

  decimal(f: FieldName): string | null {
    return this.parsed(f, parseDecimal);
  }

  requiredDecimal(f: FieldName): string {
    const v = this.decimal(f);
    if (v === null) this.fail(f, 'required amount is empty', this.cell(f) ?? '');
    return v;
  }

  time(f: FieldName): { text: string; ms: number } | null {
    return this.parsed(f, parseTime);
  }

  requiredTime(f: FieldName): { text: string; ms: number } {
    const v = this.time(f);
    if (v === null) this.fail(f, 'required time is empty', this.cell(f) ?? '');
    return v;
  }

  month(f: FieldName): string | null {
    return this.parsed(f, parseMonth);
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

  monthOrFrom(f: FieldName, ...times: ({ text: string } | null)[]): string {
    const m = this.month(f);
    if (m) return m;
    for (const t of times) if (t) return monthOf(t.text);
    this.fail(f, 'no bill month: the row has neither 账单月份 nor a time to take it from');
  }

  raw(f: FieldName): string | undefined {
    return this.cell(f);
  }

  isDash(f: FieldName): boolean {
    return (this.cell(f) ?? '-').trim() === '-';
  }
}

/** Build a domain record of the mapping's kind from one data row. */
/**
 * `monthFromUsage`: a billing-period (计费周期) fee bill without 账单月份 (bills before 2024-11)
 * files each line under the month of its usage, not of its deduction (SPEC §1).
 */
export function buildRow(file: string, importId: number, row: number, cells: string[], m: HeaderMapping, monthFromUsage = false): TabularRow {
  if (cells.length > m.headers.length && cells.slice(m.headers.length).some((c) => c.trim() !== '')) {
    throw new ImportError(file, row, null, `the row has ${cells.length} cells but the header has ${m.headers.length} columns`);
  }
  const r = new CellReader(file, row, cells, m);
  // No object spread in this function: spreading into a larger literal measured ~30 µs a row
  // (the whole import budget); assignment onto one object is ~100× cheaper.
  switch (m.spec.kind) {
    case 'fee-detail': {
      const payTime = r.time('payTime');
      const usageStart = r.time('usageStart');
      // Month-aggregated L3 rows show 交易ID, 订单ID and 扣费时间 as "-" (FORMATS §1.1); a vendor
      // pseudo-line such as 月度计费精度差异 has no 交易ID but does have a time, and is not aggregated.
      const aggregated = r.raw('transactionId') !== undefined && r.isDash('transactionId') && r.isDash('orderId') && r.isDash('payTime');
      const line: FeeDetailLine = Object.assign(feeCommon(r, importId, row), {
        ownerUin: r.text('ownerUin'),
        operatorUin: r.text('operatorUin'),
        transactionId: r.text('transactionId'),
        payTime: payTime?.text ?? null,
        usageStart: usageStart?.text ?? null,
        usageEnd: r.time('usageEnd')?.text ?? null,
        componentType: r.text('componentType'),
        componentName: r.text('componentName'),
        listPrice: r.decimal('listPrice'),
        contractPrice: r.decimal('contractPrice'),
        priceUnit: r.text('priceUnit'),
        usage: r.decimal('usage'),
        usageUnit: r.text('usageUnit'),
        duration: r.decimal('duration'),
        durationUnit: r.text('durationUnit'),
        billMonth: monthFromUsage ? r.monthOrFrom('billMonth', usageStart, payTime) : r.monthOrFrom('billMonth', payTime, usageStart),
        aggregated,
        extra: r.extra(),
      });
      return line;
    }
    case 'fee-resource': {
      const payTime = r.time('payTime');
      const usageStart = r.time('usageStart');
      const line: FeeResourceLine = Object.assign(feeCommon(r, importId, row), {
        payTime: payTime?.text ?? null,
        usageStart: usageStart?.text ?? null,
        usageEnd: r.time('usageEnd')?.text ?? null,
        configDesc: r.text('configDesc'),
        billMonth: monthFromUsage ? r.monthOrFrom('billMonth', usageStart, payTime) : r.monthOrFrom('billMonth', payTime, usageStart),
        extra: r.extra(),
      });
      return line;
    }
    case 'consumption': {
      const component = m.spec.layout === 'component';
      const usageStart = component ? r.requiredTime('usageStart') : r.time('usageStart');
      const line: ConsumptionLine = {
        importId,
        sourceRow: row,
        layout: component ? 'component' : 'summary',
        month: component ? (r.month('billMonth') ?? monthOf(usageStart!.text)) : r.monthOrFrom('billMonth'),
        day: component ? dayOf(usageStart!.text) : null,
        payerUin: r.text('payerUin'),
        product: r.requiredText('product'),
        productCode: r.text('productCode'),
        subProduct: r.text('subProduct'),
        payMode: r.text('payMode'),
        project: r.text('project'),
        region: r.text('region'),
        resourceId: r.text('resourceId'),
        resourceName: r.text('resourceName'),
        actionType: r.text('actionType'),
        consumptionType: r.text('consumptionType'),
        orderId: r.text('orderId'),
        transactionId: r.text('transactionId'),
        usageStart: usageStart?.text ?? null,
        usageEnd: r.time('usageEnd')?.text ?? null,
        componentType: r.text('componentType'),
        componentName: r.text('componentName'),
        usage: r.decimal('usage'),
        usageUnit: r.text('usageUnit'),
        originalCost: r.decimal('originalCost'),
        discount: r.decimal('discount'),
        amount: r.requiredDecimal('discountedTotal'),
        voucher: r.decimal('voucher'),
        cash: r.decimal('cash'),
        gift: r.decimal('gift'),
        transfer: r.decimal('transfer'),
        dayCount: r.decimal('dayCount'),
        dailyCost: r.decimal('dailyCost'),
        leftToAmortise: r.decimal('leftToAmortise'),
        currency: r.text('currency'),
        extra: r.extra(),
      };
      return line;
    }
    case 'tiw-whiteboard': {
      const join = r.requiredTime('joinTime');
      const leave = r.requiredTime('leaveTime');
      if (leave.ms < join.ms) {
        throw new ImportError(file, row, m.headers[m.columns.leaveTime!]!, 'LeaveTime is before JoinTime', r.raw('leaveTime'));
      }
      const s: WhiteboardSession = {
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
      return s;
    }
    default:
      throw new ImportError(file, row, null, `kind ${m.spec.kind} is not a table`);
  }
}

function feeCommon(r: CellReader, importId: number, sourceRow: number) {
  return {
    importId,
    sourceRow,
    payerUin: r.text('payerUin'),
    product: r.requiredText('product'),
    productCode: r.text('productCode'),
    subProduct: r.text('subProduct'),
    payMode: r.text('payMode'),
    project: r.text('project'),
    region: r.text('region'),
    zone: r.text('zone'),
    resourceId: r.text('resourceId'),
    resourceName: r.text('resourceName'),
    actionType: r.text('actionType'),
    orderId: r.text('orderId'),
    originalCost: r.decimal('originalCost'),
    discount: r.decimal('discount'),
    discountedTotal: r.requiredDecimal('discountedTotal'),
    voucher: r.decimal('voucher'),
    cash: r.decimal('cash'),
    gift: r.decimal('gift'),
    transfer: r.decimal('transfer'),
    currency: r.text('currency'),
  };
}
