/** The days (bit d: day d + 1 of the month) a key has a line of one transaction type on. */
export interface DayMask {
  key: number;
  action: string;
  mask: number;
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

  list(): DayMask[] {
    const out: DayMask[] = [];
    for (let i = 0; i < this.order.length; i += 2) {
      const key = this.order[i]!;
      const action = this.order[i + 1]!;
      out.push({ key, action: this.text(action), mask: this.byAction.get(action)![key]! });
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
