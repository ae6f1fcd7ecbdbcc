import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cannotWriteIn } from './atomic-file.js';

/**
 * A temporary file written in order, then read back once. Its name is removed as soon as it is
 * open (the descriptor keeps the data), so a process that dies leaves nothing behind; where the
 * system refuses that, the name is removed on close.
 */
export class SpillFile {
  private fd: number | null;
  private path: string | null;
  private length = 0;

  constructor(private readonly dir = tmpdir()) {
    const path = join(dir, `billrecon-spill-${process.pid}-${randomBytes(6).toString('hex')}`);
    this.fd = openSync(path, 'wx+', 0o600);
    this.path = path;
    try {
      unlinkSync(path);
      this.path = null;
    } catch {
      // removed on close
    }
  }

  /** Whether a spill file can be made at all (a temporary folder that cannot be written: no). */
  static available(): boolean {
    try {
      new SpillFile().close();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Append `buf`; the caller keeps it unchanged until this resolves. A failure names the temporary
   * folder (a full disk there is not the export target's).
   */
  async append(buf: Buffer): Promise<void> {
    const fd = this.descriptor();
    let at = this.length;
    this.length += buf.length;
    for (let done = 0; done < buf.length; ) {
      const n = await new Promise<number>((resolve, reject) =>
        write(fd, buf, done, buf.length - done, at, (e, written) => (e ? reject(cannotWriteIn(`the export's temporary file in ${this.dir}`, this.dir, e)) : resolve(written))),
      );
      done += n;
      at += n;
    }
  }

  /** Everything appended, in pieces of at most `size` bytes, each a buffer of its own. */
  *chunks(size = 1 << 20): Generator<Buffer> {
    const fd = this.descriptor();
    for (let at = 0; at < this.length; ) {
      const buf = Buffer.allocUnsafe(Math.min(size, this.length - at));
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) throw new Error(`spill file: ${this.length - at} bytes missing at ${at}`);
      at += n;
      yield buf.subarray(0, n);
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.path !== null) unlinkSync(this.path);
    this.path = null;
  }

  private descriptor(): number {
    if (this.fd === null) throw new Error('spill file: used after close');
    return this.fd;
  }
}
