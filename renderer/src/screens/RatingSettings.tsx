import { useEffect, useState } from 'react';
import type { RatingSettingsView } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { useI18n, type MessageKey } from '../i18n';

const SOURCE: Record<string, MessageKey> = { bill: 'sourceBill', file: 'sourceFile', none: 'sourceNone' };

/**
 * What the month's whiteboard rating rests on — the price catalog, the account's purchases and the
 * exchange rate — each shown with where it comes from, and set here. Files are chosen in the
 * shell's open dialog; the rate is checked by main before it is stored.
 */
export function RatingSettings({ month, onChanged }: { month: string; onChanged: () => void }) {
  const { t, n } = useI18n();
  const [settings, setSettings] = useState<RatingSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rateText, setRateText] = useState('');
  const [rateError, setRateError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setSettings(null);
    api.ratingSettings({ month }).then(
      (s) => {
        if (!live) return;
        setSettings(s);
        setRateText(s.exchangeRate?.rate ?? '');
      },
      (e) => live && setError(failureText(e)),
    );
    return () => {
      live = false;
    };
  }, [month]);

  const apply = async (change: () => Promise<RatingSettingsView | null>) => {
    setError(null);
    try {
      const s = await change();
      if (s === null) return; // the dialog was cancelled
      setSettings(s);
      setRateText(s.exchangeRate?.rate ?? '');
      onChanged();
    } catch (e) {
      setError(failureText(e));
    }
  };

  const saveRate = async () => {
    setRateError(null);
    try {
      const s = await api.setExchangeRate({ month, rate: rateText.trim() });
      setSettings(s);
      onChanged();
    } catch (e) {
      setRateError(failureText(e));
    }
  };

  if (!settings) return error ? <p className="error" role="alert" data-testid="settings-error">{error}</p> : null;
  const { catalog, account } = settings;
  return (
    <section className="rating-settings" data-testid="rating-settings" aria-label={t('ratingSettings')}>
      <h3>{t('ratingSettings')}</h3>
      {error && (
        <p className="error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      <div className="settings-grid">
        <div className="setting" data-testid="setting-catalog">
          <h4>{t('catalog')}</h4>
          <p>
            <strong data-testid="catalog-version">{catalog.version}</strong> ({catalog.currency}, {catalog.origin === 'user' ? `${t('negotiatedPrices')}: ${catalog.fileName ?? ''}` : t('builtinPrices')})
          </p>
          <p className="meta" title={catalog.sha256}>
            sha256 {catalog.sha256.slice(0, 12)}…
          </p>
          <button type="button" data-testid="import-catalog" onClick={() => void apply(() => api.setRatingCatalog({ month }))}>
            {t('importCatalog')}
          </button>{' '}
          {catalog.origin === 'user' && (
            <button type="button" data-testid="reset-catalog" onClick={() => void apply(() => api.setRatingCatalog({ month, reset: true }))}>
              {t('resetCatalog')}
            </button>
          )}
        </div>
        <div className="setting" data-testid="setting-account">
          <h4>{t('accountPurchases')}</h4>
          <p>
            {t('accountFile')}: <span data-testid="account-file">{account.fileName ?? t('none')}</span>
            {account.savedAt && <span className="meta"> ({account.savedAt})</span>}
          </p>
          <p>
            {t('trialStart')}: {account.trialStart ?? t('none')}
          </p>
          <p>
            {t('monthlyFee')} ({t(SOURCE[account.from.monthlyFee] ?? 'sourceNone')}):
          </p>
          <ul data-testid="account-monthly-fee">
            {account.monthlyFee.map((m, i) => (
              <li key={i} title={m.source}>
                {m.date} × {m.months} {t('monthsUnit')} <span className="meta">{m.source}</span>
              </li>
            ))}
          </ul>
          <p>
            {t('packagesBought')} ({t(SOURCE[account.from.packages] ?? 'sourceNone')}):
          </p>
          <ul data-testid="account-packages">
            {account.packages.map((p, i) => (
              <li key={i} title={p.source}>
                {p.package} × {p.quantity}, {p.date} <span className="meta">{p.source}</span>
              </li>
            ))}
          </ul>
          {account.notes.length > 0 && (
            <ul className="notes">
              {account.notes.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          )}
          <button type="button" data-testid="set-account" onClick={() => void apply(() => api.setRatingAccount({ month }))}>
            {t('setAccountFile')}
          </button>
        </div>
        <div className="setting" data-testid="setting-rate">
          <h4>
            {t('exchangeRate')} {month}
          </h4>
          {settings.billCurrency === null ? (
            <p className="meta">{t('noBillLines')}</p>
          ) : !settings.exchangeRateNeeded ? (
            <p className="meta">{t('rateNotNeeded')}</p>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void saveRate();
              }}
            >
              {settings.exchangeRate === null && <p className="warn" data-testid="rate-missing">{t('rateMissing')}</p>}
              <label>
                1 {catalog.currency} ={' '}
                <input data-testid="rate-input" inputMode="decimal" size={10} value={rateText} aria-invalid={rateError !== null || undefined} onChange={(e) => setRateText(e.target.value)} />{' '}
                {settings.billCurrency}
              </label>{' '}
              <button type="submit" data-testid="rate-save">
                {t('saveRate')}
              </button>
              {settings.exchangeRate && (
                <p className="meta" data-testid="rate-current">
                  {t('saved')}: 1 {settings.exchangeRate.from} = {n(settings.exchangeRate.rate)} {settings.exchangeRate.to}
                </p>
              )}
              {rateError && (
                <p className="error" role="alert" data-testid="rate-error">
                  {rateError}
                </p>
              )}
            </form>
          )}
        </div>
      </div>
    </section>
  );
}
