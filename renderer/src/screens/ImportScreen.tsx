import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { ImportOptionsInput, ImportRecordView } from '../../../main/api/contract';
import { api, newOpId } from '../api';
import { useI18n } from '../i18n';
import { useMonthReport } from '../report';
import { FailureText } from '../components/Text';
import { AuditTrail } from './import/AuditTrail';
import { FileCard, type FileState } from './import/FileCard';

interface Done {
  files: number;
  rows: number;
  months: string[];
}

/** The chosen files, their previews and the import run over them. */
function useChosenFiles(onImported: (done: Done) => void) {
  const [files, setFiles] = useState<FileState[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const patch = (path: string, p: Partial<FileState>) => setFiles((fs) => fs.map((x) => (x.path === path ? { ...x, ...p } : x)));

  useEffect(() => api.onProgress((e) => {
    if (e.phase === 'import') setFiles((fs) => fs.map((f) => (f.opId === e.opId ? { ...f, percent: e.percent } : f)));
  }), []);

  const preview = async (paths: string[], options: ImportOptionsInput = {}) => {
    if (paths.length === 0) return;
    setError(null);
    try {
      const results = await api.previewImport({ paths, ...(Object.keys(options).length ? { options } : {}) });
      const byPath = new Map(results.map((r, i) => [paths[i]!, r]));
      setFiles((fs) => {
        const updated = fs.map((f) => {
          const r = byPath.get(f.path);
          return r ? { ...f, preview: r, options, outcome: undefined, error: undefined, percent: undefined } : f;
        });
        const added = paths.filter((p) => !fs.some((f) => f.path === p));
        const single = updated.length + added.length === 1;
        return [...updated, ...added.map((path): FileState => {
          const r = byPath.get(path)!;
          // One file, or one that cannot be imported as it is: its preview opens by itself.
          return { path, preview: r, options, open: single || !r.ok || r.preview.missing.length > 0 };
        })];
      });
    } catch (e) {
      setError(e);
    }
  };

  const commit = async () => {
    if (busy) return;
    setBusy(true);
    const done: Done = { files: 0, rows: 0, months: [] };
    for (const f of files) {
      if (!f.preview.ok || f.outcome) continue;
      const opId = newOpId('import');
      patch(f.path, { opId, percent: 0, error: undefined });
      try {
        const outcome = await api.commitImport({ path: f.path, opId, options: f.options });
        patch(f.path, { outcome, percent: undefined });
        done.files += 1;
        done.rows += outcome.status === 'imported' ? outcome.rows : 0;
        done.months = [...new Set([...done.months, ...(outcome.months ?? [])])].sort().reverse();
      } catch (err) {
        patch(f.path, { error: err, percent: undefined });
      }
    }
    setBusy(false);
    onImported(done);
  };

  return { files, setFiles, busy, error, preview, commit, patch };
}

export function ImportScreen({ onChanged, onOpenMonth }: { onChanged: () => void; onOpenMonth: (month: string) => void }) {
  const { t } = useI18n();
  const report = useMonthReport();
  const [trail, setTrail] = useState<ImportRecordView[]>([]);
  const [done, setDone] = useState<Done | null>(null);
  const [trailError, setTrailError] = useState<unknown>(null);
  const loadTrail = useCallback(() => api.listImports().then(setTrail, setTrailError), []);
  useEffect(() => void loadTrail(), [loadTrail]);

  const chosen = useChosenFiles((d) => {
    setDone(d);
    void loadTrail();
    onChanged();
    if (d.files > 0) report.changed('staleBecauseImport', d.months);
  });

  const undo = async (id: number): Promise<boolean> => {
    try {
      setTrail(await api.undoImport({ id }));
      onChanged();
      report.changed('staleBecauseUndo');
      return true;
    } catch (e) {
      setTrailError(e);
      return false;
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void chosen.preview(Array.from(e.dataTransfer.files).map((f) => api.pathForFile(f)).filter((p) => p));
  };

  return (
    <section className="import" aria-labelledby="import-title">
      <h2 id="import-title" className="visually-hidden">
        {t('tabImport')}
      </h2>
      <div className="dropzone" data-testid="dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <p>{t('dropHere')}</p>
        <button type="button" data-testid="choose-files" onClick={() => void api.pickFiles().then((p) => chosen.preview(p))}>
          {t('chooseFiles')}
        </button>
      </div>
      {chosen.error !== null && (
        <p className="error" role="alert">
          <FailureText error={chosen.error} />
        </p>
      )}
      <ImportBar chosen={chosen} done={done} onOpenMonth={onOpenMonth} onClear={() => setDone(null)} />
      {chosen.files.map((f) => (
        <FileCard
          key={f.path}
          f={f}
          busy={chosen.busy}
          onToggle={() => chosen.patch(f.path, { open: !f.open })}
          onOptions={(o) => void chosen.preview([f.path], o)}
          onCancel={() => f.opId && void api.cancel({ opId: f.opId })}
        />
      ))}
      {trailError !== null && (
        <p className="error" role="alert">
          <FailureText error={trailError} />
        </p>
      )}
      <AuditTrail trail={trail} onUndo={undo} />
    </section>
  );
}

/** Sticks above the previews: how many files, the one button to import them, and where to go next. */
function ImportBar({ chosen, done, onOpenMonth, onClear }: { chosen: ReturnType<typeof useChosenFiles>; done: Done | null; onOpenMonth: (m: string) => void; onClear: () => void }) {
  const { t, n } = useI18n();
  const { files, busy } = chosen;
  const waiting = files.filter((f) => f.preview.ok && !f.outcome).length;
  const problems = files.filter((f) => !f.preview.ok || (f.preview.ok && f.preview.preview.missing.length > 0)).length;
  const allOpen = files.length > 0 && files.every((f) => f.open);
  if (files.length === 0 && !done) return null;
  return (
    <div className="import-bar" data-testid="import-bar">
      {files.length > 0 && (
        <>
          <button type="button" className="primary" data-testid="import-all" aria-disabled={busy || waiting === 0 || undefined} onClick={() => waiting > 0 && void chosen.commit()}>
            {busy ? t('importing', { done: files.filter((f) => f.outcome || f.error !== undefined).length + 1, n: waiting }) : waiting === 1 ? t('importOneFile') : t('importNFiles', { n: waiting })}
          </button>
          <span className="meta">
            {t('filesChosen', { n: files.length })}
            {problems > 0 && <> · {t('filesWithProblems', { n: problems })}</>}
          </span>
          <button type="button" onClick={() => chosen.setFiles((fs) => fs.map((f) => ({ ...f, open: !allOpen })))}>
            {allOpen ? t('collapseAll') : t('expandAll')}
          </button>
          <button type="button" aria-disabled={busy || undefined} onClick={() => {
            if (busy) return;
            chosen.setFiles([]);
            onClear();
          }}>
            {t('clear')}
          </button>
        </>
      )}
      <span role="status" className="import-done" data-testid="import-done">
        {done && done.files > 0 && t('importDone', { files: done.files, rows: n(String(done.rows)) })}{' '}
        {done?.months.map((m) => (
          <button type="button" key={m} className="link" data-testid="open-month" onClick={() => onOpenMonth(m)}>
            {t('openMonth', { month: m })}
          </button>
        ))}
      </span>
    </div>
  );
}
