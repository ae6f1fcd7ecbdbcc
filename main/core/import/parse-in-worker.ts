import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RowBatch } from './row-batches.js';
import { unpackRows, type ParseJob, type ToImporter } from './parse-job.js';
import { ImportError } from './types.js';

/**
 * Parsing allocates a few short strings per cell and drops them a batch later. With V8's default
 * young generation much of that is promoted and then marked and swept by helper threads: a 1M-row
 * fee bill's parse alone took 9.5 CPU-seconds with 16 MB semi-spaces and 5.3 with 48 MB (V8
 * counts three semi-spaces of young generation); in the import the helper threads' 1.4 CPU-seconds
 * go away. The import's peak RSS stays near 330 MB, under the 400 MB budget.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 144 };

/**
 * Start the parse worker for a job, or return null when this build has no worker entry next to
 * this module (then the importer parses in its own thread: same code, same values, one core).
 * From sources (CLI via tsx, tests) the TypeScript entry is loaded through tsx's loader.
 */
export function startParseWorker(job: ParseJob): Worker | null {
  const js = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: job, resourceLimits: WORKER_LIMITS });
  const ts = new URL('./parse-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) return null;
  let api: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    api = new URL('./dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
  } catch {
    return null;
  }
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(ts.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { eval: true, workerData: job, resourceLimits: WORKER_LIMITS });
}

/**
 * The worker's batches, in order. Each batch taken lets the worker parse one more; on any exit
 * from the loop (done, error, the caller's own failure) the worker is stopped.
 */
export async function* workerBatches(file: string, worker: Worker, onBytes: (bytes: number) => void, signal?: AbortSignal): AsyncGenerator<RowBatch> {
  const queue: ToImporter[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: ToImporter) => {
    queue.push(m);
    poke();
  });
  worker.on('error', (e) => {
    failure = e;
    poke();
  });
  worker.on('exit', () => {
    exited = true;
    poke();
  });
  const onAbort = (): void => poke();
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
      const m = queue.shift();
      if (!m) {
        if (failure) throw new Error(`the import's parse worker failed: ${(failure as Error).message}`, { cause: failure });
        if (exited) throw new Error(`the import's parse worker stopped before the end of ${file}`);
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (m.t === 'end') {
        onBytes(m.bytes);
        return;
      }
      if (m.t === 'error') {
        if ('importError' in m) {
          const e = m.importError;
          throw new ImportError(e.file, e.row, e.column, e.reason, e.value);
        }
        throw new Error(`the import's parse worker failed: ${m.message}`);
      }
      onBytes(m.bytes);
      yield { rows: unpackRows(m.rows), aggregated: m.aggregated };
      worker.postMessage(0);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
