/**
 * `electron-vite build` without the Electron binary, and what it must produce for the shell:
 * the main entry package.json names (the shell only, no core), the core's host entry beside it
 * with better-sqlite3 left external (its .node file is chosen at run time), a CommonJS preload
 * for the sandbox, and a renderer page with its CSP and no inline script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { brotliDecompressSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostClient, relayTable } from '../../main/host/client.js';
import { nodeHostSpawner } from '../../main/host/node-host.js';
import { tempDir } from '../helpers/db.js';

const repo = join(__dirname, '..', '..');
const out = join(repo, 'out');

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8' });
  expect(r.status, r.stderr + r.stdout).toBe(0);
});

/** Start a built worker entry, send it one message and give its first answer (or its crash); the worker is stopped after. */
async function firstAnswer(file: string, message: unknown): Promise<unknown> {
  const worker = new Worker(file);
  try {
    const answer = new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage(message);
    return await answer;
  } finally {
    await worker.terminate();
  }
}

describe('the desktop build', () => {
  it('writes the main entry that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(existsSync(join(repo, pkg.main))).toBe(true);
    expect(pkg.main).toBe('./out/main/index.js');
  });

  it('keeps the core out of main (it runs in the host process) and electron external', () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toMatch(/from "electron"/);
    expect(main).not.toMatch(/from "better-sqlite3"/);
    expect(main).not.toContain('function createHandlers');
    expect(main).toContain('utilityProcess.fork');
  });

  it('bundles the host entry beside main with the core, better-sqlite3 external and no electron', () => {
    const host = readFileSync(join(out, 'main', 'host.js'), 'utf8');
    // The store is shared with the export's detail worker, so it may sit in a chunk host.js imports.
    const chunks = readdirSync(join(out, 'main', 'chunks')).map((c) => readFileSync(join(out, 'main', 'chunks', c), 'utf8'));
    expect([host, ...chunks].some((code) => /from "better-sqlite3"/.test(code))).toBe(true);
    expect(host).not.toMatch(/from "electron"/);
    expect(host).toContain('function createHandlers');
    // Bundled, better-sqlite3's own Database constructor (and its bindings lookup) would be inside.
    for (const code of [host, ...chunks]) expect(code).not.toContain('function Database(filenameGiven');
    // The importer looks for ./parse-worker.js beside its own module: that must be host.js, not a chunk.
    expect(host).toContain('new URL("./parse-worker.js", import.meta.url)');
    expect(host).toContain('new URL("./source-worker.js", import.meta.url)');
    expect(host).toContain('new URL("./detail-worker.js", import.meta.url)');
    for (const chunk of readdirSync(join(out, 'main', 'chunks'))) expect(readFileSync(join(out, 'main', 'chunks', chunk), 'utf8')).not.toMatch(/parse-worker\.js|source-worker\.js|detail-worker\.js/);
  });

  it('the built host runs under Node: it opens the database, imports and reconciles through the relay', async () => {
    const dbPath = join(tempDir('billrecon-built-host-'), 'built.sqlite');
    const client = new HostClient(nodeHostSpawner({ dbPath, user: 'build-test' }, { entry: join(out, 'main', 'host.js') }));
    const table = relayTable(client);
    try {
      expect(await table.monthsAvailable(undefined)).toEqual([]);
      const imported = await table.commitImport({ path: join(repo, 'samples', 'fee-detail-2025-03.gbk.csv'), opId: 'built-1' });
      expect(imported).toMatchObject({ kind: 'fee-detail', encoding: 'gb18030', rows: 37, status: 'imported' });
      expect((await table.reconcile({ month: '2025-03' })).fee).toEqual({ total: '2058.55', lines: 37 });
    } finally {
      await client.close();
    }
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
    const answer = await firstAnswer(file, {
      file: 'gone.csv', path: join(out, 'no-such-dir', 'gone.csv'),
      sniffed: { format: 'csv', encoding: 'utf-8', encodingLabel: 'utf-8', bomLength: 0 },
      headerRow: 1, headers: ['RoomId', 'UserId', 'JoinTime', 'LeaveTime'], forcedKind: undefined, userMap: {},
      importId: 1, columns: [], batchRows: 16, monthFromUsage: false, inFlight: 1,
    });
    expect(answer).toMatchObject({ t: 'error', message: expect.stringMatching(/ENOENT/) });
  });

  it('bundles the export’s detail worker beside the main entry: it answers a job', async () => {
    const file = join(out, 'main', 'detail-worker.js');
    expect(readFileSync(file, 'utf8')).not.toMatch(/from "electron"/);
    // Loaded under Node with its chunks, it opens the database it is sent: a path with none comes
    // back as the worker's error message, naming the path.
    const dbPath = join(out, 'no-such-dir', 'gone.sqlite');
    const answer = await firstAnswer(file, { data: { dbPath }, job: { month: '2025-03', importId: 1, from: 1, to: 2, rows: 2, firstRow: 2, lang: 'en', extraKeys: [] } });
    expect(answer).toMatchObject({ t: 'error', message: expect.stringContaining(dbPath) });
  });

  it('bundles the import’s source worker beside the main entry: it compresses a file', async () => {
    const file = join(out, 'main', 'source-worker.js');
    const sample = join(repo, 'samples', 'fee-detail-2025-03.gbk.csv');
    const worker = new Worker(file);
    const messages: { t: string; pieces?: { size: number; data: Uint8Array }[] }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { t: string }) => {
        messages.push(m);
        resolve();
      });
      worker.once('error', reject);
    });
    worker.postMessage({ path: sample });
    try {
      await done;
      const bytes = readFileSync(sample);
      expect(messages.map((m) => m.t)).toEqual(['pieces']);
      const [piece] = messages[0]!.pieces!;
      expect(piece!.size).toBe(bytes.length);
      expect(brotliDecompressSync(piece!.data).equals(bytes)).toBe(true);
    } finally {
      await worker.terminate();
    }
  });
});
