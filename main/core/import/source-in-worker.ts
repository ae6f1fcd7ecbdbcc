import type { Worker } from 'node:worker_threads';
import { SourceArchive } from '../store/source-archive.js';
import { spawnWorker } from '../workers/spawn.js';
import type { FromSource, SourceJob } from './source-worker.js';

/** A large file's compressed source and its sha256, from the source worker (source-worker.ts). */
export interface SourceWorker {
  archive: Promise<SourceArchive>;
  sha256: Promise<string>;
  stop(): void;
}

export function startSourceWorker(path: string): SourceWorker | null {
  const worker = spawnWorker(new URL('./source-worker.js', import.meta.url), new URL('./source-worker.ts', import.meta.url));
  if (!worker) return null;
  const done = new Promise<Extract<FromSource, { t: 'pieces' }>>((resolve, reject) => {
    worker.on('message', (m: FromSource) => (m.t === 'pieces' ? resolve(m) : reject(new Error(m.message))));
    failWith(worker, reject);
  });
  const archive = done.then((m) => SourceArchive.ofPieces(m.pieces));
  const sha256 = done.then((m) => m.sha256);
  // An import that does not wait for them (a duplicate file, a failed import) must not see them reject later.
  for (const p of [archive, sha256]) p.catch(() => {});
  const stop = (): void => void worker.terminate();
  done.then(stop, stop);
  worker.postMessage({ path } satisfies SourceJob);
  return { archive, sha256, stop };
}

function failWith(worker: Worker, reject: (e: Error) => void): void {
  worker.on('error', reject);
  worker.on('exit', () => reject(new Error('the source worker stopped early')));
}
