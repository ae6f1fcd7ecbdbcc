import type { MismatchFacets, MismatchPageQuery } from '../../../../main/api/contract';
import { Data, Msg } from '../../components/Text';
import { useI18n, type MessageKey } from '../../i18n';

export type ScopeFilter = Pick<MismatchPageQuery, 'owner' | 'project' | 'tag'>;

const SELECTS: { key: keyof ScopeFilter; facet: 'owners' | 'projects' | 'tags'; label: MessageKey }[] = [
  { key: 'owner', facet: 'owners', label: 'filterOwner' },
  { key: 'project', facet: 'projects', label: 'filterProject' },
  { key: 'tag', facet: 'tags', label: 'filterTag' },
];

/** A tag value as the accountant reads it: "env=prod", or "env (untagged)" for the lines without it. */
export function useScopeLabel(): (dimension: 'owner' | 'project' | 'tag', value: string) => string {
  const { t } = useI18n();
  return (dimension, value) => {
    if (dimension === 'tag' && value.endsWith('=')) return t('scopeUntagged', { key: value.slice(0, -1) });
    return value === '' ? t('scopeNone') : value;
  };
}

/** The same as a table cell: the value as data, the words around it in the screen's language. */
export function ScopeValue({ dimension, value }: { dimension: 'owner' | 'project' | 'tag'; value: string }) {
  const { t } = useI18n();
  if (dimension === 'tag' && value.endsWith('=')) return <Msg k="scopeUntagged" data={{ key: value.slice(0, -1) }} />;
  return value === '' ? <>{t('scopeNone')}</> : <Data>{value}</Data>;
}

/**
 * Group accounts (issue 11 §8): narrow the list to one member account, project or tag value. A
 * select is offered when the month's mismatches carry two values or more of it (a single
 * account's month has no account select), and stays while it filters, so no filter is hidden.
 */
export function ScopeFilters({ facets, filters, onFilter }: { facets: MismatchFacets | null; filters: ScopeFilter; onFilter: (f: ScopeFilter) => void }) {
  const { t } = useI18n();
  const label = useScopeLabel();
  return (
    <>
      {SELECTS.map(({ key, facet, label: labelKey }) => {
        const values = facets?.[facet] ?? [];
        const chosen = filters[key];
        if (values.length < 2 && chosen === undefined) return null;
        const shown = chosen !== undefined && !values.includes(chosen) ? [...values, chosen] : values;
        return (
          <label key={key}>
            {t(labelKey)}{' '}
            <select data-testid={`filter-${key}`} value={chosen ?? ''} onChange={(e) => onFilter({ [key]: e.target.value === '' ? undefined : e.target.value })}>
              <option value="">{t('all')}</option>
              {shown.map((v) => (
                <option key={v} value={v} translate="no">
                  {label(key, v)}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </>
  );
}
