import { useEffect, useState } from 'react';
import type { RatingSettingsView } from '../../../main/api/contract';
import { api } from '../api';
import { formatLocalTime } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import type { StaleReason } from '../report';
import { CoreText, Data, FailureText } from '../components/Text';

const SOURCE: Record<string, MessageKey> = { bill: 'sourceBill', file: 'sourceFile', none: 'sourceNone' };

/**
 * What the month's whiteboard rating rests on — the price catalog, the account's purchases and the
 * exchange rate — each shown with where it comes from, and set here. Files are chosen in the
 * shell's open dialog; the rate is checked by main before it is stored.
 */
export function RatingSettings({ month, onChanged }: { month: string; onChanged: (why: StaleReason) => void }) {
  const { t } = useI18n();
  const [settings, setSettings] = useState<RatingSettingsView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setSettings(null);
    api.ratingSettings({ month }).then(
      (s) => live && setSettings(s),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [month]);

  const apply = async (why: StaleReason, change: () => Promise<RatingSettingsView | null>) => {
    setError(null);
    try {
      const s = await change();
      if (s === null) return; // the dialog was cancelled
      setSettings(s);
      onChanged(why);
    } catch (e) {
      setError(e);
    }
  };

  const errorLine = error !== null && (
    <p className="error" role="alert" data-testid="settings-error">
      <FailureText error={error} />
    </p>
  );
  if (!settings) return errorLine || null;
  return (
    <section className="rating-settings" data-testid="rating-settings" aria-labelledby="settings-title">
      <h3 id="settings-title">{t('ratingSettings')}</h3>
      {errorLine}
      <div className="settings-grid">
        <CatalogSetting settings={settings} month={month} apply={apply} />
        <AccountSetting settings={settings} month={month} apply={apply} />
        <RateSetting settings={settings} month={month} onSaved={(s) => {
          setSettings(s);
          onChanged('staleBecauseRate');
        }} />
      </div>
    </section>
  );
}

type Apply = (why: StaleReason, change: () => Promise<RatingSettingsView | null>) => Promise<void>;

function CatalogSetting({ settings, month, apply }: { settings: RatingSettingsView; month: string; apply: Apply }) {
  const { t } = useI18n();
  const { catalog } = settings;
  return (
    <div className="setting" data-testid="setting-catalog">
      <h4>{t('catalog')}</h4>
      <p>
        <strong data-testid="catalog-version" translate="no">{catalog.version}</strong> (<Data>{catalog.currency}</Data>,{' '}
        {catalog.origin === 'user' ? <>{t('negotiatedPrices')}<Data>{catalog.fileName ?? ''}</Data></> : t('builtinPrices')})
      </p>
      <p className="meta" title={catalog.sha256}>
        <Data>sha256 {catalog.sha256.slice(0, 12)}…</Data>
      </p>
      <button type="button" data-testid="import-catalog" onClick={() => void apply('staleBecauseCatalog', () => api.setRatingCatalog({ month }))}>
        {t('importCatalog')}
      </button>{' '}
      {catalog.origin === 'user' && (
        <button type="button" data-testid="reset-catalog" onClick={() => void apply('staleBecauseCatalog', () => api.setRatingCatalog({ month, reset: true }))}>
          {t('resetCatalog')}
        </button>
      )}
    </div>
  );
}

function AccountSetting({ settings, month, apply }: { settings: RatingSettingsView; month: string; apply: Apply }) {
  const { t } = useI18n();
  const { account } = settings;
  return (
    <div className="setting" data-testid="setting-account">
      <h4>{t('accountPurchases')}</h4>
      <p>
        {t('labelled', { label: t('accountFile') })}<span data-testid="account-file">{account.fileName ? <Data>{account.fileName}</Data> : t('none')}</span>
        {account.savedAt && <span className="meta"> ({t('savedAt', { time: formatLocalTime(account.savedAt) })})</span>}
      </p>
      <p>
        {t('labelled', { label: t('trialStart') })}
        {account.trialStart ?? t('none')}
      </p>
      <p>
        {t('fromWhere', { what: t('monthlyFee'), source: t(SOURCE[account.from.monthlyFee] ?? 'sourceNone') })}
      </p>
      <ul data-testid="account-monthly-fee">
        {account.monthlyFee.map((m, i) => (
          <li key={i}>
            {m.date} × {t('monthsUnit', { n: m.months })} <Data className="meta">{m.source}</Data>
          </li>
        ))}
      </ul>
      <p>
        {t('fromWhere', { what: t('packagesBought'), source: t(SOURCE[account.from.packages] ?? 'sourceNone') })}
      </p>
      <ul data-testid="account-packages">
        {account.packages.map((p, i) => (
          <li key={i}>
            <Data>{p.package}</Data> × {p.quantity}, {p.date} <Data className="meta">{p.source}</Data>
          </li>
        ))}
      </ul>
      {account.notes.length > 0 && (
        <ul className="notes">
          {account.notes.map((x, i) => (
            <li key={i}>
              <CoreText text={x} />
            </li>
          ))}
        </ul>
      )}
      <button type="button" data-testid="set-account" onClick={() => void apply('staleBecauseAccount', () => api.setRatingAccount({ month }))}>
        {t('setAccountFile')}
      </button>
    </div>
  );
}

function RateSetting({ settings, month, onSaved }: { settings: RatingSettingsView; month: string; onSaved: (s: RatingSettingsView) => void }) {
  const { t, n } = useI18n();
  const [text, setText] = useState(settings.exchangeRate?.rate ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    try {
      onSaved(await api.setExchangeRate({ month, rate: text.trim() }));
    } catch (e) {
      setError(e);
    }
  };
  const body =
    settings.billCurrency === null ? (
      <p className="meta">{t('noBillLines')}</p>
    ) : !settings.exchangeRateNeeded ? (
      <p className="meta">{t('rateNotNeeded')}</p>
    ) : (
      <form onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}>
        {settings.exchangeRate === null && <p className="warn" data-testid="rate-missing">{t('rateMissing')}</p>}
        <label>
          1 <Data>{settings.catalog.currency}</Data> ={' '}
          <input data-testid="rate-input" inputMode="decimal" size={10} value={text} aria-invalid={error !== null || undefined} aria-describedby="rate-unit" onChange={(e) => setText(e.target.value)} />{' '}
          <Data>{settings.billCurrency}</Data>
          <span id="rate-unit" className="visually-hidden">{t('rateLabel', { bill: settings.billCurrency, catalog: settings.catalog.currency })}</span>
        </label>{' '}
        <button type="submit" data-testid="rate-save">
          {t('saveRate')}
        </button>
        {settings.exchangeRate && (
          <p className="meta" data-testid="rate-current">
            {t('rateSaved', { from: settings.exchangeRate.from, rate: n(settings.exchangeRate.rate), to: settings.exchangeRate.to })}
          </p>
        )}
        {error !== null && (
          <p className="error" role="alert" data-testid="rate-error">
            <FailureText error={error} />
          </p>
        )}
      </form>
    );
  return (
    <div className="setting" data-testid="setting-rate">
      <h4>{t('exchangeRate', { month })}</h4>
      {body}
    </div>
  );
}
