/**
 * The visited-state store: 64-bit fingerprints plus, per state, the index of the state it was first
 * reached from and the step and instance that reached it (what trace reconstruction walks back).
 *
 * Layout, chosen for memory per state and no per-state allocation:
 * - entries are dense and numbered 0, 1, 2, … in insertion order (BFS relies on this: a level's states
 *   occupy a contiguous index range, so the frontier needs no index array). Per entry: both fingerprint
 *   lanes interleaved in one Uint32Array (one cache line for the compare), an Int32Array parent index,
 *   and step and instance in Uint16Arrays (stored +1 so that 0 means "none"): 16 bytes.
 * - the hash table is an Int32Array of `entry index + 1` plus a tag (0 = empty slot), open
 *   addressing with linear probing on the low bits of lane 1 (already well mixed). It doubles before the
 *   load passes `maxLoad`, rehashing from the dense entries, so parent indices never move. At its largest
 *   size (`MAX_TABLE_SLOTS`, or a test's `maxTableBytes`) it fills up to `FULL_LOAD`, then the store
 *   stops the search (`storeLimit`; see `MAX_ENTRIES`).
 * Total: 16 bytes per entry + 4 bytes per slot, about 22–27 bytes per state depending on where the load
 * sits between growths, plus the slack of the entry arrays (they grow by 1.5×).
 */
import { EvaluationStopped } from "../contract/budget.js";
import type { StoreLimits } from "./result.js";

/** Largest step index / instance pid representable (Uint16, stored +1). */
export const MAX_META = 0xfffe;

/**
 * A table slot holds `tag | (index + 1)` (0 = empty): the low bits the entry index + 1, as many as the
 * table's fullest load needs (`indexMasks`), the high bits a tag from lane 2. Probing past an occupied
 * slot of another key costs a cache miss into the entry arrays; the tag skips most of those.
 */

/**
 * Most hash-table slots: the table is one Int32Array, and slot numbers and `index + 1` stay
 * non-negative int32 values (the typed-array length limit, 2^32 elements on Node 20, is not the binding one).
 */
export const MAX_TABLE_SLOTS = 0x7fffffff;
/** Load a table may reach once it cannot grow any more (linear probing is still fast enough at 0.9). */
export const FULL_LOAD = 0.9;
/**
 * Most entries a store holds (about 1.93·10^9): a table of `MAX_TABLE_SLOTS` slots at `FULL_LOAD`.
 * Far past what fits in memory here (13–27 bytes per state is 25–52 GB), and past where 64-bit
 * fingerprints stay trustworthy (a collision is then ~10% likely). Reaching it, or a smaller
 * `StoreLimits` cap, throws `EvaluationStopped("storeLimit")`; see docs/performance.md.
 */
export const MAX_ENTRIES = Math.floor(MAX_TABLE_SLOTS * FULL_LOAD);

/** Index and tag masks for a table holding at most `maxCount` entries: the index + 1 gets the bits it needs, the tag the rest. */
export function indexMasks(maxCount: number): { idxMask: number; tagMask: number } {
  let bits = 1;
  while (2 ** bits <= maxCount + 1) bits++;
  const idxMask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
  return { idxMask, tagMask: ~idxMask };
}

/** The store cannot take one more entry: the search stops with `storeLimit` (see `MAX_ENTRIES`). */
function storeFull(what: string, count: number): EvaluationStopped {
  return new EvaluationStopped("storeLimit", `${what}: store limit reached at ${count} states`);
}

/**
 * `make()`, an allocation; the engine's failure to allocate (memory ran out) stops the search with
 * `maxMemory` instead of escaping as an internal error.
 */
function allocate<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new EvaluationStopped("maxMemory", `${what}: cannot allocate memory to grow the store (${e.message})`);
  }
}

/** Largest table (slots) within `maxTableBytes` of 4-byte slots. */
function maxSlotsFor(limits: StoreLimits): number {
  return Math.max(16, Math.min(MAX_TABLE_SLOTS, Math.floor((limits.maxTableBytes ?? Infinity) / 4)));
}

