/** What every section of the printed audit report is made of: its numbered heading on a new page, amounts in cells. */
import { formatMoney } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';

export const SECTIONS: [id: string, title: MessageKey][] = [
  ['ar-summary', 'arSecSummary'],
  ['ar-precision', 'arSecPrecision'],
  ['ar-mismatches', 'arSecMismatches'],
  ['ar-claims', 'arSecClaims'],
  ['ar-files', 'arSecFiles'],
  ['ar-sign-off', 'arSecSignOff'],
];

/** A ledger amount in a table cell: 2 decimals; `exact` prints every decimal the report carries. */
export function Amount({ value, exact }: { value: string | null; exact?: boolean }) {
  const { lang, n } = useI18n();
  return (
    <td className="num" translate="no">
      {value === null ? '—' : exact ? n(value) : formatMoney(value, lang)}
    </td>
  );
}

export function Section({ index, children }: { index: number; children: React.ReactNode }) {
  const { t } = useI18n();
  const [id, title] = SECTIONS[index]!;
  return (
    <section className="ar-section" id={id} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>
        {index + 1}. {t(title)}
      </h2>
      {children}
    </section>
  );
}


/**
 * Source traces "file:row" shortened for print: rows of one file together, consecutive rows as a
 * range ("fee.csv:3–33, 36"), files in the order they first appear. A key of a big bill can hold
 * hundreds of lines; the list keeps every one of them, just not one per line.
 */
export function compactSources(sources: readonly string[]): string {
  const byFile = new Map<string, number[]>();
  const other: string[] = [];
  for (const s of sources) {
    const m = /^(.*):(\d+)$/.exec(s);
    if (!m) other.push(s);
    else byFile.set(m[1]!, [...(byFile.get(m[1]!) ?? []), Number(m[2])]);
  }
  const parts = [...byFile].map(([file, rows]) => {
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
      i = j + 1;
    }
    return `${file}:${ranges.join(', ')}`;
  });
  return [...parts, ...other].join('; ');
}
