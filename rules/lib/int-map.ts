/**
 * Maps and sets of non-negative 31-bit integers (hashes), sized once for a known number of keys:
 * open addressing over typed arrays. The readers of duplicate-instruction look words up in them a
 * few times faster than in a `Set`, and grouping the units of a large prompt by hash allocates two
 * arrays instead of a growing `Map` and an array per key.
 */
export class IntMap {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  /** `slotsPerKey`: table slots per expected key (more slots, shorter probes). */
  constructor(maxKeys: number, slotsPerKey = 2) {
    let bits = 4;
    while (1 << bits < maxKeys * slotsPerKey) bits++;
    this.keys = new Int32Array(1 << bits).fill(-1);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; keys[i] !== -1; i = (i + 1) & this.mask) if (keys[i] === key) return this.values[i]!;
    return -1;
  }

  has(key: number): boolean {
    const keys = this.keys;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; keys[i] !== -1; i = (i + 1) & this.mask) if (keys[i] === key) return true;
    return false;
  }

  /** Sets `key` (which must not be present yet: callers add each key once). */
  add(key: number, value: number): void {
    const keys = this.keys;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (keys[i] !== -1) i = (i + 1) & this.mask;
    keys[i] = key;
    this.values[i] = value;
  }
}

/** A fixed set of integers: an `IntMap` a quarter full, asked with `has`. */
export function intSet(values: Iterable<number>): IntMap {
  const list = [...new Set(values)];
  const set = new IntMap(list.length, 4);
  for (const v of list) set.add(v, 0);
  return set;
}
