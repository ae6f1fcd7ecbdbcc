import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { ImportOptionsInput, ImportOutcomeView, ImportRecordView, Kind, PreviewResult } from '../../../main/api/contract';

const KINDS: Kind[] = ['fee-detail', 'fee-resource', 'consumption', 'tiw-transcode', 'tiw-recording', 'tiw-whiteboard'];
const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
import { api, failureText, newOpId } from '../api';
import { useI18n } from '../i18n';

interface FileState {
  path: string;
  preview: PreviewResult;
  /** What the accountant overrode: kind, encoding, a mapping for unrecognised headers. */
  options: ImportOptionsInput;
  opId?: string;
  percent?: number;
  outcome?: ImportOutcomeView;
  error?: string;
}

export function ImportScreen({ onChanged }: { onChanged: () => void }) {
  const { t, n } = useI18n();
  const [files, setFiles] = useState<FileState[]>([]);
  const [trail, setTrail] = useState<ImportRecordView[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadTrail = useCallback(() => {
    api.listImports().then(setTrail, (e) => setError(failureText(e)));
  }, []);
  useEffect(loadTrail, [loadTrail]);

  useEffect(
    () =>
      api.onProgress((e) => {
        if (e.phase !== 'import') return;
        setFiles((fs) => fs.map((f) => (f.opId === e.opId ? { ...f, percent: e.percent } : f)));
      }),
    [],
  );

  const preview = async (paths: string[]) => {
    if (paths.length === 0) return;
    setError(null);
    try {
      const results = await api.previewImport({ paths });
      setFiles((fs) => [...fs.filter((f) => !paths.includes(f.path)), ...results.map((preview, i) => ({ path: paths[i]!, preview, options: {} }))]);
    } catch (e) {
      setError(failureText(e));
    }
  };

  /** Preview one file again with the accountant's overrides; the same options go to the commit. */
  const repreview = async (path: string, options: ImportOptionsInput) => {
    try {
      const [result] = await api.previewImport({ paths: [path], options });
      setFiles((fs) => fs.map((f) => (f.path === path ? { ...f, options, preview: result!, outcome: undefined, error: undefined, percent: undefined } : f)));
    } catch (e) {
      setError(failureText(e));
    }
  };

  const choose = async () => preview(await api.pickFiles());

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const paths = Array.from(e.dataTransfer.files).map((f) => api.pathForFile(f)).filter((p) => p);
    void preview(paths);
  };

  const commit = async () => {
    setBusy(true);
    for (const f of files) {
      if (!f.preview.ok || f.outcome) continue;
      const opId = newOpId('import');
      setFiles((fs) => fs.map((x) => (x.path === f.path ? { ...x, opId, percent: 0, error: undefined } : x)));
      try {
        const outcome = await api.commitImport({ path: f.path, opId, options: f.options });
        setFiles((fs) => fs.map((x) => (x.path === f.path ? { ...x, outcome, percent: 100 } : x)));
      } catch (err) {
        setFiles((fs) => fs.map((x) => (x.path === f.path ? { ...x, error: failureText(err) } : x)));
      }
    }
    setBusy(false);
    loadTrail();
    onChanged();
  };

  const cancel = (opId: string | undefined) => {
    if (opId) void api.cancel({ opId });
  };

  const undo = async (id: number) => {
    try {
      setTrail(await api.undoImport({ id }));
      onChanged();
    } catch (e) {
      setError(failureText(e));
    }
  };

  return (
    <section className="import">
      <div className="dropzone" data-testid="dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <p>{t('dropHere')}</p>
        <button data-testid="choose-files" onClick={() => void choose()}>
          {t('chooseFiles')}
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {files.length > 0 && (
        <div className="previews">
          {files.map((f) => (
            <article key={f.path} className="preview-card" data-testid="preview">
              {f.preview.ok ? (
                <>
                  <h3>
                    {f.preview.preview.file} <span className="kind" data-testid="kind">{f.preview.preview.kind}</span>
                  </h3>
                  <p className="meta">
                    {t('kindReason')}: {f.preview.preview.kindReason} · {t('encoding')}: <b data-testid="encoding">{f.preview.preview.encoding ?? '—'}</b> · {t('size')}:{' '}
                    {n(String(f.preview.preview.size))} B{f.preview.preview.headerRow !== null && <> · {t('headerRow')}: {f.preview.preview.headerRow}</>}
                  </p>
                  <p className="overrides">
                    <Override label={t('kind')} detected={t('detected')} testId="override-kind" value={f.options.kind} choices={KINDS} onPick={(kind) => void repreview(f.path, { ...f.options, kind })} />{' '}
                    <Override label={t('encoding')} detected={t('detected')} testId="override-encoding" value={f.options.encoding} choices={ENCODINGS} onPick={(encoding) => void repreview(f.path, { ...f.options, encoding })} />
                  </p>
                  {f.preview.preview.missing.length > 0 && (
                    <div className="error">
                      {t('missing')}:{' '}
                      {f.preview.preview.missing.map((field) => (
                        <label key={field} className="map-field">
                          {field} ←{' '}
                          <select
                            data-testid={`map-${field}`}
                            value={f.options.map?.[field] ?? ''}
                            onChange={(e) => {
                              const map = { ...f.options.map };
                              if (e.target.value) map[field] = e.target.value;
                              else delete map[field];
                              void repreview(f.path, { ...f.options, map });
                            }}
                          >
                            <option value="" />
                            {f.preview.ok &&
                              f.preview.preview.headers.map((h) => (
                                <option key={h} value={h}>
                                  {h}
                                </option>
                              ))}
                          </select>
                        </label>
                      ))}
                    </div>
                  )}
                  {f.preview.preview.unknownHeaders.length > 0 && (
                    <p className="meta">
                      {t('unknownHeaders')}: {f.preview.preview.unknownHeaders.join(', ')}
                    </p>
                  )}
                  <div className="preview-table-wrap">
                    <table className="preview-table">
                      <thead>
                        <tr className="mapping-row">
                          {f.preview.preview.headers.map((h, i) => (
                            <th key={i}>{Object.entries(f.preview.ok ? f.preview.preview.mapping : {}).find(([, v]) => v === h)?.[0] ?? '·'}</th>
                          ))}
                        </tr>
                        <tr>
                          {f.preview.preview.headers.map((h, i) => (
                            <th key={i}>{h}</th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {f.preview.preview.rows.slice(0, 5).map((r, i) => (
                          <tr key={i}>
                            {r.map((c, j) => (
                              <td key={j}>{c}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              ) : (
                <>
                  <p className="error" data-testid="preview-error">
                    {f.preview.error.message}
                  </p>
                  <Override label={t('kind')} detected={t('detected')} value={f.options.kind} choices={KINDS} onPick={(kind) => void repreview(f.path, { ...f.options, kind })} />
                </>
              )}
              {f.percent !== undefined && (
                <div className="progress-line">
                  <progress max={100} value={f.percent} data-testid="progress" />
                  {!f.outcome && !f.error && busy && (
                    <button className="small" onClick={() => cancel(f.opId)}>
                      {t('cancel')}
                    </button>
                  )}
                </div>
              )}
              {f.outcome && (
                <p className="ok" data-testid="outcome">
                  #{f.outcome.id} {f.outcome.status === 'imported' ? t('imported') : t('duplicate')} · {n(String(f.outcome.rows))} {t('rows')}
                </p>
              )}
              {f.error && <p className="error" data-testid="import-error">{f.error}</p>}
            </article>
          ))}
          <div className="actions">
            <button data-testid="import-all" disabled={busy} onClick={() => void commit()}>
              {t('importAll')}
            </button>
            <button disabled={busy} onClick={() => setFiles([])}>
              {t('clear')}
            </button>
          </div>
        </div>
      )}
      <h2>{t('auditTrail')}</h2>
      <table className="grid audit" data-testid="audit">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('file')}</th>
            <th>{t('kind')}</th>
            <th>{t('encoding')}</th>
            <th className="num">{t('rowCount')}</th>
            <th>{t('importedAt')}</th>
            <th>{t('status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {trail.map((r) => (
            <tr key={r.id} className={r.status !== 'imported' ? 'muted' : ''}>
              <td>{r.id}</td>
              <td title={r.sha256}>{r.fileName}</td>
              <td>{r.kind}</td>
              <td>{r.encoding ?? '—'}</td>
              <td className="num">{n(String(r.rowCount))}</td>
              <td>{r.importedAt}</td>
              <td>{r.status}</td>
              <td>
                {r.status === 'imported' && (
                  <button className="small" onClick={() => void undo(r.id)}>
                    {t('undo')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A choice the accountant can force over what was detected (empty = keep the detection). */
function Override<T extends string>(p: { label: string; detected: string; testId?: string; value: T | undefined; choices: readonly T[]; onPick: (value: T | undefined) => void }) {
  return (
    <label>
      {p.label}{' '}
      <select data-testid={p.testId} value={p.value ?? ''} onChange={(e) => p.onPick((e.target.value || undefined) as T | undefined)}>
        <option value="">{p.detected}</option>
        {p.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
