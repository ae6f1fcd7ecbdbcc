/**
 * The handler table: one entry per contract channel that reaches the core. Electron's IPC (shell)
 * and the browser e2e bridge both call exactly this table, so what the tests see is what the
 * desktop app does. Every entry validates its raw argument first.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ZodType } from 'zod';
import { ImportError } from '../core/import/index.js';
import { importArrival, previewArrival, undoArrival, type ArrivalOutcome } from '../core/import/package.js';
import type { ImportOptions } from '../core/import/index.js';
import type { ImportRecord, Kind } from '../core/model.js';
import { fixed } from '../core/money/decimal.js';
import type { Mismatch } from '../core/report/mismatch.js';
import { listMismatches as listStoredMismatches, listTriage, openUnexplainedCounts, scopeFacets } from '../core/report/mismatch-store.js';
import { listImports, monthsOfImport, monthsWithLines, type Db } from '../core/store/index.js';
import { explainStoreError } from '../core/store/store-errors.js';
import { inWriteTurn, onWriteWait } from '../core/store/write-turn.js';
import { monthFigures } from '../core/reconcile/report-figures.js';
import { isGroupBill, lastRun, mismatchSources, reconcileMonth, reportIsCurrent, setReview, type ReconcileRun, type SourceLine } from '../core/reconcile/index.js';
import {
  defaultValidityRule,
  getExchangeRate,
  loadAccountFile,
  parseAccountFile,
  rateTiwMonth,
  resolveAccount,
  saveAccountFile,
  setExchangeRate,
  tiwBillCurrency,
  type ValidityRule,
} from '../core/rating/index.js';
import { activeTiwCatalog, activeUserCatalog, importUserCatalog, resetUserCatalog } from '../core/catalog/user-catalogs.js';
import { monthDays } from '../core/calendar/days.js';
import { CALCULATORS, CalcFieldError, findCalculator, runCalculator } from '../core/calc/calculators.js';
import { exportMonth } from '../core/export/index.js';
import { auditReport } from '../core/export/audit-report.js';
import { auditEvents, closeMonth, frozenRun, reopenMonth, signOffOf } from '../core/close/index.js';
import { yearTable } from '../core/close/year.js';
import type {
  Api,
  ApiFailure,
  CalculatorInfo,
  CalculatorResult,
  ImportOptionsInput,
  ImportOutcomeView,
  ImportRecordView,
  MismatchPage,
  MismatchPageQuery,
  MismatchView,
  MonthReportView,
  ProgressEvent,
  RatingSettingsView,
  RatingView,
  SourceLineView,
} from './contract.js';
import { schemas, type SchemaChannel } from './schemas.js';

/** A refusal that crosses to the renderer as an ApiFailure. */
export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

export function notAvailable(what: string): ApiError {
  return new ApiError({ type: 'not-available', message: `${what} is not available in this build yet` });
}

export function toFailure(err: unknown): ApiFailure {
  if (err instanceof ApiError) return err.failure;
  if (err instanceof ImportError) return { type: 'import', message: err.message, file: err.file, row: err.row, column: err.column };
  if (err instanceof Error && err.name === 'AbortError') return { type: 'cancelled', message: 'cancelled' };
  // The core marks what the accountant can fix (a bad account file, a missing exchange rate).
  if (err instanceof Error && (err as { isUserError?: unknown }).isUserError === true) return { type: 'input', message: err.message };
  if (err instanceof Error) return { type: 'internal', message: err.message };
  return { type: 'internal', message: String(err) };
}

type Result<K extends SchemaChannel> = Awaited<ReturnType<Api[K]>>;
export type HandlerTable = { [K in SchemaChannel]: (raw: unknown) => Promise<Result<K>> };

export interface HandlerDeps {
  db: Db;
  /** Progress of long operations; IPC sends it to the window, the e2e bridge to its client. */
  emit(e: ProgressEvent): void;
  /** Who marks reviews (default: the OS user). */
  user?: string;
  /** The whiteboard monthly-fee validity rule (default: the core's, SPEC §4). */
  validityRule?: ValidityRule;
}

function parse<K extends SchemaChannel>(channel: K, raw: unknown): unknown {
  const schema: ZodType = schemas[channel];
  const r = schema.safeParse(raw);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ');
    throw new ApiError({ type: 'input', message: `${channel}: ${why}` });
  }
  return r.data;
}

