import { useEffect, useState } from 'react';
import type { RatingView } from '../../../main/api/contract';
import { api } from '../api';
import { isZero } from '../format';
import { useI18n } from '../i18n';
import { useMonthReport, type StaleReason } from '../report';
import { Money } from '../components/Money';
import { CoreText, Data, FailureText } from '../components/Text';
import { itemLabel, UsageChart } from '../components/UsageChart';
import { RatingSettings } from './RatingSettings';

const ITEM_ORDER = ['whiteboard', 'transcode', 'recording'];

/** The month rated again whenever what rating uses changes; the month report follows. */
function useRating(month: string) {
  const [rating, setRating] = useState<RatingView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setRating(null);
    setError(null);
    api.rating({ month }).then(
      (r) => live && setRating(r),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [month, version]);
  return { rating, error, again: () => setVersion((v) => v + 1) };
}

export function RatingScreen({ month }: { month: string }) {
  const { t } = useI18n();
  const report = useMonthReport();
  const { rating, error, again } = useRating(month);
  const onSettings = (reason: StaleReason) => {
    again();
    report.changed(reason, reason === 'staleBecauseRate' ? [month] : 'all');
  };
  return (
    <section className="rating" aria-labelledby="rating-title">
      <h2 id="rating-title">{t('ratingResult')}</h2>
      <RatingResult rating={rating} error={error} />
      <RatingSettings month={month} onChanged={onSettings} />
      {rating && <RatingDetail rating={rating} />}
    </section>
  );
}

/** Billed, rated and the difference, with the currency: the answer first. */
function RatingResult({ rating, error }: { rating: RatingView | null; error: unknown }) {
  const { t } = useI18n();
  if (error !== null)
    return (
      <div className="figure warn wide" data-testid="rating-result">
        <p className="error" role="alert" data-testid="rating-error">
          <FailureText error={error} />
        </p>
        <button type="button" onClick={() => document.querySelector<HTMLElement>('[data-testid=rate-input]')?.focus()}>
          {t('setRate')}
        </button>
      </div>
    );
  if (!rating) return <p className="loading">{t('loading')}</p>;
  const v = rating.vsBill;
  if (v.billed === null)
    return (
      <p className="meta" data-testid="rating-result">
        {t('noComparison', { why: t('noBillLines') })}
      </p>
    );
  return (
    <div className="cards" data-testid="rating-result">
      <div className="figure">
        <div className="label">{t('billed')}</div>
        <div className="value"><Money value={v.billed} currency={v.currency} showCurrency testId="vs-billed" /></div>
      </div>
      <div className="figure">
        <div className="label">{t('rated')}</div>
        <div className="value"><Money value={v.rated} currency={v.currency} showCurrency testId="vs-rated" /></div>
      </div>
      <div className={v.difference && !isZero(v.difference) ? 'figure warn' : 'figure'}>
        <div className="label">{t('difference')}</div>
        <div className="value"><Money value={v.difference} currency={v.currency} showCurrency testId="vs-difference" /></div>
      </div>
    </div>
  );
}

function RatingDetail({ rating }: { rating: RatingView }) {
  const { t, n } = useI18n();
  const items = [...new Set(rating.days.map((d) => d.item))].sort((a, b) => (ITEM_ORDER.indexOf(a) + 1 || 99) - (ITEM_ORDER.indexOf(b) + 1 || 99));
  return (
    <div data-testid="rating">
      {items.length === 0 && <p className="empty">{t('noUsage')}</p>}
      {items.map((item) => (
        <div key={item} className="rating-item" data-item={item}>
          <h3>{itemLabel(item) ? t(itemLabel(item)!) : <Data>{item}</Data>}</h3>
          <UsageChart month={rating.month} item={item} days={rating.days.filter((d) => d.item === item)} />
        </div>
      ))}
      {items.length > 0 && (
        <p className="legend">
          <span className="swatch free" /> {t('free')} <span className="swatch trial" /> {t('trial')} <span className="swatch package" /> {t('packageDraw')}{' '}
          <span className="swatch postpaid" /> {t('postpaid')}
        </p>
      )}
      <Packages rating={rating} />
      <h3>{t('serviceStopped')}</h3>
      {rating.serviceStopped.length === 0 ? (
        <p className="empty" data-testid="no-service-stopped">{t('noServiceStopped')}</p>
      ) : (
        <ul data-testid="service-stopped">
          {rating.serviceStopped.map((s, i) => (
            <li key={i} className="warn">
              {s.date} {itemLabel(s.item) ? t(itemLabel(s.item)!) : <Data>{s.item}</Data>}
              {t('labelled', { label: '' })}
              {n(s.usage)}
            </li>
          ))}
        </ul>
      )}
      {rating.notes.length > 0 && (
        <ul className="notes">
          {rating.notes.map((x, i) => (
            <li key={i}>
              <CoreText text={x} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Packages({ rating }: { rating: RatingView }) {
  const { t, n } = useI18n();
  return (
    <>
      <h3 id="packages-title">{t('packages')}</h3>
      {rating.packages.length === 0 ? (
        <p className="empty" data-testid="no-packages">{t('noPackages')}</p>
      ) : (
        <table className="grid packages" aria-labelledby="packages-title">
          <thead>
            <tr>
              <th scope="col">{t('packageDraw')}</th>
              <th scope="col">{t('item')}</th>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('expires')}</th>
              <th scope="col" className="num">{t('used')}</th>
              <th scope="col" className="num">{t('left')}</th>
            </tr>
          </thead>
          <tbody>
            {rating.packages.map((p, i) => (
              <tr key={i}>
                <td><Data>{p.package}</Data></td>
                <td>{itemLabel(p.item) ? t(itemLabel(p.item)!) : <Data>{p.item}</Data>}</td>
                <td>{p.purchased}</td>
                <td>{p.expires}</td>
                <td className="num">{n(p.used)}</td>
                <td className="num">{n(p.left)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
