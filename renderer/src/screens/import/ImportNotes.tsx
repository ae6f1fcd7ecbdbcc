import type { ImportOutcomeView } from '../../../../main/api/contract';
import { useI18n } from '../../i18n';
import { CoreText, Data } from '../../components/Text';

/**
 * What an import noted besides its rows (failed whiteboard results recorded without a row, results
 * counted without a status, a month taken from --date …), in the screen's language. The CLI prints
 * the same sentences after an import; here they stay with the file's card and its audit record.
 */
export function ImportNotes({ notes, file }: { notes: string[]; file: string }) {
  const { t } = useI18n();
  if (notes.length === 0) return null;
  return (
    <ul className="notes import-notes" data-testid="import-notes" aria-label={t('importNotesOf', { file })}>
      {notes.map((x, i) => (
        <li key={i} data-testid="import-note">
          <CoreText text={x} />
        </li>
      ))}
    </ul>
  );
}

/** A finished import's notes: the file's own, or each file's of a package under its name. */
export function OutcomeNotes({ o }: { o: ImportOutcomeView }) {
  const inner = (o.inner ?? []).filter((i) => (i.notes?.length ?? 0) > 0);
  if (o.notes.length === 0 && inner.length === 0) return null;
  return (
    <div className="outcome-notes">
      <ImportNotes notes={o.notes} file={o.file} />
      {inner.map((i) => (
        <div key={i.file}>
          <Data>{i.file}</Data>
          <ImportNotes notes={i.notes!} file={i.file} />
        </div>
      ))}
    </div>
  );
}
