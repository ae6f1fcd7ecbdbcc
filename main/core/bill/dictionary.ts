/**
 * The keys and scopes of one file's lines, numbered locally as they first appear; the store maps
 * the local numbers to its own ids. A key is what the bridge matches on (month, product, resource,
 * component); a scope is whom a line belongs to inside a group account (owner account, project,
 * tags), by which a reconciliation can be narrowed. Both are looked up by a composite of the
 * cells' interned ids (cells.ts `term`), so a line costs no string of its own.
 */
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

export class KeyDictionary {
  private readonly d = new Dictionary<KeyText>();

  private readonly numeric = new Map<number, number>();
  private baseMonth = -1;

  /**
   * The cell texts are read only for a key not seen before. `component` is a name's term (≥ 0)
   * or a type's (−1 − term): the key of a line is found by a number while the terms are small.
   */
  idOf(month: number, product: number, resource: number, component: number, texts: () => [string, string, string]): number {
    if (this.baseMonth < 0) this.baseMonth = month;
    const m = month - this.baseMonth + 32;
    // 6 + 10 + 22 + 12 bits: the composite stays below 2^53.
    const small = m >= 0 && m < 64 && product < 1 << 10 && resource < 1 << 22 && component > -(1 << 11) && component < 1 << 11;
    if (small) {
      const n = ((m * 1024 + product) * 4194304 + resource) * 4096 + component + 2048;
      const id = this.numeric.get(n);
      if (id !== undefined) return id;
      const fresh = this.byText(month, product, resource, component, texts);
      this.numeric.set(n, fresh);
      return fresh;
    }
    return this.byText(month, product, resource, component, texts);
  }

  private byText(month: number, product: number, resource: number, component: number, texts: () => [string, string, string]): number {
    return this.d.idOf(`${month},${product},${resource},${component}`, (id) => {
      const [p, r, c] = texts();
      return { id, month: this.monthText(month), product: p, resourceId: r, component: c };
    });
  }

  private readonly months = new Map<number, string>();
  private monthText(month: number): string {
    let t = this.months.get(month);
    if (t === undefined) this.months.set(month, (t = monthTextOfIndex(month)));
    return t;
  }

  drain(): KeyText[] {
    return this.d.drain();
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
