/**
 * Exact decimal text as integers of 10^-8 inside SQLite, so that SQLite can sum and group a
 * million bill lines without handing each one to JavaScript. Only text SQLite can convert
 * without any doubt is converted: an optional minus, 1–10 integer digits, 0–8 decimals
 * (|value| < 10^10, so a line times 10^8 stays far inside 64-bit integers). Anything else — more
 * decimals, exponents, stray characters — is "not plain" and the caller handles it in decimal.js.
 *
 * SQLite's sum() of integers raises "integer overflow" instead of rounding, so a sum either is
 * exact or fails loudly; callers fall back to decimal.js then. test/reconcile/sql-decimal.test.ts
 * proves the conversion equal to decimal.js on random and hostile text.
 */

/** `expr` without its leading minus. */
const unsigned = (expr: string) => `(case when substr(${expr}, 1, 1) = '-' then substr(${expr}, 2) else ${expr} end)`;

/**
 * Is this text one that `plainI8Sql` converts exactly? The caller reads every amount anyway, so
 * the test runs in JavaScript (in SQL it would cost a second per million lines).
 */
export function isPlainText(text: string): boolean {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0) return false;
      dot = i;
    } else if (c < 48 || c > 57) return false;
  }
  const intDigits = (dot < 0 ? n : dot) - first;
  const decimals = dot < 0 ? 0 : n - dot - 1;
  return intDigits >= 1 && intDigits <= 10 && (dot < 0 || (decimals >= 1 && decimals <= 8));
}

/** The value of plain `expr` in units of 10^-8, as an INTEGER (meaningless when the text is not plain: see isPlainText). */
export function plainI8Sql(expr: string): string {
  const u = unsigned(expr);
  const dot = `instr(${u}, '.')`;
  return `cast((case when substr(${expr}, 1, 1) = '-' then '-' else '' end) ||
    (case when ${dot} = 0 then ${u} || '00000000' else substr(${u}, 1, ${dot} - 1) || substr(substr(${u}, ${dot} + 1) || '00000000', 1, 8) end) as integer)`;
}

/** Half-up (away from zero) rounding of an INTEGER of 10^-8 to 2 decimals, still in 10^-8. */
export function roundI8To2Sql(expr: string): string {
  return `(case when ${expr} >= 0 then (${expr} + 500000) / 1000000 else -((500000 - ${expr}) / 1000000) end * 1000000)`;
}

/** 10^8 units in a scale-12 BigInt (scaled.ts). */
export const I8_TO_SCALED = 10_000n;
