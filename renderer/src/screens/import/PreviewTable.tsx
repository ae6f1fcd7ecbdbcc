import type { ImportPreviewView } from '../../../../main/api/contract';
import { epochToLocal } from '../../format';
import { fieldName } from '../../fields';
import { useI18n, type I18n } from '../../i18n';
import { Data } from '../../components/Text';

const PREVIEW_ROWS = 5;

/**
 * A cell as the accountant would read it. JSON results carry nested lists (VideoInfos, Error),
 * which arrive as JSON text or, from older previews, as "[object Object]" per entry; they are
 * summarised. Unix times in JSON results are shown as local times.
 */
export function readableCell(text: string, header: string, fromJson: boolean, t: I18n['t']): { text: string; title?: string } {
  const objects = /^(\[object Object\],?)+$/.test(text) ? text.split('[object Object]').length - 1 : 0;
  if (objects > 0) return { text: t('nItems', { n: objects }) };
  if (fromJson && /^[[{]/.test(text)) {
    try {
      const v = JSON.parse(text) as unknown;
      if (Array.isArray(v)) return { text: t('nItems', { n: v.length }), title: text };
      if (v && typeof v === 'object') return { text: t('nFields', { n: Object.keys(v).length }), title: text };
    } catch {
      // not JSON after all: shown as it is
    }
  }
  const local = fromJson && /time$/i.test(header) ? epochToLocal(text) : null;
  return local ? { text: local, title: text } : { text };
}

/** The first rows under the file's own header names; the columns billrecon reads are marked. */
export function PreviewTable({ p }: { p: ImportPreviewView }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const fromJson = p.headerRow === null;
  const fieldOf = new Map(Object.entries(p.mapping).map(([field, header]) => [header, field]));
  return (
    <>
      <p className="meta">{fromJson ? t('jsonFields') : t('columnsLegend')}</p>
      <div className="preview-table-wrap" tabIndex={0} role="region" aria-label={t('previewCaption', { file: p.file })}>
        <table className="preview-table">
          <thead>
            <tr>
              {p.headers.map((h, i) => {
                const field = fieldOf.get(h);
                return (
                  <th key={i} scope="col" className={field ? 'mapped' : fromJson ? undefined : 'extra'} title={field ? t('columnRead', { field: fieldName(lang, field) }) : fromJson ? undefined : t('columnExtra')}>
                    {field && <span aria-hidden="true">✓ </span>}
                    <Data>{h}</Data>
                    {field && <span className="visually-hidden"> ({t('columnRead', { field: fieldName(lang, field) })})</span>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {p.rows.slice(0, PREVIEW_ROWS).map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => {
                  const cell = readableCell(c, p.headers[j] ?? '', fromJson, t);
                  // The hover text is the cell as the file holds it (JSON, a Unix time): bill data.
                  return <td key={j}>{cell.text === c ? <Data>{c}</Data> : cell.title ? <Data title={cell.title}>{cell.text}</Data> : cell.text}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
