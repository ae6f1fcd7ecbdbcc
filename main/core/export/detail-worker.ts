import { parentPort } from 'node:worker_threads';
import { openReader, type Db, type ReaderSpec } from '../store/index.js';
import { encodeBlock, type DetailBlock, type DetailBlockJob } from './detail-blocks.js';
import { monthLines, type MonthLines } from './month-lines.js';

/**
 * A Corrected detail worker (detail-pool.ts): opens the database read-only once, then encodes
 * each block it is sent, in the order sent, and hands the XML back without copying it.
 */
export type DetailWorkerData = ReaderSpec;
export type FromDetailWorker = { t: 'block'; block: DetailBlock } | { t: 'error'; message: string };

const port = parentPort!;
let db: Db | null = null;
let src: { month: string; lines: MonthLines } | null = null;

port.on('message', (m: { data: DetailWorkerData; job: DetailBlockJob }) => {
  try {
    db ??= openReader(m.data);
    if (src?.month !== m.job.month) src = { month: m.job.month, lines: monthLines(db, m.job.month) };
    const block = encodeBlock(db, m.job, src.lines);
    port.postMessage({ t: 'block', block } satisfies FromDetailWorker, block.xml.map((x) => x.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ t: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromDetailWorker);
  }
});
