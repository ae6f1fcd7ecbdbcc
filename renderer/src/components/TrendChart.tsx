import { useId } from 'react';
import type { YearRowView } from '../../../main/api/contract';
import { formatDecimal, formatMoney, magnitude } from '../format';
import { useI18n } from '../i18n';
import { niceTicks } from './Waterfall';

const W = 1000;
const H = 260;
const LEFT = 80;
const RIGHT = 24;
const TOP = 30;
const BOTTOM = 44;

interface Point {
  month: string;
  fee: string;
  consumption: string;
}

/** The product's two figures per month, from the rows' stored per-product totals (0 when the month's bills have no line of it). */
export function productPoints(rows: readonly YearRowView[], product: string): Point[] {
  return rows
    .filter((r) => r.fee !== null && r.products.length > 0)
    .map((r) => {
      const p = r.products.find((x) => x.product === product);
      return { month: r.month, fee: p?.fee ?? '0', consumption: p?.consumption ?? '0' };
    });
}

/**
 * One product's fee bill and consumption bill across the months, as two lines over a month axis
 * and an amount axis in the bills' currency. The svg names itself (title) and says the figures
 * (desc); each point has its figures as a tooltip.
 */
export function TrendChart({ product, points, currency }: { product: string; points: Point[]; currency: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const values = points.flatMap((p) => [magnitude(p.fee), magnitude(p.consumption)]);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(1, ...values));
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const y = (v: number) => H - BOTTOM - ((v - lo) / (hi - lo || 1)) * (H - TOP - BOTTOM);
  const step = (W - LEFT - RIGHT) / Math.max(points.length, 1);
  const x = (i: number) => LEFT + step * i + step / 2;
  const series = (k: 'fee' | 'consumption') => points.map((p, i) => `${x(i).toFixed(1)},${y(magnitude(p[k])).toFixed(1)}`).join(' ');
  const list = (k: 'fee' | 'consumption') => points.map((p) => `${p.month} ${formatMoney(p[k], lang)}`).join(', ');
  const desc = points.length
    ? t('yrChartDesc', { product, from: points[0]!.month, to: points[points.length - 1]!.month, fee: list('fee'), consumption: list('consumption'), currency })
    : t('yrChartDescNone', { product });
  return (
    <svg className="trend" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="trend-chart" data-product={product}>
      <title id={`${id}-t`}>{t('yrChartTitle', { product })}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <text className="axis-label" x={4} y={14}>
        {t('yrAxisAmount', { currency })}
      </text>
      {ticks.map((v) => (
        <g key={v} className="tick">
          <line x1={LEFT - 4} x2={W - RIGHT} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis' : 'grid-line'} />
          <text x={LEFT - 8} y={y(v) + 4} textAnchor="end" className="tick-label">
            {formatDecimal(String(v), lang)}
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <text key={p.month} x={x(i)} y={H - BOTTOM + 18} textAnchor="middle" className="tick-label">
          {p.month}
        </text>
      ))}
      <text className="axis-label" x={W - RIGHT} y={H - 4} textAnchor="end">
        {t('yrAxisMonth')}
      </text>
      <polyline className="trend-line fee" points={series('fee')} />
      <polyline className="trend-line consumption" points={series('consumption')} />
      {points.map((p, i) => (
        <g key={p.month} className="trend-point">
          <title>{t('yrPoint', { month: p.month, fee: formatMoney(p.fee, lang), consumption: formatMoney(p.consumption, lang) })}</title>
          <circle className="fee" cx={x(i)} cy={y(magnitude(p.fee))} r={5} />
          <rect className="consumption" x={x(i) - 4} y={y(magnitude(p.consumption)) - 4} width={8} height={8} />
        </g>
      ))}
      <g className="legend" transform={`translate(${LEFT + 8}, ${TOP - 14})`}>
        <circle className="fee" cx={6} cy={-4} r={5} />
        <text x={16} y={0}>
          {t('yrLegendFee')}
        </text>
        <rect className="consumption" x={150} y={-8} width={8} height={8} />
        <text x={164} y={0}>
          {t('yrLegendConsumption')}
        </text>
      </g>
    </svg>
  );
}
