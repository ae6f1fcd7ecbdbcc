import { useEffect, useState } from 'react';
import type { RatingDayView, RatingView } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { magnitude } from '../format';
import { useI18n } from '../i18n';
import { RatingSettings } from './RatingSettings';

export function RatingScreen({ month }: { month: string }) {
  const { t, n } = useI18n();
  const [rating, setRating] = useState<RatingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped when the catalog, the account or the rate changes: the month is rated again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setRating(null);
    setError(null);
    api.rating({ month }).then(
      (r) => live && setRating(r),
      (e) => live && setError(failureText(e)),
    );
    return () => {
      live = false;
    };
  }, [month, version]);

  const settings = <RatingSettings month={month} onChanged={() => setVersion((v) => v + 1)} />;
  if (error)
    return (
      <>
        {settings}
        <p className="error" role="alert" data-testid="rating-error">
          {error}
        </p>
      </>
    );
  if (!rating)
    return (
      <>
        {settings}
        <p className="loading">{t('loading')}</p>
      </>
    );
  const items = [...new Set(rating.days.map((d) => d.item))];
  return (
    <>
    {settings}
    <section className="rating" data-testid="rating">
      {items.map((item) => (
        <div key={item} className="rating-item">
          <h3>{item}</h3>
          <StackedDays month={rating.month} days={rating.days.filter((d) => d.item === item)} />
        </div>
      ))}
      <p className="legend">
        <span className="swatch free" /> {t('free')} <span className="swatch package" /> {t('packageDraw')} <span className="swatch postpaid" /> {t('postpaid')}
      </p>
      <h3>{t('packages')}</h3>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('packageDraw')}</th>
            <th>{t('item')}</th>
            <th>{t('date')}</th>
            <th>{t('expires')}</th>
            <th className="num">{t('used')}</th>
            <th className="num">{t('left')}</th>
          </tr>
        </thead>
        <tbody>
          {rating.packages.map((p, i) => (
            <tr key={i}>
              <td>{p.package}</td>
              <td>{p.item}</td>
              <td>{p.purchased}</td>
              <td>{p.expires}</td>
              <td className="num">{n(p.used)}</td>
              <td className="num">{n(p.left)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('serviceStopped')}</h3>
      {rating.serviceStopped.length === 0 ? (
        <p className="meta">—</p>
      ) : (
        <ul>
          {rating.serviceStopped.map((s, i) => (
            <li key={i} className="warn">
              {s.date} {s.item}: {n(s.usage)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('vsBill')}</h3>
      <p data-testid="vs-bill">
        {t('billed')}: <span data-testid="vs-billed">{rating.vsBill.billed === null ? '—' : n(rating.vsBill.billed)}</span> {rating.vsBill.currency ?? ''} · {t('rated')}:{' '}
        <span data-testid="vs-rated">{rating.vsBill.rated === null ? '—' : n(rating.vsBill.rated)}</span> · {t('difference')}:{' '}
        <span data-testid="vs-difference">{rating.vsBill.difference === null ? '—' : n(rating.vsBill.difference)}</span>
      </p>
      {rating.notes.length > 0 && (
        <ul className="notes">
          {rating.notes.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
    </section>
    </>
  );
}

/** Every calendar day of the month, so a day without usage shows as a gap. */
function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map((x) => Number(x));
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

function StackedDays({ month, days }: { month: string; days: RatingDayView[] }) {
  const { n, t } = useI18n();
  const W = 860;
  const H = 150;
  const calendar = daysOf(month);
  const slot = new Map(calendar.map((d, i) => [d, i]));
  const peak = days.reduce<RatingDayView | null>((best, d) => (best === null || magnitude(d.usage) > magnitude(best.usage) ? d : best), null);
  const max = Math.max(1, ...days.map((d) => magnitude(d.free) + magnitude(d.package) + magnitude(d.postpaid) + magnitude(d.trial)));
  const bw = W / calendar.length;
  const h = (text: string) => (magnitude(text) / max) * (H - 30);
  return (
    <svg className="stacked" viewBox={`0 0 ${W} ${H}`} width="100%" role="img">
      {peak && (
        <text x={W - 4} y={10} textAnchor="end" className="bar-label">
          max {n(peak.usage)} ({peak.date.slice(5)})
        </text>
      )}
      {calendar.map((day, i) =>
        i % 5 === 0 ? (
          <text key={day} x={i * bw} y={H - 2} className="bar-label">
            {day.slice(5)}
          </text>
        ) : null,
      )}
      {days.map((d) => {
        const i = slot.get(d.date) ?? 0;
        const parts: [string, string][] = [
          ['free', d.free],
          ['trial', d.trial],
          ['package', d.package],
          ['postpaid', d.postpaid],
        ];
        let y = H - 14;
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${t('free')} ${n(d.free)}, ${t('packageDraw')} ${n(d.package)}, ${t('postpaid')} ${n(d.postpaid)} (${n(d.cost)})`}</title>
            {parts.map(([kind, v]) => {
              const hh = h(v);
              y -= hh;
              return hh > 0 ? <rect key={kind} className={`seg ${kind}`} x={i * bw + 1} y={y} width={Math.max(1, bw - 2)} height={hh} /> : null;
            })}
          </g>
        );
      })}
    </svg>
  );
}
