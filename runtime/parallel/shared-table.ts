/**
 * The visited set of the parallel BFS: a lock-free open-addressing table in SharedArrayBuffers that
 * every worker inserts into directly (no per-state messages). Laid out as the sequential
 * `VisitedTable` (runtime/search/visited-table.ts): dense entries plus 4-byte slots.
 *
 * - **Entries** (12 bytes): `h1`, `h2` (the 64-bit fingerprint) and `link`, in segments of `SEG` entries,
 *   numbered in claim order. Each worker claims blocks of entry numbers from a shared counter
 *   (`ENTRIES` in parallel-control.ts), so claiming costs no contended atomic per state; segments are
 *   added (never moved) at the workers' growth points. `link` is 0 while unused, then:
 *   `ord` ≥ 1 while the state's level is being built — `ORD_INIT` (1) for an initial state, q + 2 for a
 *   state first found from the state with *sequence number* q (parallel-order.ts) —, and once the level
 *   is done, -1 for an initial state or -(p + 2) for a state whose parent is entry p. Sequence numbers
 *   order the states as the sequential BFS does, so the ords of the level being built lie above those
 *   of every earlier level and the finished links are negative: `insert` tells a duplicate of the level
 *   being built (link ≥ `lo`) from an older state.
 * - **Slots** (4 bytes): `tag | (entry + 1)`, 0 empty, a power-of-two table probed linearly from the low
 *   bits of h1. The entry number gets the bits the entry capacity needs, lane 2's high bits the rest as a
 *   tag, so probing past another key almost never reads an entry.
 *
 * Insert writes its claimed entry, then publishes it with `compareExchange(slot, 0, tag | entry + 1)`; a
 * worker that loses the slot to another key keeps the entry for its next insert (its link is reset to 0,
 * so a rehash skips it). The parent kept is the state's *first discoverer in sequential order*: the
 * smallest ord, lowered with a compare-and-swap on the link; the worker that lowered it last keeps the
 * state, and at the end of the level writes the parent's entry number in its place. So the parent is the
 * sequential BFS's whatever the number of workers and whichever got there first, and every worker count
 * rebuilds the sequential counterexample by walking the links.
 *
 * Growth (at a barrier, nobody inserting): a new slot table, twice as large or more, rebuilt from the
 * entries (the workers split the entry range), so entry numbers and links never change. The slot table
 * is one Int32Array (at most `MAX_SLOTS` slots); `growTable` stays within that, the memory left under the
 * process's cap, and what the engine actually allocates; when not even a doubling fits, the search stops
 * (`storeLimit` / `maxMemory`).
 */

/** Entries per segment (3 MB). */
export const SEG_BITS = 18;
const SEG = 1 << SEG_BITS;
const SEG_MASK = SEG - 1;
/** Int32 lanes per entry. */
const E_LANES = 3;
/** Bytes per entry. */
export const ENTRY_BYTES = E_LANES * 4;

/** Most slots of a table: a 2 GiB slot table (Node refuses a SharedArrayBuffer much past 4 GiB, issue 18), about 456M states. */
export const MAX_SLOTS = 2 ** 29;

/** The ord of an initial state (it has no parent). */
export const ORD_INIT = 1;
/** Ords stay below this. */
export const MAX_ORD = 0x7fffffff;

/** What `insert` did: added the state, made it the state's parent (a smaller ord), found it on this level, found it older. */
export const INSERTED = 0;
export const LOWERED = 1;
export const SAME_LEVEL = 2;
export const OLDER = 3;

/** The buffers of a table (what workers send each other). */
export interface TableBuffers {
  readonly slots: SharedArrayBuffer;
  readonly segs: readonly SharedArrayBuffer[];
}

/** Slot masks for a table whose entries are numbered below `capacity`: the entry + 1 gets the bits it needs, the tag the rest. */
function masks(capacity: number): { idxMask: number; tagMask: number } {
  let bits = 1;
  while (2 ** bits <= capacity + 1) bits++;
  const idxMask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
  return { idxMask, tagMask: ~idxMask };
}