/** Options for a `FingerprintStore`. */
export interface StoreOptions {
  /** Entries to allocate up front; default 4096 (small models stay small; growth is cheap). */
  readonly initialCapacity?: number;
  /** Table load that triggers doubling; default 0.7 (linear probing degrades quickly above ~0.75). */
  readonly maxLoad?: number;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
}

/** Open-addressing fingerprint set with per-entry parent, step and instance. */
export class FingerprintStore {
  private table: Int32Array;
  private mask: number;
  private threshold: number;
  private tagMask = 0;
  private idxMask = 0;
  private readonly maxLoad: number;
  private readonly maxSlots: number;
  private readonly maxEntries: number;
  private fps: Uint32Array;
  private parents: Int32Array;
  private steps: Uint16Array;
  private insts: Uint16Array;
  private cap: number;
  private count = 0;

  constructor(opts: StoreOptions = {}) {
    this.maxLoad = Math.min(0.9, Math.max(0.25, opts.maxLoad ?? 0.7));
    this.maxEntries = Math.min(MAX_ENTRIES, opts.limits?.maxEntries ?? MAX_ENTRIES);
    // A power of two, for the mask.
    this.maxSlots = 2 ** Math.floor(Math.log2(maxSlotsFor(opts.limits ?? {})));
    this.cap = Math.min(this.maxEntries, Math.max(16, Math.ceil(opts.initialCapacity ?? 4096)));
    let slots = 16;
    while (slots * this.maxLoad < this.cap && slots < this.maxSlots) slots *= 2;
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    this.threshold = this.thresholdFor(slots, this.maxLoad);
    this.setMasks();
    this.fps = new Uint32Array(this.cap * 2);
    this.parents = new Int32Array(this.cap);
    this.steps = new Uint16Array(this.cap);
    this.insts = new Uint16Array(this.cap);
  }

