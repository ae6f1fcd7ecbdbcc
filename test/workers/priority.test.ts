import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { getPriority } from 'node:os';
import { readlinkSync } from 'node:fs';
import { spawnWorker } from '../../main/core/workers/spawn.js';

describe('yieldToOtherThreads', () => {
  it.runIf(process.platform === 'linux')('gives the calling thread the lowest priority and no other thread of the process', async () => {
    const w = spawnWorker(new URL('./priority-worker.js', import.meta.url), new URL('./priority-worker.ts', import.meta.url))!;
    try {
      const [tid] = (await once(w, 'message')) as [number | null];
      expect(tid).toBeGreaterThan(0);
      expect(getPriority(tid!)).toBe(19);
      const own = Number(readlinkSync('/proc/thread-self').split('/').pop());
      expect(own).not.toBe(tid);
      expect(getPriority(own)).toBe(getPriority(process.pid));
    } finally {
      await w.terminate();
    }
  });
});