/** A worker's claimed block of entry numbers [next, end) and the entry it claimed but did not publish. */
export interface EntryBlock {
  next: number;
  end: number;
  pending: number;
}

/** A view of one table (each thread makes its own view of the same buffers). */
export class SharedTable {
  readonly slotArr: Int32Array;
  readonly segs: Int32Array[];
  /** Number of slots (a power of two). */
  readonly slots: number;
  private readonly mask: number;
  private readonly idxMask: number;
  private readonly tagMask: number;
  /** The ord an entry had before the last LOWERED `insert` of this view. */
  prev = 0;
  /** The entry of the last `insert`. */
  at = -1;

  /**
   * `claims` (workers only): the shared claim counter, and the PAUSE word to set when fewer than
   * `margin` entries are left (the workers then add segments); `block`: this worker's claimed block,
   * carried over from the view of the table before a growth.
   */
  constructor(
    readonly buffers: TableBuffers,
    private readonly claims?: { readonly ctrl: Int32Array; readonly counter: number; readonly pause: number; readonly margin: number },
    readonly block: EntryBlock = { next: 0, end: 0, pending: -1 },
  ) {
    this.slotArr = new Int32Array(buffers.slots);
    this.slots = this.slotArr.length;
    if (this.slots & (this.slots - 1)) throw new RangeError("SharedTable: slot count must be a power of two");
    this.mask = this.slots - 1;
    this.segs = buffers.segs.map((b) => new Int32Array(b));
    // The slot words of a table keep their layout while segments are added (no rehash): the entry
    // numbers a table of this size may hold are fixed by its size.
    ({ idxMask: this.idxMask, tagMask: this.tagMask } = masks(SharedTable.entryLimit(this.slots)));
  }

  /** Most entries a table of `slots` slots may number (its states stay below its emergency load, plus unused claims). */
  static entryLimit(slots: number): number {
    return Math.max(slots, SEG);
  }

  /** Entry numbers this table has room for now. */
  get capacity(): number {
    return Math.min(this.segs.length * SEG, SharedTable.entryLimit(this.slots));
  }

  /** Bytes of a table of `slots` slots holding `entries` entries. */
  static bytesFor(slots: number, entries = 0): number {
    return slots * 4 + Math.ceil(entries / SEG) * SEG * ENTRY_BYTES;
  }

  /** The most slots (a power of two, at least 16) whose slot table fits `maxBytes` and `MAX_SLOTS`. */
  static maxSlots(maxBytes = Infinity): number {
    let slots = MAX_SLOTS;
    while (slots > 16 && slots * 4 > maxBytes) slots /= 2;
    return slots;
  }

  /**
   * Buffers of at least `minSlots` slots (a power of two; `old`'s slot table when it is that size) and
   * room for `entries` entries (within `entryLimit`), reusing the segments of `old`. A RangeError when
   * the engine cannot allocate them.
   */
  static buffers(minSlots: number, entries: number, old?: TableBuffers): TableBuffers {
    let slots = 16;
    while (slots < minSlots) slots *= 2;
    if (slots > MAX_SLOTS) throw new RangeError(`SharedTable: ${slots} slots exceed the largest table (${MAX_SLOTS} slots)`);
    const segs = [...(old?.segs ?? [])];
    const want = Math.min(entries, SharedTable.entryLimit(slots));
    while (segs.length * SEG < want) segs.push(new SharedArrayBuffer(SEG * ENTRY_BYTES));
    const same = old !== undefined && old.slots.byteLength === slots * 4;
    return { slots: same ? old.slots : new SharedArrayBuffer(slots * 4), segs };
  }

  get bytes(): number {
    return this.buffers.slots.byteLength + this.segs.length * SEG * ENTRY_BYTES;
  }

