/**
 * The visited set of the parallel BFS: a lock-free open-addressing table in a SharedArrayBuffer that
 * every worker inserts into directly (no per-state messages).
 *
 * A slot is five Int32 lanes (20 bytes): `ord`, `h1`, `h2` (the 64-bit fingerprint) and `p1`, `p2`
 * (the fingerprint of the state's parent). The ord lane doubles as the slot's state word:
 *   0 empty · -1 reserved (an insert is writing the other lanes) · `ORD_INIT` (1) an initial state ·
 *   q + 2 a state whose parent has *sequence number* q · ord | LOCK while a worker lowers the parent.
 * Sequence numbers order the states of the whole search as the sequential BFS does (level by level,
 * each level in discovery order; parallel-order.ts), so the ords of one level's states lie above those
 * of every earlier level: `insert` tells a duplicate of the level being built (ord ≥ `lo`) from an older state.
 * Insert claims an empty slot with `compareExchange(ord, 0, -1)`, writes the lanes, then publishes
 * with `Atomics.store(ord, q + 2)`; a reader that meets a reserved slot spins until it is published (a
 * few stores later). Fingerprints are stored as computed: the state word, not h1, marks occupancy, so
 * there is no reserved fingerprint value and traces replay with the ordinary fingerprints.
 *
 * The parent kept is the state's *first discoverer in sequential order*: the predecessor with the
 * smallest sequence number (a duplicate found on the level being built from a smaller one lowers the
 * ord and the parent lanes together, under the LOCK bit). That is the sequential BFS's parent, whatever
 * the number of workers and whichever got there first, so every worker count rebuilds the sequential
 * counterexample. Parents are fingerprints, not slot numbers, so growing the table (rehashing into a
 * bigger buffer) keeps every parent link valid, and the trace is walked by lookups.
 *
 * Size: the lanes are one Int32Array, and V8 caps a typed array at 2^32 elements, so a table has at most
 * `MAX_SLOTS` = 2^29 slots (10.7 GB, about 456M states at the load that triggers growth). `growTable`
 * stays within that, within the memory left under the process's cap, and within what the engine
 * actually allocates; when not even a doubling fits, the search stops (`storeLimit` / `maxMemory`).
 * Sequence numbers stay below `MAX_ORD` (2^30, beyond the largest table's states).
 */

/** Int32 lanes per slot. */
export const LANES = 5;
const RESERVED = -1;
/** Set on the ord lane while the parent lanes are being lowered. */
const LOCK = 0x40000000;
const ORD_MASK = 0x3fffffff;
/** The ord of an initial state (it has no parent). */
export const ORD_INIT = 1;
/** Ords stay below this (the LOCK bit is above). */
export const MAX_ORD = LOCK;

/** Most slots of a table: the largest power of two whose lanes fit one typed array (2^32 elements). */
export const MAX_SLOTS = 2 ** 29;

