/**
 * The (key, transaction type) pairs of a consumption bill with the days (bit d: day d + 1 of the
 * month) each has a line on, in the order first seen: typed arrays, handed from the parse worker
 * without a copy; `actions[i]` indexes `names`.
 */
export interface PackedDayMasks {
  keys: Int32Array;
  actions: Int32Array;
  masks: Uint32Array;
  names: string[];
}

export function dayMaskBuffers(d: PackedDayMasks): ArrayBuffer[] {
  return [d.keys, d.actions, d.masks].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Which days of the month each (key, transaction type) of a consumption bill has a line on, as
 * 31-bit masks indexed by key id per transaction type: the component layout has one line per day,
 * so a day seen twice is a duplicate. Integers all the way (the row loop runs a million times).
 */
export class DayMasks {
  private readonly byAction = new Map<number, Uint32Array>();
  /** (key, action) pairs in the order first seen: the stored masks keep the bill's order. */
  private readonly order: number[] = [];
  private readonly outside = new Set<string>();
  private readonly texts = new Map<number, string>();

  named(action: number): boolean {
    return this.texts.has(action);
  }

  name(action: number, text: string): void {
    this.texts.set(action, text);
  }

  text(action: number): string {
    return this.texts.get(action) ?? '';
  }

  /** Marks the day; true when the key already had a line of this type on it. */
  seen(key: number, action: number, dayOfMonth: number, day: number): boolean {
    if (dayOfMonth < 0 || dayOfMonth >= 31) return this.seenOutside(key, action, day);
    const masks = this.masksFor(action, key);
    const bits = masks[key]!;
    const bit = 1 << dayOfMonth;
    if ((bits & bit) !== 0) return true;
    if (bits === 0) this.order.push(key, action);
    masks[key] = bits | bit;
    return false;
  }

  packed(): PackedDayMasks {
    const n = this.order.length / 2;
    const out: PackedDayMasks = { keys: new Int32Array(n), actions: new Int32Array(n), masks: new Uint32Array(n), names: [] };
    const nameOf = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = this.order[2 * i]!;
      const action = this.order[2 * i + 1]!;
      let name = nameOf.get(action);
      if (name === undefined) nameOf.set(action, (name = out.names.push(this.text(action)) - 1));
      out.keys[i] = key;
      out.actions[i] = name;
      out.masks[i] = this.byAction.get(action)![key]!;
    }
    return out;
  }

  /** A day outside the bill month (a line dated before or after it): rare, kept by name. */
  private seenOutside(key: number, action: number, day: number): boolean {
    const token = `${key}\u0001${action}\u0001${day}`;
    if (this.outside.has(token)) return true;
    this.outside.add(token);
    return false;
  }

  private masksFor(action: number, key: number): Uint32Array {
    const masks = this.byAction.get(action);
    if (masks && key < masks.length) return masks;
    const grown = new Uint32Array(Math.max(key + 1, (masks?.length ?? 512) * 2));
    if (masks) grown.set(masks);
    this.byAction.set(action, grown);
    return grown;
  }
}
