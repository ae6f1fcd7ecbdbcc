import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundledEntry } from './source-bundle.js';

/**
 * A worker from its built entry beside the module that names it, or from sources (CLI via tsx,
 * tests) as a bundle of them (source-bundle.ts), else through tsx's loader; null when neither
 * entry is there (the caller then does the work in its own thread).
 */
export function spawnWorker(js: URL, ts: URL, options: WorkerOptions = {}): Worker | null {
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  if (!existsSync(fileURLToPath(ts))) return null;
  const bundled = bundledEntry(ts);
  if (bundled) return new Worker(bundled, options);
  let api: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    api = new URL('./dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
  } catch {
    return null;
  }
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(ts.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { ...options, eval: true });
}

