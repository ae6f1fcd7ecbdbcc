#!/usr/bin/env node
/**
 * The Electron binary, which only the desktop window needs (the CLI, the tests and the build do
 * not). npm does not run electron's own install script (package.json `allowScripts`), whose
 * failure offline ends `npm install` with a stack trace; this script runs it instead and, when
 * the download cannot be had, says in one sentence what is missing and how to get it.
 *
 *   node scripts/fetch-electron.mjs            postinstall: fetch if possible, exit 0 either way
 *   node scripts/fetch-electron.mjs --require  npm start / npm run fetch:electron: exit 1 without it
 *
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download (CI, CLI-only installs); electron's own
 * settings (ELECTRON_MIRROR, electron_config_cache …) apply as usual.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// BILLRECON_ELECTRON_DIR: another copy of the electron package (the script's own tests).
const electronDir = process.env.BILLRECON_ELECTRON_DIR || join(root, 'node_modules', 'electron');
const required = process.argv.includes('--require');

function say(text) {
  process.stderr.write(`billrecon: ${text}\n`);
}

function version() {
  try {
    return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** The same test electron's index.js makes: path.txt names an executable that exists. */
export function electronInstalled(dir = electronDir) {
  try {
    const exe = readFileSync(join(dir, 'path.txt'), 'utf8');
    return existsSync(process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exe) : join(dir, 'dist', exe));
  } catch {
    return false;
  }
}

/** The first line of the installer's error that says why (a stack trace's message line). */
function reasonOf(output) {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const message = lines.find((l) => /Error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|HTTP|status/i.test(l) && !l.startsWith('at ')) ?? lines[0] ?? 'no reason given';
  return message.length > 160 ? message.slice(0, 160) + '…' : message;
}

function missing(v, why) {
  const how = required ? "Run 'npm run fetch:electron' where the download is reachable" : "To run the desktop app, run 'npm run fetch:electron' where the download is reachable";
  say(
    `the Electron ${v} binary is not installed${why ? ` (${why})` : ''}: the CLI and the tests work without it. ` +
      `${how} (ELECTRON_MIRROR may name a mirror), then 'npm start'.`,
  );
  process.exit(required ? 1 : 0);
}

const v = version();
if (!v) {
  say("node_modules/electron is missing: run 'npm install' first.");
  process.exit(required ? 1 : 0);
}
if (electronInstalled()) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) missing(v, 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded');
const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8', timeout: 10 * 60_000 });
if (run.status === 0 && electronInstalled()) process.exit(0);
missing(v, `the download failed: ${reasonOf(`${run.stderr ?? ''}\n${run.stdout ?? ''}${run.error ? `\n${run.error.message}` : ''}`)}`);
