/**
 * Short UTF-8 texts (a batch's 交易IDs) packed in one growing byte array: a line's text costs no
 * string of its own in the worker, and the batch moves to the writer as one transferred buffer.
 */
const encoder = new TextEncoder();

export class TextArena {
  buf = new Uint8Array(1 << 15);
  used = 0;

  appendBytes(src: Uint8Array, s: number, e: number): void {
    const n = e - s;
    this.ensure(n);
    // A loop, not set(subarray): a view per short text costs more than copying its bytes.
    const buf = this.buf;
    let at = this.used;
    for (let i = s; i < e; i++) buf[at++] = src[i]!;
    this.used = at;
  }

  appendText(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.ensure(text.length * 3);
    this.used += encoder.encodeInto(text, this.buf.subarray(this.used)).written;
  }

  private ensure(n: number): void {
    if (this.used + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.used + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.used));
    this.buf = bigger;
  }
}
