import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEE_HEADERS, buildSampleMonth } from '../../samples/month.js';
import { csvText } from '../../samples/lib/encode.js';

export const SAMPLES = join(__dirname, '..', '..', 'samples');

/** The sample fee bill as rows of text (header first). */
export function feeRows(): string[][] {
  return [[...FEE_HEADERS], ...buildSampleMonth().fee.map((f) => FEE_HEADERS.map((h) => f[h]))];
}

export function feeCsvText(rows = feeRows()): string {
  return csvText(rows);
}

export function write(dir: string, name: string, data: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}
