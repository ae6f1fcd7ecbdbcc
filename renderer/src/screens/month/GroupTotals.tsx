import type { GroupTotalsView, MonthReportView, ScopeFiguresView } from '../../../../main/api/contract';
import { Money } from '../../components/Money';
import { useI18n, type MessageKey } from '../../i18n';
import { ScopeValue } from '../mismatches/ScopeFilters';

const TABLES: { dimension: keyof GroupTotalsView; scope: 'owner' | 'project' | 'tag'; title: MessageKey; head: MessageKey }[] = [
  { dimension: 'owners', scope: 'owner', title: 'grByOwner', head: 'grOwner' },
  { dimension: 'projects', scope: 'project', title: 'grByProject', head: 'grProject' },
  { dimension: 'tags', scope: 'tag', title: 'grByTag', head: 'grTag' },
];

/**
 * Group accounts (issue 11 §8): the month report's fee, consumption, explained and unexplained per
 * member account, project and tag value, as `billrecon reconcile` prints them for a bill of
 * several accounts or projects. The report carries them only then; nothing is computed here.
 */
export function GroupTotals({ report }: { report: MonthReportView }) {
  const { t } = useI18n();
  const groups = report.groups;
  if (!groups) return null;
  return (
    <section className="group-totals" data-testid="group-totals" aria-labelledby="group-totals-title">
      <h3 id="group-totals-title">{t('grTitle')}</h3>
      <p className="meta">
        {t('grIntro')}
        {report.currency && <> {t('amountsIn', { currency: report.currency })}</>}
      </p>
      {TABLES.filter((d) => groups[d.dimension].length > 0).map((d) => (
        <GroupTable key={d.dimension} rows={groups[d.dimension]} scope={d.scope} title={t(d.title)} head={t(d.head)} currency={report.currency ?? null} testId={`group-${d.dimension}`} />
      ))}
    </section>
  );
}

interface GroupTableProps {
  rows: ScopeFiguresView[];
  scope: 'owner' | 'project' | 'tag';
  title: string;
  head: string;
  currency: string | null;
  testId: string;
}

function GroupTable({ rows, scope, title, head, currency, testId }: GroupTableProps) {
  const { t } = useI18n();
  const cols = ['grFee', 'grConsumption', 'grExplained', 'grUnexplained', 'grMismatches'] as const;
  return (
    <table className="grid group-table" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {cols.map((c) => (
            <th key={c} scope="col" className="num">
              {t(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.value} data-value={r.value}>
            <th scope="row">
              <ScopeValue dimension={scope} value={r.value} />
            </th>
            <td className="num" data-col="fee"><Money value={r.fee} currency={currency} /></td>
            <td className="num" data-col="consumption"><Money value={r.consumption} currency={currency} /></td>
            <td className="num" data-col="explained"><Money value={r.explained} currency={currency} /></td>
            <td className="num" data-col="unexplained"><Money value={r.unexplained} currency={currency} /></td>
            <td className="num" data-col="mismatches">{r.mismatches}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