/** What `insert` did: added the state, made it the state's parent (a smaller ord), found it on this level, found it older. */
export const INSERTED = 0;
export const LOWERED = 1;
export const SAME_LEVEL = 2;
export const OLDER = 3;

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

  /** Bytes of a table of `slots` slots. */
  static bytesFor(slots: number): number {
    return slots * LANES * 4;
  }

  /** The most slots (a power of two, at least 16) of a table within `maxBytes` and `MAX_SLOTS`. */
  static maxSlots(maxBytes = Infinity): number {
    let slots = MAX_SLOTS;
    while (slots > 16 && SharedTable.bytesFor(slots) > maxBytes) slots /= 2;
    return slots;
  }

  /**
   * A new empty table of at least `minSlots` slots (rounded up to a power of two). A RangeError when
   * the engine cannot allocate it (or it would pass `MAX_SLOTS`).
   */
  static create(minSlots: number): SharedTable {
    let slots = 16;
    while (slots < minSlots) slots *= 2;
    if (slots > MAX_SLOTS) throw new RangeError(`SharedTable: ${slots} slots exceed the largest table (${MAX_SLOTS} slots)`);
    return new SharedTable(new SharedArrayBuffer(SharedTable.bytesFor(slots)));
  }

  get bytes(): number {
    return this.sab.byteLength;
  }

  /**
   * Inserts fingerprint (h1, h2) reached with ord `ord` from parent (p1, p2); `lo` is the smallest ord of
   * the level being built. Returns INSERTED when this call added it; for an existing entry of this level
   * (ord ≥ lo) LOWERED when `ord` was smaller than its ord (the entry now has this ord and parent, and
   * `prev` the ord it had), else SAME_LEVEL; OLDER for an entry of an earlier level.
   */
  insert(h1: number, h2: number, ord: number, lo: number, p1: number, p2: number): number {
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
          Atomics.store(t, o, ord);
          return INSERTED;
        }
      }
      while (v === RESERVED) v = Atomics.load(t, o);
      if (t[o + 1] === k1 && t[o + 2] === k2) {
        if ((v & ORD_MASK) < lo) return OLDER;
        return this.lower(o, ord, p1, p2);
      }
      if (probes > mask) throw new Error("SharedTable: full (growth did not keep up)");
      i = (i + 1) & mask;
    }
  }

  /** The ord an entry had before the last LOWERED `insert` of this view. */
  prev = 0;

  /** Gives the entry at lane offset `o` ord `ord` and parent (p1, p2) when `ord` is smaller than its own. */
  private lower(o: number, ord: number, p1: number, p2: number): number {
    const t = this.lanes;
    for (;;) {
      const v = Atomics.load(t, o);
      if ((v & LOCK) !== 0) continue;
      if (ord >= v) return SAME_LEVEL;
      // The new ord is set with the lock, so a concurrent lowerer compares against it once unlocked.
      if (Atomics.compareExchange(t, o, v, ord | LOCK) !== v) continue;
      t[o + 3] = p1;
      t[o + 4] = p2;
      Atomics.store(t, o, ord);
      this.prev = v;
      return LOWERED;
    }
  }

  /** Lane offset of fingerprint (h1, h2), or -1. Safe while other workers insert (it waits out a reserved slot). */
  find(h1: number, h2: number): number {
    const t = this.lanes;
    const mask = this.mask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = k1 & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const o = i * LANES;
      let v = Atomics.load(t, o);
      if (v === 0) return -1;
      while (v === RESERVED) v = Atomics.load(t, o);
      if (t[o + 1] === k1 && t[o + 2] === k2) return o;
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Ord of the entry at lane offset `o` (`ORD_INIT` for an initial state, else its parent's sequence number + 2). */
  ord(o: number): number {
    return Atomics.load(this.lanes, o) & ORD_MASK;
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

/** What `growTable` did: a new (empty) table, or the limit that left no room for one. */
export type Growth = { readonly table: SharedTable } | { readonly limit: "storeLimit" | "maxMemory" };

/** How a table grows (parallel-worker.ts): see `growTable`. */
export interface GrowthPolicy {
  /** Preferred growth factor (fewer, dearer copies than doubling). */
  readonly factor: number;
  /** Load the new table may have with `needed` entries. */
  readonly maxLoad: number;
  /** Largest table buffer (`MAX_SLOTS`' bytes, or smaller in tests). */
  readonly maxBytes: number;
  /** Memory left under the process's cap (Infinity without one). */
  readonly freeBytes: number;
}

/**
 * A table bigger than `old` with room for `needed` entries: `factor`× or more, but never past `maxBytes`
 * (then `storeLimit`) nor `freeBytes` (then `maxMemory`): the largest power of two within both, down to
 * twice `old`. An allocation the engine refuses is retried at half the size. When not even a doubling
 * fits, the limit that prevented it; the caller keeps `old` (it still has room until its emergency load).
 */
export function growTable(old: SharedTable, needed: number, p: GrowthPolicy): Growth {
  let slots = old.slots * p.factor;
  while (needed > slots * p.maxLoad) slots *= 2;
  let limit: "storeLimit" | "maxMemory" = "storeLimit";
  const largest = Math.min(slots, SharedTable.maxSlots(p.maxBytes));
  if (largest < slots) slots = largest;
  while (slots > old.slots && SharedTable.bytesFor(slots) > p.freeBytes) {
    slots /= 2;
    limit = "maxMemory";
  }
  for (; slots > old.slots; slots /= 2) {
    try {
      return { table: SharedTable.create(slots) };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      limit = "maxMemory";
    }
  }
  return { limit };
}
