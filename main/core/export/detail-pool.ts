import type { Worker } from 'node:worker_threads';
import { readerOf, type Db } from '../store/index.js';
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
/** Blocks sent to a worker at a time: one queued behind the one it encodes keeps it busy while this thread encodes. */
const AHEAD = 2;
/** Blocks encoded ahead of the one the sheet writes next: bounds the blocks held in memory. */
const WINDOW = 3;
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

  /** Blocks sent and not answered yet. */
  get busy(): number {
    return this.waiting.length;
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
  const count = workerCount();
  const data: DetailWorkerData | null = readerOf(db);
  if (!data || blocks < 2 || count === 0) return [];
  const encoders: Encoder[] = [];
  for (let i = 0; i < count; i++) {
    const w = spawnWorker(new URL('./detail-worker.js', import.meta.url), new URL('./detail-worker.ts', import.meta.url), { resourceLimits: WORKER_LIMITS });
    if (w) encoders.push(new Encoder(w, data));
  }
  return encoders;
}

/**
 * The blocks encoded, in order. With workers (this build has the entry and there is more than
 * one block) each takes the next block as it has room; this thread takes one whenever the block
 * the sheet needs next is not back yet, so neither waits while there is work. Without, every
 * block is encoded here. Same code, same bytes either way.
 */
export async function* encodeBlocks(db: Db, src: MonthLines, jobs: readonly DetailBlockJob[]): AsyncGenerator<DetailBlock> {
  const encoders = startEncoders(db, jobs.length);
  const results = new Map<number, DetailBlock | Promise<DetailBlock>>();
  let taken = 0;
  const send = (limit: number): void => {
    for (const e of encoders) {
      while (e.busy < AHEAD && taken < Math.min(limit, jobs.length)) {
        const i = taken++;
        const p = e.encode(jobs[i]!);
        p.then((b) => results.set(i, b), () => undefined); // a failure is thrown where block i is awaited
        results.set(i, p);
      }
    }
  };
  try {
    for (let i = 0; i < jobs.length; i++) {
      send(i + WINDOW);
      if (taken === i) results.set(taken++, encodeBlock(db, jobs[i]!, src));
      // While block i is still in a worker, encode a later one here (and let its answer in).
      while (results.get(i) instanceof Promise && taken < Math.min(i + WINDOW, jobs.length)) {
        const j = taken++;
        results.set(j, encodeBlock(db, jobs[j]!, src));
        await new Promise<void>((r) => setImmediate(r));
      }
      const block = await results.get(i)!;
      results.delete(i);
      yield block;
    }
  } finally {
    for (const e of encoders) e.stop();
  }
}
