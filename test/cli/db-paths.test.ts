import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';
import { opened, runCliAsUser } from '../helpers/other-user.js';

async function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const io = captureIo(cwd, env);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

const noDatabase = (command: string, path: string) =>
  `billrecon ${command}: no billrecon database at ${path}: nothing was created. Import a bill first ('billrecon import FILE...'), or point --db (or $BILLRECON_DB) at an existing database.\n`;

describe('--db before or after the command', () => {
  it('billrecon --db X imports, --db=X, and after the command all open the same file', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite');
    expect((await cli(['--db', db, 'import', join(SAMPLES, 'tiw-whiteboard-2025-03.csv')], dir)).code).toBe(0);
    for (const argv of [['--db', db, 'imports'], [`--db=${db}`, 'imports'], ['imports', '--db', db]]) {
      const r = await cli(argv, dir);
      expect(r.err, argv.join(' ')).toBe('');
      expect(r.out, argv.join(' ')).toMatch(/^#1 imported tiw-whiteboard .*tiw-whiteboard-2025-03\.csv — \d+ rows/);
    }
    const calc = await cli(['--db', db, 'calc', 'freeze', '--type', 'device', '--units', '1', '--unit-price', '1'], dir);
    expect(calc.err).toBe("billrecon calc: 'billrecon calc' uses no database: leave out --db\n");
  });
});

describe('commands that only read a database create none', () => {
  it('imports, reconcile, export, account show, rate runs, review: "no billrecon database at PATH", nothing created', async () => {
    const dir = tempDir();
    const db = join(dir, 'missing', 'b.sqlite');
    const cases: [string, string[]][] = [
      ['imports', ['imports', '--db', db]],
      ['reconcile', ['reconcile', '--month', '2025-03', '--db', db]],
      ['export', ['export', '--month', '2025-03', '--out', 'm.xlsx', '--db', db]],
      ['account', ['account', 'show', '--db', db]],
      ['rate', ['rate', 'runs', '--db', db]],
      ['rate', ['rate', 'tiw', '--month', '2025-03', '--db', db]],
      ['review', ['review', 'abc', '--status', 'open', '--db', db]],
      ['imports', ['imports', '--undo', '1', '--db', db]],
    ];
    for (const [name, argv] of cases) {
      const r = await cli(argv, dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toBe(noDatabase(name, db));
    }
    const env = await cli(['imports'], dir, { BILLRECON_DB: db });
    expect(env.err).toBe(noDatabase('imports', db));
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(db)).toBe(false);
  });

  it('a database in a read-only folder can still be listed', async () => {
    const dir = opened(tempDir());
    const folder = join(dir, 'archive');
    const db = join(folder, 'b.sqlite');
    expect((await cli(['import', '--db', db, join(SAMPLES, 'tiw-whiteboard-2025-03.csv'), join(SAMPLES, 'tiw-transcode-2025-03.json')], dir)).code).toBe(0);
    chmodSync(db, 0o444);
    chmodSync(folder, 0o555);
    const listed = runCliAsUser(['imports', '--db', db], dir);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toMatch(/^#1 imported tiw-whiteboard .*\n#2 imported tiw-transcode .*\n  note: row 4: TaskId tc-0004 failed: kept, not counted: TranscodeFailed: file damaged\n$/);
    expect(listed.status).toBe(0);
    const asJson = runCliAsUser(['imports', '--json', '--db', db], dir);
    expect((JSON.parse(asJson.stdout) as { imports: unknown[] }).imports).toHaveLength(2);
    expect(readdirSync(folder)).toEqual(['b.sqlite']);
    const write = runCliAsUser(['imports', '--undo', '1', '--db', db], dir);
    expect(write.status).toBe(2);
    expect(write.stderr).toMatch(new RegExp(`^billrecon imports: ${db} cannot be written: `));
    chmodSync(folder, 0o755);
  });
});
