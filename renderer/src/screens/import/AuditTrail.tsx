import { useRef, useState } from 'react';
import type { ImportRecordView } from '../../../../main/api/contract';
import { formatLocalTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Data, Msg } from '../../components/Text';
import { kindLabel } from './FileCard';
import { ImportNotes } from './ImportNotes';

const STATUS: Record<ImportRecordView['status'], MessageKey> = { imported: 'importStatus_imported', undone: 'importStatus_undone', replaced: 'importStatus_replaced' };

/** Every imported file with its audit facts; an import can be undone after a confirmation. */
export function AuditTrail({ trail, onUndo }: { trail: ImportRecordView[]; onUndo: (id: number) => Promise<boolean> }) {
  const { t, n } = useI18n();
  const [asking, setAsking] = useState<ImportRecordView | null>(null);
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  const confirm = async () => {
    const r = asking;
    setAsking(null);
    if (!r) return;
    // The Undo button goes away with the undo: focus stays on the row it was in.
    if (await onUndo(r.id)) rows.current.get(r.id)?.focus();
  };
  return (
    <>
      <h2 id="audit-title">{t('auditTrail')}</h2>
      {trail.length === 0 ? (
        <p className="empty">{t('noImports')}</p>
      ) : (
        <table className="grid audit" data-testid="audit" aria-labelledby="audit-title">
          <caption className="meta">{t('auditCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('file')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('encoding')}</th>
              <th scope="col" className="num">{t('rowCount')}</th>
              <th scope="col">{t('importedAt')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {trail.map((r) => (
              <TrailRow key={r.id} r={r} onAsk={() => setAsking(r)} rowRef={(el) => {
                if (el) rows.current.set(r.id, el);
              }} />
            ))}
          </tbody>
        </table>
      )}
      {asking && (
        <ConfirmDialog
          title={t('undoTitle', { id: asking.id })}
          body={<Msg k="undoBody" vars={{ rows: n(String(asking.rowCount)) }} data={{ file: asking.fileName }} />}
          confirm={t('undoConfirm')}
          cancel={t('keep')}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}

/** One record of the trail, and its notes on a row of their own under it (sentences, too long for a column). */
function TrailRow({ r, onAsk, rowRef }: { r: ImportRecordView; onAsk: () => void; rowRef: (el: HTMLTableRowElement | null) => void }) {
  const { t, n } = useI18n();
  const muted = r.status !== 'imported';
  return (
    <>
      <tr className={muted ? 'muted' : ''} tabIndex={-1} data-status={r.status} ref={rowRef}>
        <td>{r.id}</td>
        <td title={r.sha256}>
          <Data>{r.fileName}</Data>
        </td>
        <td>{t(kindLabel(r.kind))}</td>
        <td>
          <Data>{r.encoding ?? '—'}</Data>
        </td>
        <td className="num">{n(String(r.rowCount))}</td>
        <td title={r.importedAt}>{formatLocalTime(r.importedAt)}</td>
        <td className={`import-status ${r.status}`}>{t(STATUS[r.status])}</td>
        <td>
          {r.status === 'imported' && (
            <button type="button" className="small" aria-label={t('undoImport', { id: r.id, file: r.fileName })} onClick={onAsk}>
              {t('undo')}
            </button>
          )}
        </td>
      </tr>
      {r.notes.length > 0 && (
        <tr className={muted ? 'notes-row muted' : 'notes-row'} data-testid="audit-notes" data-id={r.id}>
          <td colSpan={8}>
            <ImportNotes notes={r.notes} file={r.fileName} />
          </td>
        </tr>
      )}
    </>
  );
}
