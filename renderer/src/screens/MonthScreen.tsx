import { useEffect, useState } from 'react';
import type { BridgeView, ExportRequest, MonthReportView } from '../../../main/api/contract';
import { api, failureText, newOpId } from '../api';
import { isZero, magnitude } from '../format';
import { useI18n, type MessageKey } from '../i18n';

const STEPS: [keyof BridgeView, MessageKey, boolean][] = [
  ['prepaidTiming', 'prepaidTiming', true],
  ['crossMonth', 'crossMonth', true],
  ['precision', 'precision', true],
  ['refunds', 'refunds', true],
  ['missing', 'missingCat', false],
  ['amountMismatch', 'amountMismatch', false],
];

export function MonthScreen({ month, dataVersion }: { month: string; dataVersion: number }) {
  const { t, n, lang } = useI18n();
  const [report, setReport] = useState<MonthReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [format, setFormat] = useState<ExportRequest['format']>('xlsx');

  useEffect(() => {
    let live = true;
    setReport(null);
    setError(null);
    api.monthReport({ month }).then(
      (r) => live && setReport(r),
      (e) => live && setError(failureText(e)),
    );
    return () => {
      live = false;
    };
  }, [month, dataVersion]);

  const rerun = async () => {
    setError(null);
    try {
      setReport(await api.reconcile({ month, opId: newOpId('reconcile') }));
    } catch (e) {
      setError(failureText(e));
    }
  };

  const exportMonth = async () => {
    try {
      const r = await api.exportMonth({ month, format, lang, opId: newOpId('export') });
      if (r) setExported(r.path);
    } catch (e) {
      setError(failureText(e));
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!report) return <p className="loading">{t('loading')}</p>;
  const p = report.precision;
  return (
    <section className="month" data-testid="month-overview">
      <div className="cards">
        <Figure label={t('feeTotal')} value={n(report.fee.total)} testId="fee-total" sub={`${n(String(report.fee.lines))} ${t('rows')}`} />
        <Figure label={t('consumptionTotal')} value={n(report.consumption.total)} testId="consumption-total" sub={`${n(String(report.consumption.lines))} ${t('rows')}`} />
        <Figure label={t('precisionOurs')} value={n(p.difference)} testId="precision-ours" sub={`${n(p.deducted)} − ${n(p.rated)}`} />
        <Figure
          label={t('precisionBill')}
          value={p.billed === null ? '—' : n(p.billed)}
          testId="precision-bill"
          sub={p.agrees === null ? t('noBillLine') : p.agrees ? t('agrees') : t('disagrees')}
          warn={p.agrees === false}
        />
        <Figure label={t('unexplained')} value={n(report.bridge.unexplained)} testId="unexplained" warn={!isZero(report.bridge.unexplained)} sub={`${report.openUnexplained} ${t('openUnexplained')}`} />
      </div>
      <h2>{t('bridge')}</h2>
      <Waterfall report={report} />
      <p className="meta">
        {t('lineChecks')}: {report.lineChecks.checked} · {t('failed')}: <span data-testid="line-checks-failed">{report.lineChecks.failed}</span> · tolerance {n(report.tolerance)} · {report.period}
        {report.ranAt && <> · {report.ranAt}</>}
      </p>
      {report.notes.length > 0 && (
        <ul className="notes">
          {report.notes.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button onClick={() => void rerun()} data-testid="rerun">
          {t('rerun')}
        </button>
        <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportRequest['format'])}>
          <option value="xlsx">{t('exportXlsx')}</option>
          <option value="mismatches-csv">{t('exportMismatchesCsv')}</option>
          <option value="detail-csv">{t('exportDetailCsv')}</option>
          <option value="focus-csv">{t('exportFocusCsv')}</option>
        </select>
        <button onClick={() => void exportMonth()} data-testid="export">
          {t('export')}
        </button>
        {exported && (
          <span className="ok" data-testid="exported">
            {t('exported')}: {exported}
          </span>
        )}
      </div>
    </section>
  );
}

function Figure({ label, value, sub, testId, warn }: { label: string; value: string; sub?: string; testId: string; warn?: boolean }) {
  return (
    <div className={warn ? 'figure warn' : 'figure'}>
      <div className="label">{label}</div>
      <div className="value num" data-testid={testId}>
        {value}
      </div>
      {sub && <div className="sub">{sub}</div>}
    </div>
  );
}

/** Fee total, one step per bridge category, down (or up) to the consumption total. */
function Waterfall({ report }: { report: MonthReportView }) {
  const { t, n } = useI18n();
  const W = 860;
  const H = 280;
  const top = 20;
  const bottom = 60;
  const fee = magnitude(report.fee.total);
  const steps = STEPS.map(([key, label, explained]) => ({ key, label: t(label), text: report.bridge[key], value: magnitude(report.bridge[key]), explained }));
  const levels: number[] = [fee];
  for (const s of steps) levels.push(levels[levels.length - 1]! - s.value);
  const cons = magnitude(report.consumption.total);
  const all = [0, fee, cons, ...levels];
  const max = Math.max(...all);
  const min = Math.min(...all);
  const span = max - min || 1;
  const y = (v: number) => top + ((max - v) / span) * (H - top - bottom);
  const bars = [
    { label: t('feeTotal'), text: report.fee.total, from: 0, to: fee, kind: 'total' },
    ...steps.map((s, i) => ({ label: s.label, text: s.text, from: levels[i]!, to: levels[i + 1]!, kind: s.explained ? 'explained' : isZero(s.text) ? 'explained' : 'unexplained' })),
    { label: t('consumptionTotal'), text: report.consumption.total, from: 0, to: cons, kind: 'total' },
  ];
  const bw = W / bars.length;
  return (
    <svg className="waterfall" data-testid="waterfall" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('bridge')}>
      <line x1={0} x2={W} y1={y(0)} y2={y(0)} className="axis" />
      {bars.map((b, i) => {
        const y1 = Math.min(y(b.from), y(b.to));
        const h = Math.max(1, Math.abs(y(b.from) - y(b.to)));
        return (
          <g key={i} className={`bar ${b.kind}`} data-kind={b.kind}>
            <rect x={i * bw + 8} y={y1} width={bw - 16} height={h} />
            <text x={i * bw + bw / 2} y={y1 - 4} textAnchor="middle" className="bar-value">
              {n(b.text)}
            </text>
            <text x={i * bw + bw / 2} y={H - bottom + 18} textAnchor="middle" className="bar-label">
              {b.label}
            </text>
            {i > 0 && i < bars.length - 1 && (
              <line x1={(i - 1) * bw + bw - 8} x2={i * bw + 8} y1={y(b.from)} y2={y(b.from)} className="connector" />
            )}
          </g>
        );
      })}
    </svg>
  );
}
