import { createWriteStream, readdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { StoreError } from '../store/store-errors.js';

const CANNOT_WRITE: Record<string, (folder: string) => string> = {
  EACCES: (folder) => `the folder ${folder} is not writable for your user`,
  EPERM: (folder) => `the folder ${folder} is not writable for your user`,
  EROFS: (folder) => `the folder ${folder} is on a read-only file system`,
  ENOENT: (folder) => `the folder ${folder} does not exist`,
  ENOTDIR: (folder) => `${folder} is not a folder`,
  ENOSPC: (folder) => `the disk holding ${folder} is full`,
};

/**
 * A failed write in `folder` as a sentence naming `what` was being written; an error already in
 * words (a StoreError: another file's failure, said where it happened) passes as it is.
 */
export function cannotWriteIn(what: string, folder: string, err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const why = CANNOT_WRITE[code];
  return why ? new StoreError(what, code, `cannot write ${what}: ${why(folder)}; nothing was written.`) : err;
}

/** The target named, not the hidden temporary file the error is about. */
function cannotWrite(target: string, err: unknown): unknown {
  return cannotWriteIn(target, dirname(target), err);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The hidden file an export of `target` writes first, by process and time. */
export function partialName(target: string, pid = process.pid, time = Date.now()): string {
  return join(dirname(target), `.${basename(target)}.${pid}.${time}.partial`);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the partial files that earlier exports of this same target left when they were killed
 * (their process is gone). A partial file of a running export, or of another target, stays.
 * Returns the names removed.
 */
export function removeStalePartials(target: string): string[] {
  const folder = dirname(target);
  const mine = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.\\d+\\.partial$`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = mine.exec(name);
    if (!m || isRunning(Number(m[1]))) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Write a file so that the target path holds either the previous file or the complete new one,
 * never a half-written export: the data goes to a hidden temporary file in the same folder (so the
 * rename cannot cross file systems), which replaces the target only after the last byte is on
 * disk. On any failure the temporary file is removed and the error passes on; what a killed
 * export left behind is removed by the next export of the same target.
 */
export async function writeAtomically<T>(target: string, write: (out: Writable) => Promise<T>): Promise<T> {
  removeStalePartials(target);
  const temp = partialName(target);
  // 1 MB of queued compressed output before the writer waits for the disk (16 KB by default).
  const out = createWriteStream(temp, { flags: 'wx', highWaterMark: 1 << 20 });
  let failed: Error | null = null;
  out.on('error', (e) => (failed ??= e));
  try {
    await once(out, 'open');
    const result = await write(out);
    if (failed) throw failed;
    out.end();
    await once(out, 'close');
    if (failed) throw failed;
    renameSync(temp, target);
    return result;
  } catch (err) {
    out.destroy();
    rmSync(temp, { force: true });
    throw cannotWrite(target, err);
  }
}
