import { useI18n } from '../i18n';
import { useMonthReport } from '../report';
import { FailureText } from './Text';

/**
 * Shown on every screen while the month's figures are out of date: being recomputed after a
 * change, or (when that failed) with a one-click refresh.
 */
export function StaleMarker() {
  const { t } = useI18n();
  const r = useMonthReport();
  const out = r.phase === 'recomputing' || r.phase === 'stale';
  return (
    <div className={out ? 'stale-marker shown' : 'stale-marker'} role="status" data-testid="stale-marker" data-phase={r.phase}>
      {r.phase === 'recomputing' && <span>{t('recomputing', { why: t(r.reason ?? 'staleBecauseRequest'), month: r.month })}</span>}
      {r.phase === 'stale' && (
        <>
          <span>{t('staleReport', { why: t(r.reason ?? 'staleBecauseRequest'), month: r.month })}</span>{' '}
          {r.error !== null && (
            <span className="error" data-testid="stale-error">
              <FailureText error={r.error} />
            </span>
          )}{' '}
          <button type="button" data-testid="refresh-report" onClick={r.refresh}>
            {t('refreshNow')}
          </button>
        </>
      )}
    </div>
  );
}
