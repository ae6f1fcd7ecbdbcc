import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MismatchCategory, MismatchFacets, MismatchPageQuery, ReviewStatus, SourceLineView } from '../../../main/api/contract';
import { api } from '../api';
import { unexplainedOf } from '../agreement';
import { formatMoney } from '../format';
import { useI18n } from '../i18n';
import { useMonthReport } from '../report';
import { FailureText } from '../components/Text';
import { CATEGORIES, STATUS_LABEL, TRIAGE, type Sort } from './mismatches/columns';
import { MismatchGrid } from './mismatches/MismatchGrid';
import { ScopeFilters } from './mismatches/ScopeFilters';
import { SourcePanel } from './mismatches/SourcePanel';
import { useMismatchPages } from './mismatches/useMismatchPages';

type Filters = Pick<MismatchPageQuery, 'category' | 'product' | 'resource' | 'status' | 'owner' | 'project' | 'tag'>;
const PANEL_KEY = 'billrecon.sourcesShown';

/** The current row's source lines, fetched a moment after the selection settles. */
function useSources(id: string | undefined) {
  const [sources, setSources] = useState<SourceLineView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setSources(null);
    if (!id) return;
    const timer = setTimeout(() => api.mismatchSources({ id }).then(setSources, setError), 120);
    return () => clearTimeout(timer);
  }, [id]);
  return { sources, error };
}

/**
 * The current row: back to the top for a new query. It is a mismatch, not a place: when the same
 * place comes to hold another mismatch without the user moving (the list fetched again after a
 * review or a new run re-sorted it), the current row follows its mismatch if that is among the
 * rows fetched.
 */
function useCurrentRow(list: ReturnType<typeof useMismatchPages>, queryKey: string, active: number, setActive: (i: number) => void) {
  const activeId = useRef<string | null>(null);
  const lastIndex = useRef(-1);
  useEffect(() => {
    activeId.current = null;
    setActive(0);
  }, [queryKey, setActive]);
  const row = list.rowAt(active);
  const { indexOf } = list;
  useEffect(() => {
    if (!row) return;
    if (active === lastIndex.current && activeId.current !== null && row.id !== activeId.current) {
      const moved = indexOf(activeId.current);
      if (moved >= 0) return setActive(moved);
    }
    lastIndex.current = active;
    activeId.current = row.id;
  }, [row, active, indexOf, setActive]);
  return row;
}

export function MismatchesScreen() {
  const { t } = useI18n();
  const report = useMonthReport();
  const month = report.month;
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<Sort>(TRIAGE);
  const [active, setActive] = useState(0);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState(() => localStorage.getItem(PANEL_KEY) !== 'hidden');

  const ready = report.report !== null;
  const query = useMemo(() => (ready ? { month, ...filters, sort: sort.column, dir: sort.dir } : null), [ready, month, filters, sort]);
  const list = useMismatchPages(query, report.version);
  const queryKey = JSON.stringify(query);
  const listKey = queryKey + report.version;
  const current = useCurrentRow(list, queryKey, active, setActive);
  const { sources, error: sourcesError } = useSources(current?.id);

  const toggle = useCallback((id: string) => setChecked((s) => {
    const c = new Set(s);
    if (c.has(id)) c.delete(id);
    else c.add(id);
    return c;
  }), []);
  const setFilter = (patch: Filters) => setFilters((f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined && v !== '')) as Filters);
  const showPanel = (on: boolean) => {
    localStorage.setItem(PANEL_KEY, on ? 'shown' : 'hidden');
    setPanel(on);
  };
  const openSources = () => {
    if (!panel) showPanel(true);
    setTimeout(() => document.querySelector<HTMLElement>('[data-testid=sources]')?.focus(), 0);
  };

  return (
    <section className="mismatches" aria-labelledby="mm-title">
      <h2 id="mm-title" className="visually-hidden">
        {t('mismatchGrid', { month })}
      </h2>
      <FilterBar month={month} version={report.version} filters={filters} onFilter={setFilter} total={list.total} />
      {report.report && <UnexplainedLine scoped={Boolean(filters.owner ?? filters.project ?? filters.tag)} />}
      {(list.error !== null || sourcesError !== null) && (
        <p className="error" role="alert">
          <FailureText error={list.error ?? sourcesError} />
        </p>
      )}
      <div className="review-bar">
        <ReviewBar ids={checked.size > 0 ? [...checked] : current ? [current.id] : []} ticked={checked.size} onSaved={(rows) => {
          list.replaceRows(rows);
          setChecked(new Set());
          report.reload();
        }} />
        <OrderAndPanel sort={sort} onTriage={() => setSort(TRIAGE)} panel={panel} onPanel={() => showPanel(!panel)} />
      </div>
      <div className={panel ? 'mm-layout' : 'mm-layout no-panel'}>
        <MismatchGrid
          label={t('mismatchGrid', { month })}
          count={list.total ?? 0}
          rowAt={list.rowAt}
          pagesVersion={list.pagesVersion}
          loadRange={list.loadRange}
          busy={list.busy}
          active={active}
          onActive={setActive}
          checked={checked}
          onToggle={toggle}
          sort={sort}
          onSort={setSort}
          onOpen={openSources}
          listKey={listKey}
        />
        <div id="sources-region" hidden={!panel}>
          {panel && <SourcePanel m={current} sources={sources} currency={report.report?.currency ?? null} />}
        </div>
      </div>
    </section>
  );
}

