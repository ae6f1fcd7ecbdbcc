import { parentPort } from 'node:worker_threads';
import { csvLines } from './csv-lines.js';
import type { ParseJob, ToImporter } from './parse-job.js';
import { dayMaskBuffers } from '../bill/day-masks.js';
import { ImportError } from './types.js';

/**
 * The import's parse worker: scans, checks and classifies a CSV bill on the second core while the
 * importing thread writes the previous batches into SQLite. It holds at most `inFlight` batches
 * the writer has not taken yet, so memory stays flat however long the file is.
 */
const port = parentPort!;
let started = false;
let credits = 0;
let wake: (() => void) | null = null;
// The first message is the job (the worker is started early, while the importer hashes the
// file); every later one gives back the credit of a batch the writer has taken.
port.on('message', (m: ParseJob | 0) => {
  if (!started && m !== 0) {
    started = true;
    credits = m.inFlight;
    void run(m);
    return;
  }
  credits++;
  const w = wake;
  wake = null;
  w?.();
});

const send = (m: ToImporter, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

async function run(job: ParseJob): Promise<void> {
  let read = 0;
  try {
    const file = await csvLines(job, async (batch, bytes) => {
      while (credits === 0) await new Promise<void>((r) => (wake = r));
      credits--;
      read = bytes;
      // Copied, not transferred: the first ArrayBuffer this thread detached would make V8 check
      // every typed array access of the parse for detachment from then on (its global "no buffer
      // was ever detached" assumption goes), which cost the parse more than the copies do.
      send({ t: 'batch', batch, bytes });
    });
    send({ t: 'end', file, bytes: read }, dayMaskBuffers(file.dayMasks));
  } catch (e) {
    if (e instanceof ImportError) send({ t: 'error', importError: { file: e.file, row: e.row, column: e.column, reason: e.reason, value: e.value } });
    else send({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  // The importer stops this worker once it has the last message.
}
