import type { ImportOptionsInput, ImportOutcomeView, InnerOutcomeView, Kind, PreviewResult } from '../../../../main/api/contract';
import { fieldName } from '../../fields';
import { useI18n, type MessageKey } from '../../i18n';
import { kindReasonText } from '../../core-text';
import { Data, FailureText, Segments } from '../../components/Text';
import { OutcomeNotes } from './ImportNotes';
import { PreviewTable } from './PreviewTable';

const KINDS: Kind[] = ['fee-detail', 'fee-resource', 'consumption', 'tiw-transcode', 'tiw-recording', 'tiw-whiteboard'];
const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;

export const kindLabel = (k: Kind): MessageKey => `kind_${k}`;

export interface FileState {
  path: string;
  preview: PreviewResult;
  /** What the accountant overrode: kind, encoding, a mapping for unrecognised headers. */
  options: ImportOptionsInput;
  open: boolean;
  opId?: string;
  percent?: number;
  outcome?: ImportOutcomeView;
  error?: unknown;
}

function fileName(f: FileState): string {
  return f.preview.ok ? f.preview.preview.file : f.path.split(/[\\/]/).pop() ?? f.path;
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface CardProps {
  f: FileState;
  busy: boolean;
  onToggle: () => void;
  onOptions: (o: ImportOptionsInput) => void;
  onCancel: () => void;
}

/** One chosen file: a one-line summary that opens its preview (kind, encoding, columns, first rows). */
export function FileCard({ f, busy, onToggle, onOptions, onCancel }: CardProps) {
  const { t } = useI18n();
  const name = fileName(f);
  const id = `preview-${encodeURIComponent(f.path).replace(/[^\w-]/g, '_')}`;
  return (
    <article className={f.preview.ok ? 'preview-card' : 'preview-card problem'} data-testid="preview" data-path={f.path}>
      <h3 className="card-head">
        <button type="button" className="disclosure" aria-expanded={f.open} aria-controls={id} onClick={onToggle}>
          <span aria-hidden="true">{f.open ? '▾' : '▸'} </span>
          <Data>{name}</Data>
        </button>
        {f.preview.ok && (
          <span className="kind" data-testid="kind" data-kind={f.preview.preview.kind}>
            {t(kindLabel(f.preview.preview.kind))}
          </span>
        )}
        {f.preview.ok && <span className="meta">{sizeText(f.preview.preview.size)}</span>}
        <CardState f={f} busy={busy} onCancel={onCancel} />
      </h3>
      {/* Outside the folded preview: what the import noted is read when it is done. */}
      {f.outcome && <OutcomeNotes o={f.outcome} />}
      <div id={id} hidden={!f.open}>
        {f.preview.ok ? <PreviewBody f={f} onOptions={onOptions} /> : <ProblemBody f={f} onOptions={onOptions} />}
      </div>
    </article>
  );
}

/** How the files of a ZIP package fared, counted by outcome. */
function packageLine(inner: InnerOutcomeView[], t: ReturnType<typeof useI18n>['t']): string {
  const count = (s: InnerOutcomeView['status']) => inner.filter((i) => i.status === s).length;
  return t('packageFiles', { n: inner.length, imported: count('imported'), duplicate: count('duplicate'), failed: count('failed'), skipped: count('skipped') });
}

function CardState({ f, busy, onCancel }: { f: FileState; busy: boolean; onCancel: () => void }) {
  const { t, n } = useI18n();
  const name = fileName(f);
  if (f.outcome) {
    const o = f.outcome;
    return (
      <span className="ok card-state" data-testid="outcome">
        {o.status === 'imported' ? t('importedRows', { id: o.id, rows: n(String(o.rows)) }) : t('duplicateFile', { id: o.id })}
        {o.replaced.length > 0 && ` · ${t('replacedImports', { list: o.replaced.map((r) => `#${r}`).join(', ') })}`}
        {o.inner && ` · ${packageLine(o.inner, t)}`}
        {o.inner?.filter((i) => i.error).map((i) => (
          <span key={i.file} className="error" data-testid="package-file-error">
            <br />
            <Data>{i.error}</Data>
          </span>
        ))}
      </span>
    );
  }
  if (f.error !== undefined)
    return (
      <span className="error card-state" data-testid="import-error">
        <FailureText error={f.error} />
      </span>
    );
  if (f.percent === undefined) return null;
  return (
    <span className="progress-line">
      <progress max={100} value={f.percent} data-testid="progress" aria-label={t('importProgress', { file: name })} />
      {busy && (
        <button type="button" className="small" onClick={onCancel} aria-label={t('cancelImport', { file: name })}>
          {t('cancel')}
        </button>
      )}
    </span>
  );
}

function PreviewBody({ f, onOptions }: { f: FileState; onOptions: (o: ImportOptionsInput) => void }) {
  const { t, lang } = useI18n();
  if (!f.preview.ok) return null;
  const p = f.preview.preview;
  return (
    <div className="preview-body">
      <p className="meta">
        {t('detectedBecause')}
        <Segments segments={kindReasonText(lang, p.kindReason)} /> · {t('labelled', { label: t('encoding') })}<b data-testid="encoding"><Data>{p.encoding ?? '—'}</Data></b>
        {p.sheet && <> · {t('sheet', { name: p.sheet })}</>}
        {p.headerRow !== null && <> · {t('headerRow', { n: p.headerRow })}</>}
      </p>
      <Overrides f={f} file={p.file} onOptions={onOptions} />
      {p.missing.length > 0 && (
        <fieldset className="missing-map error">
          <legend>{t('missingFields')}</legend>
          {p.missing.map((field) => (
            <label key={field} className="map-field">
              {t('mapFieldTo', { field: fieldName(lang, field) })}{' '}
              <select
                data-testid={`map-${field}`}
                value={f.options.map?.[field] ?? ''}
                onChange={(e) => {
                  const map = { ...f.options.map };
                  if (e.target.value) map[field] = e.target.value;
                  else delete map[field];
                  onOptions({ ...f.options, map });
                }}
              >
                <option value="">{t('notInFile')}</option>
                {p.headers.map((h) => (
                  <option key={h} value={h} translate="no">
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {p.unknownHeaders.length > 0 && <p className="meta">{t('unknownHeaders')}<Data>{p.unknownHeaders.join(', ')}</Data></p>}
      <PreviewTable p={p} />
    </div>
  );
}

function ProblemBody({ f, onOptions }: { f: FileState; onOptions: (o: ImportOptionsInput) => void }) {
  if (f.preview.ok) return null;
  return (
    <div className="preview-body">
      <p className="error" data-testid="preview-error">
        <FailureText error={{ failure: f.preview.error }} />
      </p>
      <Overrides f={f} file={fileName(f)} onOptions={onOptions} kindOnly />
    </div>
  );
}

function Overrides({ f, file, onOptions, kindOnly }: { f: FileState; file: string; onOptions: (o: ImportOptionsInput) => void; kindOnly?: boolean }) {
  const { t } = useI18n();
  return (
    <p className="overrides">
      <label>
        {t('kind')}{' '}
        <select data-testid="override-kind" aria-label={t('overrideKind', { file })} value={f.options.kind ?? ''} onChange={(e) => onOptions({ ...f.options, kind: (e.target.value || undefined) as Kind | undefined })}>
          <option value="">{t('asDetected')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(kindLabel(k))}
            </option>
          ))}
        </select>
      </label>{' '}
      {!kindOnly && (
        <label>
          {t('encoding')}{' '}
          <select data-testid="override-encoding" aria-label={t('overrideEncoding', { file })} value={f.options.encoding ?? ''} onChange={(e) => onOptions({ ...f.options, encoding: e.target.value || undefined })}>
            <option value="">{t('asDetected')}</option>
            {ENCODINGS.map((c) => (
              <option key={c} value={c} translate="no">
                {c.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      )}
    </p>
  );
}
