/**
 * The sections of the printed audit report, each starting on a new page (audit-report.css): the
 * summary with the bridge as the Month overview's waterfall, precision and line checks, every
 * mismatch with its mark and comment, the claims, the input files with their sha256 and the
 * sign-off. Figures are the report's as given (ledger amounts to 2 decimals, exact ones in full).
 */
import type { AuditReportView, MismatchView } from '../../../../main/api/contract';
import { unexplainedOf } from '../../agreement';
import { formatLocalTime, formatMoney } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { statusOf } from '../../markers';
import { CoreText, Data, Msg } from '../../components/Text';
import { Waterfall } from '../../components/Waterfall';
import { CATEGORY_LABEL } from '../mismatches/columns';
import { Claims, Files, SignOff } from './AuditAppendix';
import { Amount, SECTIONS, Section, compactSources } from './report-parts';

type Report = AuditReportView;

export function AuditReportBody({ report }: { report: Report }) {
  return (
    <main className="audit-report" data-testid="audit-report">
      <Cover report={report} />
      <Summary report={report} />
      <Precision report={report} />
      <Mismatches report={report} />
      <Claims report={report} />
      <Files report={report} />
      <SignOff report={report} />
    </main>
  );
}

function Cover({ report }: { report: Report }) {
  const { t } = useI18n();
  const f = report.figures;
  const made = { version: report.appVersion, time: formatLocalTime(f.ranAt), currency: f.currency ?? '' };
  const s = report.signOff;
  return (
    <header className="ar-cover">
      <h1>{t('arTitle', { month: report.month })}</h1>
      <p className="ar-subtitle">{t('arSubtitle')}</p>
      <p className="meta">{t(f.currency ? 'arMade' : 'arMadeNoCurrency', made)}</p>
      <p className={s ? 'ar-status closed' : 'ar-status open'} data-testid="ar-status">
        {s ? (
          <>
            ✓ <Msg k="arClosed" vars={{ date: formatLocalTime(s.closedAt) }} data={{ who: s.closedBy }} />
          </>
        ) : (
          t('arNotClosed')
        )}
      </p>
      <nav aria-label={t('arContents')} className="ar-contents">
        <ol>
          {SECTIONS.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{t(title)}</a>
            </li>
          ))}
        </ol>
      </nav>
    </header>
  );
}

