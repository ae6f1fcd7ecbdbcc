import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** vitest on some test files, as on a machine without the named clients. */
function vitest(files: string[], env: Record<string, string>): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CI: '', FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    timeout: 300_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe('tests that need LibreOffice or Chromium, on a machine without them', () => {
  it('are skipped with one line saying what to install; under CI=true the run fails instead', () => {
    const files = ['test/export/workbook.test.ts', 'test/export/cli-and-differences.test.ts', 'test/e2e/calculators-ui.test.ts'];
    const dev = vitest(files, { BILLRECON_TEST_WITHOUT: 'soffice,chromium' });
    expect(dev.output).toContain("skipped: LibreOffice (soffice) is not installed: tests that need it are skipped (install it with 'apt-get install libreoffice-calc-nogui')");
    expect(dev.output).toContain("skipped: Chromium (/usr/bin/chromium) is not installed: tests that need it are skipped (install it with 'apt-get install chromium')");
    expect(dev.output).not.toMatch(/ENOENT|spawnSync soffice|Executable doesn't exist/);
    expect(dev.output).toMatch(/Tests\s+\d+ passed \| \d+ skipped|Tests\s+\d+ skipped/);
    expect(dev.status, dev.output.slice(-3000)).toBe(0);

    const ci = vitest(['test/export/cli-and-differences.test.ts'], { BILLRECON_TEST_WITHOUT: 'soffice', CI: 'true' });
    expect(ci.output).toContain('LibreOffice (soffice) is not installed, and CI needs every test to run: apt-get install libreoffice-calc-nogui');
    expect(ci.status).toBe(1);
  }, 300_000);
});
