/**
 * Issue 10 §5: the app's Export and `billrecon export` call one function, so for each format
 * the file written through the handler is byte-identical to the CLI's for the same database and
 * options — the workbook (its dates fixed by the month's files), the corrected detail, the
 * mismatches and FOCUS. The handler runs as the app's host runs it; the CLI as a user types it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/api/handlers.js';
import { runCli } from '../../main/cli/main.js';
import { openDatabase } from '../../main/core/store/index.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

describe('export through the handler and through the CLI', () => {
  it('writes byte-identical files for every format, in both languages', async () => {
    const dir = tempDir('billrecon-parity-');
    const dbPath = join(dir, 'db.sqlite');
    const io = captureIo(dir);
    const samples = readdirSync(SAMPLES).filter((f) => /2025-03.*\.(csv|json)$/.test(f)).map((f) => join(SAMPLES, f));
    expect(await runCli(['import', '--db', dbPath, ...samples], io), io.err).toBe(0);
    for (const lang of ['zh-CN', 'en'] as const) {
      const cli = join(dir, `cli-${lang}`);
      const app = join(dir, `app-${lang}`);
      const args = ['export', '--db', dbPath, '--month', '2025-03', '--lang', lang, '--out', `${cli}.xlsx`, '--csv', cli, '--focus', `${cli}-focus.csv`];
      expect(await runCli(args, io), io.err).toBe(0);
      const db = openDatabase(dbPath);
      try {
        const table = createHandlers({ db, emit: () => {}, user: 'tester' });
        const written = {
          xlsx: [`${app}.xlsx`, `${cli}.xlsx`],
          'detail-csv': [`${app}-detail.csv`, join(cli, 'corrected-detail-2025-03.csv')],
          'mismatches-csv': [`${app}-mismatches.csv`, join(cli, 'mismatches-2025-03.csv')],
          'focus-csv': [`${app}-focus.csv`, `${cli}-focus.csv`],
        } as const;
        for (const [format, [mine, theirs]] of Object.entries(written) as [keyof typeof written, readonly [string, string]][]) {
          const r = await table.exportMonth({ month: '2025-03', format, lang, path: mine });
          expect(r?.bytes, `${format} ${lang}`).toBeGreaterThan(200);
          expect(readFileSync(mine).equals(readFileSync(theirs)), `${format} ${lang}`).toBe(true);
        }
      } finally {
        db.close();
      }
    }
  });
});