function Summary({ report }: { report: Report }) {
  const { t, lang } = useI18n();
  const f = report.figures;
  const u = unexplainedOf(f);
  const p = f.precision;
  const rows: [string, string | null, string, boolean?][] = [
    [t('feeTotal'), f.fee.total, t('linesSub', { n: f.fee.lines })],
    [t('consumptionTotal'), f.consumption.total, t('linesSub', { n: f.consumption.lines })],
    [t('precisionOurs'), p.difference, t('precisionSub', { deducted: formatMoney(p.deducted, lang), rated: formatMoney(p.rated, lang) })],
    [t('precisionBill'), p.billed, p.agrees === null ? t('noBillLine') : p.agrees ? t('agrees') : t('disagrees'), p.agrees === false],
    [t('unexplained'), u.total, t('unexplainedSub', { n: u.count, open: u.open }), u.open > 0],
  ];
  return (
    <Section index={0}>
      <table className="ar-table ar-figures" data-testid="ar-figures">
        <thead>
          <tr>
            <th scope="col">{t('arItem')}</th>
            <th scope="col" className="num">
              {t('arAmount')}
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, sub, warn]) => (
            <tr key={label} className={warn ? 'warn' : undefined}>
              <th scope="row">{label}</th>
              <Amount value={value} exact={label === t('precisionOurs')} />
              <td className="meta">{sub}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('bridge')}</h3>
      <Waterfall report={f} />
      <BridgeTable report={report} />
      {f.notes.length > 0 && (
        <ul className="notes" aria-label={t('notes')}>
          {f.notes.map((x, i) => (
            <li key={i}>
              <CoreText text={x} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const STEPS: [keyof Report['figures']['bridge'], MessageKey][] = [
  ['prepaidTiming', 'prepaidTiming'],
  ['crossMonth', 'crossMonth'],
  ['precision', 'precision'],
  ['refunds', 'refunds'],
  ['missing', 'missingCat'],
  ['amountMismatch', 'amountMismatch'],
];

function BridgeTable({ report }: { report: Report }) {
  const { t } = useI18n();
  const f = report.figures;
  const u = unexplainedOf(f);
  return (
    <table className="ar-table ar-bridge" data-testid="ar-bridge">
      <caption>{t('arBridgeTable')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('arItem')}</th>
          <th scope="col">{t('category')}</th>
          <th scope="col" className="num">
            {t('arAmount')}
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t('feeTotal')}</th>
          <td />
          <Amount value={f.fee.total} />
        </tr>
        {STEPS.map(([key, label], i) => (
          <tr key={key}>
            <th scope="row">{t(label)}</th>
            <td>{t(i < 4 ? 'explained' : 'unexplained')}</td>
            <Amount value={f.bridge[key]} />
          </tr>
        ))}
        <tr>
          <th scope="row">{t('consumptionTotal')}</th>
          <td />
          <Amount value={f.consumption.total} />
        </tr>
        <tr className="total">
          <th scope="row">{t('arExplainedTotal')}</th>
          <td>{t('explained')}</td>
          <Amount value={f.bridge.explained} />
        </tr>
        {u.rating !== null && (
          <tr>
            <th scope="row">{t('ratingStep')}</th>
            <td>{t('unexplained')}</td>
            <Amount value={u.rating} />
          </tr>
        )}
        <tr className="total">
          <th scope="row">{t('unexplained')}</th>
          <td>{t('unexplained')}</td>
          <Amount value={u.total} />
        </tr>
      </tbody>
    </table>
  );
}

function Precision({ report }: { report: Report }) {
  const { t } = useI18n();
  const p = report.figures.precision;
  const c = report.figures.lineChecks;
  const agreement = p.agrees === null ? t('noBillLine') : p.agrees ? t('agrees') : t('disagrees');
  return (
    <Section index={1}>
      <table className="ar-table ar-precision" data-testid="ar-precision">
        <tbody>
          <tr>
            <th scope="row">{t('arTransactions')}</th>
            <td className="num">{p.transactions}</td>
          </tr>
          <tr>
            <th scope="row">{t('arRated')}</th>
            <Amount value={p.rated} exact />
          </tr>
          <tr>
            <th scope="row">{t('arDeducted')}</th>
            <Amount value={p.deducted} exact />
          </tr>
          <tr className="total">
            <th scope="row">{t('arOurs')}</th>
            <Amount value={p.difference} exact />
          </tr>
          <tr className="total">
            <th scope="row">{t('arBillLine')}</th>
            <Amount value={p.billed} exact />
          </tr>
          <tr className={p.agrees === false ? 'warn' : undefined}>
            <th scope="row">{t('arAgreement')}</th>
            <td className="num">{agreement}</td>
          </tr>
          <tr>
            <th scope="row">{t('arAggregated')}</th>
            <td className="num">{p.aggregatedLines}</td>
          </tr>
        </tbody>
      </table>
      <h3>{t('arLineChecks')}</h3>
      <table className="ar-table ar-line-checks" data-testid="ar-line-checks">
        <tbody>
          <tr>
            <th scope="row">{t('arLinesChecked')}</th>
            <td className="num">{c.checked}</td>
          </tr>
          <tr className={c.failed > 0 ? 'warn' : undefined}>
            <th scope="row">{t('arLinesFailed')}</th>
            <td className="num">{c.failed}</td>
          </tr>
          <tr>
            <th scope="row">{t('arLinesNotCheckable')}</th>
            <td className="num">{c.notCheckable}</td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}

function Mismatches({ report }: { report: Report }) {
  const { t } = useI18n();
  const f = report.figures;
  return (
    <Section index={2}>
      <p>{t('arMismatchCount', { n: report.mismatches.length, open: f.openUnexplained })}</p>
      {report.mismatches.length === 0 ? (
        <p className="empty">{t('arNoMismatches')}</p>
      ) : (
        <table className="ar-table ar-mismatches" data-testid="ar-mismatches">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('arNumber')}
              </th>
              <th scope="col">{t('category')}</th>
              <th scope="col" className="ar-key">
                {t('arKey')}
                <div className="ar-sources">{t('arSourceRows')}</div>
              </th>
              <th scope="col" className="num">
                {t('fee')}
              </th>
              <th scope="col" className="num">
                {t('consumptionOrRated')}
              </th>
              <th scope="col" className="num">
                {t('difference')}
              </th>
              <th scope="col" className="ar-status-col">
                {t('status')}
              </th>
              <th scope="col" className="ar-comment-col">
                {t('comment')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.mismatches.map((m, i) => (
              <MismatchRow key={m.id} m={m} n={i + 1} />
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function MismatchRow({ m, n }: { m: MismatchView; n: number }) {
  const { t } = useI18n();
  const status = statusOf(m);
  const key = [m.key.product, m.key.resourceId ?? m.key.item, m.key.component ?? m.key.date].filter((x): x is string => Boolean(x));
  return (
    <tr className={status.tone === 'todo' ? 'ar-open' : undefined} data-testid="ar-mismatch">
      <td className="num">{n}</td>
      <td>{t(CATEGORY_LABEL[m.category])}</td>
      <td>
        <Data>{key.join(' · ')}</Data>
        {m.note && (
          <div className="meta">
            <CoreText text={m.note} />
          </div>
        )}
        <div className="ar-sources">
          <Data>{compactSources([...m.feeSources, ...m.consumptionSources])}</Data>
        </div>
      </td>
      <Amount value={m.fee} />
      <Amount value={m.consumption} />
      <Amount value={m.difference} />
      <td>
        {t(status.label)}
        {m.reviewedBy && m.status !== 'open' && (
          <div className="meta">
            <Data>{m.reviewedBy}</Data> <span className="ar-when">{formatLocalTime(m.reviewedAt)}</span>
          </div>
        )}
      </td>
      <td>{m.comment && <Data>{m.comment}</Data>}</td>
    </tr>
  );
}
