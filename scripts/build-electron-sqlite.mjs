#!/usr/bin/env node
/**
 * Builds a second copy of better-sqlite3 for Electron's ABI into
 * native/electron-<abi>-<platform>-<arch>/better_sqlite3.node, which the desktop shell passes as
 * `nativeBinding`. npm's copy in node_modules/better-sqlite3/build stays the Node build that the
 * tests and the CLI load: the package source is copied to a temporary folder and compiled there.
 *
 * It needs Electron's header tarball. Where the headers can be neither found in a pre-seeded
 * ~/.electron-gyp/<version> nor downloaded (an offline build machine), it says why and exits 0, so
 * `npm run dist` fails later at packaging rather than here with an obscure node-gyp error.
 *
 * Environment: BILLRECON_ELECTRON_HEADERS_URL (default https://electronjs.org/headers),
 * BILLRECON_NATIVE_DIR (default <repo>/native), ELECTRON_GYP_DIR (default ~/.electron-gyp).
 * Flags: --force (rebuild even when the target exists); --require (exit 1 instead of 0 when it has
 * to skip: for packaging, where an app without its driver must not be built).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const required = process.argv.includes('--require');

function say(text) {
  process.stdout.write(`build-electron-sqlite: ${text}\n`);
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const { getAbi } = require('node-abi');
const abi = getAbi(electronVersion, 'electron');
const platform = process.platform;
const arch = process.env.npm_config_arch || process.arch;
const targetDir = join(process.env.BILLRECON_NATIVE_DIR || join(root, 'native'), `electron-${abi}-${platform}-${arch}`);
const target = join(targetDir, 'better_sqlite3.node');
const distUrl = (process.env.BILLRECON_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers').replace(/\/+$/, '');
const devdir = process.env.ELECTRON_GYP_DIR || join(homedir(), '.electron-gyp');

say(`Electron ${electronVersion} (ABI ${abi}), ${platform}-${arch}`);
if (existsSync(target) && !force) {
  say(`${target} already exists; nothing to do (--force rebuilds it).`);
  process.exit(0);
}

async function headersReachable() {
  const seeded = join(devdir, electronVersion, 'include', 'node', 'node.h');
  if (existsSync(seeded)) return { ok: true, how: `pre-seeded headers in ${join(devdir, electronVersion)}` };
  const url = `${distUrl}/v${electronVersion}/SHASUMS256.txt`;
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(8000) });
    if (!res.ok) return { ok: false, why: `${url} answered HTTP ${res.status}` };
    return { ok: true, how: `headers from ${distUrl}` };
  } catch (err) {
    const cause = err && typeof err === 'object' && 'cause' in err && err.cause ? ` (${err.cause.code || err.cause.message || err.cause})` : '';
    return { ok: false, why: `${url} is not reachable: ${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}

const reach = await headersReachable();
if (!reach.ok) {
  say(
    `SKIPPED: the Electron ${electronVersion} headers are needed to compile better-sqlite3 for Electron, ` +
      `and they are neither pre-seeded in ${join(devdir, electronVersion)} nor downloadable: ${reach.why}. ` +
      `This is expected on an offline machine. The tests and the CLI are not affected (they use npm's Node build). ` +
      `To build the desktop app's driver, run "npm run rebuild:electron" where ${distUrl} is reachable, ` +
      `or copy the headers into ${join(devdir, electronVersion)} first.`,
  );
  process.exit(required ? 1 : 0);
}

say(`compiling with ${reach.how}`);
const work = mkdtempSync(join(tmpdir(), 'billrecon-sqlite-electron-'));
try {
  const src = join(root, 'node_modules/better-sqlite3');
  // Copy the package without its build/ so the Node build is never touched.
  cpSync(src, join(work, 'better-sqlite3'), { recursive: true, filter: (p) => !p.startsWith(join(src, 'build')) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const args = [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, `--dist-url=${distUrl}`, `--devdir=${devdir}`];
  const r = spawnSync(process.execPath, args, { cwd: join(work, 'better-sqlite3'), stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron' } });
  if (r.status !== 0) {
    say(`node-gyp failed (exit ${r.status}); native/ was not changed.`);
    process.exit(1);
  }
  mkdirSync(targetDir, { recursive: true });
  copyFileSync(join(work, 'better-sqlite3/build/Release/better_sqlite3.node'), target);
  say(`wrote ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
