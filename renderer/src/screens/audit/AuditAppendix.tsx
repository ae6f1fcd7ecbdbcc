/**
 * The last sections of the printed audit report: what the vendor owes (the claims total and each
 * claim with its evidence rows), the input files with their sha256, and the sign-off — who closed
 * the month, when, the frozen record's sha256 — or "not closed", with the month's audit log.
 */
import type { AuditReportView } from '../../../../main/api/contract';
import { formatLocalTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { Data } from '../../components/Text';
import { Amount, Section, compactSources } from './report-parts';

type Report = AuditReportView;

export function Claims({ report }: { report: Report }) {
  const { t } = useI18n();
  const c = report.claims;
  const counted = c.claims.filter((x) => x.counted).length;
  return (
    <Section index={3}>
      <table className="ar-table ar-claims-total" data-testid="ar-claims-total">
        <tbody>
          <tr className="total">
            <th scope="row">{t('arClaimsTotal', { n: counted })}</th>
            <Amount value={c.total} />
            <td className="meta">{c.currency ?? ''}</td>
          </tr>
        </tbody>
      </table>
      {c.claims.length === 0 ? (
        <p className="empty">{t('arClaimsNone')}</p>
      ) : (
        <table className="ar-table ar-claims" data-testid="ar-claims">
          <thead>
            <tr>
              <th scope="col">{t('arKind')}</th>
              <th scope="col">{t('arKey')}</th>
              <th scope="col" className="num">
                {t('arAmount')}
              </th>
              <th scope="col">{t('arEvidence')}</th>
              <th scope="col">{t('comment')}</th>
            </tr>
          </thead>
          <tbody>
            {c.claims.map((x, i) => (
              <tr key={i} className={x.counted ? undefined : 'ar-info'}>
                <td>
                  {t(`arClaim_${x.kind}` as MessageKey)}
                  {!x.counted && <div className="meta">{t('arForInformation')}</div>}
                </td>
                <td>
                  <Data>{[x.product, x.resource, x.component].filter(Boolean).join(' · ')}</Data>
                </td>
                <Amount value={x.amount} exact={!x.counted} />
                <td className="ar-sources">
                  <Data>{compactSources(x.evidence)}</Data>
                </td>
                <td>{x.comment && <Data>{x.comment}</Data>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function Files({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section index={4}>
      <p>{t('arFilesIntro')}</p>
      <table className="ar-table ar-files" data-testid="ar-files">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">{t('file')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col" className="num">
              {t('rowCount')}
            </th>
            <th scope="col" className="num">
              {t('arSize')}
            </th>
            <th scope="col">{t('importedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((f) => (
            <FileRows key={f.id} file={f} />
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** A file's line, and its sha256 on a line of its own (64 characters do not fit beside the rest). */
function FileRows({ file: f }: { file: Report['files'][number] }) {
  const { t } = useI18n();
  const kindKey = `kind_${f.kind}` as MessageKey;
  return (
    <>
      <tr className="ar-file" data-testid="ar-file">
        <td className="num">{f.id}</td>
        <td>
          <Data>{f.fileName}</Data>
        </td>
        <td>{t(kindKey) || f.kind}</td>
        <td className="num">{f.rows}</td>
        <td className="num">{f.size}</td>
        <td>{formatLocalTime(f.importedAt)}</td>
      </tr>
      <tr className="ar-sha-row">
        <td />
        <td colSpan={5}>
          {t('arSha')} <Data className="sha">{f.sha256}</Data>
        </td>
      </tr>
    </>
  );
}

export function SignOff({ report }: { report: Report }) {
  const { t } = useI18n();
  const s = report.signOff;
  return (
    <Section index={5}>
      {s ? (
        <table className="ar-table ar-sign-off" data-testid="ar-signed-off">
          <tbody>
            <tr>
              <th scope="row">{t('arClosedBy')}</th>
              <td>
                <Data>{s.closedBy}</Data>
              </td>
            </tr>
            <tr>
              <th scope="row">{t('arClosedAt')}</th>
              <td>{formatLocalTime(s.closedAt)}</td>
            </tr>
            <tr>
              <th scope="row">{t('arNote')}</th>
              <td>{s.note ? <Data>{s.note}</Data> : '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t('arFrozen')}</th>
              <td>
                <Data className="sha">{s.sha256}</Data>
              </td>
            </tr>
            <tr>
              <th scope="row">{t('arFrozenHolds')}</th>
              <td>{t('soFiles', { files: s.files, mismatches: s.mismatches })}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p className="ar-not-closed" data-testid="ar-not-closed">
          <strong>{t('arNotClosedHead')}</strong> {t('arNotClosedText')}
          {report.events.length > 0 && <> {t('arReopened')}</>}
        </p>
      )}
      {report.events.length > 0 && <AuditLog report={report} />}
    </Section>
  );
}

function AuditLog({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <table className="ar-table ar-audit-log" data-testid="ar-audit-log">
      <caption>{t('auditTitle')}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            {t('auditSeq')}
          </th>
          <th scope="col">{t('auditEvent')}</th>
          <th scope="col">{t('auditWho')}</th>
          <th scope="col">{t('auditWhen')}</th>
          <th scope="col">{t('auditWhy')}</th>
        </tr>
      </thead>
      <tbody>
        {report.events.map((e) => (
          <tr key={e.seq}>
            <td className="num">{e.seq}</td>
            <td>{t(e.event === 'close' ? 'auditClose' : 'auditReopen')}</td>
            <td>
              <Data>{e.who}</Data>
            </td>
            <td>{formatLocalTime(e.at)}</td>
            <td>{e.why ? <Data>{e.why}</Data> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
