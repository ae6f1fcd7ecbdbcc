/**
 * The month's audit report as a printable page (issue 15 §2), reached by its own hash route
 * (`#report=audit&month=YYYY-MM&lang=en|zh-CN`): the CLI prints it in Chromium with the report
 * handed to the page, the app prints it in a hidden window with Electron's printToPDF. Both wait
 * for `data-report-state="ready"`, set once the report is drawn and its fonts are loaded.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AuditReportView, Lang } from '../../../../main/api/contract';
import { api, failureText } from '../../api';
import { formatDecimal } from '../../format';
import { I18nContext, langFromLocale, message, type I18n } from '../../i18n';
import { AuditReportBody } from './AuditSections';
import '../../styles.css';
import '../../audit-report.css';

export interface AuditRoute {
  month: string;
  lang: Lang | null;
}

/** The report route of a location hash, or null for the app's screens. */
export function auditReportRoute(hash: string): AuditRoute | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const month = p.get('month') ?? '';
  if (p.get('report') !== 'audit' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const lang = p.get('lang');
  return { month, lang: lang === 'en' || lang === 'zh-CN' ? lang : null };
}

type Loaded = { report: AuditReportView } | { error: unknown } | null;

export function AuditReportPage({ month, lang: asked }: AuditRoute) {
  const [lang, setLang] = useState<Lang>(asked ?? 'en');
  const [langKnown, setLangKnown] = useState(asked !== null);
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (asked) return;
    api.systemLocale().then(
      (l) => setLang(langFromLocale(l)),
      () => undefined,
    ).finally(() => setLangKnown(true));
  }, [asked]);
  useEffect(() => {
    api.auditReport({ month }).then(
      (report) => setLoaded({ report }),
      (error: unknown) => setLoaded({ error }),
    );
  }, [month]);
  const i18n = useMemo<I18n>(() => ({ lang, t: (k, v) => message(lang, k, v), n: (x) => formatDecimal(x, lang) }), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.add('audit-print');
    // The PDF's title.
    document.title = `billrecon — ${i18n.t('arTitle', { month })}`;
  }, [lang, month, i18n]);
  useEffect(() => {
    if (!loaded || !('report' in loaded) || !langKnown) return;
    let live = true;
    // Drawn (this effect runs after the commit) and every font in use loaded: safe to print.
    void document.fonts.ready.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [loaded, langKnown, lang]);
  return (
    <I18nContext.Provider value={i18n}>
      {loaded === null && <p className="loading">{i18n.t('loading')}</p>}
      {loaded && 'report' in loaded && <AuditReportBody report={loaded.report} />}
      {loaded && 'error' in loaded && (
        <p className="error" role="alert" data-report-state="failed">
          {i18n.t('arFailed', { error: failureText(loaded.error) })}
        </p>
      )}
      {ready && <div hidden data-report-state="ready" data-testid="report-ready" />}
    </I18nContext.Provider>
  );
}