function importOptions(o: ImportOptionsInput | undefined): ImportOptions {
  const out: ImportOptions = {};
  if (o?.kind) out.kind = o.kind as Kind;
  if (o?.encoding) out.encoding = o.encoding;
  if (o?.replace) out.replace = true;
  if (o?.map) out.map = o.map;
  return out;
}

function importView(r: ImportRecord): ImportRecordView {
  return {
    id: r.id,
    fileName: r.fileName,
    size: r.size,
    sha256: r.sha256,
    kind: r.kind,
    layout: r.layout,
    encoding: r.encoding,
    sheet: r.sheet,
    headerRow: r.headerRow,
    rowCount: r.rowCount,
    importedAt: r.importedAt,
    appVersion: r.appVersion,
    aggregated: r.aggregated,
    period: r.period,
    status: r.status,
    kindReason: r.kindReason,
    notes: r.notes ?? [],
    ...(r.packageSha256 ? { package: r.package ?? null, packageSha256: r.packageSha256 } : {}),
  };
}

/**
 * One file's outcome as the import screen shows it; a package's is its first stored file's, with
 * every file inside it listed (`inner`) and the rows and months of all. A package none of whose
 * files could be stored fails with each one's reason.
 */
function arrivalView(db: Db, a: ArrivalOutcome): ImportOutcomeView {
  const stored = a.entries.filter((e) => e.outcome);
  const first = stored[0]?.outcome;
  if (!first) throw new ImportError(a.file, null, null, `nothing stored from the package: ${a.entries.map((e) => e.error ?? e.file).join('; ')}`);
  const view: ImportOutcomeView = {
    id: first.id, file: first.file, sha256: first.sha256, kind: first.kind, kindReason: first.kindReason, encoding: first.encoding,
    rows: first.rows, status: first.status, replaced: first.replaced, months: importMonths(db, first.id), notes: first.notes ?? [],
  };
  if (!a.package) return view;
  const imported = stored.filter((e) => e.status === 'imported');
  return {
    ...view,
    file: a.file,
    sha256: a.package.sha256,
    status: imported.length > 0 ? 'imported' : 'duplicate',
    rows: imported.reduce((n, e) => n + e.outcome!.rows, 0),
    replaced: stored.flatMap((e) => e.outcome!.replaced),
    months: [...new Set(stored.flatMap((e) => importMonths(db, e.outcome!.id)))].sort(),
    // Each file's notes stay with its own line below, not the package's.
    notes: [],
    inner: a.entries.map((e) =>
      e.outcome
        ? { file: e.file, status: e.outcome.status, id: e.outcome.id, kind: e.outcome.kind, rows: e.outcome.rows, replaced: e.outcome.replaced, notes: e.outcome.notes ?? [] }
        : { file: e.file, status: e.status, error: e.error ?? e.status },
    ),
  };
}

function mismatchView(m: Mismatch): MismatchView {
  return { ...m, note: m.note ?? null };
}

function monthsOf(db: Db): string[] {
  const reported = db.prepare('select month from month_report').pluck().all() as string[];
  return [...new Set([...monthsWithLines(db), ...reported])].sort().reverse();
}

/** The month's stored report while it still describes the data; otherwise none (it is recomputed). A closed month's is its frozen one. */
function currentRun(db: Db, month: string): ReconcileRun | undefined {
  const frozen = frozenRun(db, month);
  if (frozen) return frozen;
  const run = lastRun(db, month);
  return run && reportIsCurrent(db, run) ? run : undefined;
}

/** The stored report as the screens show it; the open counts are read from the list (reviews move them). */
function reportView(db: Db, run: ReconcileRun): MonthReportView {
  const r = run.summary;
  return {
    ...monthFigures(run, openUnexplainedCounts(db, run.month, r.categories)),
    signOff: signOffOf(db, run.month),
    // Only a group bill's, as the CLI prints its tables only then (a single account's tags stay in --json).
    ...(r.groups && isGroupBill(r.groups) ? { groups: r.groups } : {}),
  };
}

function runReconcile(db: Db, month: string, tolerance: string | undefined, user: string | undefined): MonthReportView {
  reconcileMonth(db, { month, ...(tolerance ? { tolerance } : {}), ...(user ? { user } : {}) });
  return reportView(db, frozenRun(db, month) ?? lastRun(db, month)!);
}

