import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundledEntry } from '../../main/core/workers/source-bundle.js';
import { withoutTsx } from '../../main/core/workers/spawn.js';

/** What a worker started from the bundle says first. */
async function firstWord(url: URL): Promise<unknown> {
  const w = new Worker(url);
  try {
    return (await once(w, 'message'))[0];
  } finally {
    await w.terminate();
  }
}

describe('bundledEntry', () => {
  it('bundles a TypeScript worker once, kept under node_modules/.cache, and again when a file it imports changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billrecon-bundle-'));
    const entry = join(dir, 'entry.ts');
    const dep = join(dir, 'dep.ts');
    writeFileSync(entry, `import { parentPort } from 'node:worker_threads';\nimport { word } from './dep.js';\nparentPort!.postMessage(word satisfies string);\n`);
    writeFileSync(dep, `export const word: string = 'first';\n`);
    const url = bundledEntry(pathToFileURL(entry));
    try {
      expect(url).not.toBeNull();
      const code = fileURLToPath(url!);
      expect(code).toMatch(/node_modules[/\\]\.cache[/\\]billrecon-workers[/\\][0-9a-f]{16}\.mjs$/);
      expect(await firstWord(url!)).toBe('first');
      // Unchanged sources: the same file, not made again.
      utimesSync(code, 1_000_000_000, 1_000_000_000);
      expect(bundledEntry(pathToFileURL(entry))?.href).toBe(url!.href);
      expect(statSync(code).mtimeMs).toBe(1e12);
      // A changed import, however small the change: made again.
      writeFileSync(dep, `export const word: string = 'second';\n`);
      expect(bundledEntry(pathToFileURL(entry))?.href).toBe(url!.href);
      expect(await firstWord(url!)).toBe('second');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (url) for (const f of [fileURLToPath(url), fileURLToPath(url).replace(/\.mjs$/, '.json')]) rmSync(f, { force: true });
    }
  });

  it('gives no bundle for sources esbuild cannot read (the worker then starts through tsx)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'billrecon-bundle-'));
    const entry = join(dir, 'broken.ts');
    writeFileSync(entry, `import { nothing } from './missing.js';\nconsole.log(nothing;\n`);
    try {
      expect(bundledEntry(pathToFileURL(entry))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withoutTsx', () => {
  it("drops tsx's loader from the Node options a bundled worker is started with, in each form it comes in, and keeps the rest", () => {
    // `npx tsx cli.ts` (tsx's CLI), `node --import tsx`, and the forms with `=`.
    expect(withoutTsx(['--require', '/app/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///app/node_modules/tsx/dist/loader.mjs'])).toEqual([]);
    expect(withoutTsx(['--import', 'tsx', '--expose-gc'])).toEqual(['--expose-gc']);
    expect(withoutTsx(['--import=tsx', '--max-old-space-size=300', '--loader=tsx/esm'])).toEqual(['--max-old-space-size=300']);
    expect(withoutTsx(['-r', 'C:\\app\\node_modules\\tsx\\dist\\preflight.cjs'])).toEqual([]);
    // Other loaders stay: only tsx's is known to be unneeded by a bundle.
    expect(withoutTsx(['--require', './tracing.cjs', '--import', 'tsx-like-name', '--stack-size=2000'])).toEqual(['--require', './tracing.cjs', '--import', 'tsx-like-name', '--stack-size=2000']);
  });
});
