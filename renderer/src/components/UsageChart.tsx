import type { RatingDayView } from '../../../main/api/contract';
import { formatDecimal, formatMoney, magnitude } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { niceTicks } from './Waterfall';

/** Every calendar day of the month, so a day without usage shows as a gap. */
function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map((x) => Number(x));
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

const KNOWN_ITEMS = ['whiteboard', 'transcode', 'recording'];
export const itemLabel = (item: string): MessageKey | null => (KNOWN_ITEMS.includes(item) ? (`item_${item}` as MessageKey) : null);
const unitLabel = (item: string): MessageKey | null => (KNOWN_ITEMS.includes(item) ? (`unit_${item}` as MessageKey) : null);

const SEGMENTS = ['free', 'trial', 'package', 'postpaid'] as const;
const W = 1000;
const H = 200;
const LEFT = 64;
const TOP = 22;
const BOTTOM = 34;

/** One item's usage per day, stacked by what paid for it, with a value axis in the item's unit and a day axis. */
export function UsageChart({ month, item, days }: { month: string; item: string; days: RatingDayView[] }) {
  const { t, lang } = useI18n();
  const name = itemLabel(item) ? t(itemLabel(item)!) : item;
  const unit = unitLabel(item) ? t(unitLabel(item)!) : '';
  const calendar = daysOf(month);
  const slot = new Map(calendar.map((d, i) => [d, i]));
  const total = (d: RatingDayView) => SEGMENTS.reduce((s, k) => s + magnitude(d[k]), 0);
  const peak = days.reduce<RatingDayView | null>((best, d) => (best === null || total(d) > total(best) ? d : best), null);
  const ticks = niceTicks(0, Math.max(1, ...days.map(total)));
  const top = ticks[ticks.length - 1]!;
  const y = (v: number) => H - BOTTOM - (v / top) * (H - TOP - BOTTOM);
  const bw = (W - LEFT) / calendar.length;
  const label = peak ? t('usageChart', { item: name, month, peak: formatDecimal(peak.usage, lang), unit, day: peak.date }) : t('usageChartEmpty', { item: name, month });
  return (
    <svg className="stacked" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} data-item={item}>
      <text className="axis-label" x={4} y={12}>
        {unit}
      </text>
      {ticks.map((v) => (
        <g key={v} className="tick">
          <line x1={LEFT - 4} x2={W} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis' : 'grid-line'} />
          <text x={LEFT - 8} y={y(v) + 4} textAnchor="end" className="tick-label">
            {formatDecimal(String(v), lang)}
          </text>
        </g>
      ))}
      {calendar.map((day, i) =>
        i % 5 === 0 || i === calendar.length - 1 ? (
          <text key={day} x={LEFT + i * bw + bw / 2} y={H - BOTTOM + 16} textAnchor="middle" className="tick-label">
            {day.slice(5)}
          </text>
        ) : null,
      )}
      <text className="axis-label" x={W} y={H - 2} textAnchor="end">
        {t('dayAxis', { month })}
      </text>
      {days.map((d) => (
        <DayBar key={d.date} d={d} x={LEFT + (slot.get(d.date) ?? 0) * bw} width={bw} y={y} unit={unit} />
      ))}
    </svg>
  );
}

function DayBar({ d, x, width, y, unit }: { d: RatingDayView; x: number; width: number; y: (v: number) => number; unit: string }) {
  const { t, lang } = useI18n();
  let level = 0;
  return (
    <g>
      <title>{t('dayTip', { date: d.date, free: formatDecimal(d.free, lang), pkg: formatDecimal(d.package, lang), post: formatDecimal(d.postpaid, lang), unit, cost: formatMoney(d.cost, lang) })}</title>
      {SEGMENTS.map((k) => {
        const v = magnitude(d[k]);
        if (v <= 0) return null;
        const from = level;
        level += v;
        return <rect key={k} className={`seg ${k}`} x={x + 1} y={y(level)} width={Math.max(1, width - 2)} height={Math.max(1, y(from) - y(level))} />;
      })}
    </g>
  );
}
