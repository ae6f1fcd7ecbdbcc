import type { Worker } from 'node:worker_threads';
import { nativeBindingOf, type Db } from '../store/index.js';
import { spawnWorker } from '../workers/spawn.js';
import { encodeBlock, type DetailBlock, type DetailBlockJob } from './detail-blocks.js';
import type { MonthLines } from './month-lines.js';
import type { DetailWorkerData, FromDetailWorker } from './detail-worker.js';

/**
 * One worker besides this thread: two encoders for two cores, sharing them with the deflate
 * thread, and one isolate's memory fewer than two workers. BILLRECON_EXPORT_WORKERS sets another
 * count (0: every block in this thread), for the tests that compare them and for benches.
 */
function workerCount(): number {
  const n = Number(process.env.BILLRECON_EXPORT_WORKERS ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}
/** Blocks handed to each worker ahead of the one being written: enough to keep it busy while this thread encodes its own. */
const AHEAD = 2;
/** A block's garbage is short-lived and small: a small young generation keeps each worker's memory down. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

interface Pending {
  resolve: (b: DetailBlock) => void;
  reject: (e: Error) => void;
}

/** A worker and the blocks it was sent, answered in the order sent. */
class Encoder {
  private readonly waiting: Pending[] = [];

  constructor(
    private readonly worker: Worker,
    private readonly data: DetailWorkerData,
  ) {
    worker.on('message', (m: FromDetailWorker) => {
      const p = this.waiting.shift();
      if (m.t === 'block') p?.resolve(m.block);
      else p?.reject(new Error(m.message));
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => this.failAll(new Error('export: a detail worker stopped before its blocks were encoded')));
  }

  encode(job: DetailBlockJob): Promise<DetailBlock> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage({ data: this.data, job });
    });
  }

  private failAll(e: Error): void {
    for (const p of this.waiting.splice(0)) p.reject(e);
  }

  stop(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }
}

function startEncoders(db: Db, blocks: number): Encoder[] {
  // A database in memory (a copy of one in a read-only folder) cannot be opened again by path.
  const count = workerCount();
  if (db.memory || blocks < 2 || count === 0) return [];
  const binding = nativeBindingOf(db);
  const data: DetailWorkerData = { dbPath: db.name, ...(binding ? { nativeBinding: binding } : {}) };
  const encoders: Encoder[] = [];
  for (let i = 0; i < count; i++) {
    const w = spawnWorker(new URL('./detail-worker.js', import.meta.url), new URL('./detail-worker.ts', import.meta.url), { resourceLimits: WORKER_LIMITS });
    if (w) encoders.push(new Encoder(w, data));
  }
  return encoders;
}

/**
 * The blocks encoded, in order: shared round-robin between the worker threads and this thread
 * when this build has workers and there is more than one block, else all here. This thread
 * encodes its own block while the workers encode theirs and the deflater reads the last one
 * written. Same code, same bytes either way.
 */
export async function* encodeBlocks(db: Db, src: MonthLines, jobs: readonly DetailBlockJob[]): AsyncGenerator<DetailBlock> {
  const encoders = startEncoders(db, jobs.length);
  const lanes = encoders.length + 1;
  const mine = (i: number): boolean => i % lanes === encoders.length;
  const sent = new Map<number, Promise<DetailBlock>>();
  let next = 0;
  try {
    for (let i = 0; i < jobs.length; i++) {
      for (; next < jobs.length && next < i + lanes * AHEAD; next++) {
        if (mine(next)) continue;
        const p = encoders[next % lanes]!.encode(jobs[next]!);
        p.catch(() => undefined); // awaited in order below; a later block's failure must not go unhandled meanwhile
        sent.set(next, p);
      }
      if (mine(i)) yield encodeBlock(db, jobs[i]!, src);
      else {
        const p = sent.get(i)!;
        sent.delete(i);
        yield await p;
      }
    }
  } finally {
    for (const e of encoders) e.stop();
  }
}
