import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MismatchCategory, MismatchPageQuery, MismatchView, ReviewStatus, SortColumn, SourceLineView } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { marker } from '../markers';
import { useI18n, type MessageKey } from '../i18n';

/** Fixed row height: the table renders only the rows in view, however many the month has. */
export const ROW_HEIGHT = 26;
const PAGE = 200;
const OVERSCAN = 8;

const CATEGORIES: [MismatchCategory, MessageKey][] = [
  ['prepaidTiming', 'prepaidTiming'],
  ['crossMonth', 'crossMonth'],
  ['precision', 'precision'],
  ['refunds', 'refunds'],
  ['missing', 'missingCat'],
  ['amountMismatch', 'amountMismatch'],
  ['rating', 'rating'],
];
const CATEGORY_LABEL = Object.fromEntries(CATEGORIES) as Record<MismatchCategory, MessageKey>;
const STATUS_LABEL: Record<ReviewStatus, MessageKey> = { open: 'open', explained: 'explainedStatus', accepted: 'accepted' };

type Filters = Pick<MismatchPageQuery, 'category' | 'product' | 'resource' | 'status'>;

export function MismatchesScreen({ month, dataVersion }: { month: string; dataVersion: number }) {
  const { t, n } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<{ column: SortColumn; dir: 'asc' | 'desc' }>({ column: 'seq', dir: 'asc' });
  const [total, setTotal] = useState<number | null>(null);
  const [pagesVersion, setPagesVersion] = useState(0);
  const pages = useRef(new Map<number, MismatchView[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(520);
  const [selected, setSelected] = useState(0);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [sources, setSources] = useState<SourceLineView[] | null>(null);
  const [products, setProducts] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reviewStatus, setReviewStatus] = useState<ReviewStatus>('explained');
  const [comment, setComment] = useState('');
  const body = useRef<HTMLDivElement>(null);

  const query = useMemo(() => ({ month, ...filters, sort: sort.column, dir: sort.dir }), [month, filters, sort]);

  const loadPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      inflight.current.add(page);
      const gen = generation.current;
      api.mismatches({ ...query, offset: page * PAGE, limit: PAGE }).then(
        (r) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          pages.current.set(page, r.rows);
          setTotal(r.total);
          setPagesVersion((v) => v + 1);
        },
        (e) => {
          inflight.current.delete(page);
          setError(failureText(e));
        },
      );
    },
    [query],
  );

  // A new query starts from an empty cache at the top.
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(null);
    setSelected(0);
    setScrollTop(0);
    if (body.current) body.current.scrollTop = 0;
    loadPage(0);
  }, [loadPage, dataVersion]);

  useEffect(() => {
    api.mismatchFacets({ month }).then((f) => setProducts(f.products), () => undefined);
  }, [month, dataVersion]);

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const count = total ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  // Fetch once the view rests for a moment: dragging the scrollbar across a million rows must not
  // queue a page request for every position it passes (the main process answers them in order).
  // At most one request in flight plus the latest wanted position.
  useEffect(() => {
    const load = () => {
      for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) loadPage(p);
    };
    if (inflight.current.size === 0) {
      load();
      return;
    }
    const timer = setTimeout(load, 40);
    return () => clearTimeout(timer);
  }, [first, last, loadPage, pagesVersion]);

  const rowAt = (i: number): MismatchView | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  const current = rowAt(selected);

  // Trace the selected row to its source lines, a moment after the selection settles.
  useEffect(() => {
    setSources(null);
    if (!current) return;
    const id = current.id;
    const timer = setTimeout(() => {
      api.mismatchSources({ id }).then(setSources, (e) => setError(failureText(e)));
    }, 120);
    return () => clearTimeout(timer);
  }, [current?.id]);

  const select = (i: number) => {
    const next = Math.max(0, Math.min(count - 1, i));
    setSelected(next);
    const el = body.current;
    if (!el) return;
    if (next * ROW_HEIGHT < el.scrollTop) el.scrollTop = next * ROW_HEIGHT;
    else if ((next + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = (next + 1) * ROW_HEIGHT - el.clientHeight;
  };

  const toggle = useCallback(
    (id: string) =>
      setChecked((s) => {
        const c = new Set(s);
        if (c.has(id)) c.delete(id);
        else c.add(id);
        return c;
      }),
    [],
  );

  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) select(selected + moves[e.key]!);
    else if (e.key === 'Home') select(0);
    else if (e.key === 'End') select(count - 1);
    else if (e.key === ' ' && current) toggle(current.id);
    else if (e.key === 'Enter') document.querySelector<HTMLElement>('[data-testid=sources]')?.focus();
    else return;
    e.preventDefault();
  };

  const applyReview = async () => {
    const ids = checked.size > 0 ? [...checked] : current ? [current.id] : [];
    if (ids.length === 0) return;
    try {
      const updated = await api.setReview({ ids, status: reviewStatus, comment: comment.trim() === '' ? null : comment.trim() });
      const byId = new Map(updated.map((m) => [m.id, m]));
      for (const [p, rows] of pages.current) pages.current.set(p, rows.map((r) => byId.get(r.id) ?? r));
      setChecked(new Set());
      setPagesVersion((v) => v + 1);
    } catch (e) {
      setError(failureText(e));
    }
  };

  const sortBy = (column: SortColumn) => setSort((s) => (s.column === column ? { column, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' }));
  const arrow = (column: SortColumn) => (sort.column === column ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '');
  const setFilter = (patch: Filters) => setFilters((f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined && v !== '')) as Filters);

  const selectRef = useRef(select);
  selectRef.current = select;
  const onRowClick = useCallback((i: number) => selectRef.current(i), []);
  const rows = [];
  for (let i = first; i < last; i++) {
    const m = rowAt(i);
    rows.push(<Row key={i} index={i} m={m} selected={i === selected} checked={m ? checked.has(m.id) : false} onSelect={onRowClick} onToggle={toggle} />);
  }

  const bySide = (side: 'fee' | 'consumption') => (sources ?? []).filter((s) => s.side === side);

  return (
    <section className="mismatches">
      <div className="filters">
        <select data-testid="filter-category" value={filters.category ?? ''} onChange={(e) => setFilter({ category: (e.target.value || undefined) as MismatchCategory | undefined })}>
          <option value="">{t('category')}: {t('all')}</option>
          {CATEGORIES.map(([c, k]) => (
            <option key={c} value={c}>
              {t(k)}
            </option>
          ))}
        </select>
        <select data-testid="filter-product" value={filters.product ?? ''} onChange={(e) => setFilter({ product: e.target.value || undefined })}>
          <option value="">{t('product')}: {t('all')}</option>
          {products.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <input data-testid="filter-resource" placeholder={t('resource')} value={filters.resource ?? ''} onChange={(e) => setFilter({ resource: e.target.value || undefined })} />
        <select data-testid="filter-status" value={filters.status ?? ''} onChange={(e) => setFilter({ status: (e.target.value || undefined) as ReviewStatus | undefined })}>
          <option value="">{t('status')}: {t('all')}</option>
          {(Object.keys(STATUS_LABEL) as ReviewStatus[]).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL[s])}
            </option>
          ))}
        </select>
        <span className="count" data-testid="row-count">
          {total === null ? t('loading') : `${n(String(total))} ${t('rows')}`}
        </span>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="review-bar">
        <span>
          {checked.size > 0 ? `${checked.size} ${t('selected')}` : ''} {t('markAs')}
        </span>
        <select data-testid="review-status" value={reviewStatus} onChange={(e) => setReviewStatus(e.target.value as ReviewStatus)}>
          {(Object.keys(STATUS_LABEL) as ReviewStatus[]).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL[s])}
            </option>
          ))}
        </select>
        <input data-testid="review-comment" placeholder={t('comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button data-testid="review-apply" onClick={() => void applyReview()}>
          {t('apply')}
        </button>
        <span className="legend">
          <span className="c-gutter only-fee">---</span> {t('onlyFee')} <span className="c-gutter only-consumption">+++</span> {t('onlyConsumption')}{' '}
          <span className="c-gutter changed">-&gt;</span> {t('changed')}
        </span>
      </div>
      <div className="mm-layout">
        <div className="mm-table" role="grid" aria-rowcount={count}>
          <div className="mm-head" role="row">
            <span className="c-check" />
            <span className="c-gutter">@@</span>
            <button className="c-cat" onClick={() => sortBy('category')}>{t('category')}{arrow('category')}</button>
            <button className="c-product" onClick={() => sortBy('product')}>{t('product')}{arrow('product')}</button>
            <button className="c-resource" onClick={() => sortBy('resourceId')}>{t('resource')}{arrow('resourceId')}</button>
            <button className="c-component" onClick={() => sortBy('component')}>{t('component')}{arrow('component')}</button>
            <button className="c-fee num" data-testid="sort-fee" onClick={() => sortBy('fee')}>{t('fee')}{arrow('fee')}</button>
            <button className="c-cons num" onClick={() => sortBy('consumption')}>{t('consumption')}{arrow('consumption')}</button>
            <button className="c-diff num" data-testid="sort-difference" onClick={() => sortBy(sort.column === 'absDifference' ? 'difference' : 'absDifference')}>
              {t('difference')}
              {arrow('absDifference') || arrow('difference')}
            </button>
            <button className="c-status" data-testid="sort-status" onClick={() => sortBy('status')}>{t('status')}{arrow('status')}</button>
            <span className="c-comment">{t('comment')}</span>
          </div>
          <div className="mm-body" ref={body} tabIndex={0} data-testid="mm-body" onKeyDown={onKey} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
            <div className="mm-spacer" style={{ height: count * ROW_HEIGHT }}>
              {rows}
            </div>
          </div>
        </div>
        <aside className="detail" data-testid="sources" tabIndex={-1}>
          <h3>{t('sources')}</h3>
          {!current && <p className="meta">{t('noSelection')}</p>}
          {current && (
            <>
              <p className="meta">
                {t(CATEGORY_LABEL[current.category])} · {current.key.product ?? '—'} · {current.key.resourceId ?? '—'} · {current.key.component ?? '—'}
                {current.note && <><br />{current.note}</>}
                {current.reviewedBy && (
                  <>
                    <br />
                    {t('reviewedBy')}: {current.reviewedBy} {current.reviewedAt}
                  </>
                )}
              </p>
              <div className="sides">
                {(['fee', 'consumption'] as const).map((side) => (
                  <div key={side} className={`side side-${side}`}>
                    <h4>
                      {t(side)} · {n(side === 'fee' ? current.fee : current.consumption)}
                    </h4>
                    {(side === 'fee' ? current.feeSources : current.consumptionSources).length === 0 && <p className="meta">—</p>}
                    {bySide(side).map((s, i) => (
                      <details key={i} open={i < 2}>
                        <summary data-testid="source-ref">
                          {s.file}:{s.row}
                        </summary>
                        <dl>
                          {Object.entries(s.fields)
                            .filter(([k, v]) => v !== null && v !== '' && k !== 'extra' && k !== 'importId')
                            .map(([k, v]) => (
                              <div key={k}>
                                <dt>{k}</dt>
                                <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                              </div>
                            ))}
                        </dl>
                      </details>
                    ))}
                    {sources === null && (side === 'fee' ? current.feeSources : current.consumptionSources).map((ref) => <p key={ref} className="meta">{ref}</p>)}
                  </div>
                ))}
              </div>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}

interface RowProps {
  index: number;
  m: MismatchView | undefined;
  selected: boolean;
  checked: boolean;
  onSelect: (i: number) => void;
  onToggle: (id: string) => void;
}

/** One table row; memoized so scrolling re-renders only rows that enter the view. */
const Row = memo(function Row({ index: i, m, selected, checked, onSelect, onToggle }: RowProps) {
  const { t, n } = useI18n();
  const cls = ['mm-row', selected ? 'selected' : '', i % 2 ? 'odd' : ''].join(' ');
  if (!m) return <div className={cls + ' placeholder'} style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }} />;
  const mk = marker(m);
  return (
    <div
      className={`${cls} ${mk.kind}`}
      data-testid="mm-row"
      data-id={m.id}
      role="row"
      aria-selected={selected}
      style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
      onClick={() => onSelect(i)}
    >
      <span className="c-check">
        <input type="checkbox" checked={checked} onChange={() => onToggle(m.id)} onClick={(e) => e.stopPropagation()} aria-label="select" />
      </span>
      <span className={`c-gutter ${mk.kind}`} title={t(mk.label)}>
        {mk.symbol}
      </span>
      <span className="c-cat">{t(CATEGORY_LABEL[m.category])}</span>
      <span className="c-product" title={m.key.product ?? ''}>
        {m.key.product ?? '—'}
      </span>
      <span className="c-resource" title={m.key.resourceId ?? ''}>
        {m.key.resourceId ?? '—'}
      </span>
      <span className="c-component" title={m.key.component ?? ''}>
        {m.key.component ?? '—'}
      </span>
      <span className={`c-fee num ${mk.kind !== 'only-consumption' ? 'side-fee' : ''} ${mk.kind === 'changed' ? 'changed' : ''}`}>{n(m.fee)}</span>
      <span className={`c-cons num ${mk.kind !== 'only-fee' ? 'side-cons' : ''} ${mk.kind === 'changed' ? 'changed' : ''}`}>{n(m.consumption)}</span>
      <span className={`c-diff num ${m.explained ? '' : 'warn'}`}>{n(m.difference)}</span>
      <span className={`c-status status-${m.status}`} data-testid="row-status">
        {t(STATUS_LABEL[m.status])}
      </span>
      <span className="c-comment" title={m.comment ?? ''}>
        {m.comment ?? ''}
      </span>
    </div>
  );
});
