/**
 * The one contract between the renderer and the rest of billrecon. Types only (no runtime code
 * except the channel table), so the renderer can import it type-only and this file compiles
 * both with the DOM lib (tsconfig.web.json) and with Node (tsconfig.node.json) without pulling
 * the core into the renderer. Money and quantities travel as exact decimal strings.
 */

export type DecimalText = string;
export type Month = string;
export type Kind = 'fee-detail' | 'fee-resource' | 'consumption' | 'tiw-transcode' | 'tiw-recording' | 'tiw-whiteboard';
export type MismatchCategory = 'prepaidTiming' | 'crossMonth' | 'precision' | 'refunds' | 'missing' | 'amountMismatch' | 'rating';
/** `claim`: money the customer asks back from the vendor (issue 15 §4). */
export type ReviewStatus = 'open' | 'explained' | 'accepted' | 'claim';
export type Lang = 'zh-CN' | 'en';
/** `triage`: open unexplained mismatches first, then the rest, each largest |difference| first (dir flips both). */
export const SORT_COLUMNS = ['seq', 'difference', 'absDifference', 'fee', 'consumption', 'category', 'product', 'resourceId', 'component', 'status', 'comment', 'triage'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Where a long operation's progress events and cancel requests are addressed. */
export type OperationId = string;

export interface ImportOptionsInput {
  kind?: Kind;
  encoding?: string;
  replace?: boolean;
  map?: Record<string, string>;
}

export interface ImportPreviewView {
  path: string;
  file: string;
  size: number;
  kind: Kind;
  kindReason: string;
  layout: string | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  headers: string[];
  mapping: Record<string, string>;
  unknownHeaders: string[];
  missing: string[];
  rows: string[][];
  /** A ZIP package: the files inside it that will be imported (the preview is the first one's). */
  entries?: string[];
}

/** A refusal the accountant can act on: `file:row:column: reason`. */
export interface ApiFailure {
  type: 'import' | 'input' | 'not-available' | 'cancelled' | 'sender' | 'internal';
  message: string;
  file?: string;
  row?: number | null;
  column?: string | null;
  /** The form field (calculator input) to fix. */
  field?: string;
}

export type PreviewResult = { ok: true; preview: ImportPreviewView } | { ok: false; path: string; error: ApiFailure };

export interface ImportOutcomeView {
  id: number;
  file: string;
  sha256: string;
  kind: Kind;
  kindReason: string;
  encoding: string | null;
  rows: number;
  status: 'imported' | 'duplicate';
  replaced: number[];
  /** The months the file's rows belong to (so the screen can offer to open them). */
  months?: Month[];
  /**
   * What the import decided or met besides its rows (whiteboard failures recorded without a row,
   * results counted without a status, a month taken from --date …), in the core's English; a
   * package's are each inner file's (`inner[].notes`).
   */
  notes: string[];
  /** A ZIP package: each file inside it (the figures above are the package's: rows and months of all). */
  inner?: InnerOutcomeView[];
}

export interface InnerOutcomeView {
  file: string;
  status: 'imported' | 'duplicate' | 'failed' | 'skipped';
  id?: number;
  kind?: Kind;
  rows?: number;
  replaced?: number[];
  /** Why it failed or was left out. */
  error?: string;
  /** The file's import notes, as ImportOutcomeView.notes. */
  notes?: string[];
}

export interface ImportRecordView {
  id: number;
  fileName: string;
  size: number;
  sha256: string;
  kind: Kind;
  layout: string | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  rowCount: number;
  importedAt: string;
  appVersion: string;
  aggregated: boolean;
  period: 'deduction' | 'billing' | null;
  status: 'imported' | 'undone' | 'replaced';
  kindReason: string;
  /** The import's notes as stored with its audit record (ImportOutcomeView.notes); none before they were kept. */
  notes: string[];
  /** The ZIP package the file was read from, and its sha256. */
  package?: string | null;
  packageSha256?: string;
}

export interface BridgeView {
  prepaidTiming: DecimalText;
  crossMonth: DecimalText;
  precision: DecimalText;
  refunds: DecimalText;
  missing: DecimalText;
  amountMismatch: DecimalText;
  explained: DecimalText;
  unexplained: DecimalText;
}

/** The month report as `billrecon reconcile --json` prints it, without the mismatch list (paged separately). */
export interface MonthReportView {
  month: Month;
  keys: string[];
  tolerance: DecimalText;
  period: string;
  fee: { total: DecimalText; lines: number };
  consumption: { total: DecimalText; lines: number };
  precision: {
    transactions: number;
    rated: DecimalText;
    deducted: DecimalText;
    difference: DecimalText;
    billed: DecimalText | null;
    agrees: boolean | null;
    aggregatedLines: number;
  };
  /**
   * Fee lines checked and failed; `notCheckable`: lines with a check the core listed as not
   * checkable (a contract price, a price unit it does not read), counted apart from failures.
   */
  lineChecks: { checked: number; failed: number; notCheckable: number };
  bridge: BridgeView;
  duplicates: { side: string; reason: string; count: number; amount: DecimalText; sources: string[] }[];
  notes: string[];
  mismatchCount: number;
  openUnexplained: number;
  ranAt: string | null;
  /** The currency of the month's fee bill (its Currency column, or 元 in its headers); null when the bill does not say. */
  currency?: string | null;
  /**
   * The stored mismatch list per category: rows, open unexplained rows and the exact sum of their
   * differences, re-rating included, so the cards and the waterfall agree with the list.
   */
  categories?: CategoryTotal[];
  /** The month's sign-off while it is closed (its figures are then the frozen ones); null while open. */
  signOff?: SignOffView | null;
  /**
   * Group accounts (issue 11 §8): the month's totals per member account (使用者UIN), project and
   * tag value, as the month report holds them (exact, 8 dp). Present only when the bill names
   * several accounts or projects, as the CLI prints its tables only then.
   */
  groups?: GroupTotalsView;
}

export interface GroupTotalsView {
  owners: ScopeFiguresView[];
  projects: ScopeFiguresView[];
  /** Values "key=value"; "key=" holds the lines without that tag. */
  tags: ScopeFiguresView[];
}

/** One account's, project's or tag value's figures; each dimension's fee and consumption add up to the month. */
export interface ScopeFiguresView {
  /** '' for lines that name none. */
  value: string;
  fee: DecimalText;
  feeLines: number;
  consumption: DecimalText;
  consumptionLines: number;
  /** Σ differences of the mismatches whose key's lines carry the value (re-rating not included). */
  explained: DecimalText;
  unexplained: DecimalText;
  mismatches: number;
}

/** A month's sign-off (issue 15 §1): who closed it, when and why, and what the frozen record holds. */
export interface SignOffView {
  month: Month;
  closedBy: string;
  closedAt: string;
  note: string | null;
  /** sha256 of the frozen record (report, mismatches with their marks, input files, catalog, rate). */
  sha256: string;
  files: number;
  mismatches: number;
}

/** One event of the append-only audit log: a month closed or reopened. */
export interface AuditEventView {
  seq: number;
  month: Month;
  event: 'close' | 'reopen';
  who: string;
  at: string;
  /** The close's note or the reopen's reason. */
  why: string | null;
}

/** One month of the Year screen, as the persisted month report (a closed month's frozen one) says. */
export interface YearRowView {
  month: Month;
  files: number;
  report: 'current' | 'stale' | 'none' | 'closed';
  currency: string | null;
  fee: { total: DecimalText; lines: number } | null;
  consumption: { total: DecimalText; lines: number } | null;
  explained: DecimalText | null;
  unexplained: DecimalText | null;
  openMismatches: number | null;
  mismatches: number | null;
  precision: { ours: DecimalText; billed: DecimalText | null; agrees: boolean | null } | null;
  whiteboard: { billed: DecimalText; rated: DecimalText; difference: DecimalText; currency: string | null } | null;
  closed: { by: string; at: string; note: string | null } | null;
  /** Neighbouring months with no bill imported: cross-month differences with them cannot be verified. */
  missingNeighbours: Month[];
  /** Per product, exact (8 dp). */
  products: { product: string; fee: DecimalText; consumption: DecimalText }[];
}

/**
 * The month's audit report (issue 15 §2), as the report page prints it: the stored month report
 * (a closed month's frozen one), every mismatch with its mark, the input files with their sha256,
 * the claims and the sign-off. Built by the core (export/audit-report.ts), never recomputed.
 */
export interface AuditReportView {
  month: Month;
  appVersion: string;
  figures: MonthReportView & { categories: CategoryTotal[] };
  mismatches: MismatchView[];
  files: { id: number; fileName: string; kind: string; sha256: string; size: number; rows: number; importedAt: string }[];
  claims: {
    currency: string | null;
    /** Σ of the counted claims, 8 dp. */
    total: DecimalText;
    claims: { kind: 'whiteboard' | 'lineCheck' | 'marked' | 'precision'; product: string | null; resource: string | null; component: string | null; amount: DecimalText; counted: boolean; evidence: string[]; comment: string | null }[];
  };
  signOff: SignOffView | null;
  /** The month's closes and reopens, oldest first. */
  events: AuditEventView[];
  /** The instant the report stands for (the sign-off, else the report's run): the PDF's dates. */
  asOf: string;
}

export interface CategoryTotal {
  category: MismatchCategory;
  explained: boolean;
  count: number;
  open: number;
  difference: DecimalText;
}

export interface MismatchView {
  id: string;
  month: Month;
  category: MismatchCategory;
  explained: boolean;
  key: Record<string, string | null>;
  against: 'consumption' | 'rated';
  fee: DecimalText;
  consumption: DecimalText;
  difference: DecimalText;
  status: ReviewStatus;
  comment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reopenedBecause: string | null;
  note: string | null;
  feeSources: string[];
  consumptionSources: string[];
  /** The member accounts, projects and tags ("key=value") the key's lines carry; absent when none. */
  scope?: { owners: string[]; projects: string[]; tags: string[] };
}

export interface MismatchPageQuery {
  month: Month;
  category?: MismatchCategory;
  product?: string;
  resource?: string;
  status?: ReviewStatus;
  /** Group accounts: the rows whose key's lines carry this member account, project or tag "key=value". */
  owner?: string;
  project?: string;
  tag?: string;
  sort?: SortColumn;
  dir?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** What the Mismatches screen's filters offer: the values the month's stored list carries. */
export interface MismatchFacets {
  products: string[];
  resources: number;
  /** Group accounts: member accounts, projects and tags ("key=value", "key=" untagged) of the month's mismatches, sorted. */
  owners: string[];
  projects: string[];
  tags: string[];
}

export interface MismatchPage {
  total: number;
  offset: number;
  rows: MismatchView[];
}

export interface SourceLineView {
  side: 'fee' | 'consumption';
  file: string;
  row: number;
  fields: Record<string, string | number | boolean | null | Record<string, string>>;
  /** The bill's own column header of each field, as the file that holds the line names it. */
  columns?: Record<string, string>;
}

export interface RatingDayView {
  date: string;
  item: string;
  usage: DecimalText;
  trial: DecimalText;
  free: DecimalText;
  package: DecimalText;
  postpaid: DecimalText;
  cost: DecimalText;
}

export interface RatingView {
  month: Month;
  currency: string;
  days: RatingDayView[];
  packages: { item: string; package: string; purchased: string; expires: string; used: DecimalText; left: DecimalText }[];
  serviceStopped: { date: string; item: string; usage: DecimalText }[];
  vsBill: { billed: DecimalText | null; rated: DecimalText | null; difference: DecimalText | null; currency: string | null };
  notes: string[];
}

/** What whiteboard rating uses for a month, and where each part comes from. */
export interface RatingSettingsView {
  month: Month;
  catalog: { version: string; currency: string; origin: 'builtin' | 'user'; fileName: string | null; sha256: string };
  account: {
    /** The account file last set (`billrecon account set --file`), null when none. */
    fileName: string | null;
    savedAt: string | null;
    trialStart: string | null;
    monthlyFee: { date: string; months: number; source: string }[];
    packages: { package: string; date: string; quantity: number; source: string }[];
    /** 'bill' (the fee bill's purchase lines win), 'file' or 'none', per kind. */
    from: { trialStart: string; monthlyFee: string; packages: string };
    notes: string[];
  };
  /** The currency of the month's whiteboard bill lines; null when the month has none. */
  billCurrency: string | null;
  /** The month's rate, 1 `from` (catalog) = `rate` `to` (bill); null when none is stored. */
  exchangeRate: { from: string; to: string; rate: DecimalText } | null;
  /** Catalog and bill differ in currency: the comparison needs the month's rate (never assumed). */
  exchangeRateNeeded: boolean;
}

export interface CalculatorField {
  /** The CLI flag without its dashes (`billrecon calc ID --NAME`), and the key in `inputs`. */
  name: string;
  label: string;
  kind: 'decimal' | 'integer' | 'date' | 'choice' | 'boolean' | 'list';
  required: boolean;
  help: string;
  choices?: string[];
  example?: string;
}

export interface CalculatorInfo {
  id: string;
  title: string;
  summary: string;
  fields: CalculatorField[];
}

export interface CalculatorTerm {
  name: string;
  label: string;
  /** A decimal string (money with 2 decimals, unit prices with 8), a count or a date range. */
  value: string;
  /** The arithmetic with the figures, e.g. "0.42 × 48". */
  expression: string | null;
}

export interface CalculatorResult {
  id: string;
  result: CalculatorTerm;
  currency: string | null;
  /** The formula's terms, in order, as the accountant would write them. */
  terms: CalculatorTerm[];
  formula: string;
  notes: string[];
  /** The same calculation on the command line, for the working papers. */
  cli: string;
}

export interface ExportRequest {
  month: Month;
  format: 'xlsx' | 'mismatches-csv' | 'detail-csv' | 'focus-csv';
  lang: Lang;
  /** Chosen by the shell's save dialog; the renderer never names a path itself. */
  path?: string;
  opId?: OperationId;
}

export interface ExportResultView {
  path: string;
  bytes: number;
}

export type ProgressEvent =
  | { opId: OperationId; phase: 'import'; file: string; rows: number; bytes: number; totalBytes: number; percent: number }
  | { opId: OperationId; phase: 'reconcile' | 'export'; percent: number; message: string }
  /** A write of the call in progress waits for another process's (opId: the call's, else its channel). */
  | { opId: OperationId; phase: 'waiting'; percent: number; message: string }
  /** That wait is over (the write has its turn, or gave up): the window takes its waiting line down. */
  | { opId: OperationId; phase: 'resumed'; percent: number; message: string }
  | { opId: OperationId; phase: 'done' | 'failed' | 'cancelled'; percent: number; message: string };

/** What preload exposes as `window.billrecon`, and what the e2e bridge implements. */
export interface Api {
  pickFiles(): Promise<string[]>;
  /** Electron only: the path of a dropped File (webUtils.getPathForFile). */
  pathForFile(file: File): string;
  previewImport(req: { paths: string[]; options?: ImportOptionsInput }): Promise<PreviewResult[]>;
  commitImport(req: { path: string; options?: ImportOptionsInput; opId: OperationId }): Promise<ImportOutcomeView>;
  undoImport(req: { id: number }): Promise<ImportRecordView[]>;
  listImports(): Promise<ImportRecordView[]>;
  monthsAvailable(): Promise<Month[]>;
  /** The stored report of the month's last run; runs it when there is none. */
  monthReport(req: { month: Month }): Promise<MonthReportView>;
  reconcile(req: { month: Month; tolerance?: string; opId?: OperationId }): Promise<MonthReportView>;
  mismatches(req: MismatchPageQuery): Promise<MismatchPage>;
  mismatchFacets(req: { month: Month }): Promise<MismatchFacets>;
  mismatchSources(req: { id: string }): Promise<SourceLineView[]>;
  setReview(req: { ids: string[]; status: ReviewStatus; comment: string | null }): Promise<MismatchView[]>;
  rating(req: { month: Month; opId?: OperationId }): Promise<RatingView>;
  ratingSettings(req: { month: Month }): Promise<RatingSettingsView>;
  /** The account file is chosen in the shell's open dialog (`path` is for the shell only); null when cancelled. */
  setRatingAccount(req: { month: Month; path?: string }): Promise<RatingSettingsView | null>;
  /** A negotiated price catalog from the open dialog, or `reset` to the built-in list prices; null when cancelled. */
  setRatingCatalog(req: { month: Month; path?: string; reset?: boolean }): Promise<RatingSettingsView | null>;
  /** Bill-currency units per 1 catalog-currency unit, stored for the month. */
  setExchangeRate(req: { month: Month; rate: DecimalText }): Promise<RatingSettingsView>;
  calculators(): Promise<CalculatorInfo[]>;
  /** Inputs as typed in the form (blank = not given; a checkbox sends "true"). A bad one fails with `field` set. */
  calculate(req: { id: string; inputs: Record<string, string> }): Promise<CalculatorResult>;
  exportMonth(req: ExportRequest): Promise<ExportResultView | null>;
  /** Sign the month off (refused, saying why, while anything unexplained is open); answers with its frozen report. */
  closeMonth(req: { month: Month; by: string; note?: string | null }): Promise<MonthReportView>;
  reopenMonth(req: { month: Month; by: string; reason: string }): Promise<MonthReportView>;
  /** The audit log of sign-offs, of one month or all, oldest first. */
  auditLog(req: { month?: Month }): Promise<AuditEventView[]>;
  /** One row per month (of one year, or all), read from the persisted month reports. */
  yearTable(req: { year?: string }): Promise<YearRowView[]>;
  /** The month's audit report, for the report page (a month out of date is reconciled first, as an export is). */
  auditReport(req: { month: Month }): Promise<AuditReportView>;
  /** Shell only: the report page printed to a PDF the save dialog names (Electron's printToPDF); null when cancelled. */
  exportAuditReport(req: { month: Month; lang: Lang }): Promise<ExportResultView | null>;
  cancel(req: { opId: OperationId }): Promise<boolean>;
  systemLocale(): Promise<string>;
  onProgress(listener: (e: ProgressEvent) => void): () => void;
}

/** One IPC channel per call that crosses to main (pathForFile and onProgress stay in preload). */
export const CHANNELS = {
  pickFiles: 'files:pick',
  previewImport: 'import:preview',
  commitImport: 'import:commit',
  undoImport: 'import:undo',
  listImports: 'imports:list',
  monthsAvailable: 'months:list',
  monthReport: 'month:report',
  reconcile: 'month:reconcile',
  mismatches: 'mismatches:page',
  mismatchFacets: 'mismatches:facets',
  mismatchSources: 'mismatches:sources',
  setReview: 'mismatches:review',
  rating: 'rating:month',
  ratingSettings: 'rating:settings',
  setRatingAccount: 'rating:account',
  setRatingCatalog: 'rating:catalog',
  setExchangeRate: 'rating:exchange-rate',
  calculators: 'calc:list',
  calculate: 'calc:run',
  exportMonth: 'export:month',
  closeMonth: 'month:close',
  reopenMonth: 'month:reopen',
  auditLog: 'audit:list',
  yearTable: 'year:table',
  auditReport: 'report:audit',
  exportAuditReport: 'export:audit-pdf',
  cancel: 'op:cancel',
  systemLocale: 'app:locale',
} as const satisfies Partial<Record<keyof Api, string>>;

export type ChannelName = keyof typeof CHANNELS;
export const PROGRESS_CHANNEL = 'op:progress';

/** Errors cross IPC as messages; this prefix carries the ApiFailure as JSON. */
export const FAILURE_PREFIX = 'billrecon-failure:';
