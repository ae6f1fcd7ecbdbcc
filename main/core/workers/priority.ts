import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowest scheduling priority for the calling thread, so that it runs on a core the others leave
 * idle: the import's source worker compresses the bill beside the parse worker, which sets the
 * pace, and the importing thread, which waits on it half the time. Linux keeps a nice value per
 * thread (setpriority on a thread id); elsewhere, or when /proc is not there, nothing changes.
 * Returns the thread's id when its priority was lowered.
 */
export function yieldToOtherThreads(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, 19);
    return tid;
  } catch {
    return null;
  }
}
