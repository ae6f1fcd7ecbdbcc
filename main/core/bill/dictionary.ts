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

  idOf(composite: string, texts: () => Omit<T, 'id'>): number {
    let id = this.ids.get(composite);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(composite, id);
      this.fresh.push({ id, ...texts() } as T);
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

  /** The cell texts are read only for a key not seen before. */
  idOf(month: number, product: number, resource: number, component: string, texts: () => [string, string, string]): number {
    return this.d.idOf(`${month},${product},${resource},${component}`, () => {
      const [p, r, c] = texts();
      return { month: monthTextOfIndex(month), product: p, resourceId: r, component: c };
    });
  }

  drain(): KeyText[] {
    return this.d.drain();
  }
}

export class ScopeDictionary {
  private readonly d = new Dictionary<ScopeText>();

  idOf(composite: string, texts: () => Omit<ScopeText, 'id'>): number {
    return this.d.idOf(composite, texts);
  }

  drain(): ScopeText[] {
    return this.d.drain();
  }
}
