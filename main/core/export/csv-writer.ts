import type { Writable } from 'node:stream';
import { csvSafeText } from './formula-injection.js';

/** Whether a CSV column holds text (neutralised against formulas) or a decimal number (written as is). */
export type CsvKind = 'text' | 'number';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Control characters other than tab and line breaks (ESC and the like, DEL, C1 controls, the
 * bidirectional overrides) would act on a terminal that shows the CSV, or reorder what a reader
 * sees: they are written as a visible `\uXXXX`, as the CLI prints them.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function csvVisibleText(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function textCell(s: string): string {
  return quote(csvSafeText(csvVisibleText(s)));
}

/**
 * RFC 4180 CSV, UTF-8 with a byte-order mark (Excel then opens Chinese text correctly), CRLF
 * line ends, written with backpressure.
 */
export class CsvWriter {
  private buf = '\ufeff';

  constructor(
    private readonly out: Writable,
    private readonly kinds: readonly CsvKind[],
  ) {}

  async header(names: readonly string[]): Promise<void> {
    this.buf += names.map(textCell).join(',') + '\r\n';
    await this.flushIfFull();
  }

  async row(values: readonly (string | null)[]): Promise<void> {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i) line += ',';
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      // A number column only ever carries decimals; anything else there is text and is guarded.
      line += this.kinds[i] === 'number' && DECIMAL.test(v) ? v : textCell(v);
    }
    this.buf += line + '\r\n';
    await this.flushIfFull();
  }

  async end(): Promise<void> {
    await this.flush();
  }

  private async flushIfFull(): Promise<void> {
    if (this.buf.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buf) return;
    const ok = this.out.write(this.buf, 'utf8');
    this.buf = '';
    if (!ok) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
