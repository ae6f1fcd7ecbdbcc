import { parentPort } from 'node:worker_threads';
import { decideMapping } from './headers.js';
import { rowBatches, rowsAfter } from './row-batches.js';
import { tableRowChunks } from './sources.js';
import { ImportError } from './types.js';
import { packRows, type ParseJob, type ToImporter } from './parse-job.js';

/**
 * The import's parse worker: decodes, splits and checks a CSV bill on the second core while the
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

const send = (m: ToImporter): void => port.postMessage(m);

async function run(job: ParseJob): Promise<void> {
  let bytes = 0;
  try {
    const mapping = decideMapping(job.headers, { forcedKind: job.forcedKind, fileName: job.file, userMap: job.userMap });
    const chunks = rowsAfter(tableRowChunks(job.file, job.path, job.sniffed, (b) => (bytes = b)), job.headerRow);
    for await (const b of rowBatches(chunks, { file: job.file, importId: job.importId, mapping, columns: job.columns, sheet: null, batchRows: job.batchRows, monthFromUsage: job.monthFromUsage })) {
      while (credits === 0) await new Promise<void>((r) => (wake = r));
      credits--;
      send({ t: 'batch', rows: packRows(b.rows), aggregated: b.aggregated, bytes });
    }
    send({ t: 'end', bytes });
  } catch (e) {
    if (e instanceof ImportError) send({ t: 'error', importError: { file: e.file, row: e.row, column: e.column, reason: e.reason, value: e.value } });
    else send({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  // The importer stops this worker once it has the last message.
}

