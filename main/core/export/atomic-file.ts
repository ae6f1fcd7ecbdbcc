import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * Write a file so that the target path holds either the previous file or the complete new one,
 * never a half-written export: the data goes to a hidden temporary file in the same folder (so the
 * rename cannot cross file systems), which replaces the target only after the last byte is on
 * disk. On any failure the temporary file is removed and the error passes on.
 */
export async function writeAtomically<T>(target: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.partial`);
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
    throw err;
  }
}
