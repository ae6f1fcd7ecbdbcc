/**
 * Price units (组件价格单位 / Component Price Measurement Unit) as data. The vendor writes a price
 * per currency / quantity / time, and the quantity may carry a multiplier: `元/100个/小时` is the
 * price of 100 个 for an hour, `元/万次` of 10,000 calls, `USD/3Minute/Minute` of 3 minutes. The
 * original cost is then list price × usage × duration ÷ that multiplier — unless the bill already
 * counts the usage in the multiplied unit (`元/万次请求/月` with usage in 万次请求: no ÷ 10,000).
 *
 * A unit is understood when its first part is a currency and every other part is a known word,
 * optionally preceded by a whole number and a Chinese magnitude. Anything else is not understood:
 * the line's original cost is then listed as not checkable, never failed on a guess.
 */
import type { Cells } from './cells.js';

export const CURRENCIES: readonly string[] = ['元', 'cny', 'rmb', '人民币', 'usd', 'us$', '$', '美元', '¥', '￥', 'hkd', 'eur', 'jpy', 'sgd'];

/** Chinese magnitudes written before a unit word (元/千分钟, 元/万次, 元/百万次). */
export const MAGNITUDES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1_000, 万: 10_000, 十万: 100_000, 百万: 1_000_000, 千万: 10_000_000, 亿: 100_000_000 };

/** Quantity and time words seen in the vendor's price units, lower case; English also in the plural (a trailing s). */
export const UNIT_WORDS: readonly string[] = [
  // quantities
  '个', '核', '台', '次', '次请求', '请求', '页', '条', '张', '套', '份', '路', '人', '人次', '实例', '字符', '千字符', 'ip', 'qps', 'token', 'tokens',
  'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'gib', 'tib', 'mbps', 'gbps', 'kbps', '带宽',
  'core', 'cpu', 'instance', 'request', 'time', 'times', 'call', 'page', 'unit', 'count', 'piece', 'user', 'character', 'license', 'node', 'vcpu',
  // time
  '秒', '分钟', '分', '小时', '时', '天', '日', '周', '月', '年',
  'second', 'sec', 'minute', 'min', 'hour', 'hr', 'day', 'week', 'month', 'year',
];

const WORDS = new Set(UNIT_WORDS);
const CURRENCY = new Set(CURRENCIES);
const SEGMENT = /^(\d+)?(十万|百万|千万|十|百|千|万|亿)?(.+)$/;

export interface PriceUnit {
  /** 1, or 0 when the unit is not understood. */
  divisor: 0 | 1;
  /** Parts with a multiplier (元/100个/小时: "100个" → 100), as written (folded) and their multiplier. */
  scaled: readonly { text: string; multiplier: number }[];
}

const NOT_UNDERSTOOD: PriceUnit = { divisor: 0, scaled: [] };

/** Comparable unit text: trimmed, no spaces, full-width slash folded, lower case. */
export function foldUnit(text: string): string {
  return text.replace(/／/g, '/').replace(/\s+/g, '').toLowerCase();
}

function knownWord(word: string): boolean {
  return WORDS.has(word) || (word.length > 3 && word.endsWith('s') && WORDS.has(word.slice(0, -1)));
}

/** Read one price unit; a blank unit (none written) is read as no multiplier. */
export function readPriceUnit(text: string | null): PriceUnit {
  if (text === null || text.trim() === '' || text.trim() === '-') return { divisor: 1, scaled: [] };
  const [currency, ...parts] = foldUnit(text).split('/');
  if (currency === undefined || !CURRENCY.has(currency)) return NOT_UNDERSTOOD;
  const scaled: { text: string; multiplier: number }[] = [];
  for (const part of parts) {
    const m = SEGMENT.exec(part);
    if (!m || !knownWord(m[3]!)) return NOT_UNDERSTOOD;
    const multiplier = Number(m[1] ?? '1') * (m[2] === undefined ? 1 : MAGNITUDES[m[2]]!);
    if (!Number.isSafeInteger(multiplier) || multiplier < 1) return NOT_UNDERSTOOD;
    if (multiplier > 1) scaled.push({ text: part, multiplier });
  }
  return { divisor: 1, scaled };
}

/**
 * What list price × usage × duration is divided by: the product of the unit's multipliers, except
 * a part the bill already counts its usage or duration in. 0 when the unit is not understood.
 */
export function unitDivisor(unit: PriceUnit, usageUnit: string | null, durationUnit: string | null): number {
  if (unit.divisor === 0) return 0;
  const usage = usageUnit === null ? null : foldUnit(usageUnit);
  const duration = durationUnit === null ? null : foldUnit(durationUnit);
  let d = 1;
  for (const s of unit.scaled) if (s.text !== usage && s.text !== duration) d *= s.multiplier;
  return Number.isSafeInteger(d) ? d : 0;
}

/**
 * The divisor of each line, looked up once per distinct price unit (and, for the few units with a
 * multiplier, once per distinct usage and duration unit): a million lines share a handful of units.
 */
export class PriceUnitReader {
  private readonly units = new Map<number, PriceUnit>();
  private readonly divisors = new Map<number, number>();

  divisor(r: Cells, priceCol: number, usageCol: number, durationCol: number): number {
    const p = r.term(priceCol);
    if (p === 0) return 1;
    let unit = this.units.get(p);
    if (unit === undefined) this.units.set(p, (unit = readPriceUnit(r.termText(priceCol, p))));
    if (unit.scaled.length === 0) return unit.divisor;
    const u = r.term(usageCol);
    const d = r.term(durationCol);
    // One number per (price, usage, duration) term triple while the ids are small, as they are.
    const key = p < 2 ** 16 && u < 2 ** 20 && d < 2 ** 16 ? p + u * 2 ** 16 + d * 2 ** 36 : -1;
    let v = key < 0 ? undefined : this.divisors.get(key);
    if (v === undefined) {
      v = unitDivisor(unit, u === 0 ? null : r.termText(usageCol, u), d === 0 ? null : r.termText(durationCol, d));
      if (key >= 0) this.divisors.set(key, v);
    }
    return v;
  }
}
