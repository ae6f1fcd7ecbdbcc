import { parentPort } from 'node:worker_threads';
import { yieldToOtherThreads } from '../../main/core/workers/priority.js';

// Lowers its own priority, says its thread id, and stays alive until told to end.
parentPort!.postMessage(yieldToOtherThreads());
parentPort!.once('message', () => parentPort!.close());
