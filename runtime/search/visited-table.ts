/**
 * The one open-addressing fingerprint table behind every sequential store (`FingerprintStore`,
 * `CompactStore`): dense entries numbered 0, 1, 2, … in insertion order, their 64-bit fingerprints in
 * fixed-size chunks, and a hash table of 4-byte slots. The stores add what they keep per entry (the
 * parent link and, for DFS, step and instance) as their own columns indexed by the entry number.
 *
 * - A slot holds `tag | (index + 1)` (0 = empty): the index + 1 in the low bits (as many as the fullest
 *   load before the next growth needs, `indexMasks`), lane 2's bits in the rest as a tag, so probing past
 *   another key almost never reads the fingerprint chunks; a hit reads them once to confirm.
 * - The home slot is the high bits of lane 1 (multiply-shift), so the table need not be a power of two:
 *   it grows by `growth` (1.3 for BFS, whose load then stays in 0.61–0.8; 2 for DFS) when an insert
 *   would pass `maxLoad`, rehashing from the chunks, so entry numbers never move.
 * - Limits: at its largest size (`MAX_TABLE_SLOTS`, or a test's `maxTableBytes`) the table fills up to
 *   `FULL_LOAD`, then throws `EvaluationStopped("storeLimit")`; an allocation the engine refuses throws
 *   `EvaluationStopped("maxMemory")`. Either leaves the table as it was.
 * - Fingerprint chunks: the first doubles from 1024 entries up to 2·CHUNK (small models stay small),
 *   then whole chunks are added (no copy, at most one chunk of slack).
 */
import { EvaluationStopped } from "../contract/budget.js";
import type { StoreLimits } from "./result.js";

/**
 * Most hash-table slots: the table is one Int32Array, and slot numbers and `index + 1` stay
 * non-negative int32 values (the typed-array length limit, 2^32 elements on Node 20, is not the binding one).
 */
export const MAX_TABLE_SLOTS = 0x7fffffff;
/** Load a table may reach once it cannot grow any more (linear probing is still fast enough at 0.9). */
export const FULL_LOAD = 0.9;
/**
 * Most entries a table holds (about 1.93·10^9): `MAX_TABLE_SLOTS` slots at `FULL_LOAD`. Far past what
 * fits in memory here (13–27 bytes per state is 25–52 GB), and past where 64-bit fingerprints stay
 * trustworthy (a collision is then ~10% likely). See docs/performance.md.
 */
export const MAX_ENTRIES = Math.floor(MAX_TABLE_SLOTS * FULL_LOAD);

/** Index and tag masks for a table holding at most `maxCount` entries: the index + 1 gets the bits it needs, the tag the rest. */
export function indexMasks(maxCount: number): { idxMask: number; tagMask: number } {
  let bits = 1;
  while (2 ** bits <= maxCount + 1) bits++;
  const idxMask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
  return { idxMask, tagMask: ~idxMask };
}

/**
 * `make()`, an allocation; the engine's failure to allocate (memory ran out) stops the search with
 * `maxMemory` instead of escaping as an internal error.
 */
export function allocate<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new EvaluationStopped("maxMemory", `${what}: cannot allocate memory to grow the store (${e.message})`);
  }
}

const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const TWO32 = 4294967296;

/** How a `VisitedTable` is sized and grows. */
export interface VisitedTableOptions {
  /** Named in limit messages (the store that owns the table). */
  readonly what: string;
  /** Slots to start with (rounded up to a power of two with `powerOfTwo`); at least 16. */
  readonly initialSlots: number;
  /** Load that triggers growth. */
  readonly maxLoad: number;
  /** Growth factor of the table. */
  readonly growth: number;
  /** Keep the slot count a power of two (DFS's doubling table; its tests count slots so). */
  readonly powerOfTwo?: boolean;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
}

/** Open-addressing set of 64-bit fingerprints with dense entry numbers (see above). */
export class VisitedTable {
  private table: Int32Array;
  private slotCount: number;
  private scale: number;
  private threshold: number;
  private tagMask = 0;
  private idxMask = 0;
  private readonly what: string;
  private readonly maxLoad: number;
  private readonly growth: number;
  private readonly maxSlots: number;
  private readonly maxEntries: number;
  private fpChunks: Uint32Array[] = [];
  private count = 0;
  private capacity = 0;

  constructor(opts: VisitedTableOptions) {
    this.what = opts.what;
    this.maxLoad = opts.maxLoad;
    this.growth = opts.growth;
    const limits = opts.limits ?? {};
    let maxSlots = Math.max(16, Math.min(MAX_TABLE_SLOTS, Math.floor((limits.maxTableBytes ?? Infinity) / 4)));
    if (opts.powerOfTwo === true) maxSlots = 2 ** Math.floor(Math.log2(maxSlots));
    this.maxSlots = maxSlots;
    this.maxEntries = Math.min(MAX_ENTRIES, limits.maxEntries ?? MAX_ENTRIES);
    let slots = Math.max(16, Math.ceil(opts.initialSlots));
    if (opts.powerOfTwo === true) slots = 2 ** Math.ceil(Math.log2(slots));
    this.slotCount = Math.min(slots, this.maxSlots);
    this.table = new Int32Array(this.slotCount);
    this.scale = this.slotCount / TWO32;
    this.threshold = this.thresholdFor(this.slotCount, this.maxLoad);
    this.setMasks();
  }

  /** Entries stored. */
  get size(): number {
    return this.count;
  }

  /** Hash-table slots (for tests of the growth policy). */
  get slots(): number {
    return this.slotCount;
  }

  /** Bytes held by the table and the fingerprint chunks. */
  get bytes(): number {
    let b = this.table.byteLength;
    for (const c of this.fpChunks) b += c.byteLength;
    return b;
  }

