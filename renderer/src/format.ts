/**
 * Amounts arrive as exact decimal strings and are formatted as text, never through a JS number
 * (which would round 0.12345678 or lose digits beyond 2^53). Screens show ledger amounts (2
 * decimals, rounded half-up like the bill's own deductions); the exact figure stays available on
 * hover and in the detail panel.
 */
const symbols = new Map<string, { group: string; decimal: string }>();

function symbolsOf(locale: string): { group: string; decimal: string } {
  let s = symbols.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    s = { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
    symbols.set(locale, s);
  }
  return s;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Exactly the decimals the figure carries, with the locale's separators. */
export function formatDecimal(text: string | null | undefined, locale: string): string {
  if (text === null || text === undefined || text === '') return '';
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const [, sign, int, frac] = m;
  const { group, decimal } = symbolsOf(locale);
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${frac !== undefined ? decimal + frac : ''}`;
}

/**
 * The decimal text rounded half away from zero to `dp` decimals, by digits (BigInt on the digit
 * string, no floating point): '1494.00000000' → '1494.00', '12.33926' → '12.34', '-0.004' → '0.00'.
 * Text that is not a plain decimal comes back unchanged.
 */
export function roundDecimal(text: string, dp: number): string {
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const [, sign, int, frac = ''] = m;
  let digits = BigInt(int! + frac.slice(0, dp).padEnd(dp, '0'));
  if (frac.length > dp && frac.charCodeAt(dp) >= 53 /* '5' */) digits += 1n;
  const padded = digits.toString().padStart(dp + 1, '0');
  const body = dp === 0 ? padded : `${padded.slice(0, -dp)}.${padded.slice(-dp)}`;
  return digits === 0n ? body : `${sign}${body}`;
}

/** A ledger amount: 2 decimals, thousands separators; '' for no figure. */
export function formatMoney(text: string | null | undefined, locale: string): string {
  if (text === null || text === undefined || text === '') return '';
  return formatDecimal(roundDecimal(text, 2), locale);
}

export function isNegative(text: string): boolean {
  return /^-/.test(text) && !/^-0+(\.0+)?$/.test(text);
}

export function isZero(text: string): boolean {
  return /^-?0+(\.0+)?$/.test(text);
}

/** For drawing only (pixel geometry of the bridge and rating charts), never for shown figures. */
export function magnitude(text: string): number {
  return Number(text);
}

// Local wall-clock time as YYYY-MM-DD HH:mm in every language (the bills' own form).
const localTime = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * An instant (ISO 8601 with an offset, as stored) in the computer's own time zone:
 * '2025-03-03T02:10:00Z' → '2025-03-03 10:10' in Beijing. Text that is not a time is returned as is.
 */
export function formatLocalTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return iso;
  const p = Object.fromEntries(localTime.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Unix seconds or milliseconds (JSON results: CreateTime, RecordStartTime) as a local time; null when the text is not one. */
export function epochToLocal(text: string): string | null {
  if (!/^\d{10}(\d{3})?$/.test(text)) return null;
  const ms = text.length === 10 ? Number(text) * 1000 : Number(text);
  return formatLocalTime(new Date(ms).toISOString());
}

/** a + b exactly, as decimal text with the larger number of decimals (BigInt on the digits). */
export function addDecimals(a: string, b: string): string {
  const pa = DECIMAL.exec(a.trim());
  const pb = DECIMAL.exec(b.trim());
  if (!pa || !pb) throw new Error(`not decimals: ${a}, ${b}`);
  const dp = Math.max(pa[3]?.length ?? 0, pb[3]?.length ?? 0);
  const units = (m: RegExpExecArray) => BigInt(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(dp, '0')}`);
  const sum = units(pa) + units(pb);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(dp + 1, '0');
  const body = dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
  return sum < 0n ? `-${body}` : body;
}
