import type { BridgeView, MonthReportView } from '../../../main/api/contract';
import { unexplainedOf } from '../agreement';
import { formatDecimal, formatMoney, isZero, magnitude } from '../format';
import { useI18n, type MessageKey } from '../i18n';

const STEPS: [keyof BridgeView, MessageKey, boolean][] = [
  ['prepaidTiming', 'prepaidTiming', true],
  ['crossMonth', 'crossMonth', true],
  ['precision', 'precision', true],
  ['refunds', 'refunds', true],
  ['missing', 'missingCat', false],
  ['amountMismatch', 'amountMismatch', false],
];

interface Bar {
  label: string;
  text: string;
  from: number;
  to: number;
  kind: 'total' | 'explained' | 'unexplained' | 'rating';
}

/** Fee total, one step per bridge category down (or up) to the consumption total; re-rating beside it. */
function barsOf(report: MonthReportView, t: (k: MessageKey) => string): Bar[] {
  const fee = magnitude(report.fee.total);
  const bars: Bar[] = [{ label: t('feeTotal'), text: report.fee.total, from: 0, to: fee, kind: 'total' }];
  let level = fee;
  for (const [key, label, explained] of STEPS) {
    const text = report.bridge[key];
    const next = level - magnitude(text);
    bars.push({ label: t(label), text, from: level, to: next, kind: explained || isZero(text) ? 'explained' : 'unexplained' });
    level = next;
  }
  bars.push({ label: t('consumptionTotal'), text: report.consumption.total, from: 0, to: magnitude(report.consumption.total), kind: 'total' });
  const rating = unexplainedOf(report).rating;
  if (rating !== null) bars.push({ label: t('ratingStep'), text: rating, from: 0, to: magnitude(rating), kind: 'rating' });
  return bars;
}

/** "Consumption bill total" over two lines when it would not fit under its bar. */
function labelLines(label: string): string[] {
  if (label.length <= 14 || !label.includes(' ')) return [label];
  const words = label.split(' ');
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(' '), words.slice(half).join(' ')];
}

/** Round axis ticks (1, 2 or 5 × 10^k apart) from at or below min to at or above max. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const raw = (max - min) / count || 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.floor(min / step + 1e-9) * step; v <= last + step / 2; v += step) out.push(Number((Math.round(v / pow) * pow).toPrecision(12)));
  return out.length ? out : [0];
}

const W = 1000;
const H = 300;
const TOP = 24;
const BOTTOM = 56;
const LEFT = 64;

export function Waterfall({ report }: { report: MonthReportView }) {
  const { t, lang } = useI18n();
  const bars = barsOf(report, t);
  const values = bars.flatMap((b) => [b.from, b.to]);
  // The scale runs from the lowest figure (or 0) up to the first round tick at or above the highest.
  const min = Math.min(0, ...values);
  const all = niceTicks(min, Math.max(0, ...values));
  const max = all[all.length - 1]!;
  const ticks = all.filter((v) => v >= min);
  const span = max - min || 1;
  const y = (v: number) => TOP + ((max - v) / span) * (H - TOP - BOTTOM);
  const hasRating = bars.some((b) => b.kind === 'rating');
  const slot = (W - LEFT - (hasRating ? 24 : 0)) / bars.length;
  const xOf = (i: number) => LEFT + i * slot + (hasRating && bars[i]!.kind === 'rating' ? 24 : 0);
  const summary = bars.map((b) => `${b.label} ${formatMoney(b.text, lang)}`).join('; ');
  const ccy = report.currency ?? '';
  return (
    <figure className="chart">
      <svg className="waterfall" data-testid="waterfall" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('bridgeChart', { steps: summary })}>
        <text className="axis-label" x={4} y={14}>
          {ccy ? t('bridgeAxis', { currency: ccy }) : ''}
        </text>
        {ticks.map((v) => (
          <g key={v} className="tick">
            <line x1={LEFT - 4} x2={W} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis' : 'grid-line'} />
            <text x={LEFT - 8} y={y(v) + 4} textAnchor="end" className="tick-label">
              {formatDecimal(String(v), lang)}
            </text>
          </g>
        ))}
        {hasRating && <line x1={xOf(bars.length - 1) - 12} x2={xOf(bars.length - 1) - 12} y1={TOP} y2={H - BOTTOM + 40} className="separator" />}
        {bars.map((b, i) => (
          <BarShape key={i} bar={b} x={xOf(i)} width={slot} y={y} connect={i > 0 && i < 7} previousX={i > 0 ? xOf(i - 1) : 0} />
        ))}
      </svg>
      {hasRating && (
        <figcaption className="meta" data-testid="rating-rule">
          {t('ratingRule')}
        </figcaption>
      )}
    </figure>
  );
}

function BarShape({ bar, x, width, y, connect, previousX }: { bar: Bar; x: number; width: number; y: (v: number) => number; connect: boolean; previousX: number }) {
  const { lang } = useI18n();
  const top = Math.min(y(bar.from), y(bar.to));
  const h = Math.max(1, Math.abs(y(bar.from) - y(bar.to)));
  const lines = labelLines(bar.label);
  return (
    <g className={`bar ${bar.kind}`} data-kind={bar.kind}>
      <rect x={x + 8} y={top} width={width - 16} height={h} />
      <text x={x + width / 2} y={top - 5} textAnchor="middle" className="bar-value">
        {formatMoney(bar.text, lang)}
      </text>
      <text x={x + width / 2} y={H - BOTTOM + 18} textAnchor="middle" className="bar-label">
        {lines.map((l, i) => (
          <tspan key={i} x={x + width / 2} dy={i === 0 ? 0 : 14}>
            {l}
          </tspan>
        ))}
      </text>
      {connect && <line x1={previousX + width - 8} x2={x + 8} y1={y(bar.from)} y2={y(bar.from)} className="connector" />}
    </g>
  );
}
