/**
 * The audit report of a month (issue 15 §2): everything the printed report shows, read from the
 * persisted month report the exports read (reconcileForExport: the stored one while current, the
 * frozen one of a closed month) and never recomputed here. The renderer's report page prints it;
 * the CLI hands this object to that page in Chromium, the app sends it over the contract
 * (`auditReport`), so both print the same figures.
 */
import { frozenRun, inputFiles, signOffOf, type SignOff } from '../close/index.js';
import type { DecimalText, Month } from '../model.js';
import { monthClaims, type ClaimKind } from '../reconcile/claims.js';
import { closedMonth, type FrozenFile } from '../reconcile/closed.js';
import { lastRun, type ReconcileRun } from '../reconcile/index.js';
import { monthFigures, type MonthFigures } from '../reconcile/report-figures.js';
import type { Mismatch, MismatchCategory, ReviewStatus } from '../report/mismatch.js';
import { auditEvents, type AuditEvent } from '../store/closed-months.js';
import { linesInMonth, type Db } from '../store/index.js';
import { inWriteTurn } from '../store/write-turn.js';
import { APP_VERSION } from '../version.js';
import { reconcileForExport } from './reconciled.js';

/** The month's figures in the shape of the contract's MonthReportView (the Waterfall reads them). */
export type AuditFigures = MonthFigures & { signOff: SignOff | null };

export interface AuditMismatch {
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
}

/** An input file of the month, as a close freezes it. */
export type AuditFile = FrozenFile;

export interface AuditClaims {
  currency: string | null;
  /** Σ of the counted claims, 8 dp. */
  total: DecimalText;
  claims: { kind: ClaimKind; product: string | null; resource: string | null; component: string | null; amount: DecimalText; counted: boolean; evidence: string[]; comment: string | null }[];
}

export interface AuditReport {
  month: Month;
  appVersion: string;
  figures: AuditFigures;
  /** Every mismatch of the month in the list's stable order, with its review mark and comment. */
  mismatches: AuditMismatch[];
  /** The input files with their sha256: a closed month's frozen list, else what a close would freeze now. */
  files: AuditFile[];
  claims: AuditClaims;
  signOff: SignOff | null;
  /** The month's closes and reopens, oldest first. */
  events: AuditEvent[];
  /** The instant the printed report stands for (the sign-off, else the report's run): the PDF's dates. */
  asOf: string;
}

/** A month with nothing imported: there is no report to print (exit 2 on the CLI, a sentence in the app). */
export class AuditReportError extends Error {
  readonly isUserError = true;
  override name = 'AuditReportError';
}

/**
 * Build the month's audit report in one write turn: a month whose stored report is out of date is
 * reconciled first (as an export is), and the report, its list and the files are read from one state.
 */
export function auditReport(db: Db, month: Month): AuditReport {
  return inWriteTurn(db, () => {
    const closed = closedMonth(db, month);
    if (!closed && linesInMonth(db, month) === 0) throw new AuditReportError(`no fee-bill or consumption lines are imported for ${month}`);
    const { forExport } = reconcileForExport(db, { month });
    // The run the export read: the frozen one of a closed month, else the one just checked or stored.
    const run: ReconcileRun = frozenRun(db, month) ?? lastRun(db, month)!;
    const mismatches = [...forExport.mismatches()].map(mismatchOf);
    const signOff = signOffOf(db, month);
    const files = closed ? closed.frozen.files : inputFiles(db, month, run.inputs.imports.map((i) => i.id));
    const claims = monthClaims(db, { month, ...forExport.report });
    return {
      month,
      appVersion: APP_VERSION,
      figures: figuresOf(run, mismatches, signOff),
      mismatches,
      files: files.map((f) => ({ id: f.id, fileName: f.fileName, kind: f.kind, sha256: f.sha256, size: f.size, rows: f.rows, importedAt: f.importedAt })),
      claims: {
        currency: claims.currency,
        total: claims.total,
        claims: claims.claims.map((c) => ({ kind: c.kind, product: c.product, resource: c.resource, component: c.component, amount: c.amount, counted: c.counted, evidence: c.evidence, comment: c.comment })),
      },
      signOff,
      events: auditEvents(db, month),
      asOf: signOff?.closedAt ?? run.ranAt,
    };
  });
}

function mismatchOf(m: Mismatch): AuditMismatch {
  return {
    id: m.id,
    month: m.month,
    category: m.category,
    explained: m.explained,
    key: m.key,
    against: m.against,
    fee: m.fee,
    consumption: m.consumption,
    difference: m.difference,
    status: m.status,
    comment: m.comment,
    reviewedBy: m.reviewedBy,
    reviewedAt: m.reviewedAt,
    reopenedBecause: m.reopenedBecause,
    note: m.note ?? null,
    feeSources: m.feeSources,
    consumptionSources: m.consumptionSources,
  };
}

/** The stored report as the Month overview shows it; open rows counted on the list printed with it. */
function figuresOf(run: ReconcileRun, mismatches: readonly AuditMismatch[], signOff: SignOff | null): AuditFigures {
  const open = new Map<MismatchCategory, number>();
  for (const m of mismatches) if (!m.explained && m.status === 'open') open.set(m.category, (open.get(m.category) ?? 0) + 1);
  return { ...monthFigures(run, open), signOff };
}
