import type { Writable } from 'node:stream';
import { csvSafeText } from './formula-injection.js';

/** Whether a CSV column holds text (neutralised against formulas) or a decimal number (written as is). */
export type CsvKind = 'text' | 'number';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
    this.buf += names.map((n) => quote(csvSafeText(n))).join(',') + '\r\n';
    await this.flushIfFull();
  }

  async row(values: readonly (string | null)[]): Promise<void> {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i) line += ',';
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      // A number column only ever carries decimals; anything else there is text and is guarded.
      line += this.kinds[i] === 'number' && DECIMAL.test(v) ? v : quote(csvSafeText(v));
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
