/**
 * The selected month's report, shared by every screen: the Month overview's cards and waterfall,
 * the Mismatches list (stored by the same run) and the stale marker in the header read this one
 * object, so they cannot disagree. A change that alters the month's figures (an import, an undo,
 * the exchange rate, the account or the catalog) marks it out of date and recomputes it at once;
 * if that fails the marker stays, with a one-click refresh.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { MonthReportView } from '../../main/api/contract';
import { api, newOpId } from './api';
import type { MessageKey } from './i18n';

export type StaleReason = Extract<MessageKey, `staleBecause${string}`>;

export interface ReportState {
  month: string;
  report: MonthReportView | null;
  /** loading: nothing yet; recomputing: the shown report is out of date and a run is under way; stale: out of date, the run failed. */
  phase: 'loading' | 'current' | 'recomputing' | 'stale';
  reason: StaleReason | null;
  error: unknown;
  /** Bumps with every report that arrives: screens paging the stored mismatch list reload. */
  version: number;
}

export interface MonthReport extends ReportState {
  /** The figures of `months` (default: the shown month; 'all' for account or catalog) changed: recompute. */
  changed(reason: StaleReason, months?: string[] | 'all'): void;
  /** Recompute on request (the stale marker's refresh, "Reconcile again"). */
  refresh(): void;
  /** Fetch the stored report again: review marks change its counts, not its figures. */
  reload(): void;
}

const initial: ReportState = { month: '', report: null, phase: 'loading', reason: null, error: null, version: 0 };
const ReportContext = createContext<MonthReport>({ ...initial, changed: () => undefined, refresh: () => undefined, reload: () => undefined });

export function useMonthReport(): MonthReport {
  return useContext(ReportContext);
}

/** Which months need a recompute before they are shown, and why: some, or all but those recomputed since. */
class StaleMonths {
  private all: StaleReason | null = null;
  private months = new Map<string, StaleReason>();

  mark(months: string[] | 'all', why: StaleReason): void {
    if (months === 'all') {
      this.all = why;
      this.months.clear();
      return;
    }
    // With `all`, the map holds the months recomputed since: marking one takes it out again.
    for (const m of months) {
      if (this.all) this.months.delete(m);
      else this.months.set(m, why);
    }
  }

  reason(month: string): StaleReason | null {
    if (this.all) return this.months.has(month) ? null : this.all;
    return this.months.get(month) ?? null;
  }

  recomputed(month: string): void {
    if (this.all) this.months.set(month, this.all);
    else this.months.delete(month);
  }
}

export function ReportProvider({ month, children }: { month: string; children: React.ReactNode }) {
  const [state, setState] = useState<ReportState>({ ...initial, month });
  const generation = useRef(0);
  const recomputing = useRef(false);
  // Months whose stored run predates a change made here (the store only knows about imports).
  const stale = useRef(new StaleMonths());

  const run = useCallback(
    async (recompute: boolean, reason: StaleReason | null) => {
      if (!month) return;
      const gen = ++generation.current;
      recomputing.current = recompute;
      setState((s) => ({ ...s, month, phase: s.report && s.month === month ? (recompute ? 'recomputing' : s.phase) : 'loading', reason, error: null }));
      try {
        const report = recompute ? await api.reconcile({ month, opId: newOpId('reconcile') }) : await api.monthReport({ month });
        if (gen !== generation.current) return;
        recomputing.current = false;
        if (recompute) stale.current.recomputed(month);
        // The same run fetched again (review marks move its open counts): the stored list is unchanged.
        const sameRun = (s: ReportState) => s.report !== null && s.month === month && s.report.ranAt === report.ranAt;
        setState((s) => ({ month, report, phase: 'current', reason: null, error: null, version: sameRun(s) ? s.version : s.version + 1 }));
      } catch (error) {
        if (gen !== generation.current) return;
        recomputing.current = false;
        setState((s) => ({ ...s, phase: 'stale', reason: reason ?? s.reason ?? 'staleBecauseRequest', error }));
      }
    },
    [month],
  );

  useEffect(() => {
    setState((s) => (s.month === month ? s : { ...s, month, report: null, phase: 'loading' }));
    const why = stale.current.reason(month);
    void run(why !== null, why);
  }, [month, run]);

  const changed = useCallback(
    (reason: StaleReason, months?: string[] | 'all') => {
      stale.current.mark(months ?? [], reason);
      void run(true, reason);
    },
    [run],
  );
  const refresh = useCallback(() => void run(true, 'staleBecauseRequest'), [run]);
  // A fetch must not overtake a recompute under way (its answer would be dropped).
  const reload = useCallback(() => {
    if (!recomputing.current) void run(false, null);
  }, [run]);

  // Back from another window (the CLI may have imported or reconciled): fetch the stored report again.
  useEffect(() => {
    window.addEventListener('focus', reload);
    return () => window.removeEventListener('focus', reload);
  }, [reload]);

  const value = useMemo<MonthReport>(() => ({ ...state, changed, refresh, reload }), [state, changed, refresh, reload]);
  return <ReportContext.Provider value={value}>{children}</ReportContext.Provider>;
}
