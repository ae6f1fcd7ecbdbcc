import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEventView, MonthReportView } from '../../../../main/api/contract';
import { api } from '../../api';
import { formatLocalTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { useMonthReport } from '../../report';
import { Data, FailureText, Msg } from '../../components/Text';

const SIGNER_KEY = 'billrecon.signer';

/**
 * The month's sign-off on the Month overview (issue 15 §1): closed (by whom, when, the frozen
 * record's sha256) with a Reopen button, or open with a Close button that says why it cannot be
 * used while unexplained mismatches are open; the month's audit log below.
 */
export function SignOffPanel({ report }: { report: MonthReportView }) {
  const { t } = useI18n();
  const { reload } = useMonthReport();
  const [events, setEvents] = useState<AuditEventView[]>([]);
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);
  const [done, setDone] = useState(false);
  const month = report.month;
  const loadLog = useCallback(() => {
    api.auditLog({ month }).then(setEvents, () => undefined);
  }, [month]);
  useEffect(loadLog, [loadLog, report.signOff?.sha256]);
  const s = report.signOff ?? null;
  const blocked = !s && report.openUnexplained > 0;
  const finished = () => {
    setDialog(null);
    setDone(true);
    reload();
    loadLog();
  };
  return (
    <section className={s ? 'sign-off closed' : 'sign-off'} data-testid="sign-off" aria-labelledby="sign-off-title">
      <h3 id="sign-off-title">{t('soTitle')}</h3>
      {s ? (
        <div data-testid="signed-off">
          <p>
            <strong>
              ✓ <Msg k="soClosed" vars={{ date: formatLocalTime(s.closedAt) }} data={{ who: s.closedBy }} />
            </strong>{' '}
            {t('soFrozen')}
          </p>
          {s.note && (
            <p>
              {t('soNote')} <Data>{s.note}</Data>
            </p>
          )}
          <p className="meta">
            {t('soFiles', { files: s.files, mismatches: s.mismatches })} · {t('soSha')} <Data className="sha">{s.sha256}</Data>
          </p>
        </div>
      ) : (
        <p data-testid="not-signed-off">{t('soOpen')}</p>
      )}
      <div className="actions">
        {s ? (
          <button type="button" data-testid="reopen-month" onClick={() => setDialog('reopen')}>
            {t('soReopenButton')}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="close-month"
            aria-disabled={blocked || undefined}
            aria-describedby={blocked ? 'close-blocked' : undefined}
            onClick={() => !blocked && setDialog('close')}
          >
            {t('soCloseButton')}
          </button>
        )}
        {blocked && (
          <span id="close-blocked" className="warn" data-testid="close-blocked">
            {t('soBlocked', { n: report.openUnexplained })}
          </span>
        )}
        <span role="status">{done && !dialog ? t('soDone') : ''}</span>
      </div>
      {dialog && <SignOffDialog kind={dialog} month={month} onDone={finished} onCancel={() => setDialog(null)} />}
      <details className="audit" data-testid="month-audit" open={events.length > 0}>
        <summary>{t('auditTitle')}</summary>
        <AuditLog events={events} />
      </details>
    </section>
  );
}

interface DialogProps {
  kind: 'close' | 'reopen';
  month: string;
  onDone: () => void;
  onCancel: () => void;
}

/** The close or reopen form in a modal dialog: who (remembered), and the note or the reason. */
function SignOffDialog({ kind, month, onDone, onCancel }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const [who, setWho] = useState(() => localStorage.getItem(SIGNER_KEY) ?? '');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    first.current?.focus();
    return () => {
      d.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const closing = kind === 'close';
  const submit = async () => {
    if (busy) return;
    if (!who.trim()) return setProblem('soNameRequired');
    if (!closing && !text.trim()) return setProblem('soReasonRequired');
    setProblem(null);
    setBusy(true);
    setError(null);
    try {
      if (closing) await api.closeMonth({ month, by: who.trim(), note: text.trim() || null });
      else await api.reopenMonth({ month, by: who.trim(), reason: text.trim() });
      localStorage.setItem(SIGNER_KEY, who.trim());
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="confirm sign-off-dialog" aria-labelledby="so-dialog-title" aria-describedby="so-dialog-body" data-testid="sign-off-dialog" onCancel={(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <form method="dialog" onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}>
        <h2 id="so-dialog-title">{t(closing ? 'soCloseTitle' : 'soReopenTitle', { month })}</h2>
        <p id="so-dialog-body">{t(closing ? 'soCloseBody' : 'soReopenBody')}</p>
        <label className="field">
          {t(closing ? 'soBy' : 'soReopenBy')}
          <input ref={first} data-testid="sign-off-by" value={who} onChange={(e) => setWho(e.target.value)} aria-required="true" aria-invalid={problem === 'soNameRequired' || undefined} autoComplete="name" />
        </label>
        <label className="field">
          {t(closing ? 'soNoteField' : 'soReason')}
          <textarea data-testid="sign-off-text" value={text} onChange={(e) => setText(e.target.value)} rows={3} aria-required={!closing || undefined} aria-invalid={problem === 'soReasonRequired' || undefined} />
        </label>
        <div role="alert" className="error" data-testid="sign-off-error">
          {problem ? t(problem) : error ? <FailureText error={error} /> : null}
        </div>
        <div className="actions">
          <button type="submit" className={closing ? 'primary' : 'danger'} data-testid="sign-off-confirm" aria-disabled={busy || undefined}>
            {t(closing ? 'soConfirmClose' : 'soConfirmReopen')}
          </button>
          <button type="button" data-testid="sign-off-cancel" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The audit log as a table: every close and reopen, oldest first. */
export function AuditLog({ events, showMonth }: { events: AuditEventView[]; showMonth?: boolean }) {
  const { t } = useI18n();
  if (events.length === 0) return <p className="meta" data-testid="audit-empty">{t('auditEmpty')}</p>;
  return (
    <table className="grid audit-log" data-testid="audit-log">
      <thead>
        <tr>
          <th scope="col" className="num">{t('auditSeq')}</th>
          {showMonth && <th scope="col">{t('auditMonth')}</th>}
          <th scope="col">{t('auditEvent')}</th>
          <th scope="col">{t('auditWho')}</th>
          <th scope="col">{t('auditWhen')}</th>
          <th scope="col">{t('auditWhy')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq} data-event={e.event}>
            <td className="num">{e.seq}</td>
            {showMonth && <td>{e.month}</td>}
            <td>{t(e.event === 'close' ? 'auditClose' : 'auditReopen')}</td>
            <td><Data>{e.who}</Data></td>
            <td>{formatLocalTime(e.at)}</td>
            <td>{e.why ? <Data>{e.why}</Data> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
