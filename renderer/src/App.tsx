import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Lang } from '../../main/api/contract';
import { api } from './api';
import { formatDecimal } from './format';
import { I18nContext, langFromLocale, MESSAGES, type I18n, type MessageKey } from './i18n';
import { ImportScreen } from './screens/ImportScreen';
import { MonthScreen } from './screens/MonthScreen';
import { MismatchesScreen } from './screens/MismatchesScreen';
import { RatingScreen } from './screens/RatingScreen';
import { CalculatorsScreen } from './screens/CalculatorsScreen';
import './styles.css';

type Tab = 'import' | 'month' | 'mismatches' | 'rating' | 'calculators';
const TABS: [Tab, MessageKey][] = [
  ['import', 'tabImport'],
  ['month', 'tabMonth'],
  ['mismatches', 'tabMismatches'],
  ['rating', 'tabRating'],
  ['calculators', 'tabCalculators'],
];

const LANG_KEY = 'billrecon.lang';

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) as Lang | null) ?? langFromLocale(navigator.language));
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(location.hash.slice(1)).get('tab') as Tab | null) ?? 'import');
  const [months, setMonths] = useState<string[]>([]);
  const [month, setMonth] = useState<string>(() => new URLSearchParams(location.hash.slice(1)).get('month') ?? '');
  const [dataVersion, setDataVersion] = useState(0);
  const [activity, setActivity] = useState<string | null>(null);

  // Reconcile and export report their phases; imports show theirs on each file card.
  useEffect(
    () =>
      api.onProgress((e) => {
        if (e.phase === 'import') return;
        setActivity(e.phase === 'done' || e.phase === 'cancelled' ? null : `${e.message} ${e.percent}%`);
      }),
    [],
  );

  useEffect(() => {
    // Follow the OS locale unless the accountant chose a language here.
    if (localStorage.getItem(LANG_KEY)) return;
    api.systemLocale().then((l) => setLang(langFromLocale(l)), () => undefined);
  }, []);

  const refreshMonths = useCallback(() => {
    api.monthsAvailable().then((ms) => {
      setMonths(ms);
      setMonth((m) => (m && ms.includes(m) ? m : (ms[0] ?? '')));
    }, () => undefined);
  }, []);
  useEffect(refreshMonths, [refreshMonths, dataVersion]);

  useEffect(() => {
    const p = new URLSearchParams();
    p.set('tab', tab);
    if (month) p.set('month', month);
    history.replaceState(null, '', `#${p.toString()}`);
  }, [tab, month]);

  const i18n = useMemo<I18n>(() => {
    const m = MESSAGES[lang];
    return { lang, t: (k) => m[k], n: (x) => formatDecimal(x, lang) };
  }, [lang]);

  const chooseLang = (l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLang(l);
  };

  return (
    <I18nContext.Provider value={i18n}>
      <div className="app" lang={lang}>
        <header className="topbar">
          <h1>{i18n.t('appTitle')}</h1>
          <nav role="tablist">
            {TABS.map(([id, key]) => (
              <button key={id} role="tab" aria-selected={tab === id} data-tab={id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
                {i18n.t(key)}
              </button>
            ))}
          </nav>
          {activity && (
            <span className="activity" data-testid="activity">
              {activity}
            </span>
          )}
          <label className="month-pick">
            {i18n.t('month')}{' '}
            <select data-testid="month" value={month} onChange={(e) => setMonth(e.target.value)}>
              {months.length === 0 && <option value="">—</option>}
              {months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="lang-pick">
            {i18n.t('language')}{' '}
            <select data-testid="lang" value={lang} onChange={(e) => chooseLang(e.target.value as Lang)}>
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </label>
        </header>
        <main className="screen">
          {tab === 'import' && <ImportScreen onChanged={() => setDataVersion((v) => v + 1)} />}
          {tab !== 'import' && tab !== 'calculators' && !month && <p className="empty">{i18n.t('noMonths')}</p>}
          {tab === 'month' && month && <MonthScreen month={month} dataVersion={dataVersion} />}
          {tab === 'mismatches' && month && <MismatchesScreen month={month} dataVersion={dataVersion} />}
          {tab === 'rating' && month && <RatingScreen month={month} />}
          {tab === 'calculators' && <CalculatorsScreen />}
        </main>
      </div>
    </I18nContext.Provider>
  );
}
