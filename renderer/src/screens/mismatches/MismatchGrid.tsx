import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MismatchView } from '../../../../main/api/contract';
import { isZero } from '../../format';
import { useI18n } from '../../i18n';
import { sideOf, statusOf } from '../../markers';
import { Money } from '../../components/Money';
import { Data } from '../../components/Text';
import { CATEGORY_LABEL, COLUMNS, nextSort, type Sort } from './columns';

/** Fixed row height: the grid renders only the rows in view, however many the month has. */
export const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 40;
const OVERSCAN = 8;

export interface GridProps {
  label: string;
  count: number;
  rowAt: (i: number) => MismatchView | undefined;
  pagesVersion: number;
  loadRange: (first: number, last: number) => void;
  busy: () => boolean;
  active: number;
  onActive: (i: number) => void;
  checked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  sort: Sort;
  onSort: (s: Sort) => void;
  /** Enter on a row: open its comparison. */
  onOpen: () => void;
  /** Changes when the list is a new one: back to the top. */
  listKey: string;
}

/**
 * The mismatch list as an ARIA grid: the grid itself holds focus and points at the current row
 * with aria-activedescendant (the rows come and go as they scroll, so a roving tabindex would lose
 * focus); ↑ ↓ PgUp PgDn Home End move, Space ticks, Enter opens the comparison.
 */
/** The grid's scroll position and height, and the rows first..last to render (fetched as they come into view). */
function useVisibleRows(el: React.RefObject<HTMLDivElement | null>, p: GridProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(500);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const ro = new ResizeObserver(() => setViewport(node.clientHeight - HEAD_HEIGHT));
    ro.observe(node);
    return () => ro.disconnect();
  }, [el]);
  useEffect(() => {
    if (el.current) el.current.scrollTop = 0;
    setScrollTop(0);
  }, [el, p.listKey]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(p.count, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const { loadRange, busy } = p;
  useEffect(() => {
    if (!busy()) {
      loadRange(first, last);
      return;
    }
    const timer = setTimeout(() => loadRange(first, last), 40);
    return () => clearTimeout(timer);
  }, [first, last, loadRange, busy, p.pagesVersion]);
  return { first, last, viewport, setScrollTop };
}

export function MismatchGrid(p: GridProps) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const { first, last, viewport, setScrollTop } = useVisibleRows(el, p);

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(p.count - 1, i));
    p.onActive(next);
    const node = el.current;
    if (!node) return;
    if (next * ROW_HEIGHT < node.scrollTop) node.scrollTop = next * ROW_HEIGHT;
    else if ((next + 1) * ROW_HEIGHT > node.scrollTop + node.clientHeight - HEAD_HEIGHT) node.scrollTop = (next + 1) * ROW_HEIGHT - node.clientHeight + HEAD_HEIGHT;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -p.active, End: p.count };
    const current = p.rowAt(p.active);
    if (e.key in moves) moveTo(p.active + moves[e.key]!);
    else if (e.key === ' ' && current) p.onToggle(current.id);
    else if (e.key === 'Enter') p.onOpen();
    else return;
    e.preventDefault();
  };

  const { onActive } = p;
  const onSelectRow = useCallback(
    (i: number) => {
      onActive(i);
      el.current?.focus({ preventScroll: true });
    },
    [onActive],
  );
  const rows = [];
  for (let i = first; i < last; i++) {
    const m = p.rowAt(i);
    rows.push(<Row key={i} index={i} m={m} active={i === p.active} checked={m ? p.checked.has(m.id) : false} onSelect={onSelectRow} onToggle={p.onToggle} />);
  }
  return (
    <div
      className="mm-grid"
      role="grid"
      ref={el}
      tabIndex={0}
      aria-label={p.label}
      aria-rowcount={p.count + 1}
      aria-colcount={COLUMNS.length + 1}
      aria-multiselectable
      aria-activedescendant={p.count > 0 ? `mm-row-${p.active}` : undefined}
      data-testid="mm-body"
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <HeaderRow sort={p.sort} onSort={p.onSort} />
      <div className="mm-spacer" role="rowgroup" style={{ height: p.count * ROW_HEIGHT }}>
        {rows}
      </div>
      {p.count === 0 && <p className="empty grid-empty">{t('noMismatches')}</p>}
    </div>
  );
}

