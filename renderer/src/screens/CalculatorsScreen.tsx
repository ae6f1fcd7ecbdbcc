import { useEffect, useState } from 'react';
import type { ApiFailure, CalculatorField, CalculatorInfo, CalculatorResult } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { calcText, useI18n } from '../i18n';

type Outcome = { ok: true; result: CalculatorResult } | { ok: false; message: string; field: string | null };

/**
 * One form per calculator of main/core/calc (the same table `billrecon calc` runs): the inputs as
 * typed go to the core, which answers with each term of the formula or names the field to fix.
 */
export function CalculatorsScreen() {
  const { t, lang } = useI18n();
  const [calcs, setCalcs] = useState<CalculatorInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>('');
  const [inputs, setInputs] = useState<Record<string, Record<string, string>>>({});
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});

  useEffect(() => {
    api.calculators().then(
      (list) => {
        setCalcs(list);
        setSelected((s) => s || (list[0]?.id ?? ''));
      },
      (e) => setError(failureText(e)),
    );
  }, []);

  if (error) return <p className="error" role="alert" data-testid="calc-error">{error}</p>;
  if (!calcs) return <p className="loading">{t('loading')}</p>;
  const calc = calcs.find((c) => c.id === selected) ?? calcs[0];
  if (!calc) return null;

  const values = inputs[calc.id] ?? {};
  const outcome = outcomes[calc.id];
  const setValue = (name: string, value: string) => setInputs((x) => ({ ...x, [calc.id]: { ...x[calc.id], [name]: value } }));
  const run = async () => {
    try {
      const result = await api.calculate({ id: calc.id, inputs: values });
      setOutcomes((x) => ({ ...x, [calc.id]: { ok: true, result } }));
    } catch (e) {
      const f = (e as { failure?: ApiFailure }).failure;
      setOutcomes((x) => ({ ...x, [calc.id]: { ok: false, message: failureText(e), field: f?.field ?? null } }));
    }
  };
  const badField = outcome && !outcome.ok ? outcome.field : null;

  return (
    <section className="calculators" data-testid="calculators">
      <nav className="calc-list" aria-label={t('tabCalculators')}>
        {calcs.map((c) => (
          <button key={c.id} type="button" data-calc={c.id} aria-pressed={c.id === calc.id} className={c.id === calc.id ? 'active' : ''} onClick={() => setSelected(c.id)}>
            {calcText(lang, `title.${c.id}`, c.title)}
          </button>
        ))}
      </nav>
      <form
        key={calc.id}
        className="calc"
        data-testid={`calc-${calc.id}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <h3>{calcText(lang, `title.${calc.id}`, calc.title)}</h3>
        <p className="meta">{calcText(lang, `summary.${calc.id}`, calc.summary)}</p>
        <div className="calc-fields">
          {calc.fields.map((f) => (
            <FieldInput key={f.name} field={f} value={values[f.name] ?? ''} invalid={badField === f.name} onChange={(v) => setValue(f.name, v)} message={badField === f.name && outcome && !outcome.ok ? outcome.message : null} />
          ))}
        </div>
        <button type="submit" data-testid="calc-run">
          {t('calculate')}
        </button>
        {outcome && !outcome.ok && badField === null && (
          <p className="error" role="alert" data-testid="calc-failure">
            {outcome.message}
          </p>
        )}
        {outcome && outcome.ok && <ResultTable r={outcome.result} />}
      </form>
    </section>
  );
}

/** main says "Label (field): reason"; the label is shown in the chosen language instead. */
function reasonOnly(message: string, field: string): string {
  const marker = `(${field}): `;
  const at = message.indexOf(marker);
  return at < 0 ? message : message.slice(at + marker.length);
}

function FieldInput({ field: f, value, invalid, message, onChange }: { field: CalculatorField; value: string; invalid: boolean; message: string | null; onChange: (v: string) => void }) {
  const { t, lang } = useI18n();
  const label = calcText(lang, `field.${f.name}`, f.label);
  const common = { 'aria-invalid': invalid || undefined, 'data-field': f.name, title: f.help };
  let control;
  if (f.kind === 'boolean') {
    control = <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} />;
  } else if (f.kind === 'choice') {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="" />
        {(f.choices ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'list') {
    control = <textarea {...common} rows={2} value={value} placeholder={f.example ?? ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={f.kind === 'date' ? 'numeric' : 'decimal'}
        placeholder={f.kind === 'date' ? 'YYYY-MM-DD' : (f.example ?? '')}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <label className={invalid ? 'calc-field invalid' : 'calc-field'}>
      <span className="calc-label">
        {label}
        {f.required && <abbr title={t('required')}> *</abbr>}
      </span>
      {control}
      {message && (
        <span className="error" role="alert" data-testid="calc-field-error">
          {label}: {reasonOnly(message, f.name)}
        </span>
      )}
    </label>
  );
}

function ResultTable({ r }: { r: CalculatorResult }) {
  const { t, n, lang } = useI18n();
  return (
    <div className="calc-result" data-testid="calc-result">
      <table className="grid">
        <thead>
          <tr>
            <th>{t('term')}</th>
            <th>{t('arithmetic')}</th>
            <th className="num">{t('value')}</th>
          </tr>
        </thead>
        <tbody>
          {r.terms.map((term) => (
            <tr key={term.name} data-term={term.name}>
              <td>{calcText(lang, `term.${term.name}`, term.label)}</td>
              <td className="expr">{term.expression ?? ''}</td>
              <td className="num">{n(term.value)}</td>
            </tr>
          ))}
          <tr className="total" data-term={r.result.name} data-testid="calc-result-value">
            <td>
              {t('result')}: {calcText(lang, `term.${r.result.name}`, r.result.label)}
            </td>
            <td className="expr">{r.result.expression ?? ''}</td>
            <td className="num">
              {n(r.result.value)} {r.currency ?? ''}
            </td>
          </tr>
        </tbody>
      </table>
      {r.notes.length > 0 && (
        <ul className="notes" data-testid="calc-notes">
          {r.notes.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
      <p className="meta">
        {t('formula')}: {r.formula}
      </p>
      <p className="meta">
        {t('sameOnCli')}: <code data-testid="calc-cli">{r.cli}</code>
      </p>
    </div>
  );
}
