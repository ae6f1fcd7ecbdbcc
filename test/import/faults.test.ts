import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../main/core/import/index.js';
import { listImports, openDatabase } from '../../main/core/store/index.js';
import { writeFeeMonth } from '../../bench/fee-month.js';
import { contentHash, count } from './helpers/db.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'billrecon-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('an import process killed with SIGKILL mid-file', () => {
  it('leaves the database intact and exactly as it was before', async () => {
    const dbPath = join(dir, 'kill.sqlite');
    // Baseline: the sample month's fee detail and consumption bill.
    const db = openDatabase(dbPath);
    const a = await importFile(db, join(ROOT, 'samples/fee-detail-2025-03.gbk.csv'));
    const b = await importFile(db, join(ROOT, 'samples/消耗账单-2025-03.csv'));
    expect([a.status, b.status]).toEqual(['imported', 'imported']);
    const before = { imports: listImports(db), lines: count(db, 'bill_line'), hash: contentHash(db) };
    expect(before.imports).toHaveLength(2);
    expect(before.lines).toBe(a.rows + b.rows);
    db.close();

    const big = join(dir, 'fee-detail-300k.csv');
    await writeFeeMonth(big, 300_000);
    expect(statSync(big).size).toBeGreaterThan(50_000_000);

    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'import', '--db', dbPath, big], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on('exit', (code, signal) => r({ code, signal })),
    );
    // Wait until the transaction is writing pages: the -wal file grows past 4 MB.
    const wal = `${dbPath}-wal`;
    const deadline = Date.now() + 60_000;
    let walSize = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      walSize = existsSync(wal) ? statSync(wal).size : 0;
      if (walSize > 4 << 20) break;
      await sleep(50);
    }
    expect(child.exitCode, stderr).toBeNull(); // still running: we kill it mid-import
    expect(walSize).toBeGreaterThan(4 << 20);
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    const after = openDatabase(dbPath);
    try {
      expect(after.prepare('pragma integrity_check').pluck().all()).toEqual(['ok']);
      expect(listImports(after)).toEqual(before.imports);
      expect(count(after, 'bill_line')).toBe(before.lines);
      expect(contentHash(after)).toBe(before.hash);
    } finally {
      after.close();
    }
  }, 120_000);
});
