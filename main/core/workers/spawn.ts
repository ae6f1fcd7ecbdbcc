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
  if (bundled) return new Worker(bundled, { execArgv: withoutTsx(process.execArgv), ...options });
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


const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * This process's Node options less tsx's loader (the CLI and the tests run through it): a bundle is
 * plain JavaScript, and the loader would cost each worker its own start (tsx's modules, and in
 * Node 20 a thread for the loader's hooks) on the way to its first batch.
 */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!LOADER_FLAGS.has(flag)) {
      kept.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : (execArgv[i + 1] ?? '');
    const pair = eq > 0 ? [arg] : [arg, value];
    if (eq < 0) i++;
    if (!/(^|[\\/])tsx([\\/@]|$)/.test(value)) kept.push(...pair);
  }
  return kept;
}
