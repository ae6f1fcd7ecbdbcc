import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ApiFailure, CalculatorField, CalculatorInfo, CalculatorResult } from '../../../main/api/contract';
import { api, failureText } from '../api';
import { calcChoiceText, calcHelpText, calcRuleParts, calcRulePartText, calcRuleText, calcText, calcUiText, useI18n } from '../i18n';

type Outcome = { ok: true; result: CalculatorResult } | { ok: false; message: string; field: string | null };

/**
 * One form per calculator of main/core/calc (the same table `billrecon calc` runs): the inputs as
 * typed go to the core, which answers with each term of the formula, names the field to fix, or —
 * when the vendor would refuse the input — names every rule it breaks (shown in zh-CN or en).
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

  return (
    <section className="calculators" data-testid="calculators">
      {/* A nav landmark takes no aria-orientation: the toolbar inside it says the arrow keys go up and down. */}
      <nav className="calc-list" aria-label={t('tabCalculators')}>
        <div role="toolbar" aria-label={t('tabCalculators')} aria-orientation="vertical" onKeyDown={(e) => moveInList(e, calcs, calc.id, setSelected)}>
          {calcs.map((c) => (
            <button
              key={c.id}
              type="button"
              data-calc={c.id}
              aria-pressed={c.id === calc.id}
              tabIndex={c.id === calc.id ? 0 : -1}
              className={c.id === calc.id ? 'active' : ''}
              onClick={() => setSelected(c.id)}
            >
              {calcText(lang, `title.${c.id}`, c.title)}
            </button>
          ))}
        </div>
      </nav>
      <CalculatorForm
        key={calc.id}
        calc={calc}
        values={inputs[calc.id] ?? {}}
        setValue={(name, value) => setInputs((x) => ({ ...x, [calc.id]: { ...x[calc.id], [name]: value } }))}
        outcome={outcomes[calc.id]}
        setOutcome={(o) => setOutcomes((x) => ({ ...x, [calc.id]: o }))}
      />
    </section>
  );
}

interface FormProps {
  calc: CalculatorInfo;
  values: Record<string, string>;
  setValue: (name: string, value: string) => void;
  outcome: Outcome | undefined;
  setOutcome: (o: Outcome) => void;
}

/** One calculator's form: its fields, the refusal or field error of the last run, or its result. */
function CalculatorForm({ calc, values, setValue, outcome, setOutcome }: FormProps) {
  const { t, lang } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  // After a run that names a field, keyboard users land on it (its message is announced by role=alert).
  const [focusField, setFocusField] = useState<{ field: string } | null>(null);
  useEffect(() => {
    if (focusField) formRef.current?.querySelector<HTMLElement>(`[data-field="${focusField.field}"]`)?.focus();
  }, [focusField]);

  const run = async () => {
    try {
      setOutcome({ ok: true, result: await api.calculate({ id: calc.id, inputs: values }) });
    } catch (e) {
      const f = (e as { failure?: ApiFailure }).failure;
      setOutcome({ ok: false, message: failureText(e), field: f?.field ?? null });
      if (f?.field) setFocusField({ field: f.field });
    }
  };
  const badField = outcome && !outcome.ok ? outcome.field : null;
  const reason = outcome && !outcome.ok && badField ? reasonOnly(outcome.message, badField) : null;
  const rules = reason ? calcRuleParts(reason) : null;

  return (
    <form
      ref={formRef}
      className="calc"
      data-testid={`calc-${calc.id}`}
      aria-labelledby="calc-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <h3 id="calc-title">{calcText(lang, `title.${calc.id}`, calc.title)}</h3>
      <p className="meta">{calcText(lang, `summary.${calc.id}`, calc.summary)}</p>
      <div className="calc-fields">
        {calc.fields.map((f) => (
          <FieldInput
            key={f.name}
            field={f}
            value={values[f.name] ?? ''}
            invalid={badField === f.name}
            onChange={(v) => setValue(f.name, v)}
            onSubmit={() => formRef.current?.requestSubmit()}
            message={badField === f.name && reason !== null && rules === null ? reason : null}
            describedBy={badField === f.name && rules !== null ? 'calc-refusal' : undefined}
          />
        ))}
      </div>
      {rules && badField && <Refusal label={calcText(lang, `field.${badField}`, calc.fields.find((f) => f.name === badField)?.label ?? badField)} rules={rules} />}
      {calc.fields.some((f) => f.kind === 'list') && <SubmitHint />}
      <button type="submit" data-testid="calc-run">
        {t('calculate')}
      </button>
      {outcome && !outcome.ok && badField === null && (
        <p className="error" role="alert" data-testid="calc-failure">
          {calcRuleText(lang, outcome.message)}
        </p>
      )}
      {outcome && outcome.ok && <ResultTable r={outcome.result} />}
    </form>
  );
}

