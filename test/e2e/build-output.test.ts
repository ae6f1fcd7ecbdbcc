/**
 * `electron-vite build` without the Electron binary, and what it must produce for the shell:
 * the main entry package.json names, better-sqlite3 left external (its .node file is chosen at
 * run time), a CommonJS preload for the sandbox, and a renderer page with its CSP and no inline script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');
const out = join(repo, 'out');

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8' });
  expect(r.status, r.stderr + r.stdout).toBe(0);
});

describe('the desktop build', () => {
  it('writes the main entry that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(existsSync(join(repo, pkg.main))).toBe(true);
    expect(pkg.main).toBe('./out/main/index.js');
  });

  it('keeps better-sqlite3 and electron external in main', () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toMatch(/from "better-sqlite3"/);
    expect(main).toMatch(/from "electron"/);
    // Bundled, better-sqlite3's own Database constructor (and its bindings lookup) would be inside.
    expect(main).not.toContain('function Database(filenameGiven');
  });

  it('emits the preload as CommonJS for the sandbox', () => {
    const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    expect(preload).toMatch(/require\("electron"\)/);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('exposeInMainWorld("billrecon"');
    expect(preload).not.toMatch(/ipcRenderer\.send\(/);
  });

  it('builds the renderer with its CSP, relative assets and no inline script', () => {
    const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
    expect(html).toContain("script-src 'self'");
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(readdirSync(join(out, 'renderer', 'assets')).some((f) => f.endsWith('.css'))).toBe(true);
  });

  it('bundles the import’s parse worker beside the main entry, where the importer looks for it', async () => {
    const file = join(out, 'main', 'parse-worker.js');
    expect(readFileSync(file, 'utf8')).not.toMatch(/from "electron"/);
    // The bundle loads under Node with its chunks and answers a job: a file that is not there
    // comes back as the worker's error message, not as a crash or silence.
    const worker = new Worker(file);
    const answer = new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage({
      file: 'gone.csv', path: join(out, 'no-such-dir', 'gone.csv'),
      sniffed: { format: 'csv', encoding: 'utf-8', encodingLabel: 'utf-8', bomLength: 0 },
      headerRow: 1, headers: ['RoomId', 'UserId', 'JoinTime', 'LeaveTime'], forcedKind: undefined, userMap: {},
      importId: 1, columns: [], batchRows: 16, monthFromUsage: false, inFlight: 1,
    });
    try {
      expect(await answer).toMatchObject({ t: 'error', message: expect.stringMatching(/ENOENT/) });
    } finally {
      await worker.terminate();
    }
  });
});
