import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn.js';
import type { LineBatch, NormalizedFile } from '../bill/normalize.js';
import type { ParseJob, ToImporter } from './parse-job.js';
import { ImportError } from './types.js';

/** Scanning makes short-lived garbage per batch: a young generation that holds a few batches keeps it from being promoted. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 48 };

export interface ParseWorker {
  worker: Worker;
  queue: ToImporter[];
  failure: Error | null;
  exited: boolean;
  wake: (() => void) | null;
}

function poke(w: ParseWorker): void {
  const wake = w.wake;
  w.wake = null;
  wake?.();
}

/**
 * Start a parse worker (it waits for its job), or return null when this build has no worker entry
 * next to this module (then the importer parses in its own thread: same code, same values, one
 * core). From sources (CLI via tsx, tests) the TypeScript entry is loaded through tsx's loader.
 * Started before the file is hashed, it has its modules loaded by the time the header is found.
 */
export function startParseWorker(): ParseWorker | null {
  const worker = spawn();
  if (!worker) return null;
  const w: ParseWorker = { worker, queue: [], failure: null, exited: false, wake: null };
  worker.on('message', (m: ToImporter) => {
    w.queue.push(m);
    poke(w);
  });
  worker.on('error', (e) => {
    w.failure = e;
    poke(w);
  });
  worker.on('exit', () => {
    w.exited = true;
    poke(w);
  });
  return w;
}

function spawn(): Worker | null {
  return spawnWorker(new URL('./parse-worker.js', import.meta.url), new URL('./parse-worker.ts', import.meta.url), { resourceLimits: WORKER_LIMITS });
}

/** Stop a worker that will not be given a job (a duplicate file, a bad header …). */
export function stopParseWorker(w: ParseWorker | null): void {
  if (w && !w.exited) void w.worker.terminate();
}

/**
 * Hand the worker its job and give its batches to `sink`, in order; returns what the classifier
 * collected. Each batch taken lets the worker parse one more; on any exit (done, error, the
 * caller's own failure) the worker is stopped.
 */
export async function workerLines(w: ParseWorker, job: ParseJob, sink: (b: LineBatch, bytes: number) => void, signal?: AbortSignal): Promise<NormalizedFile> {
  const file = job.file;
  const onAbort = (): void => poke(w);
  signal?.addEventListener('abort', onAbort);
  try {
    w.worker.postMessage(job);
    for (;;) {
      if (signal?.aborted) throw new ImportError(file, null, null, 'import cancelled');
      const m = w.queue.shift();
      if (!m) {
        if (w.failure) throw new Error(`the import's parse worker failed: ${w.failure.message}`, { cause: w.failure });
        if (w.exited) throw new Error(`the import's parse worker stopped before the end of ${file}`);
        await new Promise<void>((r) => (w.wake = r));
        continue;
      }
      if (m.t === 'end') return m.file;
      if (m.t === 'error') {
        if ('importError' in m) {
          const e = m.importError;
          throw new ImportError(e.file, e.row, e.column, e.reason, e.value);
        }
        throw new Error(`the import's parse worker failed: ${m.message}`);
      }
      w.worker.postMessage(0);
      sink(m.batch, m.bytes);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await w.worker.terminate();
  }
}
