import { useCallback, useEffect, useRef, useState } from 'react';
import type { MismatchPageQuery, MismatchView } from '../../../../main/api/contract';
import { api } from '../../api';

const PAGE = 200;

export type ListQuery = Omit<MismatchPageQuery, 'offset' | 'limit'>;

/**
 * The stored mismatch list, paged from SQLite as the view needs it: only the rows in view are
 * ever fetched, however many the month has. A new query or a new month report starts again from
 * an empty cache.
 */
export function useMismatchPages(query: ListQuery | null, reportVersion: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [pagesVersion, setPagesVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const pages = useRef(new Map<number, MismatchView[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);

  const loadPage = useCallback(
    (page: number) => {
      if (!query || pages.current.has(page) || inflight.current.has(page)) return;
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
        (e: unknown) => {
          inflight.current.delete(page);
          setError(e);
        },
      );
    },
    [query],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(null);
    setError(null);
    loadPage(0);
  }, [loadPage, reportVersion]);

  /** Fetch the pages holding rows first..last-1; `busy` says whether a request is still out. */
  const loadRange = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) loadPage(p);
    },
    [loadPage],
  );
  const busy = useCallback(() => inflight.current.size > 0, []);

  const rowAt = useCallback((i: number): MismatchView | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE], []);

  /** Where a row is in the pages fetched so far (-1 when not among them). */
  const indexOf = useCallback((id: string): number => {
    for (const [p, rows] of pages.current) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return p * PAGE + i;
    }
    return -1;
  }, []);

  /** Rows changed by a review, put in place without refetching. */
  const replaceRows = useCallback((updated: MismatchView[]) => {
    const byId = new Map(updated.map((m) => [m.id, m]));
    for (const [p, rows] of pages.current) pages.current.set(p, rows.map((r) => byId.get(r.id) ?? r));
    setPagesVersion((v) => v + 1);
  }, []);

  return { total, pagesVersion, error, rowAt, loadRange, busy, replaceRows, indexOf };
}
