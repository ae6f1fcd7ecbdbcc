import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { csvVisibleText } from '../../main/core/export/csv-writer.js';
import { terminalText } from '../../main/cli/terminal-text.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES, feeCsvText, feeRows, write } from '../helpers/files.js';

const ESC = '\u001b';
/** What a terminal acts on: ESC, BEL, other C0 controls but tab and newline, DEL, C1, bidi overrides. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function cli(argv: string[], cwd: string) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** The sample month with a terminal escape sequence in every fee line's product name. */
async function hostileMonth(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'b.sqlite');
  const rows = feeRows();
  const product = rows[0]!.indexOf('产品名称');
  for (const r of rows.slice(1)) r[product] = `${ESC}[2J${ESC}]0;owned\u0007${r[product]}\u202e`;
  write(dir, `fee${ESC}[7m.csv`, '\ufeff' + feeCsvText(rows));
  const imported = await cli(['import', '--db', db, '--kind', 'fee-detail', `fee${ESC}[7m.csv`], dir);
  expect(imported.err).toBe('');
  expect(imported.out).toMatch(/^fee\\u001b\[7m\.csv: fee-detail .* imported as #1/);
  expect((await cli(['import', '--db', db, join(SAMPLES, '消耗账单-2025-03.csv')], dir)).code).toBe(0);
  return { dir, db };
}

describe('control characters in bill text, comments and user names are escaped', () => {
  it('the helpers write them as \\uXXXX and keep tab and newline', () => {
    expect(terminalText(`a${ESC}[31mb\u009bc\td\n\u202e\r`)).toBe('a\\u001b[31mb\\u009bc\td\n\\u202e\\u000d');
    expect(csvVisibleText(`a${ESC}[31mb\r\n\u0007`)).toBe('a\\u001b[31mb\r\n\\u0007');
  });

  it('in the terminal: import, imports, reconcile and review --user / --comment print no raw escape', async () => {
    const { dir, db } = await hostileMonth();
    const imports = await cli(['imports', '--db', db], dir);
    expect(imports.out).toContain('fee\\u001b[7m.csv');
    const reconcile = await cli(['reconcile', '--db', db, '--month', '2025-03'], dir);
    expect(reconcile.out).toContain('\\u001b[2J\\u001b]0;owned\\u0007');
    const asJson = await cli(['reconcile', '--db', db, '--month', '2025-03', '--json'], dir);
    const id = (JSON.parse(asJson.out) as { mismatches: { id: string }[] }).mismatches[0]!.id;
    const review = await cli(['review', id, '--db', db, '--status', 'explained', '--user', `${ESC}]0;pwned\u0007eve`, '--comment', `${ESC}[31mred`], dir);
    expect(review.code).toBe(0);
    expect(review.out).toContain('by \\u001b]0;pwned\\u0007eve at ');
    const reviewJson = await cli(['review', id, '--db', db, '--status', 'explained', '--user', `${ESC}]0;pwned\u0007eve`, '--comment', `${ESC}[31mred\u009b`, '--json'], dir);
    const marked = (JSON.parse(reviewJson.out) as { reviewed: { reviewedBy: string; comment: string }[] }).reviewed[0]!;
    expect([marked.reviewedBy, marked.comment]).toEqual([`${ESC}]0;pwned\u0007eve`, `${ESC}[31mred\u009b`]);
    for (const r of [imports, reconcile, asJson, review, reviewJson]) {
      expect(r.out).not.toMatch(ACTIVE);
      expect(r.err).not.toMatch(ACTIVE);
    }
  });

  it('in CSV exports: the text is kept, visibly escaped', async () => {
    const { dir, db } = await hostileMonth();
    const r = await cli(['export', '--db', db, '--month', '2025-03', '--csv', 'csv'], dir);
    expect(r.err).toBe('');
    for (const name of ['corrected-detail-2025-03.csv', 'mismatches-2025-03.csv']) {
      const text = readFileSync(join(dir, 'csv', name), 'utf8');
      expect(text, name).toContain('\\u001b[2J\\u001b]0;owned\\u0007');
      expect(text.replace(/\r\n/g, '\n'), name).not.toMatch(ACTIVE);
    }
  });
});
