import type { MismatchView, SourceLineView } from '../../../../main/api/contract';
import { formatLocalTime } from '../../format';
import { comparableField, fieldName, INTERNAL_FIELDS } from '../../fields';
import { useI18n } from '../../i18n';
import { sideOf, statusOf } from '../../markers';
import { CoreText, Data } from '../../components/Text';
import { CATEGORY_LABEL } from './columns';

const MAX_PAIRS = 50;

type Value = SourceLineView['fields'][string];

/** A bill value as text: times in local time, nested tag columns flattened, nothing for empty. */
function shown(v: Value | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${x}`).join(', ');
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? formatLocalTime(s) : s;
}

/** Figures equal to the last decimal compare equal however many trailing zeros each bill wrote. */
function comparable(text: string): string {
  return /^-?\d+\.\d+$/.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Fee and consumption lines paired by usage day, so one pair is one day's charge on both bills;
 * the lines of the mismatch's key left over on both sides are then paired in order. A monthly fee
 * line (usage from the 1st) and the consumption line that books it on the 31st are one charge:
 * shown side by side, their start days and amounts are the fields marked as differing.
 */
function pairLines(lines: SourceLineView[]): [SourceLineView | null, SourceLineView | null][] {
  const fee = lines.filter((l) => l.side === 'fee');
  const cons = lines.filter((l) => l.side === 'consumption');
  const dayOf = (l: SourceLineView) => String(l.fields.usageStart ?? l.fields.day ?? '').slice(0, 10);
  const byDay = new Map<string, SourceLineView[]>();
  for (const c of cons) byDay.set(dayOf(c), [...(byDay.get(dayOf(c)) ?? []), c]);
  const used = new Set<SourceLineView>();
  const matched = fee.map((f) => {
    const match = byDay.get(dayOf(f))?.find((c) => !used.has(c));
    if (match) used.add(match);
    return match ?? null;
  });
  const left = cons.filter((c) => !used.has(c));
  const pairs = fee.map((f, i): [SourceLineView | null, SourceLineView | null] => [f, matched[i] ?? left.shift() ?? null]);
  for (const c of left) pairs.push([null, c]);
  return pairs;
}

interface CompareRow {
  field: string;
  label: string;
  fee: string;
  cons: string;
  differs: boolean;
}

/** One row per bill column either line has, named as the bill names it; the differing ones marked. */
function compareRows(fee: SourceLineView | null, cons: SourceLineView | null, lang: 'en' | 'zh-CN'): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  const add = (line: SourceLineView | null, side: 'fee' | 'cons') => {
    if (!line) return;
    for (const [f, v] of Object.entries(line.fields)) {
      if (INTERNAL_FIELDS.has(f)) continue;
      const key = comparableField(line.side, f);
      const row = rows.get(key) ?? { field: key, label: line.columns?.[f] ?? fieldName(lang, key), fee: '', cons: '', differs: false };
      row[side] = shown(v);
      rows.set(key, row);
    }
    const extra = line.fields.extra;
    if (extra && typeof extra === 'object') for (const [h, v] of Object.entries(extra)) {
      const row = rows.get(`extra:${h}`) ?? { field: `extra:${h}`, label: h, fee: '', cons: '', differs: false };
      row[side] = String(v);
      rows.set(`extra:${h}`, row);
    }
  };
  add(fee, 'fee');
  add(cons, 'cons');
  const out = [...rows.values()].filter((r) => r.fee !== '' || r.cons !== '');
  for (const r of out) r.differs = fee !== null && cons !== null && r.fee !== '' && r.cons !== '' && comparable(r.fee) !== comparable(r.cons);
  return out;
}

export function SourcePanel({ m, sources, currency }: { m: MismatchView | undefined; sources: SourceLineView[] | null; currency: string | null }) {
  const { t } = useI18n();
  return (
    <aside className="detail" data-testid="sources" tabIndex={-1} aria-labelledby="sources-title">
      <h3 id="sources-title">{t('sources')}</h3>
      {!m && <p className="meta">{t('noSelection')}</p>}
      {m && <Summary m={m} currency={currency} />}
      {m && sources === null && (
        <p className="meta">
          {t('loading')} <Data>{[...m.feeSources, ...m.consumptionSources].slice(0, 4).join(', ')}</Data>
        </p>
      )}
      {m && sources !== null && <Comparison sources={sources} rated={m.against === 'rated'} />}
    </aside>
  );
}

function Summary({ m, currency }: { m: MismatchView; currency: string | null }) {
  const { t, n } = useI18n();
  const status = statusOf(m);
  const ccy = currency ? ` ${currency}` : '';
  return (
    <>
      <p className="detail-head">
        <strong>{t(CATEGORY_LABEL[m.category])}</strong> · {t(sideOf(m).label)} · <span className={`tone-${status.tone}`}>{t(status.label)}</span>
        <br />
        <Data>{[m.key.product, m.key.resourceId ?? m.key.item, m.key.component ?? m.key.date].filter(Boolean).join(' · ')}</Data>
      </p>
      <dl className="exact" aria-label={t('exactFigures')} data-testid="exact-figures">
        <dt>{t('fee')}</dt>
        <dd className="num" translate="no">{n(m.fee)}{ccy}</dd>
        <dt>{m.against === 'rated' ? t('rated') : t('consumption')}</dt>
        <dd className="num" translate="no">{n(m.consumption)}{ccy}</dd>
        <dt>{t('difference')}</dt>
        <dd className="num" translate="no" data-testid="exact-difference">
          {n(m.difference)}
          {ccy}
        </dd>
      </dl>
      {m.note && (
        <p className="note" data-testid="mismatch-note">
          <CoreText text={m.note} />
        </p>
      )}
      {m.reviewedBy && m.status !== 'open' && (
        <p className="meta">
          {t('reviewedBy', { status: t(status.label), time: formatLocalTime(m.reviewedAt) })}
          <Data>{m.reviewedBy}</Data>
        </p>
      )}
      {m.reopenedBecause && (
        <p className="warn">
          {t('reopened')}
          <CoreText text={m.reopenedBecause} />
        </p>
      )}
    </>
  );
}

function Comparison({ sources, rated }: { sources: SourceLineView[]; rated: boolean }) {
  const { t, lang } = useI18n();
  const pairs = pairLines(sources);
  if (pairs.length === 0) return <p className="meta">{t('noLines')}</p>;
  return (
    <div className="comparison">
      {pairs.slice(0, MAX_PAIRS).map(([fee, cons], i) => {
        const rows = compareRows(fee, cons, lang);
        const differing = rows.filter((r) => r.differs).length;
        return (
          <details key={i} open={i < 2} className="pair">
            <summary>
              <Ref line={fee} /> ↔ <Ref line={cons} />
              {differing > 0 && <span className="differs-count"> · {t('fieldsDiffer', { n: differing })}</span>}
            </summary>
            <table className="compare">
              <thead>
                <tr>
                  <th scope="col">{t('field')}</th>
                  <th scope="col">{t('feeLine')}</th>
                  <th scope="col">{rated ? t('rated') : t('consumptionLine')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.field} className={r.differs ? 'differs' : undefined} data-field={r.field}>
                    <th scope="row">
                      <Data>{r.label}</Data>
                      {r.differs && <span className="differs-mark"> {t('differsMark')}</span>}
                    </th>
                    <td>
                      <Data>{r.fee || '—'}</Data>
                    </td>
                    <td>
                      <Data>{r.cons || '—'}</Data>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
      {pairs.length > MAX_PAIRS && <p className="meta">{t('moreLines', { n: pairs.length - MAX_PAIRS })}</p>}
    </div>
  );
}

function Ref({ line }: { line: SourceLineView | null }) {
  const { t } = useI18n();
  if (!line) return <span className="meta">{t('noLines')}</span>;
  return (
    <span data-testid="source-ref" translate="no">
      {line.file}:{line.row}
    </span>
  );
}
