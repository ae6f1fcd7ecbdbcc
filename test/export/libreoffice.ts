import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LIBREOFFICE, requireClient } from '../helpers/clients.js';
import { tempDir } from '../helpers/db.js';

/** RFC 4180 parse of LibreOffice's CSV output (UTF-8, comma, double quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Open files with LibreOffice headless and save every sheet as CSV, values as shown. One call for
 * a batch of files, each call with its own profile (two soffice runs cannot share one).
 * Returns, per input file, its sheets by name (a CSV input has one sheet, named after the file).
 * Without LibreOffice the test is skipped (from a beforeAll: the file's tests), or fails under CI.
 */
export function openWithLibreOffice(files: readonly string[], options: { csvInput?: boolean } = {}): Map<string, Map<string, string[][]>> {
  if (!requireClient(LIBREOFFICE)) return new Map();
  const work = tempDir('billrecon-lo-');
  const out = join(work, 'out');
  mkdirSync(out);
  const args = [
    `-env:UserInstallation=file://${join(work, 'profile')}`,
    '--headless',
    ...(options.csvInput ? ['--infilter=CSV:44,34,76,1'] : []),
    '--convert-to',
    // comma, double quote, UTF-8, from line 1, standard columns, -, not quoted-as-text, detect numbers,
    // save as shown, no formulas, no space trimming, every sheet (-1)
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
    '--outdir',
    out,
    ...files,
  ];
  execFileSync('soffice', args, { stdio: 'pipe', timeout: 180_000 });
  const produced = readdirSync(out);
  const result = new Map<string, Map<string, string[][]>>();
  for (const f of files) {
    const stem = basename(f).replace(/\.[^.]+$/, '');
    const sheets = new Map<string, string[][]>();
    for (const p of produced) {
      if (p === `${stem}.csv`) sheets.set(stem, parseCsv(readFileSync(join(out, p), 'utf8')));
      else if (p.startsWith(`${stem}-`) && p.endsWith('.csv')) sheets.set(p.slice(stem.length + 1, -4), parseCsv(readFileSync(join(out, p), 'utf8')));
    }
    result.set(f, sheets);
  }
  return result;
}

/** The value in column B of the row whose column A is `label` (a key/value sheet such as the Summary). */
export function valueOf(sheet: string[][] | undefined, label: string): string | undefined {
  return sheet?.find((r) => r[0] === label)?.[1];
}

/**
 * Print files to PDF with LibreOffice headless (one call, its own profile) and count each PDF's
 * pages with poppler's pdfinfo. Returns, per input file, its PDF path and page count; an empty
 * map when LibreOffice is missing (the test is skipped, or fails under CI).
 */
export function printWithLibreOffice(files: readonly string[]): Map<string, { pdf: string; pages: number }> {
  if (!requireClient(LIBREOFFICE)) return new Map();
  const work = tempDir('billrecon-lo-pdf-');
  const out = join(work, 'out');
  mkdirSync(out);
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...files], { stdio: 'pipe', timeout: 180_000 });
  const result = new Map<string, { pdf: string; pages: number }>();
  for (const f of files) {
    const pdf = join(out, `${basename(f).replace(/\.[^.]+$/, '')}.pdf`);
    result.set(f, { pdf, pages: pdfPages(pdf) });
  }
  return result;
}

/** The page count pdfinfo (poppler) reads from a PDF. */
export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
}
