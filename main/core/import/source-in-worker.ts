import type { Worker } from 'node:worker_threads';
import { SourceArchive } from '../store/source-archive.js';
import { spawnWorker } from '../workers/spawn.js';
import type { FromSource, SourceJob } from './source-worker.js';

/** A large file's compressed source, from the source worker (source-worker.ts). */
export interface SourceWorker {
  archive: Promise<SourceArchive>;
  stop(): void;
}

export function startSourceWorker(path: string): SourceWorker | null {
  const worker = spawnWorker(new URL('./source-worker.js', import.meta.url), new URL('./source-worker.ts', import.meta.url));
  if (!worker) return null;
  const archive = new Promise<SourceArchive>((resolve, reject) => {
    worker.on('message', (m: FromSource) => (m.t === 'pieces' ? resolve(SourceArchive.ofPieces(m.pieces)) : reject(new Error(m.message))));
    failWith(worker, reject);
  });
  // An import that does not wait for it (a duplicate file, a failed import) must not see it reject later.
  archive.catch(() => {});
  const stop = (): void => void worker.terminate();
  archive.then(stop, stop);
  worker.postMessage({ path } satisfies SourceJob);
  return { archive, stop };
}

function failWith(worker: Worker, reject: (e: Error) => void): void {
  worker.on('error', reject);
  worker.on('exit', () => reject(new Error('the source worker stopped early')));
}
