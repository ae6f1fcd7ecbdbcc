/**
 * Amounts arrive as exact decimal strings and are shown with the locale's separators and exactly
 * the decimals they carry: formatted as text, never through a JS number (which would round
 * 0.12345678 or lose digits beyond 2^53).
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

export function formatDecimal(text: string | null | undefined, locale: string): string {
  if (text === null || text === undefined || text === '') return '';
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const [, sign, int, frac] = m;
  const { group, decimal } = symbolsOf(locale);
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${frac !== undefined ? decimal + frac : ''}`;
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
