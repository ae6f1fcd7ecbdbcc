import { Fragment } from 'react';
import { failureSegments, translateCore, type Segment } from '../core-text';
import { message, useI18n, type MessageKey, type Vars } from '../i18n';

/** Translated text with the data inside it (figures, ids, file names) marked as not to be translated. */
export function Segments({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        typeof s === 'string' ? (
          <Fragment key={i}>{s}</Fragment>
        ) : (
          <span key={i} translate="no" className="data">
            {s.raw}
          </span>
        ),
      )}
    </>
  );
}

/** A text the core wrote (a note, a reason), in the screen's language. */
export function CoreText({ text }: { text: string }) {
  const { lang } = useI18n();
  return <Segments segments={translateCore(lang, text).segments} />;
}

/** What a failed call reported, in the screen's language. */
export function FailureText({ error }: { error: unknown }) {
  const { lang } = useI18n();
  return <Segments segments={failureSegments(lang, error)} />;
}

/** Bill data shown as it is in the bill: ids, names, file names, the accountant's comments. */
export function Data({ children, className, title }: { children: React.ReactNode; className?: string; title?: string }) {
  return (
    <span translate="no" className={className ? `data ${className}` : 'data'} title={title}>
      {children}
    </span>
  );
}

/** A message whose `data` placeholders are bill data (file names, ids), marked not to be translated. */
export function Msg({ k, vars, data }: { k: MessageKey; vars?: Vars; data: Record<string, string> }) {
  const { lang } = useI18n();
  const parts = message(lang, k, vars).split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((p, i) => (i % 2 === 0 ? <Fragment key={i}>{p}</Fragment> : <Data key={i}>{data[p] ?? `{${p}}`}</Data>))}
    </>
  );
}
