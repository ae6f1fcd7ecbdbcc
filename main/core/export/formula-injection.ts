/**
 * Formula injection (CSV injection): a bill's text field such as `=HYPERLINK(...)` or
 * `@SUM(...)` must never run when an accountant opens an export. Spreadsheets treat a value as a
 * formula when it starts with one of these characters (tab and CR start DDE payloads in some
 * importers).
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Whether a text value would be read as a formula by a spreadsheet importing it. */
export function looksLikeFormula(text: string): boolean {
  // A lone "-" is the vendor's "no value" sentinel and cannot evaluate to anything.
  return text.length > 0 && TRIGGERS.has(text[0]!) && text !== '-';
}

/**
 * CSV has no cell types: whatever the importer parses is what runs. A leading apostrophe makes
 * Excel and LibreOffice keep the rest as text (the apostrophe shows, and says why). Only text
 * columns pass through here; amounts are numbers, and "-12.30" must stay a number.
 */
export function csvSafeText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