/** How to calculate from a list field, whose Enter is a new line. */
function SubmitHint() {
  const { lang } = useI18n();
  const [before, after] = calcUiText(lang, 'submitHint').split('{keys}');
  return (
    <p className="meta">
      {before}
      <kbd translate="no">Ctrl+Enter</kbd>
      {after}
    </p>
  );
}

/** The rules the vendor would refuse the input for, each with its name, in the chosen language. */
function Refusal({ label, rules }: { label: string; rules: NonNullable<ReturnType<typeof calcRuleParts>> }) {
  const { lang } = useI18n();
  return (
    <div className="error" role="alert" id="calc-refusal" data-testid="calc-refusal" style={{ width: '100%' }}>
      <p style={{ margin: 0 }}>
        {label}: {calcUiText(lang, 'refused')}
      </p>
      <ul style={{ margin: '4px 0 0' }}>
        {rules.map((r, i) => (
          <li key={i} data-rule={r.rule}>
            {calcRulePartText(lang, r)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The calculator list is one tab stop: arrow keys (and Home/End) move between calculators and
 * select the one reached, so Tab goes on to the form's first field.
 */
function moveInList(e: KeyboardEvent<HTMLElement>, calcs: readonly CalculatorInfo[], current: string, select: (id: string) => void): void {
  const at = calcs.findIndex((c) => c.id === current);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: calcs.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  const next = calcs[Math.min(Math.max(to, 0), calcs.length - 1)]!;
  select(next.id);
  e.currentTarget.querySelector<HTMLElement>(`[data-calc="${next.id}"]`)?.focus();
}

/** main says "Label (field): reason"; the label is shown in the chosen language instead. */
function reasonOnly(message: string, field: string): string {
  const marker = `(${field}): `;
  const at = message.indexOf(marker);
  return at < 0 ? message : message.slice(at + marker.length);
}

interface FieldProps {
  field: CalculatorField;
  value: string;
  invalid: boolean;
  message: string | null;
  describedBy: string | undefined;
  onChange: (v: string) => void;
  onSubmit: () => void;
}

function FieldInput({ field: f, value, invalid, message, describedBy, onChange, onSubmit }: FieldProps) {
  const { t, lang } = useI18n();
  const label = calcText(lang, `field.${f.name}`, f.label);
  const errorId = `calc-error-${f.name}`;
  const common = { 'aria-invalid': invalid || undefined, 'aria-describedby': message ? errorId : describedBy, 'data-field': f.name, title: calcHelpText(lang, f.help) };
  let control;
  if (f.kind === 'boolean') {
    control = <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} />;
  } else if (f.kind === 'choice') {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="" />
        {(f.choices ?? []).map((o) => (
          <option key={o} value={o}>
            {calcChoiceText(lang, f.name, o)}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'list') {
    control = (
      <textarea
        {...common}
        rows={2}
        value={value}
        placeholder={f.example ?? ''}
        aria-keyshortcuts="Control+Enter"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={f.kind === 'date' ? 'numeric' : 'decimal'}
        placeholder={f.kind === 'date' ? (f.example ?? 'YYYY-MM-DD') : (f.example ?? '')}
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
        <span className="error" role="alert" id={errorId} data-testid="calc-field-error">
          {label}: {calcRuleText(lang, message)}
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
          {r.notes.map((x, i) => {
            const rules = calcRuleParts(x);
            return (
              <li key={i} {...(rules ? { 'data-rule': rules.map((p) => p.rule).join(' ') } : {})}>
                {calcRuleText(lang, x)}
              </li>
            );
          })}
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
