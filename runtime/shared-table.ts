/**
 * The visited set of the parallel BFS: a lock-free open-addressing table in a SharedArrayBuffer that
 * every worker inserts into directly (no per-state messages).
 *
 * A slot is five Int32 lanes (20 bytes): `level`, `h1`, `h2` (the 64-bit fingerprint) and `p1`, `p2`
 * (the fingerprint of the state's parent). The level lane doubles as the slot's state word:
 *   0 empty · -1 reserved (an insert is writing the other lanes) · L ≥ 1 published, the BFS level
 *   (an initial state is level 1) · L | LOCK while a worker lowers the parent.
 * Insert claims an empty slot with `compareExchange(level, 0, -1)`, writes the lanes, then publishes
 * with `Atomics.store(level, L)`; a reader that meets a reserved slot spins until it is published (a
 * few stores later). Fingerprints are stored as computed: the state word, not h1, marks occupancy, so
 * there is no reserved fingerprint value and traces replay with the ordinary fingerprints.
 *
 * Parents are fingerprints, not slot or entry numbers, so growing the table (rehashing into a bigger
 * buffer) keeps every parent link valid, and the trace is walked by lookups. The parent kept is the
 * *smallest* fingerprint among the state's predecessors on the previous level (a duplicate found on the
 * level being built lowers it under the LOCK bit). That choice does not depend on which worker got there
 * first, so 1 and n workers rebuild the same counterexample.
 */

/** Int32 lanes per slot. */
export const LANES = 5;
const RESERVED = -1;
/** Set on the level lane while the parent lanes are being lowered. */
const LOCK = 0x40000000;
const LEVEL_MASK = 0x3fffffff;

/** Returned by `insert` for a new entry (an existing entry returns its level, ≥ 1). */
export const INSERTED = 0;

/** (a1, a2) < (b1, b2), both lanes unsigned. */
function less(a1: number, a2: number, b1: number, b2: number): boolean {
  const x = a1 >>> 0;
  const y = b1 >>> 0;
  return x < y || (x === y && a2 >>> 0 < b2 >>> 0);
}

/** A view of one shared table buffer (each thread makes its own view of the same SharedArrayBuffer). */
export class SharedTable {
  readonly lanes: Int32Array;
  /** Number of slots (a power of two). */
  readonly slots: number;
  private readonly mask: number;

  constructor(readonly sab: SharedArrayBuffer) {
    this.lanes = new Int32Array(sab);
    this.slots = this.lanes.length / LANES;
    if (!Number.isInteger(this.slots) || (this.slots & (this.slots - 1)) !== 0) throw new RangeError("SharedTable: slot count must be a power of two");
    this.mask = this.slots - 1;
  }

  /** Bytes of a table of at least `minSlots` slots. */
  static bytesFor(minSlots: number): number {
    let slots = 16;
    while (slots < minSlots) slots *= 2;
    return slots * LANES * 4;
  }

  /** A new empty table of at least `minSlots` slots (rounded up to a power of two). */
  static create(minSlots: number): SharedTable {
    let slots = 16;
    while (slots < minSlots) slots *= 2;
    if (slots * LANES * 4 > 2 ** 32) throw new RangeError(`SharedTable: ${slots} slots exceed the buffer size limit`);
    return new SharedTable(new SharedArrayBuffer(slots * LANES * 4));
  }

  get bytes(): number {
    return this.sab.byteLength;
  }

  /**
   * Inserts fingerprint (h1, h2) found on `level` from parent (p1, p2). Returns INSERTED when this call
   * added it, else the level of the existing entry; an existing entry of the same level gets the smaller
   * of the two parents.
   */
  insert(h1: number, h2: number, level: number, p1: number, p2: number): number {
    const t = this.lanes;
    const mask = this.mask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = k1 & mask;
    for (let probes = 0; ; probes++) {
      const o = i * LANES;
      let v = Atomics.load(t, o);
      if (v === 0) {
        v = Atomics.compareExchange(t, o, 0, RESERVED);
        if (v === 0) {
          t[o + 1] = k1;
          t[o + 2] = k2;
          t[o + 3] = p1;
          t[o + 4] = p2;
          Atomics.store(t, o, level);
          return INSERTED;
        }
      }
      while (v === RESERVED) v = Atomics.load(t, o);
      if (t[o + 1] === k1 && t[o + 2] === k2) {
        const lv = v & LEVEL_MASK;
        if (lv === level) this.lowerParent(o, p1, p2);
        return lv;
      }
      if (probes > mask) throw new Error("SharedTable: full (growth did not keep up)");
      i = (i + 1) & mask;
    }
  }

  /** Replaces the parent of the entry at lane offset `o` by (p1, p2) when that is smaller. */
  private lowerParent(o: number, p1: number, p2: number): void {
    const t = this.lanes;
    for (;;) {
      const v = Atomics.load(t, o);
      if ((v & LOCK) !== 0) continue;
      if (!less(p1, p2, t[o + 3] as number, t[o + 4] as number)) return;
      if (Atomics.compareExchange(t, o, v, v | LOCK) !== v) continue;
      // Re-read under the lock: another worker may have lowered it since.
      if (less(p1, p2, t[o + 3] as number, t[o + 4] as number)) {
        t[o + 3] = p1;
        t[o + 4] = p2;
      }
      Atomics.store(t, o, v);
      return;
    }
  }

  /** Lane offset of fingerprint (h1, h2), or -1. Only while no insert runs (after the search). */
  find(h1: number, h2: number): number {
    const t = this.lanes;
    const mask = this.mask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = k1 & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const o = i * LANES;
      if (t[o] === 0) return -1;
      if (t[o + 1] === k1 && t[o + 2] === k2) return o;
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Level of the entry at lane offset `o`. */
  level(o: number): number {
    return (this.lanes[o] as number) & LEVEL_MASK;
  }

  /** Parent fingerprint of the entry at lane offset `o`. */
  parent(o: number): readonly [number, number] {
    return [(this.lanes[o + 3] as number) >>> 0, (this.lanes[o + 4] as number) >>> 0];
  }

  /**
   * Copies the published entries of slots [from, to) into `into` (growth; workers copy disjoint ranges
   * in parallel while nothing else inserts).
   */
  copyRange(into: SharedTable, from: number, to: number): void {
    const t = this.lanes;
    const u = into.lanes;
    const mask = into.mask;
    for (let s = from; s < to; s++) {
      const o = s * LANES;
      const v = t[o] as number;
      if (v <= 0) continue;
      let i = (t[o + 1] as number) & mask;
      for (;;) {
        const q = i * LANES;
        if (u[q] === 0 && Atomics.compareExchange(u, q, 0, RESERVED) === 0) {
          u[q + 1] = t[o + 1] as number;
          u[q + 2] = t[o + 2] as number;
          u[q + 3] = t[o + 3] as number;
          u[q + 4] = t[o + 4] as number;
          Atomics.store(u, q, v & ~LOCK);
          break;
        }
        i = (i + 1) & mask;
      }
    }
  }
}