  /** Lane 1 of entry `e`. */
  h1(e: number): number {
    return (this.segs[e >>> SEG_BITS] as Int32Array)[(e & SEG_MASK) * E_LANES] as number;
  }

  /** Lane 2 of entry `e`. */
  h2(e: number): number {
    return (this.segs[e >>> SEG_BITS] as Int32Array)[(e & SEG_MASK) * E_LANES + 1] as number;
  }

  /** The link of entry `e` (see above). */
  link(e: number): number {
    return Atomics.load(this.segs[e >>> SEG_BITS] as Int32Array, (e & SEG_MASK) * E_LANES + 2);
  }

  /** Sets the link of entry `e` (its parent's, once its level is done). */
  setLink(e: number, v: number): void {
    Atomics.store(this.segs[e >>> SEG_BITS] as Int32Array, (e & SEG_MASK) * E_LANES + 2, v);
  }

  /** An entry number to write a new state to: the pending one, else the next of this worker's block. */
  private claim(): number {
    const b = this.block;
    if (b.pending >= 0) return b.pending;
    if (b.next === b.end) {
      // Small tables take small blocks, so that every worker's unused block fits the growth margin.
      const size = Math.max(1, Math.min(256, this.slots >>> 8));
      const c = this.claims!;
      const start = Atomics.add(c.ctrl, c.counter, size);
      if (start + size > this.capacity - c.margin) Atomics.store(c.ctrl, c.pause, 1);
      if (start + size > this.capacity) throw new Error("SharedTable: entries full (growth did not keep up)");
      b.next = start;
      b.end = start + size;
    }
    b.pending = b.next++;
    return b.pending;
  }

  /**
   * Inserts fingerprint (h1, h2) reached with ord `ord`; `lo` is the smallest ord of the level being
   * built. Returns INSERTED when this call added it; for an existing entry of this level (link ≥ lo)
   * LOWERED when `ord` was smaller than its ord (the entry now has this ord, and `prev` the ord it had),
   * else SAME_LEVEL; OLDER for an entry of an earlier level. `at` is the entry.
   */
  insert(h1: number, h2: number, ord: number, lo: number): number {
    const t = this.slotArr;
    const mask = this.mask;
    const idxMask = this.idxMask;
    const tag = h2 & this.tagMask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = k1 & mask;
    for (let probes = 0; ; probes++) {
      let v = Atomics.load(t, i);
      if (v === 0) {
        const e = this.claim();
        const seg = this.segs[e >>> SEG_BITS] as Int32Array;
        const o = (e & SEG_MASK) * E_LANES;
        seg[o] = k1;
        seg[o + 1] = k2;
        seg[o + 2] = ord;
        v = Atomics.compareExchange(t, i, 0, tag | (e + 1));
        if (v === 0) {
          this.block.pending = -1;
          this.at = e;
          return INSERTED;
        }
        // Another key took the slot: the entry stays this worker's for its next insert, skipped by rehashes meanwhile.
        seg[o + 2] = 0;
      }
      if ((v & ~idxMask) === tag) {
        const e = (v & idxMask) - 1;
        const seg = this.segs[e >>> SEG_BITS] as Int32Array;
        const o = (e & SEG_MASK) * E_LANES;
        if (seg[o] === k1 && seg[o + 1] === k2) {
          this.at = e;
          return this.lower(seg, o + 2, ord, lo);
        }
      }
      if (probes > mask) throw new Error("SharedTable: full (growth did not keep up)");
      i = (i + 1) & mask;
    }
  }

  /** Gives the entry whose link is at `seg[o]` ord `ord` when it is of this level and `ord` is smaller than its own. */
  private lower(seg: Int32Array, o: number, ord: number, lo: number): number {
    for (;;) {
      const v = Atomics.load(seg, o);
      if (v < lo) return OLDER;
      if (ord >= v) return SAME_LEVEL;
      if (Atomics.compareExchange(seg, o, v, ord) === v) {
        this.prev = v;
        return LOWERED;
      }
    }
  }

