import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { auditReport } from '../../core/export/audit-report.js';
import { writeAtomically, type Lang } from '../../core/export/index.js';
import { formatUnits, parseUnits } from '../../core/money/index.js';
import { printAuditPdf } from '../audit-pdf.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** --out: a .pdf in a folder that exists, not a folder, not a file the user made read-only. */
function checkOut(given: string, file: string): void {
  if (!/\.pdf$/i.test(file)) throw new UsageError(`--out ${given}: the report must be a .pdf file`);
  if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) throw new UsageError(`--out ${given}: folder ${dirname(given)} does not exist`);
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new UsageError(`--out ${given} is a folder: give the file to write, e.g. ${given}/audit.pdf`);
  try {
    accessSync(file, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${given}: the existing file is read-only, so it was not replaced. Make it writable or choose another name.`);
  }
}

const cents = (text: string): string => formatUnits(parseUnits(text) ?? 0n, 2);

export const command: Command = {
  name: 'report',
  summary: "print a month's audit report as PDF: bridge, precision, line checks, mismatches, files, sign-off",
  help: `Usage: billrecon report --month YYYY-MM --out FILE.pdf [--lang zh-CN|en] [--db PATH] [--json]

Prints the month's audit report, one self-contained PDF (A4) for the auditor: the bridge from the
fee total to the consumption total as a waterfall, the precision difference ours against the
bill's line, the line checks (failed and not checkable), every mismatch with its review status
and comment, the claims total, the input files with their sha256, and the sign-off (who closed
the month, when, the frozen record's sha256) or "not closed".

The figures are the persisted month report's, as 'billrecon export' reads them: a month whose
report is out of date is reconciled first; a closed month prints what was signed off. The PDF is
the desktop app's own report page printed by Chromium (/usr/bin/chromium, or $BILLRECON_CHROMIUM)
from the built app (out/renderer: 'npx electron-vite build' makes it). The same database gives
the same bytes (the PDF's dates are the sign-off's, else the report's run).

  --month YYYY-MM   the bill month (required)
  --out FILE.pdf    the PDF to write (required; written beside it first, then renamed)
  --lang zh-CN|en   language of the report (default zh-CN)
  --db PATH         database file (default: $BILLRECON_DB, else the app's data folder)
  --json            print what was written as JSON

Exit status: 0 written, 2 error (nothing imported for the month, Chromium or the built page missing).
`,
  options: { ...DB_OPTION, month: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    if (!month) throw new UsageError('--month YYYY-MM is required');
    if (!MONTH.test(month)) throw new UsageError(`--month ${month}: expected YYYY-MM, e.g. 2025-03`);
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError('--out FILE.pdf is required');
    const langText = stringFlag(args, 'lang') ?? 'zh-CN';
    if (langText !== 'zh-CN' && langText !== 'en') throw new UsageError(`--lang ${langText}: expected zh-CN or en`);
    const lang: Lang = langText;
    const path = resolve(io.cwd, out);
    checkOut(out, path);
    const db = openCliDb(args, io);
    let report;
    try {
      // Read in one write turn (a month out of date is reconciled first); the database is closed before printing.
      report = auditReport(db, month);
    } finally {
      db.close();
    }
    const pdf = await printAuditPdf(report, { lang, ...(io.env.BILLRECON_CHROMIUM ? { chromium: io.env.BILLRECON_CHROMIUM } : {}) });
    await writeAtomically(path, async (stream) => {
      stream.write(pdf);
    });
    const f = report.figures;
    const summary = {
      path,
      bytes: pdf.length,
      month,
      lang,
      fee: f.fee.total,
      consumption: f.consumption.total,
      unexplained: f.bridge.unexplained,
      mismatches: report.mismatches.length,
      files: report.files.length,
      claims: report.claims.total,
      closed: report.signOff ? { by: report.signOff.closedBy, at: report.signOff.closedAt, sha256: report.signOff.sha256 } : null,
    };
    if (boolFlag(args, 'json')) io.stdout(json(summary));
    else
      io.stdout(
        `audit report: ${path} (${month}, ${lang}: fee ${f.fee.total}, consumption ${f.consumption.total}, unexplained ${f.bridge.unexplained}, ` +
          `${report.mismatches.length} mismatches, ${report.files.length} files, claims ${cents(report.claims.total)}, ` +
          `${report.signOff ? `closed by ${report.signOff.closedBy}` : 'not closed'})\n`,
      );
    return 0;
  },
};
