/**
 * Byte strings (with a small integer salt) to dense ids, without making a JavaScript string per
 * lookup: the importer interns a million lines' transaction ids and repeated cells this way.
 * Open addressing on an FNV-1a hash; the bytes are kept in one growing arena and compared on a
 * hash hit, so two different byte strings never share an id.
 */
export class ByteTable {
  private slots = new Int32Array(1024);
  private arena = new Uint8Array(1 << 14);
  private used = 0;
  private from = new Int32Array(512);
  private len = new Int32Array(512);
  private salts = new Int32Array(512);
  private n = 0;
  /** Whether the last idOf added its bytes. */
  added = false;

  get size(): number {
    return this.n;
  }

  idOf(buf: Uint8Array, s: number, e: number, salt = 0): number {
    const h = hash(buf, s, e, salt);
    const mask = this.slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const slot = this.slots[k]!;
      if (slot === 0) {
        this.added = true;
        return this.insert(k, buf, s, e, salt);
      }
      if (this.same(slot - 1, buf, s, e, salt)) {
        this.added = false;
        return slot - 1;
      }
    }
  }

  private same(id: number, buf: Uint8Array, s: number, e: number, salt: number): boolean {
    const n = e - s;
    if (this.len[id] !== n || this.salts[id] !== salt) return false;
    const a = this.arena;
    const f = this.from[id]!;
    for (let i = 0; i < n; i++) if (a[f + i] !== buf[s + i]) return false;
    return true;
  }

  private insert(slot: number, buf: Uint8Array, s: number, e: number, salt: number): number {
    const n = e - s;
    if (this.used + n > this.arena.length) this.arena = grown(this.arena, this.used + n);
    this.arena.set(buf.subarray(s, e), this.used);
    if (this.n === this.from.length) {
      this.from = grown(this.from, this.n + 1);
      this.len = grown(this.len, this.n + 1);
      this.salts = grown(this.salts, this.n + 1);
    }
    const id = this.n++;
    this.from[id] = this.used;
    this.len[id] = n;
    this.salts[id] = salt;
    this.used += n;
    this.slots[slot] = id + 1;
    if (this.n * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.n; id++) {
      const f = this.from[id]!;
      let k = hash(this.arena, f, f + this.len[id]!, this.salts[id]!) & mask;
      while (slots[k] !== 0) k = (k + 1) & mask;
      slots[k] = id + 1;
    }
    this.slots = slots;
  }
}

function hash(buf: Uint8Array, s: number, e: number, salt: number): number {
  let h = Math.imul(0x811c9dc5 ^ salt, 16777619);
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 16777619);
  return h >>> 0;
}

/** A copy of `a` at least `atLeast` long (doubled until it is). */
export function grown<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Safe-integer keys to int values, without the boxed-double hashing a Map does for keys past
 * 2^31: each key is split into two 26/27-bit halves and probed in typed arrays.
 */
export class NumberTable {
  /** Slots of (hi, lo, value + 1), value + 1 = 0 for an empty slot: one cache line per probe, not four arrays. */
  private slots = new Int32Array(3 * 1024);
  private n = 0;

  private get capacity(): number {
    return this.slots.length / 3;
  }

  get(key: number): number | undefined {
    const h = Math.floor(key / 67108864);
    const l = key - h * 67108864;
    const mask = this.capacity - 1;
    const slots = this.slots;
    for (let k = mix(h, l) & mask; slots[3 * k + 2] !== 0; k = (k + 1) & mask) {
      if (slots[3 * k] === h && slots[3 * k + 1] === l) return slots[3 * k + 2]! - 1;
    }
    return undefined;
  }

  set(key: number, value: number): void {
    if ((this.n + 1) * 2 > this.capacity) this.grow();
    const h = Math.floor(key / 67108864);
    const l = key - h * 67108864;
    const mask = this.capacity - 1;
    const slots = this.slots;
    let k = mix(h, l) & mask;
    while (slots[3 * k + 2] !== 0 && !(slots[3 * k] === h && slots[3 * k + 1] === l)) k = (k + 1) & mask;
    if (slots[3 * k + 2] === 0) this.n++;
    slots[3 * k] = h;
    slots[3 * k + 1] = l;
    slots[3 * k + 2] = value + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.n = 0;
    for (let k = 0; k < old.length; k += 3) if (old[k + 2] !== 0) this.set(old[k]! * 67108864 + old[k + 1]!, old[k + 2]! - 1);
  }
}

/**
 * murmur3's finalizer: the table masks the low bits, and a bare multiply leaves those depending
 * on the key's low bits alone (here the component), so keys differing only in resource collided.
 */
function mix(h: number, l: number): number {
  let x = Math.imul(h, 0x9e3779b1) ^ l;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