  /** Entry capacity of the fingerprint chunks (the stores size their own columns to it). */
  get entryCapacity(): number {
    return this.capacity;
  }

  /**
   * Adds fingerprint (h1, h2) as entry `size`: returns that index, or -1 when it is present (nothing
   * changes). Throws `EvaluationStopped` (nothing added) when the table cannot grow to hold it.
   */
  insert(h1: number, h2: number): number {
    const table = this.table;
    const n = this.slotCount;
    const tagMask = this.tagMask;
    const idxMask = this.idxMask;
    const u1 = h1 >>> 0;
    const u2 = h2 >>> 0;
    const tag = h2 & tagMask;
    let slot = Math.floor(u1 * this.scale);
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) break;
      if ((e & tagMask) === tag) {
        const i = (e & idxMask) - 1;
        const c = this.fpChunks[i >>> CHUNK_BITS] as Uint32Array;
        const j = (i & CHUNK_MASK) << 1;
        if (c[j] === u1 && c[j + 1] === u2) return -1;
      }
      if (++slot === n) slot = 0;
    }
    if (this.count >= this.threshold) {
      // Grow before adding, so that a growth that fails leaves the table as it was.
      this.makeRoom();
      slot = this.emptySlot(u1);
    }
    const idx = this.count;
    if (idx === this.capacity) this.addChunk();
    const c = this.fpChunks[idx >>> CHUNK_BITS] as Uint32Array;
    const off = (idx & CHUNK_MASK) << 1;
    c[off] = u1;
    c[off + 1] = u2;
    this.table[slot] = (h2 & this.tagMask) | (idx + 1);
    this.count = idx + 1;
    return idx;
  }

  /** Index of fingerprint (h1, h2), or -1. */
  find(h1: number, h2: number): number {
    const table = this.table;
    const n = this.slotCount;
    const u1 = h1 >>> 0;
    const u2 = h2 >>> 0;
    const tag = h2 & this.tagMask;
    let slot = Math.floor(u1 * this.scale);
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) return -1;
      if ((e & this.tagMask) === tag) {
        const i = (e & this.idxMask) - 1;
        const c = this.fpChunks[i >>> CHUNK_BITS] as Uint32Array;
        const j = (i & CHUNK_MASK) << 1;
        if (c[j] === u1 && c[j + 1] === u2) return i;
      }
      if (++slot === n) slot = 0;
    }
  }

  /** Lane 1 of entry `i`. */
  h1(i: number): number {
    return (this.fpChunks[i >>> CHUNK_BITS] as Uint32Array)[(i & CHUNK_MASK) << 1] as number;
  }

  /** Lane 2 of entry `i`. */
  h2(i: number): number {
    return (this.fpChunks[i >>> CHUNK_BITS] as Uint32Array)[((i & CHUNK_MASK) << 1) + 1] as number;
  }

  private addChunk(): void {
    const k = this.capacity >>> CHUNK_BITS;
    const last = this.fpChunks[k];
    if (last !== undefined && last.length < 2 * CHUNK) {
      const len = last.length >>> 1;
      const fp = allocate(this.what, () => new Uint32Array(len * 4));
      fp.set(last);
      this.fpChunks[k] = fp;
      this.capacity = k * CHUNK + len * 2;
      return;
    }
    const len = this.capacity === 0 ? 1024 : CHUNK;
    this.fpChunks.push(allocate(this.what, () => new Uint32Array(len * 2)));
    this.capacity += len;
  }

  /** The index (+1) must fit every entry until the next growth. */
  private setMasks(): void {
    ({ idxMask: this.idxMask, tagMask: this.tagMask } = indexMasks(this.threshold));
  }

  /** Entries a table of `slots` slots takes at `load` (never more than the entry cap). */
  private thresholdFor(slots: number, load: number): number {
    return Math.min(this.maxEntries, Math.floor(slots * load));
  }

  /**
   * Room for one more entry at the threshold: grow the table by `growth`; at its largest size, let it
   * fill up to FULL_LOAD (rehashed in place, as the index needs more bits); past that, the store limit.
   */
  private makeRoom(): void {
    const n = Math.min(this.maxSlots, Math.ceil(this.slotCount * this.growth));
    if (this.count < this.maxEntries && this.thresholdFor(n, this.maxLoad) > this.count) this.rehash(n, this.maxLoad);
    else if (this.threshold < this.thresholdFor(this.slotCount, FULL_LOAD)) this.rehash(this.slotCount, FULL_LOAD);
    else throw new EvaluationStopped("storeLimit", `${this.what}: store limit reached at ${this.count} states`);
  }

  /** The first empty slot on `u1`'s probe chain (the key is known to be absent). */
  private emptySlot(u1: number): number {
    let slot = Math.floor(u1 * this.scale);
    while (this.table[slot] !== 0) if (++slot === this.slotCount) slot = 0;
    return slot;
  }

  /** Rebuilds the table with `n` slots filled up to `load`, from the fingerprint chunks. */
  private rehash(n: number, load: number): void {
    const table = allocate(this.what, () => new Int32Array(n));
    this.slotCount = n;
    this.scale = n / TWO32;
    this.threshold = this.thresholdFor(n, load);
    this.setMasks();
    const scale = this.scale;
    const tagMask = this.tagMask;
    for (let i = 0; i < this.count; i++) {
      const c = this.fpChunks[i >>> CHUNK_BITS] as Uint32Array;
      const j = (i & CHUNK_MASK) << 1;
      let slot = Math.floor((c[j] as number) * scale);
      while (table[slot] !== 0) if (++slot === n) slot = 0;
      table[slot] = ((c[j + 1] as number) & tagMask) | (i + 1);
    }
    this.table = table;
  }
}
