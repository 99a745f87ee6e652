/**
 * A map from non-negative 31-bit integers (hashes) to non-negative integers (indices), sized once
 * for a known number of keys: open addressing over two typed arrays, so that grouping the units of
 * a large prompt by hash allocates two arrays instead of a growing Map and an array per key.
 */
export class IntMap {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(maxKeys: number) {
    let bits = 4;
    while (1 << bits < maxKeys * 2) bits++;
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

  /** Sets `key` (which must not be present yet: callers add each key once). */
  add(key: number, value: number): void {
    const keys = this.keys;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (keys[i] !== -1) i = (i + 1) & this.mask;
    keys[i] = key;
    this.values[i] = value;
  }
}