function HeaderRow({ sort, onSort }: { sort: Sort; onSort: (s: Sort) => void }) {
  const { t } = useI18n();
  return (
    <div className="mm-head" role="rowgroup">
      <div className="mm-row head" role="row" aria-rowindex={1}>
        <div className="c-check" role="columnheader">
          <span className="visually-hidden">{t('selectColumn')}</span>
        </div>
        {COLUMNS.map((c) => {
          const on = c.sort !== undefined && sort.column === c.sort;
          return (
            <div key={c.id} className={`c-${c.id}${c.numeric ? ' num' : ''}`} role="columnheader" aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sort ? (
                <button type="button" data-testid={c.testId} onClick={() => onSort(nextSort(sort, c))}>
                  {t(c.label)}
                  <span className="sort-mark" aria-hidden="true">
                    {on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              ) : (
                <span>{t(c.label)}</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  m: MismatchView | undefined;
  active: boolean;
  checked: boolean;
  onSelect: (i: number) => void;
  onToggle: (id: string) => void;
}

/** One row; memoized so scrolling re-renders only rows that enter the view. */
const Row = memo(function Row({ index: i, m, active, checked, onSelect, onToggle }: RowProps) {
  const { t } = useI18n();
  const common = { id: `mm-row-${i}`, role: 'row', 'aria-rowindex': i + 2, style: { transform: `translateY(${i * ROW_HEIGHT}px)` } };
  if (!m)
    return (
      <div {...common} className="mm-row placeholder" aria-busy="true">
        <div role="gridcell" className="c-all">
          {t('loading')}
        </div>
      </div>
    );
  const side = sideOf(m);
  const status = statusOf(m);
  const todo = status.tone === 'todo';
  const cls = ['mm-row', active ? 'active' : '', todo ? 'todo' : 'dimmed', i % 2 ? 'odd' : ''].filter(Boolean).join(' ');
  const feeMissing = side.side === 'only-consumption' && isZero(m.fee);
  const consMissing = side.side === 'only-fee' && isZero(m.consumption);
  return (
    <div {...common} className={cls} data-testid="mm-row" data-id={m.id} data-active={active || undefined} aria-selected={checked} onClick={() => onSelect(i)}>
      <div role="gridcell" className="c-check">
        <input type="checkbox" tabIndex={-1} checked={checked} onChange={() => onToggle(m.id)} onClick={(e) => e.stopPropagation()} aria-label={t('selectRow', { n: i + 1 })} />
      </div>
      <div role="gridcell" className="c-category" title={t(side.label)}>
        {t(CATEGORY_LABEL[m.category])}
      </div>
      <div role="gridcell" className="c-product">
        <Data title={m.key.product ?? ''}>{m.key.product ?? '—'}</Data>
      </div>
      <div role="gridcell" className="c-resource">
        <Data title={m.key.resourceId ?? ''}>{m.key.resourceId ?? m.key.item ?? '—'}</Data>
      </div>
      <div role="gridcell" className="c-component">
        <Data title={m.key.component ?? ''}>{m.key.component ?? m.key.date ?? '—'}</Data>
      </div>
      <div role="gridcell" className="c-fee num">
        <Money value={feeMissing ? null : m.fee} />
      </div>
      <div role="gridcell" className="c-cons num">
        <Money value={consMissing ? null : m.consumption} />
      </div>
      <div role="gridcell" className={`c-diff num${todo ? ' warn' : ''}`}>
        <Money value={m.difference} />
      </div>
      <div role="gridcell" className={`c-status tone-${status.tone}`} data-testid="row-status">
        {t(status.label)}
      </div>
      <div role="gridcell" className="c-comment">
        <Data title={m.comment ?? ''}>{m.comment ?? ''}</Data>
      </div>
    </div>
  );
});
