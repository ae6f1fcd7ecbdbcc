/**
 * `billrecon import PACKAGE.zip` (issue 11 §9): each file inside reported as PACKAGE/FILE like
 * several files given at once, the daily file replacing the earlier one said on its line, the
 * audit trail naming each file's package, --undo of one part undoing the split month.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';

const PKG = join(__dirname, '..', 'fixtures', 'vendor', 'packages');
const SPLIT = '100010445724-202405-by_used_time-bill_details.zip';
const DAY3 = '100010445724-20240503-by_used_time-bill_details.zip';
const DAY4 = '100010445724-20240504-by_used_time-bill_details.zip';

function copies(dir: string, ...names: string[]): void {
  for (const n of names) copyFileSync(join(PKG, n), join(dir, n));
}

describe('billrecon import of ZIP packages', () => {
  it('reports each inner file, the daily replacement and a summary; --json gives each file with its package', async () => {
    const dir = tempDir();
    copies(dir, DAY3, DAY4, SPLIT);
    const io = captureIo(dir);
    expect(await runCli(['import', '--db', join(dir, 'b.sqlite'), DAY3, DAY4], io)).toBe(0);
    expect(io.out.trimEnd().split('\n')).toEqual([
      `${DAY3}/100010445724-20240503-by_used_time-bill_details.csv: fee-detail (L3), utf-8, 1 rows — imported as #1 [kind from headers]`,
      `${DAY4}/100010445724-20240504-by_used_time-bill_details.csv: fee-detail (L3), utf-8, 3 rows — imported as #2; replaced #1 [kind from headers]`,
      '2 imported, 0 duplicate, 0 failed',
    ]);
    const j = captureIo(dir);
    expect(await runCli(['import', '--db', join(dir, 'b.sqlite'), '--json', SPLIT, DAY3], j)).toBe(2);
    const out = JSON.parse(j.out) as { imports: { file: string; status: string; package: string; rows?: number; replaced?: number[]; error?: string }[]; imported: number; failed: number };
    expect(out.imports.map((i) => [i.file, i.status, i.package, i.rows ?? null, i.replaced ?? null])).toEqual([
      [`${SPLIT}/100010445724-202405-by_used_time-bill_details-1.csv`, 'imported', SPLIT, 2, [2]],
      [`${SPLIT}/100010445724-202405-by_used_time-bill_details-2.csv`, 'imported', SPLIT, 1, []],
      [`${DAY3}/100010445724-20240503-by_used_time-bill_details.csv`, 'failed', DAY3, null, null],
    ]);
    expect(out.imports[2]!.error).toContain('is older than the monthly file of 2024-05 already imported as #3');
    expect(out).toMatchObject({ imported: 2, failed: 1 });
  });

  it('imports lists the package sha256 beside each file; --undo of a part undoes the split month', async () => {
    const dir = tempDir();
    copies(dir, SPLIT);
    expect(await runCli(['import', '--db', join(dir, 'b.sqlite'), SPLIT], captureIo(dir))).toBe(0);
    const list = captureIo(dir);
    expect(await runCli(['imports', '--db', join(dir, 'b.sqlite')], list)).toBe(0);
    expect(list.out).toMatch(/#1 imported fee-detail\/L3 100010445724-202405-by_used_time-bill_details\.zip\/100010445724-202405-by_used_time-bill_details-1\.csv — 2 rows, .* \(package sha256 [0-9a-f]{12}…\)/);
    const undo = captureIo(dir);
    expect(await runCli(['imports', '--db', join(dir, 'b.sqlite'), '--undo', '1'], undo)).toBe(0);
    expect(undo.out).toBe('imports #1, #2 undone (the parts of one split month)\n');
  });
});