function OrderAndPanel({ sort, onTriage, panel, onPanel }: { sort: Sort; onTriage: () => void; panel: boolean; onPanel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      {sort.column !== 'triage' ? (
        <button type="button" data-testid="triage" onClick={onTriage}>
          {t('backToTriage')}
        </button>
      ) : (
        <span className="meta" data-testid="triage-order">
          {t('triageOrder')}
        </span>
      )}
      <button type="button" className="panel-toggle" aria-expanded={panel} aria-controls="sources-region" data-testid="toggle-sources" onClick={onPanel}>
        {panel ? t('hideSources') : t('showSources')}
      </button>
    </>
  );
}

function FilterBar({ month, version, filters, onFilter, total }: { month: string; version: number; filters: Filters; onFilter: (f: Filters) => void; total: number | null }) {
  const { t, n } = useI18n();
  const [facets, setFacets] = useState<MismatchFacets | null>(null);
  const products = facets?.products ?? [];
  useEffect(() => {
    api.mismatchFacets({ month }).then(setFacets, () => undefined);
  }, [month, version]);
  return (
    <div className="filters">
      <label>
        {t('filterCategory')}{' '}
        <select data-testid="filter-category" value={filters.category ?? ''} onChange={(e) => onFilter({ category: (e.target.value || undefined) as MismatchCategory | undefined })}>
          <option value="">{t('all')}</option>
          {CATEGORIES.map(([c, k]) => (
            <option key={c} value={c}>
              {t(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filterProduct')}{' '}
        <select data-testid="filter-product" value={filters.product ?? ''} onChange={(e) => onFilter({ product: e.target.value || undefined })}>
          <option value="">{t('all')}</option>
          {products.map((p) => (
            <option key={p} value={p} translate="no">
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filterResource')}{' '}
        <input data-testid="filter-resource" size={16} value={filters.resource ?? ''} onChange={(e) => onFilter({ resource: e.target.value || undefined })} />
      </label>
      <label>
        {t('filterStatus')}{' '}
        <select data-testid="filter-status" value={filters.status ?? ''} onChange={(e) => onFilter({ status: (e.target.value || undefined) as ReviewStatus | undefined })}>
          <option value="">{t('all')}</option>
          {(Object.keys(STATUS_LABEL) as ReviewStatus[]).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL[s])}
            </option>
          ))}
        </select>
      </label>
      <ScopeFilters facets={facets} filters={filters} onFilter={onFilter} />
      <span className="count" data-testid="row-count" role="status">
        {total === null ? t('loading') : t('rowsCount', { n: n(String(total)) })}
      </span>
    </div>
  );
}

/**
 * The same count and sum as the Unexplained card, from the same report: the whole month's, which
 * a scope filter (account, project, tag) does not narrow, so the line says so then.
 */
function UnexplainedLine({ scoped }: { scoped: boolean }) {
  const { t, lang } = useI18n();
  const { report } = useMonthReport();
  if (!report) return null;
  const u = unexplainedOf(report);
  const sum = `${formatMoney(u.listSum, lang)}${report.currency ? ` ${report.currency}` : ''}`;
  return (
    <p className="unexplained-line" data-testid="unexplained-line" data-count={u.count} data-open={u.open} data-sum={u.listSum}>
      <strong>{t('unexplainedSummary', { n: u.count, sum, open: u.open })}</strong>
      {report.currency && <> · {t('amountsIn', { currency: report.currency })}</>}
      {scoped && <span data-testid="scope-whole-month"> · {t('scopeWholeMonth')}</span>}
    </p>
  );
}

function ReviewBar({ ids, ticked, onSaved }: { ids: string[]; ticked: number; onSaved: (rows: Awaited<ReturnType<typeof api.setReview>>) => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<ReviewStatus>('explained');
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<{ saved: number } | { error: unknown } | null>(null);
  const apply = async () => {
    if (ids.length === 0) return;
    try {
      const rows = await api.setReview({ ids, status, comment: comment.trim() === '' ? null : comment.trim() });
      onSaved(rows);
      setOutcome({ saved: rows.length });
    } catch (error) {
      setOutcome({ error });
    }
  };
  return (
    <form className="review-form" onSubmit={(e) => {
      e.preventDefault();
      void apply();
    }}>
      <span data-testid="checked-count">{ticked > 0 ? t('selectedCount', { n: ticked }) : t('currentRow')}</span>
      <label>
        {t('markAs')}{' '}
        <select data-testid="review-status" value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus)} title={t('markTarget')}>
          {(Object.keys(STATUS_LABEL) as ReviewStatus[]).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL[s])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('comment')} <input data-testid="review-comment" value={comment} onChange={(e) => setComment(e.target.value)} size={24} />
      </label>
      <button type="submit" data-testid="review-apply">
        {t('apply')}
      </button>
      <span role="status" className="review-outcome" data-testid="review-outcome">
        {outcome && 'saved' in outcome && t('reviewSaved', { n: outcome.saved, status: t(STATUS_LABEL[status]) })}
        {outcome && 'error' in outcome && (
          <span className="error">
            <FailureText error={outcome.error} />
          </span>
        )}
      </span>
    </form>
  );
}
