import { useEffect, useState } from 'react';
import type { CalculatorInfo, CalculatorResult } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { useI18n } from '../i18n';

export function CalculatorsScreen() {
  const { t, n } = useI18n();
  const [calcs, setCalcs] = useState<CalculatorInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inputs, setInputs] = useState<Record<string, Record<string, string>>>({});
  const [results, setResults] = useState<Record<string, CalculatorResult | string>>({});

  useEffect(() => {
    api.calculators().then(setCalcs, (e) => setError(failureText(e)));
  }, []);

  const run = async (id: string) => {
    try {
      const r = await api.calculate({ id, inputs: inputs[id] ?? {} });
      setResults((x) => ({ ...x, [id]: r }));
    } catch (e) {
      setResults((x) => ({ ...x, [id]: failureText(e) }));
    }
  };

  if (error) return <p className="error" role="alert" data-testid="calc-error">{error}</p>;
  if (!calcs) return <p className="loading">{t('loading')}</p>;
  return (
    <section className="calculators">
      {calcs.map((c) => {
        const r = results[c.id];
        return (
          <form
            key={c.id}
            className="calc"
            onSubmit={(e) => {
              e.preventDefault();
              void run(c.id);
            }}
          >
            <h3>{c.title}</h3>
            {c.fields.map((f) => (
              <label key={f.name}>
                {f.label}{' '}
                {f.kind === 'choice' ? (
                  <select value={inputs[c.id]?.[f.name] ?? ''} onChange={(e) => setInputs((x) => ({ ...x, [c.id]: { ...x[c.id], [f.name]: e.target.value } }))}>
                    <option value="" />
                    {(f.choices ?? []).map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    inputMode={f.kind === 'date' ? 'text' : 'decimal'}
                    value={inputs[c.id]?.[f.name] ?? ''}
                    onChange={(e) => setInputs((x) => ({ ...x, [c.id]: { ...x[c.id], [f.name]: e.target.value } }))}
                  />
                )}
              </label>
            ))}
            <button type="submit">{t('calculate')}</button>
            {typeof r === 'string' && <p className="error">{r}</p>}
            {r && typeof r !== 'string' && (
              <div className="calc-result">
                <p>
                  {t('formula')}: <code>{r.formula}</code>
                </p>
                <table className="grid">
                  <tbody>
                    {r.terms.map((term, i) => (
                      <tr key={i}>
                        <td>{term.label}</td>
                        <td className="num">{n(term.value)}</td>
                      </tr>
                    ))}
                    <tr className="total">
                      <td>{t('result')}</td>
                      <td className="num">
                        {n(r.result)} {r.currency ?? ''}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </div>
            )}
          </form>
        );
      })}
    </section>
  );
}
