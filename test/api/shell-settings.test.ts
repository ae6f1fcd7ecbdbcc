import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from '../../main/shell/web-preferences.js';
import { explainNativeLoadError, findNativeBinding, nativeDirName } from '../../main/shell/native-binding.js';
import { tempDir } from '../helpers/db.js';

const repo = join(__dirname, '..', '..');

describe('the window is locked down', () => {
  it('has the security checklist webPreferences', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(Object.keys(SECURE_WEB_PREFERENCES)).not.toContain('enableBlinkFeatures');
    expect(Object.keys(SECURE_WEB_PREFERENCES)).not.toContain('preload');
  });

  it('the renderer page carries a CSP with script-src self and no unsafe script source', () => {
    const html = readFileSync(join(repo, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });
});

describe('the Electron-ABI database driver', () => {
  it('is looked up under native/electron-<abi>-<platform>-<arch>/', () => {
    const base = tempDir();
    expect(findNativeBinding(base, '140', 'linux', 'x64')).toBeUndefined();
    mkdirSync(join(base, 'native', 'electron-140-linux-x64'), { recursive: true });
    writeFileSync(join(base, 'native', 'electron-140-linux-x64', 'better_sqlite3.node'), '');
    expect(findNativeBinding(base, '140', 'linux', 'x64')).toBe(join(base, 'native', 'electron-140-linux-x64', 'better_sqlite3.node'));
    expect(nativeDirName('140', 'win32', 'arm64')).toBe('electron-140-win32-arm64');
  });

  it('explains an ABI mismatch with both versions and the fix', () => {
    const err = new Error(
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling",
    );
    const text = explainNativeLoadError(err, '140', undefined);
    expect(text).toContain('built for ABI 115');
    expect(text).toContain('needs ABI 140');
    expect(text).toContain('npm run rebuild:electron');
  });

  it('explains ERR_DLOPEN_FAILED', () => {
    const err = Object.assign(new Error('/x/better_sqlite3.node: invalid ELF header'), { code: 'ERR_DLOPEN_FAILED' });
    expect(explainNativeLoadError(err, '140', '/x/better_sqlite3.node')).toContain('could not be loaded for this platform');
  });

  it('the build script skips with a reason where the headers cannot be reached, and leaves npm’s build alone', () => {
    const out = tempDir();
    const nodeBuild = join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const before = statSync(nodeBuild).mtimeMs;
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'build-electron-sqlite.mjs')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        BILLRECON_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/headers',
        BILLRECON_NATIVE_DIR: join(out, 'native'),
        ELECTRON_GYP_DIR: join(out, 'empty-gyp'),
      },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Electron \d+\.\d+\.\d+ \(ABI \d+\)/);
    expect(r.stdout).toContain('SKIPPED');
    expect(r.stdout).toContain('http://127.0.0.1:9/headers/v');
    expect(r.stdout).toContain('not reachable');
    expect(existsSync(join(out, 'native'))).toBe(false);
    expect(statSync(nodeBuild).mtimeMs).toBe(before);

    // Packaging asks for the driver: the same skip is then a failure.
    const strict = spawnSync(process.execPath, [join(repo, 'scripts', 'build-electron-sqlite.mjs'), '--require'], {
      encoding: 'utf8',
      env: { ...process.env, BILLRECON_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/headers', BILLRECON_NATIVE_DIR: join(out, 'native'), ELECTRON_GYP_DIR: join(out, 'empty-gyp') },
    });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('SKIPPED');
  });
});

describe('the electronegativity gate', () => {
  it('fails on an insecure window that is not a documented exception, naming check and place', () => {
    const dir = tempDir('billrecon-insecure-');
    writeFileSync(
      join(dir, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n",
    );
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'electronegativity.mjs')], { encoding: 'utf8', env: { ...process.env, BILLRECON_SCAN_DIRS: dir } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(r.stdout).toContain('WEB_SECURITY_JS_CHECK');
    expect(r.stdout).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(r.stdout).toMatch(/main\.js:2:\d+/);
  });
});
