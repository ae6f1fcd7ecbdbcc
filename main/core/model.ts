/**
 * The domain records every part of billrecon shares: importers write them, the store keeps
 * them, rating / reconcile / export read them. Field names are the canonical names used by the
 * header-alias tables and, unchanged, the SQLite column names.
 *
 * Money and quantities are `DecimalText`: exact decimal strings ("-80.43264806"), never numbers.
 */

/** Exact decimal as text, no thousands separators or currency sign: "-1234.50000000". */
export type DecimalText = string;
/** Vendor-local (UTC+8) instant, stored unambiguously as ISO 8601 with offset: "2025-03-01T08:00:00+08:00". */
export type VendorTime = string;
/** "YYYY-MM" */
export type Month = string;
/** "YYYY-MM-DD" (vendor-local calendar day) */
export type Day = string;

export const KINDS = [
  'fee-detail',
  'fee-resource',
  'consumption',
  'tiw-transcode',
  'tiw-recording',
  'tiw-whiteboard',
] as const;
export type Kind = (typeof KINDS)[number];

/** Where a stored row came from: the import batch and the 1-based row (CSV line / sheet row / JSON record). */
export interface SourceRef {
  importId: number;
  sourceRow: number;
}

/** L3 明细账单 line: one transaction component. */
export interface FeeDetailLine extends SourceRef {
  payerUin: string | null;
  ownerUin: string | null;
  operatorUin: string | null;
  product: string;
  productCode: string | null;
  subProduct: string | null;
  payMode: string | null;
  project: string | null;
  region: string | null;
  zone: string | null;
  resourceId: string | null;
  resourceName: string | null;
  actionType: string | null;
  orderId: string | null;
  /** 交易ID; null on month-aggregated L3 rows, where the vendor prints "-". */
  transactionId: string | null;
  payTime: VendorTime | null;
  usageStart: VendorTime | null;
  usageEnd: VendorTime | null;
  componentType: string | null;
  componentName: string | null;
  listPrice: DecimalText | null;
  contractPrice: DecimalText | null;
  priceUnit: string | null;
  usage: DecimalText | null;
  usageUnit: string | null;
  duration: DecimalText | null;
  durationUnit: string | null;
  originalCost: DecimalText | null;
  discount: DecimalText | null;
  discountedTotal: DecimalText;
  voucher: DecimalText | null;
  cash: DecimalText | null;
  gift: DecimalText | null;
  transfer: DecimalText | null;
  currency: string | null;
  /** 账单月份 when the bill carries it, else the month of payTime. */
  billMonth: Month;
  /** True for month-aggregated L3 rows (交易ID / 订单ID / 扣费时间 shown as "-"). */
  aggregated: boolean;
  /** Columns the importer did not map, by their original header. */
  extra: Record<string, string>;
}

/**
 * 消耗账单 line. `component` layout = DescribeCostDetail (component columns, one day per row);
 * `summary` layout = DescribeCostSummaryByResource (消耗类型, 天数, 每日消耗, 待分摊金额 …).
 */
export interface ConsumptionLine extends SourceRef {
  layout: 'component' | 'summary';
  /** The month this consumption belongs to. */
  month: Month;
  /** The day (component layout); null for resource summaries. */
  day: Day | null;
  payerUin: string | null;
  product: string;
  productCode: string | null;
  subProduct: string | null;
  payMode: string | null;
  project: string | null;
  region: string | null;
  resourceId: string | null;
  resourceName: string | null;
  actionType: string | null;
  consumptionType: string | null;
  orderId: string | null;
  transactionId: string | null;
  usageStart: VendorTime | null;
  usageEnd: VendorTime | null;
  componentType: string | null;
  componentName: string | null;
  usage: DecimalText | null;
  usageUnit: string | null;
  originalCost: DecimalText | null;
  discount: DecimalText | null;
  /** 折后总价 / 优惠后总价: the consumed amount. */
  amount: DecimalText;
  voucher: DecimalText | null;
  cash: DecimalText | null;
  gift: DecimalText | null;
  transfer: DecimalText | null;
  /** 天数 (DayDiff) */
  dayCount: DecimalText | null;
  /** 每日消耗 (DailyTotalCost) */
  dailyCost: DecimalText | null;
  /** 待分摊金额 (LeftRealTotalCost) */
  leftToAmortise: DecimalText | null;
  currency: string | null;
  extra: Record<string, string>;
}

/** One document transcode result (DescribeTranscode / TranscodeFinished callback). */
export interface TranscodeResult extends SourceRef {
  taskId: string;
  title: string | null;
  pages: number;
  status: string | null;
  /** Whether the vendor counts it: FINISHED and no error. */
  succeeded: boolean;
  /** Dynamic (HTML5, 1:39) or static (images, 1:1): from IsStaticPPT, else the file suffix, else the ResultUrl shape. */
  mode: 'static' | 'dynamic';
  isStaticPpt: boolean | null;
  resultUrl: string | null;
  /** The vendor-local day the task counts on. */
  usageDay: Day;
  finishedAt: VendorTime | null;
  extra: Record<string, string>;
}

/** One recorded video (a VideoInfo of DescribeOnlineRecord / OnlineRecordFinished). */
export interface RecordingVideo extends SourceRef {
  taskId: string;
  roomId: string | null;
  userId: string | null;
  /** 0 camera, 1 screen share, 2 whiteboard, 3 mixed stream, 4 audio only. */
  videoType: number;
  videoId: string | null;
  durationMs: number;
  succeeded: boolean;
  usageDay: Day;
  recordStart: VendorTime | null;
  recordStop: VendorTime | null;
  extra: Record<string, string>;
}

/** One participant's whiteboard session (RoomId,UserId,JoinTime,LeaveTime). */
export interface WhiteboardSession extends SourceRef {
  roomId: string;
  userId: string;
  joinTime: VendorTime;
  leaveTime: VendorTime;
  /** Epoch milliseconds of joinTime / leaveTime, for rating without re-parsing. */
  joinMs: number;
  leaveMs: number;
  extra: Record<string, string>;
}

/** An audit-trail record: one imported file. */
export interface ImportRecord {
  id: number;
  fileName: string;
  filePath: string | null;
  size: number;
  sha256: string;
  kind: Kind;
  /** Sub-layout of the kind, e.g. consumption `component` / `summary`. */
  layout: string | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  rowCount: number;
  importedAt: string;
  appVersion: string;
  aggregated: boolean;
  /** Fee bills: the statistic period the bill was exported with. */
  period: 'deduction' | 'billing' | null;
  status: 'imported' | 'undone' | 'replaced';
  /** How the kind was decided ("headers", "file name", "--kind"). */
  kindReason: string;
  /** The ZIP package the file was read from (name and sha256), or null for a file given as it is. */
  package?: string | null;
  packageSha256?: string | null;
  /**
   * What the import decided or met besides its rows (store migration 8), read back with the
   * record; the import writes them in its own transaction, so a new record does not carry them.
   */
  notes?: string[];
}
