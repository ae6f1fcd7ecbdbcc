import { useRef, type KeyboardEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n';

export type Tab = 'import' | 'month' | 'mismatches' | 'rating' | 'year' | 'calculators';
export const TABS: [Tab, MessageKey][] = [
  ['import', 'tabImport'],
  ['month', 'tabMonth'],
  ['mismatches', 'tabMismatches'],
  ['rating', 'tabRating'],
  ['year', 'tabYear'],
  ['calculators', 'tabCalculators'],
];

/**
 * The screens as a tab list (WAI-ARIA tabs, automatic activation): one tab in the Tab order,
 * ← → Home End move between tabs and open them.
 */
export function Tabs({ tab, onSelect }: { tab: Tab; onSelect: (t: Tab) => void }) {
  const { t } = useI18n();
  const refs = useRef(new Map<Tab, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent) => {
    const at = TABS.findIndex(([id]) => id === tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length]![0];
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <nav className="tabs" aria-label={t('screens')}>
      <div role="tablist" aria-label={t('screens')} onKeyDown={onKey}>
        {TABS.map(([id, key]) => (
          <button
            key={id}
            ref={(el) => {
              if (el) refs.current.set(id, el);
            }}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls="main"
            tabIndex={tab === id ? 0 : -1}
            data-tab={id}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => onSelect(id)}
          >
            {t(key)}
          </button>
        ))}
      </div>
    </nav>
  );
}
