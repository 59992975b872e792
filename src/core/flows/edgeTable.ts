/**
 * The aggregator's index of edges by (source peer number, destination peer number, port key):
 * an open-addressing hash table in one Int32Array. Written by hand because a Map cannot key on
 * three numbers without building a key per flow (a string or a number out of range of small
 * integers), and the nested maps used before (source → destination → chain of ports) cost four
 * to six reads of memory far apart per flow: with tens of thousands of edges every one missed the
 * cache, and the lookup was the hottest line of the per-flow code (sampled profile of the 400 MB
 * many-endpoints export). Here a lookup reads one row of four numbers, as a rule in one cache line.
 * @internal
 */

/** Numbers per row: source, destination, port key, value + 1 (0: empty row). */
const ROW = 4;

export class EdgeTable {
  private rows: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.rows = new Int32Array(cap * ROW);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for the three numbers (each a non-negative int32), or -1. */
  get(src: number, dst: number, pk: number): number {
    const rows = this.rows;
    const mask = this.mask;
    for (let i = slotOf(src, dst, pk) & mask; ; i = (i + 1) & mask) {
      const at = i * ROW;
      const v = rows[at + 3] as number;
      if (v === 0) return -1;
      if (rows[at] === src && rows[at + 1] === dst && rows[at + 2] === pk) return v - 1;
    }
  }

  /** Stores `value` (a non-negative int32 below 2^31 - 1) for three numbers `get` did not find. */
  add(src: number, dst: number, pk: number, value: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    this.put(this.rows, this.mask, src, dst, pk, value + 1);
    this.count++;
  }

  private put(rows: Int32Array, mask: number, src: number, dst: number, pk: number, stored: number): void {
    let i = slotOf(src, dst, pk) & mask;
    while (rows[i * ROW + 3] !== 0) i = (i + 1) & mask;
    const at = i * ROW;
    rows[at] = src;
    rows[at + 1] = dst;
    rows[at + 2] = pk;
    rows[at + 3] = stored;
  }

  private grow(): void {
    const old = this.rows;
    const cap = 2 * (this.mask + 1);
    const rows = new Int32Array(cap * ROW);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += ROW) {
      const stored = old[at + 3] as number;
      if (stored !== 0) this.put(rows, mask, old[at] as number, old[at + 1] as number, old[at + 2] as number, stored);
    }
    this.rows = rows;
    this.mask = mask;
  }
}

/** A hash of three int32s (multiplicative mixing, then the high bits folded in). */
function slotOf(src: number, dst: number, pk: number): number {
  let h = Math.imul(src, 0x9e3779b1) ^ Math.imul(dst + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(pk, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}
