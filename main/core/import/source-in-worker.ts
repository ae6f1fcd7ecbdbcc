import type { Worker } from 'node:worker_threads';
import { SourceArchive } from '../store/source-archive.js';
import { spawnWorker } from './parse-in-worker.js';
import type { FromSource, SourceJob } from './source-worker.js';

/** A large file's sha256 and its compressed source, from the source worker (source-worker.ts). */
export interface SourceWorker {
  sha256: Promise<string>;
  archive: Promise<SourceArchive>;
  stop(): void;
}

export function startSourceWorker(path: string): SourceWorker | null {
  const worker = spawnWorker(new URL('./source-worker.js', import.meta.url), new URL('./source-worker.ts', import.meta.url));
  if (!worker) return null;
  const sha256 = new Promise<string>((resolve, reject) => {
    worker.on('message', (m: FromSource) => (m.t === 'sha' ? resolve(m.sha256) : m.t === 'error' ? reject(new Error(m.message)) : undefined));
    failWith(worker, reject);
  });
  const archive = new Promise<SourceArchive>((resolve, reject) => {
    worker.on('message', (m: FromSource) => (m.t === 'pieces' ? resolve(SourceArchive.ofPieces(m.pieces)) : m.t === 'error' ? reject(new Error(m.message)) : undefined));
    failWith(worker, reject);
  });
  // Whoever does not wait for a result (a duplicate file, a failed import) must not see it reject later.
  sha256.catch(() => {});
  archive.catch(() => {});
  const stop = (): void => void worker.terminate();
  archive.then(stop, stop);
  worker.postMessage({ path } satisfies SourceJob);
  return { sha256, archive, stop };
}

function failWith(worker: Worker, reject: (e: Error) => void): void {
  worker.on('error', reject);
  worker.on('exit', () => reject(new Error('the source worker stopped early')));
}