  /** Number of fingerprints stored. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a fingerprint: returns its new index, or -1 when it is already present (nothing changes).
   * `parent` is -1 for an initial state; `step`/`instance` are -1 when not applicable. Throws
   * `EvaluationStopped` (nothing added) when the store cannot grow to hold it.
   */
  insert(h1: number, h2: number, parent: number, step: number, instance: number): number {
    const table = this.table;
    const fps = this.fps;
    const mask = this.mask;
    const tagMask = this.tagMask;
    const tag = h2 & tagMask;
    let slot = h1 & mask;
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) break;
      if ((e & tagMask) === tag) {
        const j = ((e & this.idxMask) - 1) << 1;
        if (fps[j] === h1 >>> 0 && fps[j + 1] === h2 >>> 0) return -1;
      }
      slot = (slot + 1) & mask;
    }
    if (step >= MAX_META || instance >= MAX_META) throw new RangeError(`FingerprintStore: step ${step} / instance ${instance} exceeds ${MAX_META}`);
    if (this.count >= this.threshold) {
      // Grow before adding, so that a growth that fails leaves the store as it was.
      this.makeRoom();
      slot = this.emptySlot(h1);
    }
    const idx = this.count;
    if (idx === this.cap) this.growEntries();
    this.fps[idx << 1] = h1;
    this.fps[(idx << 1) + 1] = h2;
    this.parents[idx] = parent;
    this.steps[idx] = step + 1;
    this.insts[idx] = instance + 1;
    this.table[slot] = (h2 & this.tagMask) | (idx + 1);
    this.count = idx + 1;
    return idx;
  }

  /** Index of a fingerprint, or -1. */
  find(h1: number, h2: number): number {
    const table = this.table;
    const fps = this.fps;
    const mask = this.mask;
    const tag = h2 & this.tagMask;
    let slot = h1 & mask;
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) return -1;
      if ((e & this.tagMask) === tag) {
        const i = (e & this.idxMask) - 1;
        if (fps[i << 1] === h1 >>> 0 && fps[(i << 1) + 1] === h2 >>> 0) return i;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Lane 1 of entry `i`. */
  h1(i: number): number {
    return this.fps[i << 1] as number;
  }

  /** Lane 2 of entry `i`. */
  h2(i: number): number {
    return this.fps[(i << 1) + 1] as number;
  }

  /** Parent index of entry `i` (-1 for an initial state). */
  parent(i: number): number {
    return this.parents[i] as number;
  }

  /** Step index that first reached entry `i` (-1 for an initial state). */
  step(i: number): number {
    return (this.steps[i] as number) - 1;
  }

  /** Instance that first reached entry `i` (-1 for an initial state or an action). */
  instance(i: number): number {
    return (this.insts[i] as number) - 1;
  }

  /** Re-points entry `i` at a new parent (DFS re-exploring a state along a shorter path). */
  setParent(i: number, parent: number, step: number, instance: number): void {
    this.parents[i] = parent;
    this.steps[i] = step + 1;
    this.insts[i] = instance + 1;
  }

  /** Bytes held by the typed arrays (allocated, including the table's empty slots and entry slack). */
  get bytes(): number {
    return this.table.byteLength + this.fps.byteLength + this.parents.byteLength + this.steps.byteLength + this.insts.byteLength;
  }

  /** Number of hash-table slots (for tests of the growth policy). */
  get slots(): number {
    return this.table.length;
  }

  /** Entries a table of `slots` slots takes at `load` (never more than the store's entry cap). */
  private thresholdFor(slots: number, load: number): number {
    return Math.min(this.maxEntries, Math.floor(slots * load));
  }

  private setMasks(): void {
    ({ idxMask: this.idxMask, tagMask: this.tagMask } = indexMasks(this.threshold));
  }

  /**
   * Room for one more entry at the threshold: double the table; at its largest size, let it fill up to
   * FULL_LOAD (rehashed in place, as the index needs more bits); past that, the store limit.
   */
  private makeRoom(): void {
    const slots = this.table.length;
    if (this.count < this.maxEntries && slots * 2 <= this.maxSlots) this.rehash(slots * 2, this.maxLoad);
    else if (this.threshold < this.thresholdFor(slots, FULL_LOAD)) this.rehash(slots, FULL_LOAD);
    else throw storeFull("FingerprintStore", this.count);
  }

  /** The first empty slot on `h1`'s probe chain (the key is known to be absent). */
  private emptySlot(h1: number): number {
    let slot = h1 & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  private growEntries(): void {
    // 1.5× keeps the unused tail (counted in `bytes`) at most a third of the entry arrays.
    const cap = Math.min(this.maxEntries, Math.ceil(this.cap * 1.5));
    const [fps, parents, steps, insts] = allocate(
      "FingerprintStore",
      () => [new Uint32Array(cap * 2), new Int32Array(cap), new Uint16Array(cap), new Uint16Array(cap)] as const,
    );
    fps.set(this.fps);
    parents.set(this.parents);
    steps.set(this.steps);
    insts.set(this.insts);
    this.fps = fps;
    this.parents = parents;
    this.steps = steps;
    this.insts = insts;
    this.cap = cap;
  }

  /** Rebuilds the table with `slots` slots filled up to `load`, from the dense entries. */
  private rehash(slots: number, load: number): void {
    const table = allocate("FingerprintStore", () => new Int32Array(slots));
    this.threshold = this.thresholdFor(slots, load);
    this.setMasks();
    const mask = slots - 1;
    const fps = this.fps;
    const tagMask = this.tagMask;
    for (let i = 0; i < this.count; i++) {
      let slot = (fps[i << 1] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = ((fps[(i << 1) + 1] as number) & tagMask) | (i + 1);
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * The compact visited set used by BFS: about 13–16 bytes per state at 10^7 states (see `bytes`), by
 *
 * - keeping no step/instance per entry: trace replay regenerates each state's successors and picks the
 *   one whose fingerprint is the recorded one (the first in successor order), which is a real
 *   transition whichever step produced it;
 * - compact parent links: BFS expands states in index order, so the parent index of successive entries
 *   never decreases. Each entry stores the difference to the previous entry's parent in one byte
 *   (255 = "escape": the absolute value is in a sorted side list); an absolute checkpoint every 64
 *   entries makes `parent(i)` a walk of at most 63 bytes. Any sequence is representable (a decrease or a
 *   jump ≥ 255 is an escape), monotone ones cost ~1.07 bytes per entry;
 * - sized growth: fingerprints and parent bytes live in fixed-size chunks (no copy, at most one chunk
 *   of slack); the hash table is not a power of two (slot = high bits of lane 1 via multiply-shift) and
 *   grows by 1.3× when its load passes 0.8, so its load stays in 0.61–0.8 (4.9–6.5 bytes per state);
 * - the table slot holds `tag | (index + 1)` where the tag takes every bit the index does not need
 *   (8 bits at 10^7 states), so probing past another key almost never touches the fingerprint chunks;
 * - limits: like `FingerprintStore`, the table grows before an insert would pass its load, fills up to
 *   `FULL_LOAD` once it has `MAX_TABLE_SLOTS` slots, and then throws `EvaluationStopped("storeLimit")`;
 *   an allocation that fails throws `EvaluationStopped("maxMemory")`. Either leaves the store intact.
 *
 * Entries are dense and numbered in insertion order, like `FingerprintStore`.
 */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const CHECKPOINT_BITS = 6;
const ESCAPE = 255;
const TWO32 = 4294967296;

export interface CompactStoreOptions {
  /** Distinct states expected: pre-sizes the table (default small; growth is incremental anyway). */
  readonly expectedStates?: number;
  /** Load that triggers growth (default 0.8). */
  readonly maxLoad?: number;
  /** Table growth factor (default 1.3). */
  readonly growth?: number;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
}

/** Fingerprint set with compact, monotone-friendly parent links (see above). */
export class CompactStore {
  private table: Int32Array;
  private slotCount: number;
  private scale: number;
  private threshold: number;
  private tagMask = 0;
  private idxMask = 0;
  private readonly maxLoad: number;
  private readonly growth: number;
  private readonly maxSlots: number;
  private readonly maxEntries: number;
  private fpChunks: Uint32Array[] = [];
  private deltaChunks: Uint8Array[] = [];
  private checkpoints: Int32Array = new Int32Array(64);
  private escIdx: Int32Array = new Int32Array(64);
  private escVal: Int32Array = new Int32Array(64);
  private escCount = 0;
  private lastParent = -1;
  private count = 0;
  private capacity = 0;

  constructor(opts: CompactStoreOptions = {}) {
    this.maxLoad = Math.min(0.95, Math.max(0.3, opts.maxLoad ?? 0.8));
    this.growth = Math.min(4, Math.max(1.1, opts.growth ?? 1.3));
    this.maxSlots = maxSlotsFor(opts.limits ?? {});
    this.maxEntries = Math.min(MAX_ENTRIES, opts.limits?.maxEntries ?? MAX_ENTRIES);
    const want = Math.max(64, Math.ceil((opts.expectedStates ?? 0) / this.maxLoad) + 1);
    this.slotCount = Math.min(want, this.maxSlots);
    this.table = new Int32Array(this.slotCount);
    this.scale = this.slotCount / TWO32;
    this.threshold = this.thresholdFor(this.slotCount, this.maxLoad);
    this.setMasks();
  }

  get size(): number {
    return this.count;
  }

  get slots(): number {
    return this.slotCount;
  }

  /** Bytes held by the typed arrays (table, fingerprint and parent chunks, checkpoints, escapes). */
  get bytes(): number {
    let b = this.table.byteLength + this.checkpoints.byteLength + this.escIdx.byteLength + this.escVal.byteLength;
    for (const c of this.fpChunks) b += c.byteLength;
    for (const c of this.deltaChunks) b += c.byteLength;
    return b;
  }

  /**
   * Adds a fingerprint: its new index, or -1 when present. `parent` is -1 for an initial state. Throws
   * `EvaluationStopped` (nothing added) when the store cannot grow to hold it.
   */
  insert(h1: number, h2: number, parent: number): number {
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
      // Grow before adding, so that a growth that fails leaves the store as it was.
      this.makeRoom();
      slot = this.emptySlot(u1);
    }
    const idx = this.count;
    if (idx === this.capacity) this.addChunk();
    const off = idx & CHUNK_MASK;
    const c = this.fpChunks[idx >>> CHUNK_BITS] as Uint32Array;
    c[off << 1] = u1;
    c[(off << 1) + 1] = u2;
    this.setParentLink(idx, parent);
    this.table[slot] = (h2 & this.tagMask) | (idx + 1);
    this.count = idx + 1;
    return idx;
  }

  /** Index of a fingerprint, or -1. */
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

  h1(i: number): number {
    return (this.fpChunks[i >>> CHUNK_BITS] as Uint32Array)[(i & CHUNK_MASK) << 1] as number;
  }

  h2(i: number): number {
    return (this.fpChunks[i >>> CHUNK_BITS] as Uint32Array)[((i & CHUNK_MASK) << 1) + 1] as number;
  }

  /** Parent index of entry `i` (-1 for an initial state). */
  parent(i: number): number {
    const start = (i >>> CHECKPOINT_BITS) << CHECKPOINT_BITS;
    let v = this.checkpoints[i >>> CHECKPOINT_BITS] as number;
    for (let j = start + 1; j <= i; j++) {
      const d = (this.deltaChunks[j >>> CHUNK_BITS] as Uint8Array)[j & CHUNK_MASK] as number;
      v = d === ESCAPE ? this.escape(j) : v + d;
    }
    return v;
  }

  /** Number of parent links stored out of line (jumps ≥ 255 or decreases). */
  get escapes(): number {
    return this.escCount;
  }

  private setParentLink(idx: number, parent: number): void {
    if ((idx & ((1 << CHECKPOINT_BITS) - 1)) === 0) {
      const k = idx >>> CHECKPOINT_BITS;
      if (k === this.checkpoints.length) this.checkpoints = grow(this.checkpoints);
      this.checkpoints[k] = parent;
    } else {
      const d = parent - this.lastParent;
      const dc = this.deltaChunks[idx >>> CHUNK_BITS] as Uint8Array;
      if (d >= 0 && d < ESCAPE) dc[idx & CHUNK_MASK] = d;
      else {
        dc[idx & CHUNK_MASK] = ESCAPE;
        if (this.escCount === this.escIdx.length) {
          this.escIdx = grow(this.escIdx);
          this.escVal = grow(this.escVal);
        }
        this.escIdx[this.escCount] = idx;
        this.escVal[this.escCount++] = parent;
      }
    }
    this.lastParent = parent;
  }

  private escape(j: number): number {
    let lo = 0;
    let hi = this.escCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.escIdx[mid] as number;
      if (x === j) return this.escVal[mid] as number;
      if (x < j) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`CompactStore: missing escape for entry ${j}`);
  }

  private addChunk(): void {
    const k = this.capacity >>> CHUNK_BITS;
    const last = this.fpChunks[k];
    // The first chunk grows by doubling (small models stay small), then whole chunks are added.
    if (last !== undefined && last.length < 2 * CHUNK) {
      const len = last.length >>> 1;
      const [fp, dl] = allocate("CompactStore", () => [new Uint32Array(len * 4), new Uint8Array(len * 2)] as const);
      fp.set(last);
      dl.set(this.deltaChunks[k] as Uint8Array);
      this.fpChunks[k] = fp;
      this.deltaChunks[k] = dl;
      this.capacity = k * CHUNK + len * 2;
      return;
    }
    const len = this.capacity === 0 ? 1024 : CHUNK;
    const [fp, dl] = allocate("CompactStore", () => [new Uint32Array(len * 2), new Uint8Array(len)] as const);
    this.fpChunks.push(fp);
    this.deltaChunks.push(dl);
    this.capacity += len;
  }

  /** The index (+1) must fit every entry until the next growth. */
  private setMasks(): void {
    ({ idxMask: this.idxMask, tagMask: this.tagMask } = indexMasks(this.threshold));
  }

  /** Entries a table of `slots` slots takes at `load` (never more than the store's entry cap). */
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
    else throw storeFull("CompactStore", this.count);
  }

  /** The first empty slot on `u1`'s probe chain (the key is known to be absent). */
  private emptySlot(u1: number): number {
    let slot = Math.floor(u1 * this.scale);
    while (this.table[slot] !== 0) if (++slot === this.slotCount) slot = 0;
    return slot;
  }

  /** Rebuilds the table with `n` slots filled up to `load`, from the fingerprint chunks. */
  private rehash(n: number, load: number): void {
    const table = allocate("CompactStore", () => new Int32Array(n));
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

function grow(a: Int32Array): Int32Array {
  const b = allocate("CompactStore", () => new Int32Array(a.length * 2));
  b.set(a);
  return b;
}
