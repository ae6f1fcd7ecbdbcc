import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Lang } from '../../main/api/contract';
import { api } from './api';
import { formatDecimal } from './format';
import { I18nContext, langFromLocale, message, type I18n } from './i18n';
import { ReportProvider } from './report';
import { StaleMarker } from './components/StaleMarker';
import { WriteWait } from './components/WriteWait';
import { Tabs, TABS, type Tab } from './components/Tabs';
import { ImportScreen } from './screens/ImportScreen';
import { MonthScreen } from './screens/MonthScreen';
import { MismatchesScreen } from './screens/MismatchesScreen';
import { RatingScreen } from './screens/RatingScreen';
import { CalculatorsScreen } from './screens/CalculatorsScreen';
import { YearScreen } from './screens/YearScreen';
import './styles.css';

const LANG_KEY = 'billrecon.lang';

function initialHash(): URLSearchParams {
  return new URLSearchParams(location.hash.slice(1));
}

/** The month list from the store, keeping the chosen month while it still has data. */
function useMonths(dataVersion: number, initial: string) {
  const [months, setMonths] = useState<string[]>([]);
  const [month, setMonth] = useState(initial);
  useEffect(() => {
    api.monthsAvailable().then((ms) => {
      setMonths(ms);
      setMonth((m) => (m && ms.includes(m) ? m : (ms[0] ?? '')));
    }, () => undefined);
  }, [dataVersion]);
  return { months, month, setMonth };
}

function useLanguage(): [Lang, (l: Lang) => void] {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) as Lang | null) ?? langFromLocale(navigator.language));
  useEffect(() => {
    // Follow the OS locale unless the accountant chose a language here.
    if (localStorage.getItem(LANG_KEY)) return;
    api.systemLocale().then((l) => setLang(langFromLocale(l)), () => undefined);
  }, []);
  const choose = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLang(l);
  }, []);
  return [lang, choose];
}

interface TopBarProps {
  tab: Tab;
  onTab: (t: Tab) => void;
  months: string[];
  month: string;
  onMonth: (m: string) => void;
  lang: Lang;
  onLang: (l: Lang) => void;
}

function TopBar({ tab, onTab, months, month, onMonth, lang, onLang }: TopBarProps) {
  const { t } = useContext(I18nContext);
  return (
    <header className="topbar">
      <h1>{t('appTitle')}</h1>
      <Tabs tab={tab} onSelect={onTab} />
      <label className="month-pick">
        {t('month')}{' '}
        <select data-testid="month" value={month} onChange={(e) => onMonth(e.target.value)}>
          {months.length === 0 && <option value="">—</option>}
          {months.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="lang-pick">
        {t('language')}{' '}
        <select data-testid="lang" value={lang} onChange={(e) => onLang(e.target.value as Lang)}>
          <option value="zh-CN" lang="zh-CN">
            中文
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </label>
      <WriteWait />
    </header>
  );
}

export function App() {
  const [lang, chooseLang] = useLanguage();
  const [tab, setTab] = useState<Tab>(() => {
    const t = initialHash().get('tab') as Tab | null;
    return t && TABS.some(([id]) => id === t) ? t : 'import';
  });
  const [dataVersion, setDataVersion] = useState(0);
  const { months, month, setMonth } = useMonths(dataVersion, initialHash().get('month') ?? '');
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const p = new URLSearchParams();
    p.set('tab', tab);
    if (month) p.set('month', month);
    history.replaceState(null, '', `#${p.toString()}`);
  }, [tab, month]);

  const i18n = useMemo<I18n>(() => ({ lang, t: (k, v) => message(lang, k, v), n: (x) => formatDecimal(x, lang) }), [lang]);
  const t = i18n.t;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appTitle');
  }, [lang, t]);

  const openMonth = (m: string) => {
    setMonth(m);
    setTab('month');
  };

  return (
    <I18nContext.Provider value={i18n}>
      <ReportProvider month={month}>
        <div className="app">
          <a
            className="skip-link"
            href="#main"
            onClick={(e) => {
              e.preventDefault();
              main.current?.focus();
            }}
          >
            {t('skipToContent')}
          </a>
          <TopBar tab={tab} onTab={setTab} months={months} month={month} onMonth={setMonth} lang={lang} onLang={chooseLang} />
          <StaleMarker />
          <main className="screen" id="main" ref={main} tabIndex={-1} role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {tab === 'import' && <ImportScreen onChanged={() => setDataVersion((v) => v + 1)} onOpenMonth={openMonth} />}
            {tab !== 'import' && tab !== 'calculators' && tab !== 'year' && !month && <p className="empty">{t('noMonths')}</p>}
            {tab === 'month' && month && <MonthScreen />}
            {tab === 'mismatches' && month && <MismatchesScreen />}
            {tab === 'rating' && month && <RatingScreen month={month} />}
            {tab === 'year' && <YearScreen onOpenMonth={openMonth} />}
            {tab === 'calculators' && <CalculatorsScreen />}
          </main>
        </div>
      </ReportProvider>
    </I18nContext.Provider>
  );
}