  /** Entry of fingerprint (h1, h2), or -1. */
  find(h1: number, h2: number): number {
    const t = this.slotArr;
    const mask = this.mask;
    const tag = h2 & this.tagMask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = k1 & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const v = Atomics.load(t, i);
      if (v === 0) return -1;
      if ((v & ~this.idxMask) === tag) {
        const e = (v & this.idxMask) - 1;
        if (this.h1(e) === k1 && this.h2(e) === k2) return e;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  /**
   * Whether (h1, h2) is a state of a finished level, given `lo`, the smallest ord of the level being
   * built: its link is negative once its level is done (ords of earlier levels, left on states never
   * kept, are below `lo` too), while a state of the level being built holds an ord ≥ `lo` whoever
   * inserted it. So the answer does not depend on the inserts of the level being built (parallel-por.ts).
   */
  finished(h1: number, h2: number, lo: number): boolean {
    const e = this.find(h1, h2);
    return e >= 0 && this.link(e) < lo;
  }

  /**
   * Puts the used entries among [from, to) into this table's slots (growth: workers rebuild disjoint
   * ranges in parallel while nothing else inserts).
   */
  rehash(from: number, to: number): void {
    const t = this.slotArr;
    const mask = this.mask;
    const tagMask = this.tagMask;
    for (let e = from; e < to; e++) {
      const seg = this.segs[e >>> SEG_BITS] as Int32Array;
      const o = (e & SEG_MASK) * E_LANES;
      if (seg[o + 2] === 0) continue;
      let i = (seg[o] as number) & mask;
      const word = ((seg[o + 1] as number) & tagMask) | (e + 1);
      while (t[i] !== 0 || Atomics.compareExchange(t, i, 0, word) !== 0) i = (i + 1) & mask;
    }
  }
}

/** What `growTable` did: new buffers (an empty slot table), or the limit that left no room for them. */
export type Growth = { readonly buffers: TableBuffers } | { readonly limit: "storeLimit" | "maxMemory" };

/** How a table grows (parallel-worker.ts): see `growTable`. */
export interface GrowthPolicy {
  /** Growth factor of the slot table. */
  readonly factor: number;
  /** Load the new slot table may have with `needed` entries. */
  readonly maxLoad: number;
  /** Largest table (slots and entries, bytes); smaller in tests. */
  readonly maxBytes: number;
  /** Memory left under the process's cap (Infinity without one). */
  readonly freeBytes: number;
}

/**
 * A table bigger than `old` with room for `needed` entries (`entries`: room for the entries the workers may
 * claim before the next growth): `factor`× or more, but never past `maxBytes` (then `storeLimit`) nor
 * `freeBytes` (then `maxMemory`): the largest power of two within both, down to twice `old`. An
 * allocation the engine refuses is retried at half the size. When not even a doubling fits, the limit
 * that prevented it; the caller keeps `old` (it still has room until its emergency load).
 */
export function growTable(old: SharedTable, needed: number, entries: number, p: GrowthPolicy): Growth {
  let slots = old.slots * p.factor;
  while (needed > slots * p.maxLoad) slots *= 2;
  let limit: "storeLimit" | "maxMemory" = "storeLimit";
  const bytes = (s: number): number => SharedTable.bytesFor(s, Math.max(old.segs.length * SEG, Math.min(entries, SharedTable.entryLimit(s))));
  const added = (s: number): number => bytes(s) - old.bytes;
  while (slots > old.slots && (slots > MAX_SLOTS || bytes(slots) > p.maxBytes)) slots /= 2;
  while (slots > old.slots && added(slots) > p.freeBytes) {
    slots /= 2;
    limit = "maxMemory";
  }
  for (; slots > old.slots; slots /= 2) {
    try {
      return { buffers: SharedTable.buffers(slots, entries, old.buffers) };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      limit = "maxMemory";
    }
  }
  return { limit };
}