function sourceView(s: SourceLine): SourceLineView {
  const fields: SourceLineView['fields'] = {};
  for (const [k, v] of Object.entries(s.fields)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
    else if (typeof v === 'object' && v !== undefined) fields[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([a, b]) => [a, String(b)]));
  }
  return { side: s.side, file: s.file, row: s.row, fields, columns: s.columns };
}

/** The months an import's rows belong to. */
function importMonths(db: Db, importId: number): string[] {
  const usage = db
    .prepare(
      `select substr(usageDay, 1, 7) from tiw_transcode where importId = @id union select substr(usageDay, 1, 7) from tiw_recording where importId = @id
       union select substr(joinTime, 1, 7) from tiw_session where importId = @id`,
    )
    .pluck()
    .all({ id: importId }) as string[];
  return [...new Set([...monthsOfImport(db, importId), ...usage])].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
}

/**
 * A page of the month's stored list: triage order or a column's, the counts taken from the
 * month report stored with the list (reviews subtracted) instead of counting a million rows.
 */
function mismatchPage(db: Db, q: MismatchPageQuery): MismatchPage {
  const categories = lastRun(db, q.month)?.summary.categories;
  const { sort, ...rest } = q;
  const page = sort === 'triage' ? listTriage(db, rest, categories) : listStoredMismatches(db, { ...rest, ...(sort ? { sort } : {}) }, categories);
  return { total: page.total, offset: q.offset, rows: page.rows.map(mismatchView) };
}

function ratingView(db: Db, month: string, validityRule: ValidityRule): RatingView {
  const r = rateTiwMonth(db, month, { validityRule, record: false });
  const days = r.result.days.map((d) => ({
    date: d.date,
    item: d.item,
    usage: d.usage.toString(),
    trial: d.trial.toString(),
    free: d.free.toString(),
    package: d.package.toString(),
    postpaid: d.postpaid.toString(),
    cost: fixed(d.cost, 2),
  }));
  const packages = r.result.packages.flatMap((p) =>
    Object.keys(p.used).map((item) => ({
      item,
      package: p.package,
      purchased: p.purchased,
      expires: p.expires,
      used: p.used[item as keyof typeof p.used].toString(),
      left: p.left[item as keyof typeof p.left].toString(),
    })),
  );
  const c = r.comparison;
  return {
    month,
    currency: r.catalog.currency,
    days,
    packages,
    serviceStopped: r.result.stopped.map((s) => ({ date: s.date, item: s.item, usage: s.usage.toString() })),
    vsBill: c
      ? { billed: fixed(c.billed, 2), rated: fixed(c.rated, 2), difference: fixed(c.difference, 2), currency: c.billCurrency }
      : { billed: null, rated: null, difference: null, currency: null },
    notes: r.account.notes,
  };
}

function calculatorInfo(c: (typeof CALCULATORS)[number]): CalculatorInfo {
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    fields: c.fields.map((f) => ({
      name: f.name,
      label: f.label,
      kind: f.kind,
      required: f.required,
      help: f.help,
      ...(f.choices ? { choices: [...f.choices] } : {}),
      ...(f.example ? { example: f.example } : {}),
    })),
  };
}

