import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { partialName, removeStalePartials } from '../../main/core/export/atomic-file.js';
import { openDatabase } from '../../main/core/store/index.js';
import { captureIo } from '../helpers/cli.js';
import { fingerprint, tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';
import { opened, runCliAsUser } from '../helpers/other-user.js';

async function cli(argv: string[], cwd: string) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** A folder (open to every user) with the sample month imported, not yet reconciled. */
async function month(): Promise<{ dir: string; db: string }> {
  const dir = opened(tempDir());
  const db = join(dir, 'b.sqlite');
  const r = await cli(['import', '--db', db, join(SAMPLES, 'fee-detail-2025-03.gbk.csv'), join(SAMPLES, '消耗账单-2025-03.csv')], dir);
  expect(r.code).toBe(0);
  chmodSync(db, 0o666);
  return { dir, db };
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('export: nothing left behind, nothing changed on failure, targets checked first', () => {
  it('a later export removes the partial files killed exports of the same target left; others stay', async () => {
    const { dir, db } = await month();
    const target = join(dir, 'march.xlsx');
    const stale = partialName(target, deadPid(), 1);
    const running = partialName(target, process.pid, 2);
    const otherTarget = partialName(join(dir, 'april.xlsx'), deadPid(), 3);
    for (const f of [stale, running, otherTarget]) writeFileSync(f, 'half a workbook');
    const r = await cli(['export', '--db', db, '--month', '2025-03', '--out', 'march.xlsx', '--no-reconcile'], dir);
    expect(r.err).toBe('');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(otherTarget)).toBe(true);
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    expect(removeStalePartials(join(dir, 'april.xlsx'))).toEqual([otherTarget.slice(dir.length + 1)]);
  });

  it('--out that is a folder is refused before any work (even before the database is opened)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.xlsx'));
    mkdirSync(join(dir, 'reports'));
    for (const out of ['out.xlsx', 'reports']) {
      const r = await cli(['export', '--db', join(dir, 'none.sqlite'), '--month', '2025-03', '--out', out], dir);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`billrecon export: --out ${out} is a folder: give the file to write, e.g. ${join(out, 'export.xlsx')}\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['out.xlsx', 'reports']);
  });

  it('an existing read-only target is refused and stays as it was', async () => {
    const { dir, db } = await month();
    writeFileSync(join(dir, 'march.xlsx'), 'the auditor signed this one');
    chmodSync(join(dir, 'march.xlsx'), 0o444);
    const r = await cli(['export', '--db', db, '--month', '2025-03', '--out', 'march.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('billrecon export: --out march.xlsx: the existing file is read-only, so it was not replaced. Make it writable or choose another name.\n');
    expect(readFileSync(join(dir, 'march.xlsx'), 'utf8')).toBe('the auditor signed this one');
  });

  it('--csv DIR creates the folder', async () => {
    const { dir, db } = await month();
    const r = await cli(['export', '--db', db, '--month', '2025-03', '--csv', 'out/csv'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out', 'csv')).sort()).toEqual(['corrected-detail-2025-03.csv', 'mismatches-2025-03.csv']);
  });

  it('a failed export (its last file cannot be written) leaves the database byte for byte as it was', async () => {
    const { dir, db } = await month();
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const d = openDatabase(db);
    const before = fingerprint(d, db);
    d.close();
    chmodSync(db, 0o666);
    const r = runCliAsUser(['export', '--db', db, '--month', '2025-03', '--out', 'march.xlsx', '--focus', 'locked/focus.csv'], dir);
    expect(r.stderr).toBe(`billrecon export: cannot write ${join(locked, 'focus.csv')}: the folder ${locked} is not writable for your user; nothing was written.\n`);
    expect(r.status).toBe(2);
    const after = openDatabase(db);
    expect(fingerprint(after, db)).toBe(before);
    expect(after.prepare('select count(*) from mismatch').pluck().get()).toBe(0);
    after.close();
    expect(statSync(locked).isDirectory()).toBe(true);
    expect(readdirSync(locked)).toEqual([]);
  });
});
