/**
 * The keys and scopes of one file's lines, numbered locally as they first appear; the store maps
 * the local numbers to its own ids. A key is what the bridge matches on (month, product, resource,
 * component); a scope is whom a line belongs to inside a group account (owner account, project,
 * tags), by which a reconciliation can be narrowed. Both are looked up by a composite of the
 * cells' interned ids (cells.ts `term`), so a line costs no string of its own.
 */
import { NumberTable } from './byte-table.js';
import { monthTextOfIndex } from './cells.js';

export interface KeyText {
  id: number;
  month: string;
  product: string;
  resourceId: string;
  component: string;
}

export interface ScopeText {
  id: number;
  ownerUin: string;
  project: string;
  /** JSON object of tag key → value, keys sorted. */
  tags: string;
}

/** Local numbers for composites; what is new since the last drain goes to the store with the next batch. */
class Dictionary<T extends { id: number }> {
  private readonly ids = new Map<string, number>();
  private fresh: T[] = [];

  idOf(composite: string, make: (id: number) => T): number {
    let id = this.ids.get(composite);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(composite, id);
      this.fresh.push(make(id));
    }
    return id;
  }

  drain(): T[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

/**
 * Keys by their cells' term ids; `find` then `add`: the cell texts are read only for a new key.
 * A resource's keys (its components, in a month or two) are a short list found by the resource's
 * id, which term ids number densely: no hashing, and the memory touched is the resource's own.
 * Lines without a resource id go by a composite number of the other ids in a hash table.
 */
export class KeyDictionary {
  private readonly numeric = new NumberTable();
  private readonly text = new Map<string, number>();
  private fresh: KeyText[] = [];
  private size = 0;
  private baseMonth = -1;
  private readonly months = new Map<number, string>();
  private firstOfResource: Int32Array = new Int32Array(1024).fill(-1);
  /** Per key: the next key of its resource, and its month, product and component ids. */
  private keyFields: Int32Array = new Int32Array(4 * 1024);

  /** `component` is a name's term (≥ 0) or a type's (−1 − term). −1 when the key is new. */
  find(month: number, product: number, resource: number, component: number): number {
    if (resource > 0) {
      if (resource >= this.firstOfResource.length) return -1;
      const f = this.keyFields;
      for (let k = this.firstOfResource[resource]!; k >= 0; k = f[4 * k]!) {
        if (f[4 * k + 1] === month && f[4 * k + 2] === product && f[4 * k + 3] === component) return k;
      }
      return -1;
    }
    const n = this.composite(month, product, component);
    return (n >= 0 ? this.numeric.get(n) : this.text.get(`${month},${product},${component}`)) ?? -1;
  }

  add(month: number, product: number, resource: number, component: number, texts: [string, string, string]): number {
    const id = this.size++;
    if (4 * id + 4 > this.keyFields.length) this.keyFields = grown(this.keyFields, 4 * id + 4, 0);
    const f = this.keyFields;
    [f[4 * id], f[4 * id + 1], f[4 * id + 2], f[4 * id + 3]] = [-1, month, product, component];
    if (resource > 0) {
      if (resource >= this.firstOfResource.length) this.firstOfResource = grown(this.firstOfResource, resource + 1, -1);
      f[4 * id] = this.firstOfResource[resource]!;
      this.firstOfResource[resource] = id;
    } else {
      const n = this.composite(month, product, component);
      if (n >= 0) this.numeric.set(n, id);
      else this.text.set(`${month},${product},${component}`, id);
    }
    this.fresh.push({ id, month: this.monthText(month), product: texts[0], resourceId: texts[1], component: texts[2] });
    return id;
  }

  /** 6 + 22 + 24 bits below 2^53, or −1 when an id is too large for them. */
  private composite(month: number, product: number, component: number): number {
    if (this.baseMonth < 0) this.baseMonth = month;
    const m = month - this.baseMonth + 32;
    if (m < 0 || m >= 64 || product >= 1 << 22 || component <= -(1 << 23) || component >= 1 << 23) return -1;
    return (m * 4194304 + product) * 16777216 + component + 8388608;
  }

  private monthText(month: number): string {
    let t = this.months.get(month);
    if (t === undefined) this.months.set(month, (t = monthTextOfIndex(month)));
    return t;
  }

  drain(): KeyText[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

export class ScopeDictionary {
  private readonly d = new Dictionary<ScopeText>();

  idOf(composite: string, texts: () => Omit<ScopeText, 'id'>): number {
    return this.d.idOf(composite, (id) => ({ id, ...texts() }));
  }

  drain(): ScopeText[] {
    return this.d.drain();
  }
}

function grown(a: Int32Array, atLeast: number, fill: number): Int32Array {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new Int32Array(size).fill(fill);
  b.set(a);
  return b;
}