/** The command line an auditor can rerun: the same table, the same figures. */
function cliLine(id: string, inputs: Record<string, string>, kinds: Map<string, string>): string {
  const quote = (v: string) => (/^[\w.:,/-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const parts = ['billrecon', 'calc', id];
  for (const [k, v] of Object.entries(inputs)) {
    const t = v.trim();
    if (t === '') continue;
    const kind = kinds.get(k);
    if (kind === 'boolean') {
      if (/^(true|yes|1)$/i.test(t)) parts.push(`--${k}`);
    } else if (kind === 'list') {
      // A list typed in one box (commas, new lines) is the repeatable flag on the command line.
      for (const v of t.split(/[\s,;]+/).filter((x) => x !== '')) parts.push(`--${k}`, quote(v));
    } else parts.push(`--${k}`, quote(t));
  }
  return parts.join(' ');
}

function calculate(id: string, inputs: Record<string, string>): CalculatorResult {
  const calc = findCalculator(id);
  if (!calc) throw new ApiError({ type: 'input', message: `calculate: no calculator '${id}' (one of ${CALCULATORS.map((c) => c.id).join(', ')})`, field: 'id' });
  try {
    const o = runCalculator(calc, inputs);
    const term = (t: (typeof o.terms)[number]) => ({ name: t.name, label: t.label, value: t.value, expression: t.expression ?? null });
    return {
      id: calc.id,
      result: term(o.result),
      currency: o.currency,
      terms: o.terms.map(term),
      formula: o.formula,
      notes: o.notes,
      cli: cliLine(calc.id, inputs, new Map(calc.fields.map((f) => [f.name, f.kind]))),
    };
  } catch (err) {
    if (err instanceof CalcFieldError) {
      const label = calc.fields.find((f) => f.name === err.field)?.label ?? err.field;
      throw new ApiError({ type: 'input', message: `${label} (${err.field}): ${err.reason}`, field: err.field });
    }
    throw err;
  }
}

function ratingSettingsView(db: Db, month: string): RatingSettingsView {
  const catalog = activeTiwCatalog(db);
  const stored = loadAccountFile(db);
  const used = resolveAccount(db, catalog);
  const userCatalog = activeUserCatalog(db);
  const billCurrency = tiwBillCurrency(db, month, monthDays(month), catalog);
  const rate = billCurrency === null ? null : getExchangeRate(db, month, catalog.currency, billCurrency);
  return {
    month,
    catalog: { version: catalog.version, currency: catalog.currency, origin: catalog.origin, fileName: userCatalog?.fileName ?? null, sha256: catalog.sha256 },
    account: {
      fileName: stored?.fileName ?? null,
      savedAt: stored?.savedAt ?? null,
      trialStart: used.trialStart,
      monthlyFee: used.monthlyFee.map((m) => ({ date: m.date, months: m.months, source: m.source })),
      packages: used.packages.map((p) => ({ package: p.package, date: p.date, quantity: p.quantity, source: p.source })),
      from: { ...used.from },
      notes: used.notes,
    },
    billCurrency,
    exchangeRate: rate === null || billCurrency === null ? null : { from: catalog.currency, to: billCurrency, rate },
    exchangeRateNeeded: billCurrency !== null && billCurrency !== catalog.currency,
  };
}

/** A file the shell's open dialog chose: its text and its name (as runs record it). */
function readChosenFile(channel: string, path: string): { text: string; name: string } {
  try {
    return { text: readFileSync(path, 'utf8'), name: basename(path) };
  } catch (err) {
    throw new ApiError({ type: 'input', message: `${channel}: cannot read ${basename(path)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, file: basename(path) });
  }
}

/** Every handler's SQLite and file errors as sentences naming the database (store-errors.ts), never raw. */
function explained(table: HandlerTable, dbPath: string): HandlerTable {
  const out: Record<string, (raw: unknown) => Promise<unknown>> = {};
  for (const [channel, fn] of Object.entries(table) as [string, (raw: unknown) => Promise<unknown>][]) {
    out[channel] = async (raw) => {
      try {
        return await fn(raw);
      } catch (err) {
        throw err instanceof ApiError || err instanceof ImportError ? err : explainStoreError(err, dbPath);
      }
    };
  }
  return out as HandlerTable;
}

/** Calls that never touch the database (or only read the files the user chose), and cancel itself, which must reach a running job. */
const UNQUEUED = new Set<string>(['cancel', 'calculators', 'calculate', 'previewImport']);

/**
 * One call at a time on the one connection: an import keeps its transaction open across its
 * awaits, and a reconcile or a review arriving meanwhile would otherwise run inside it (and be
 * rolled back with it). Calls wait in arrival order.
 */
function oneAtATime(table: HandlerTable, running: Map<string, AbortController>, now: { channel: string; opId: string | null }): HandlerTable {
  let tail: Promise<unknown> = Promise.resolve();
  const out: Record<string, (raw: unknown) => Promise<unknown>> = {};
  for (const [channel, fn] of Object.entries(table) as [string, (raw: unknown) => Promise<unknown>][]) {
    out[channel] = UNQUEUED.has(channel)
      ? fn
      : (raw) => {
          // A job waiting its turn can be cancelled already: its controller exists from the moment it is queued.
          const opId = (raw as { opId?: unknown } | null)?.opId;
          if (typeof opId === 'string' && !running.has(opId)) running.set(opId, new AbortController());
          const run = tail.then(() => {
            now.channel = channel;
            now.opId = typeof opId === 'string' ? opId : null;
            return fn(raw);
          });
          tail = run.catch(() => undefined);
          return run;
        };
  }
  return out as HandlerTable;
}

/** Builds the table over one open database. Cancellation is keyed by the caller's operation id. */
export function createHandlers(deps: HandlerDeps): HandlerTable {
  const running = new Map<string, AbortController>();
  const now = { channel: '', opId: null as string | null };
  // A write that finds another process writing (a CLI import of a big bill) waits its turn; the
  // window is told what the call in progress waits for, as the CLI says it on stderr.
  onWriteWait(
    deps.db,
    () => deps.emit({ opId: now.opId ?? now.channel, phase: 'waiting', percent: 0, message: `waiting for another billrecon process to finish writing ${deps.db.name}…` }),
    () => deps.emit({ opId: now.opId ?? now.channel, phase: 'resumed', percent: 0, message: `writing ${deps.db.name}` }),
  );
  return oneAtATime(explained(handlerTable(deps, running), deps.db.name), running, now);
}

/** Operation bookkeeping of the long calls: their abort controllers and their done/failed/cancelled events. */
interface Ops {
  start(opId: string | undefined): AbortController;
  guarded<T>(opId: string | undefined, ac: AbortController, work: () => Promise<T>): Promise<T>;
}

function operations(emit: HandlerDeps['emit'], running: Map<string, AbortController>): Ops {
  const finish = (opId: string | undefined, ok: boolean, message: string, cancelled = false): void => {
    if (!opId) return;
    running.delete(opId);
    emit({ opId, phase: cancelled ? 'cancelled' : ok ? 'done' : 'failed', percent: ok ? 100 : 0, message });
  };
  return {
    start(opId) {
      const ac = (opId ? running.get(opId) : undefined) ?? new AbortController();
      if (opId) running.set(opId, ac);
      return ac;
    },
    async guarded(opId, ac, work) {
      try {
        // Work that completed is reported as done: its transaction committed, whatever arrived after.
        const out = await work();
        finish(opId, true, 'done');
        return out;
      } catch (err) {
        const f = toFailure(err);
        const cancelled = ac.signal.aborted || f.type === 'cancelled';
        finish(opId, false, f.message, cancelled);
        throw cancelled ? new ApiError({ type: 'cancelled', message: 'cancelled' }) : err;
      }
    },
  };
}

function handlerTable(deps: HandlerDeps, running: Map<string, AbortController>): HandlerTable {
  const ops = operations(deps.emit, running);
  return {
    ...importHandlers(deps, ops),
    ...monthHandlers(deps, ops),
    ...ratingHandlers(deps),
    ...closeHandlers(deps),
    async cancel(raw) {
      const { opId } = parse('cancel', raw) as { opId: string };
      const ac = running.get(opId);
      if (!ac) return false;
      ac.abort();
      return true;
    },
  };
}

/** The import screen: preview, commit, undo and the audit trail of files. */
function importHandlers(deps: HandlerDeps, ops: Ops): Pick<HandlerTable, 'previewImport' | 'commitImport' | 'undoImport' | 'listImports'> {
  const { db, emit } = deps;
  return {
    async previewImport(raw) {
      const req = parse('previewImport', raw) as { paths: string[]; options?: ImportOptionsInput };
      const out = [];
      for (const path of req.paths) {
        try {
          const p = await previewArrival(path, importOptions(req.options), db);
          out.push({ ok: true as const, preview: { path, ...p, file: p.file || basename(path) } });
        } catch (err) {
          out.push({ ok: false as const, path, error: toFailure(err) });
        }
      }
      return out;
    },
    async commitImport(raw) {
      const req = parse('commitImport', raw) as { path: string; options?: ImportOptionsInput; opId: string };
      const ac = ops.start(req.opId);
      return ops.guarded(req.opId, ac, async () => {
        const arrival = await importArrival(db, req.path, {
          ...importOptions(req.options),
          signal: ac.signal,
          onProgress: (p) => emit({ opId: req.opId, phase: 'import', file: p.file, rows: p.rows, bytes: p.bytes, totalBytes: p.totalBytes, percent: p.percent }),
        });
        return arrivalView(db, arrival);
      });
    },
    async undoImport(raw) {
      const req = parse('undoImport', raw) as { id: number };
      // Its turn to write first: the undo reads the parts of the bill before it writes, and a
      // read that becomes a write while another process writes fails at once, without waiting.
      inWriteTurn(db, () => undoArrival(db, req.id));
      return listImports(db).map(importView);
    },
    async listImports(raw) {
      parse('listImports', raw);
      return listImports(db).map(importView);
    },
  };
}

/** A month: its report, mismatches, sources and review marks, and its export. */
function monthHandlers(deps: HandlerDeps, ops: Ops): Pick<HandlerTable, 'monthsAvailable' | 'monthReport' | 'reconcile' | 'mismatches' | 'mismatchFacets' | 'mismatchSources' | 'setReview' | 'exportMonth'> {
  const { db, emit } = deps;
  return {
    async monthsAvailable(raw) {
      parse('monthsAvailable', raw);
      return monthsOf(db);
    },
    async monthReport(raw) {
      const { month } = parse('monthReport', raw) as { month: string };
      const run = currentRun(db, month);
      return run ? reportView(db, run) : runReconcile(db, month, undefined, deps.user);
    },
    async reconcile(raw) {
      const req = parse('reconcile', raw) as { month: string; tolerance?: string; opId?: string };
      const ac = ops.start(req.opId);
      if (req.opId) emit({ opId: req.opId, phase: 'reconcile', percent: 0, message: `reconciling ${req.month}` });
      // The engine runs in one synchronous pass; cancelling only stops it from being reported.
      return ops.guarded(req.opId, ac, async () => runReconcile(db, req.month, req.tolerance, deps.user));
    },
    async mismatches(raw) {
      const q = parse('mismatches', raw) as Parameters<Api['mismatches']>[0];
      return mismatchPage(db, q);
    },
    async mismatchFacets(raw) {
      const { month } = parse('mismatchFacets', raw) as { month: string };
      const products = db.prepare('select distinct product from mismatch where month = ? and product is not null order by product limit 500').pluck().all(month) as string[];
      const resources = db.prepare('select count(distinct resourceId) from mismatch where month = ?').pluck().get(month) as number;
      // The report records what its mismatches carry; only a report from before that is scanned for it.
      return { products, resources, ...(lastRun(db, month)?.summary.scopeFacets ?? scopeFacets(db, month)) };
    },
    async mismatchSources(raw) {
      const { id } = parse('mismatchSources', raw) as { id: string };
      return mismatchSources(db, id).map(sourceView);
    },
    async setReview(raw) {
      const req = parse('setReview', raw) as { ids: string[]; status: Mismatch['status']; comment: string | null };
      return inWriteTurn(db, () => setReview(db, req.ids, req.status, req.comment, deps.user)).map(mismatchView);
    },
    async exportMonth(raw) {
      const req = parse('exportMonth', raw) as { month: string; format: 'xlsx' | 'mismatches-csv' | 'detail-csv' | 'focus-csv'; lang: 'zh-CN' | 'en'; path?: string; opId?: string };
      const file = req.path;
      if (!file) throw new ApiError({ type: 'input', message: 'exportMonth: no target file chosen' });
      const ac = ops.start(req.opId);
      const step = (percent: number, message: string) => {
        if (ac.signal.aborted) throw new ApiError({ type: 'cancelled', message: 'cancelled' });
        if (req.opId) emit({ opId: req.opId, phase: 'export', percent, message });
      };
      return ops.guarded(req.opId, ac, async () => {
        step(0, 'writing');
        // The same function as `billrecon export`: the same file for the same database and options.
        const target = { xlsx: { workbook: file }, 'mismatches-csv': { mismatchesCsv: file }, 'detail-csv': { detailCsv: file }, 'focus-csv': { focus: file } }[req.format];
        const r = await exportMonth(db, { month: req.month, lang: req.lang, ...target, onProgress: (done, total) => step(Math.floor((done / Math.max(total, 1)) * 100), 'writing') });
        const path = r.workbook?.path ?? r.mismatchesCsv?.path ?? r.detailCsv?.path ?? r.focus!.path;
        return { path, bytes: statSync(path).size };
      });
    },
  };
}

/** Whiteboard re-rating and its settings (account file, catalog, exchange rate) and the calculators. */
function ratingHandlers(deps: HandlerDeps): Pick<HandlerTable, 'rating' | 'ratingSettings' | 'setRatingAccount' | 'setRatingCatalog' | 'setExchangeRate' | 'calculators' | 'calculate'> {
  const { db } = deps;
  return {
    async rating(raw) {
      const { month } = parse('rating', raw) as { month: string };
      return ratingView(db, month, deps.validityRule ?? defaultValidityRule);
    },
    async ratingSettings(raw) {
      const { month } = parse('ratingSettings', raw) as { month: string };
      return ratingSettingsView(db, month);
    },
    async setRatingAccount(raw) {
      const req = parse('setRatingAccount', raw) as { month: string; path?: string };
      if (!req.path) throw new ApiError({ type: 'input', message: 'setRatingAccount: no account file chosen' });
      const file = readChosenFile('setRatingAccount', req.path);
      const account = parseAccountFile(file.text, file.name, activeTiwCatalog(db));
      inWriteTurn(db, () => saveAccountFile(db, account, file.name));
      return ratingSettingsView(db, req.month);
    },
    async setRatingCatalog(raw) {
      const req = parse('setRatingCatalog', raw) as { month: string; path?: string; reset?: true };
      if (req.reset) {
        if (req.path) throw new ApiError({ type: 'input', message: 'setRatingCatalog: either a catalog file or reset, not both' });
        inWriteTurn(db, () => resetUserCatalog(db));
      } else {
        if (!req.path) throw new ApiError({ type: 'input', message: 'setRatingCatalog: no catalog file chosen' });
        const file = readChosenFile('setRatingCatalog', req.path);
        inWriteTurn(db, () => importUserCatalog(db, file.text, file.name));
      }
      return ratingSettingsView(db, req.month);
    },
    async setExchangeRate(raw) {
      const { month, rate } = parse('setExchangeRate', raw) as { month: string; rate: string };
      const catalog = activeTiwCatalog(db);
      const billCurrency = tiwBillCurrency(db, month, monthDays(month), catalog);
      if (billCurrency === null)
        throw new ApiError({ type: 'input', message: `setExchangeRate: the fee bill has no whiteboard lines for ${month}, so there is nothing to compare and no currency to convert to` });
      if (billCurrency === catalog.currency)
        throw new ApiError({ type: 'input', message: `setExchangeRate: the catalog and the fee bill are both in ${billCurrency}; no rate is needed` });
      inWriteTurn(db, () => setExchangeRate(db, month, catalog.currency, billCurrency, rate));
      return ratingSettingsView(db, month);
    },
    async calculators(raw) {
      parse('calculators', raw);
      return CALCULATORS.map(calculatorInfo);
    },
    async calculate(raw) {
      const req = parse('calculate', raw) as { id: string; inputs: Record<string, string> };
      return calculate(req.id, req.inputs);
    },
  };
}

/** Closing a month, the audit log, the year and the audit report. */
function closeHandlers(deps: HandlerDeps): Pick<HandlerTable, 'closeMonth' | 'reopenMonth' | 'auditLog' | 'yearTable' | 'auditReport'> {
  const { db } = deps;
  return {
    async closeMonth(raw) {
      const req = parse('closeMonth', raw) as { month: string; by: string; note?: string | null };
      closeMonth(db, { month: req.month, by: req.by, note: req.note ?? null });
      return reportView(db, frozenRun(db, req.month)!);
    },
    async reopenMonth(raw) {
      const req = parse('reopenMonth', raw) as { month: string; by: string; reason: string };
      reopenMonth(db, req);
      return reportView(db, currentRun(db, req.month) ?? lastRun(db, req.month)!);
    },
    async auditLog(raw) {
      const req = parse('auditLog', raw) as { month?: string };
      return auditEvents(db, req.month);
    },
    async yearTable(raw) {
      const req = parse('yearTable', raw) as { year?: string };
      return yearTable(db, req.year);
    },
    async auditReport(raw) {
      const { month } = parse('auditReport', raw) as { month: string };
      return auditReport(db, month);
    },
  };
}

export type { SchemaChannel };
