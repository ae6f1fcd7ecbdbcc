import { useEffect, useMemo, useState } from 'react';
import type { AuditEventView, YearRowView } from '../../../main/api/contract';
import { api } from '../api';
import { formatDecimal, formatLocalTime, magnitude } from '../format';
import { useI18n } from '../i18n';
import { Money } from '../components/Money';
import { Data, FailureText } from '../components/Text';
import { productPoints, TrendChart } from '../components/TrendChart';
import { AuditLog } from './month/SignOff';

/**
 * The year at a glance (issue 15 §3): one row per month as its stored month report says (a
 * closed month's frozen one; the core reads them, nothing is recomputed here), months whose
 * neighbours are missing flagged, and a product's fee bill and consumption bill across the months.
 */
export function YearScreen({ onOpenMonth }: { onOpenMonth: (m: string) => void }) {
  const { t } = useI18n();
  const [all, setAll] = useState<YearRowView[] | null>(null);
  const [events, setEvents] = useState<AuditEventView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [year, setYear] = useState('');
  useEffect(() => {
    Promise.all([api.yearTable({}), api.auditLog({})]).then(
      ([rows, log]) => {
        setAll(rows);
        setEvents(log);
        setYear((y) => y || (rows[rows.length - 1]?.month.slice(0, 4) ?? ''));
      },
      (e: unknown) => setError(e),
    );
  }, []);
  if (error) return <p className="error" role="alert"><FailureText error={error} /></p>;
  if (!all) return <p className="loading">{t('loading')}</p>;
  if (all.length === 0) return <p className="empty" data-testid="year-empty">{t('yrEmpty')}</p>;
  const years = [...new Set(all.map((r) => r.month.slice(0, 4)))];
  const rows = all.filter((r) => r.month.startsWith(`${year}-`));
  return (
    <section className="year" data-testid="year">
      <h2 className="visually-hidden">{t('tabYear')}</h2>
      <label>
        {t('yrYear')}{' '}
        <select data-testid="year-pick" value={year} onChange={(e) => setYear(e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <YearTable rows={rows} onOpenMonth={onOpenMonth} />
      <Trend rows={rows} />
      <h3>{t('auditTitle')}</h3>
      <AuditLog events={events.filter((e) => e.month.startsWith(`${year}-`))} showMonth />
    </section>
  );
}

function YearTable({ rows, onOpenMonth }: { rows: YearRowView[]; onOpenMonth: (m: string) => void }) {
  const { t } = useI18n();
  const heads = ['yrMonth', 'yrFiles', 'yrFee', 'yrConsumption', 'yrExplained', 'yrUnexplained', 'yrOpen', 'yrPrecision', 'yrWhiteboard', 'yrStatus'] as const;
  const numeric = new Set<string>(['yrFiles', 'yrFee', 'yrConsumption', 'yrExplained', 'yrUnexplained', 'yrOpen', 'yrPrecision', 'yrWhiteboard']);
  return (
    <table className="grid year-table" data-testid="year-table">
      <caption className="meta">{t('yrCaption')}</caption>
      <thead>
        <tr>
          {heads.map((h) => (
            <th key={h} scope="col" className={numeric.has(h) ? 'num' : undefined}>
              {t(h)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <YearRow key={r.month} r={r} onOpenMonth={onOpenMonth} />
        ))}
      </tbody>
    </table>
  );
}

function YearRow({ r, onOpenMonth }: { r: YearRowView; onOpenMonth: (m: string) => void }) {
  const { t, lang } = useI18n();
  const ccy = r.currency;
  const warnOpen = (r.openMismatches ?? 0) > 0;
  return (
    <tr data-testid={`year-row-${r.month}`} data-month={r.month}>
      <th scope="row">
        <button type="button" className="link" onClick={() => onOpenMonth(r.month)} aria-label={t('yrOpenMonth', { month: r.month })}>
          {r.month}
        </button>
        {r.missingNeighbours.length > 0 && (
          <div className="neighbours warn" data-testid={`neighbours-${r.month}`}>
            ⚠ {t('yrNeighbours', { months: r.missingNeighbours.join(lang === 'zh-CN' ? '、' : ', ') })}
          </div>
        )}
      </th>
      <td className="num" data-col="files">{r.files}</td>
      <td className="num" data-col="fee"><Money value={r.fee?.total} currency={ccy} /></td>
      <td className="num" data-col="consumption"><Money value={r.consumption?.total} currency={ccy} /></td>
      <td className="num" data-col="explained"><Money value={r.explained} currency={ccy} /></td>
      <td className="num" data-col="unexplained"><Money value={r.unexplained} currency={ccy} /></td>
      <td className={warnOpen ? 'num warn' : 'num'} data-col="open">{r.openMismatches ?? '—'}</td>
      <td className="num" data-col="precision">
        {r.precision ? (
          <>
            <Data>{formatDecimal(r.precision.ours, lang)}</Data> / {r.precision.billed === null ? t('yrNoLine') : <Data>{formatDecimal(r.precision.billed, lang)}</Data>}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="num" data-col="whiteboard">
        {r.whiteboard ? (
          <>
            <Money value={r.whiteboard.rated} currency={r.whiteboard.currency} /> / <Money value={r.whiteboard.billed} currency={r.whiteboard.currency} />
          </>
        ) : (
          '—'
        )}
      </td>
      <td data-col="status">
        <Status r={r} />
      </td>
    </tr>
  );
}

function Status({ r }: { r: YearRowView }) {
  const { t } = useI18n();
  if (r.closed)
    return (
      <span className="ok">
        ✓ {t('yrClosed', { date: formatLocalTime(r.closed.at).slice(0, 10) })} <span className="meta">{t('yrClosedBy')} <Data>{r.closed.by}</Data></span>
      </span>
    );
  if (r.report === 'none') return <span className="meta">{t('yrNotReconciled')}</span>;
  if (r.report === 'stale') return <span className="warn">{t('yrStale')}</span>;
  return <span>{t('yrIsOpen')}</span>;
}

/** The product chosen (the largest fee bill of the year first) drawn across the year's months. */
function Trend({ rows }: { rows: YearRowView[] }) {
  const { t } = useI18n();
  const products = useMemo(() => {
    const total = new Map<string, number>();
    for (const r of rows) for (const p of r.products) total.set(p.product, (total.get(p.product) ?? 0) + Math.abs(magnitude(p.fee)) + Math.abs(magnitude(p.consumption)));
    return [...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
  }, [rows]);
  const [chosen, setChosen] = useState('');
  const product = products.includes(chosen) ? chosen : (products[0] ?? '');
  const currency = rows.find((r) => r.currency)?.currency ?? '';
  return (
    <>
      <h3>{t('yrTrend')}</h3>
      {products.length === 0 ? (
        <p className="meta">{t('yrNoProducts')}</p>
      ) : (
        <>
          <p>
            <label>
              {t('yrProduct')}{' '}
              <select data-testid="trend-product" value={product} onChange={(e) => setChosen(e.target.value)} translate="no">
                {products.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </p>
          <TrendChart product={product} points={productPoints(rows, product)} currency={currency} />
        </>
      )}
    </>
  );
}
