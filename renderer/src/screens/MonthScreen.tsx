import { useState } from 'react';
import type { ExportRequest, MonthReportView } from '../../../main/api/contract';
import { api, newOpId } from '../api';
import { unexplainedOf } from '../agreement';
import { formatLocalTime, formatMoney, isZero } from '../format';
import { useI18n } from '../i18n';
import { useMonthReport } from '../report';
import { Money } from '../components/Money';
import { CoreText, Data, FailureText } from '../components/Text';
import { Waterfall } from '../components/Waterfall';
import { GroupTotals } from './month/GroupTotals';
import { SignOffPanel } from './month/SignOff';

export function MonthScreen() {
  const { t } = useI18n();
  const { report, phase, error, refresh } = useMonthReport();
  if (!report && phase === 'stale')
    return (
      <p className="error" role="alert" data-testid="month-error">
        <FailureText error={error} />
      </p>
    );
  if (!report) return <p className="loading">{t('loading')}</p>;
  return (
    <section className={phase === 'current' ? 'month' : 'month out-of-date'} data-testid="month-overview" aria-busy={phase === 'recomputing'}>
      <h2 className="visually-hidden">{t('tabMonth')}</h2>
      <Cards report={report} />
      <h3>{t('bridge')}</h3>
      <Waterfall report={report} />
      <RunFacts report={report} />
      <GroupTotals report={report} />
      {report.notes.length > 0 && (
        <ul className="notes" data-testid="notes" aria-label={t('notes')}>
          {report.notes.map((x, i) => (
            <li key={i}>
              <CoreText text={x} />
            </li>
          ))}
        </ul>
      )}
      <Duplicates report={report} />
      <SignOffPanel report={report} />
      <div className="actions">
        <button type="button" onClick={refresh} data-testid="rerun">
          {t('rerun')}
        </button>
        <ExportControls month={report.month} />
      </div>
    </section>
  );
}

function Cards({ report }: { report: MonthReportView }) {
  const { t, lang } = useI18n();
  const p = report.precision;
  const u = unexplainedOf(report);
  const ccy = report.currency ?? null;
  return (
    <div className="cards">
      <Figure label={t('feeTotal')} value={report.fee.total} currency={ccy} testId="fee-total" sub={t('linesSub', { n: report.fee.lines })} />
      <Figure label={t('consumptionTotal')} value={report.consumption.total} currency={ccy} testId="consumption-total" sub={t('linesSub', { n: report.consumption.lines })} />
      <Figure label={t('precisionOurs')} value={p.difference} currency={ccy} testId="precision-ours" sub={t('precisionSub', { deducted: formatMoney(p.deducted, lang), rated: formatMoney(p.rated, lang) })} />
      <Figure
        label={t('precisionBill')}
        value={p.billed}
        currency={ccy}
        testId="precision-bill"
        sub={p.agrees === null ? t('noBillLine') : p.agrees ? t('agrees') : t('disagrees')}
        warn={p.agrees === false}
      />
      <Figure
        label={t('unexplained')}
        value={u.total}
        currency={ccy}
        testId="unexplained"
        warn={!isZero(u.total) || u.open > 0}
        sub={t('unexplainedSub', { n: u.count, open: u.open })}
        sub2={u.rating === null ? undefined : t('unexplainedSplit', { bridge: formatMoney(u.bridge, lang), rating: formatMoney(u.rating, lang) })}
      />
    </div>
  );
}

interface FigureProps {
  label: string;
  value: string | null;
  currency: string | null;
  sub?: string;
  sub2?: string;
  testId: string;
  warn?: boolean;
}

function Figure({ label, value, currency, sub, sub2, testId, warn }: FigureProps) {
  return (
    <div className={warn ? 'figure warn' : 'figure'} data-testid={`card-${testId}`}>
      <div className="label">{label}</div>
      <div className="value">
        <Money value={value} currency={currency} showCurrency testId={testId} />
      </div>
      {sub && <div className="sub">{sub}</div>}
      {sub2 && (
        <div className="sub" data-testid={`${testId}-split`}>
          {sub2}
        </div>
      )}
    </div>
  );
}

function RunFacts({ report }: { report: MonthReportView }) {
  const { t, n } = useI18n();
  const period = report.period === 'billing' ? t('period_billing') : report.period === 'deduction' ? t('period_deduction') : report.period;
  return (
    <p className="meta" data-testid="run-facts">
      <span data-testid="line-checks">
        {t('lineChecks', { checked: report.lineChecks.checked, failed: report.lineChecks.failed })}
        {/* The core's count, shown only when there are some (as the CLI does): not failures, but not verified either. */}
        {report.lineChecks.notCheckable > 0 && <span data-testid="line-checks-not-checkable">{t('lineChecksNotCheckable', { n: report.lineChecks.notCheckable })}</span>}
      </span>
      <span className="visually-hidden" data-testid="line-checks-failed">
        {report.lineChecks.failed}
      </span>{' '}
      · {t('tolerance', { amount: `${n(report.tolerance)}${report.currency ? ` ${report.currency}` : ''}` })} · {period}
      {report.ranAt && <> · {t('reportAsOf', { time: formatLocalTime(report.ranAt) })}</>}
    </p>
  );
}

function Duplicates({ report }: { report: MonthReportView }) {
  const { t } = useI18n();
  if (report.duplicates.length === 0) return null;
  return (
    <>
      <h3>{t('duplicates')}</h3>
      <ul className="notes">
        {report.duplicates.map((d, i) => (
          <li key={i}>
            {t('labelled', { label: t(d.side === 'fee' ? 'fee' : 'consumption') })}<CoreText text={d.reason} /> ×{d.count}, <Money value={d.amount} currency={report.currency} showCurrency />{' '}
            <Data>{d.sources.slice(0, 5).join(', ')}</Data>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The export formats; 'audit-pdf' is the audit report page printed to PDF by the shell (issue 15 §2). */
type ExportFormat = ExportRequest['format'] | 'audit-pdf';
const FORMATS: [ExportFormat, 'exportXlsx' | 'exportMismatchesCsv' | 'exportDetailCsv' | 'exportFocusCsv' | 'exportAuditPdf'][] = [
  ['xlsx', 'exportXlsx'],
  ['mismatches-csv', 'exportMismatchesCsv'],
  ['detail-csv', 'exportDetailCsv'],
  ['focus-csv', 'exportFocusCsv'],
  ['audit-pdf', 'exportAuditPdf'],
];

function ExportControls({ month }: { month: string }) {
  const { t, lang } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ path: string } | { error: unknown } | null>(null);
  const exportMonth = async () => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const r = format === 'audit-pdf' ? await api.exportAuditReport({ month, lang }) : await api.exportMonth({ month, format, lang, opId: newOpId('export') });
      if (r) setOutcome({ path: r.path });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label>
        {t('exportFormat')}{' '}
        <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {FORMATS.map(([f, key]) => (
            <option key={f} value={f}>
              {t(key)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void exportMonth()} data-testid="export" aria-disabled={busy || undefined}>
        {busy ? t('working', { what: t('workExport') }) : t('export')}
      </button>
      <span role="status">
        {outcome && 'path' in outcome && (
          <span className="ok" data-testid="exported">
            {t('exported')}
            <Data>{outcome.path}</Data>
          </span>
        )}
        {outcome && 'error' in outcome && (
          <span className="error" data-testid="export-error">
            <FailureText error={outcome.error} />
          </span>
        )}
      </span>
    </>
  );
}
