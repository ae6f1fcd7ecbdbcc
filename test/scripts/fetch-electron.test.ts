import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/db.js';

const REPO = join(__dirname, '..', '..');
const SENTENCE =
  /^billrecon: the Electron \d+\.\d+\.\d+ binary is not installed \(the download failed: [^\n]*ECONNREFUSED[^\n]*\): the CLI and the tests work without it\. (To run the desktop app, run|Run) 'npm run fetch:electron' where the download is reachable \(ELECTRON_MIRROR may name a mirror\), then 'npm start'\.\n$/;

/** A copy of the electron package without its binary, whose downloads go to a closed local port. */
function electronWithoutBinary(): { dir: string; env: Record<string, string> } {
  const root = tempDir('billrecon-electron-');
  const dir = join(root, 'electron');
  mkdirSync(dir);
  for (const f of ['package.json', 'install.js', 'checksums.json']) copyFileSync(join(REPO, 'node_modules', 'electron', f), join(dir, f));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  return {
    dir,
    env: { BILLRECON_ELECTRON_DIR: dir, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(root, 'cache'), ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  };
}

function run(args: string[], env: Record<string, string>) {
  const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...rest } = process.env;
  void _skip;
  return spawnSync(process.execPath, [join(REPO, 'scripts', 'fetch-electron.mjs'), ...args], { cwd: REPO, encoding: 'utf8', env: { ...rest, ...env }, timeout: 120_000 });
}

describe('the Electron binary cannot be downloaded', () => {
  it('after npm install (postinstall): one sentence of what is missing and how to get it, and the install goes on', () => {
    const { env } = electronWithoutBinary();
    const r = run([], env);
    expect(r.stderr).toMatch(SENTENCE);
    expect(r.stderr).toContain('To run the desktop app');
    expect(r.stderr).not.toMatch(/\n\s+at |Error: Electron/);
    expect(r.status).toBe(0);
  });

  it('before npm start (prestart, fetch:electron): the same sentence, and it stops', () => {
    const { env } = electronWithoutBinary();
    const r = run(['--require'], env);
    expect(r.stderr).toMatch(SENTENCE);
    expect(r.status).toBe(1);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD (CI, CLI-only installs): no download tried, the sentence says why', () => {
    const { env } = electronWithoutBinary();
    const r = run([], { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.stderr).toMatch(/^billrecon: the Electron \S+ binary is not installed \(ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded\): the CLI and the tests work without it\./);
    expect(r.status).toBe(0);
  });

  it("npm does not run electron's own installer, and npm start checks first", async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { allowScripts: Record<string, boolean>; scripts: Record<string, string> };
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.scripts.postinstall).toBe('node scripts/fetch-electron.mjs');
    expect(pkg.scripts.prestart).toMatch(/^node scripts\/fetch-electron\.mjs --require && /);
  });
});
