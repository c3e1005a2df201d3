/**
 * The visited-state store: 64-bit fingerprints plus, per state, the index of the state it was first
 * reached from and the step and instance that reached it (what trace reconstruction walks back).
 *
 * Layout, chosen for memory per state and no per-state allocation:
 * - entries are dense and numbered 0, 1, 2, … in insertion order (BFS relies on this: a level's states
 *   occupy a contiguous index range, so the frontier needs no index array). Per entry: both fingerprint
 *   lanes interleaved in one Uint32Array (one cache line for the compare), an Int32Array parent index,
 *   and step and instance in Uint16Arrays (stored +1 so that 0 means "none"): 16 bytes.
 * - the hash table is an Int32Array of `entry index + 1` plus a 4-bit tag (0 = empty slot), open
 *   addressing with linear probing on the low bits of lane 1 (already well mixed). It doubles when the load passes `maxLoad`,
 *   rehashing from the dense entries, so parent indices never move.
 * Total: 16 bytes per entry + 4 bytes per slot, about 22–27 bytes per state depending on where the load
 * sits between growths, plus the slack of the entry arrays (they grow by 1.5×).
 */

/** Largest step index / instance pid representable (Uint16, stored +1). */
export const MAX_META = 0xfffe;

/**
 * A table slot holds `tag | (index + 1)`: the low 28 bits the entry index + 1 (0 = empty), the high 4
 * bits a tag from lane 2. Probing past an occupied slot of another key costs a cache miss into the
 * entry arrays; the tag skips 15 of 16 of those (at load 0.7 an insert probes ~6 slots).
 */
const TAG_MASK = 0xf0000000 | 0;
const IDX_MASK = 0x0fffffff;
/** 2^28 - 1 states (≈ 6 GB of store): beyond what fits in memory on the machines we target. */
export const MAX_ENTRIES = IDX_MASK - 1;

/** Options for a `FingerprintStore`. */
export interface StoreOptions {
  /** Entries to allocate up front; default 4096 (small models stay small; growth is cheap). */
  readonly initialCapacity?: number;
  /** Table load that triggers doubling; default 0.7 (linear probing degrades quickly above ~0.75). */
  readonly maxLoad?: number;
}

/** Open-addressing fingerprint set with per-entry parent, step and instance. */
export class FingerprintStore {
  private table: Int32Array;
  private mask: number;
  private threshold: number;
  private readonly maxLoad: number;
  private fps: Uint32Array;
  private parents: Int32Array;
  private steps: Uint16Array;
  private insts: Uint16Array;
  private cap: number;
  private count = 0;

  constructor(opts: StoreOptions = {}) {
    this.maxLoad = Math.min(0.9, Math.max(0.25, opts.maxLoad ?? 0.7));
    this.cap = Math.max(16, Math.ceil(opts.initialCapacity ?? 4096));
    let slots = 16;
    while (slots * this.maxLoad < this.cap) slots *= 2;
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    this.threshold = Math.floor(slots * this.maxLoad);
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
   * `parent` is -1 for an initial state; `step`/`instance` are -1 when not applicable.
   */
  insert(h1: number, h2: number, parent: number, step: number, instance: number): number {
    const table = this.table;
    const fps = this.fps;
    const mask = this.mask;
    const tag = h2 & TAG_MASK;
    let slot = h1 & mask;
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) break;
      if ((e & TAG_MASK) === tag) {
        const j = ((e & IDX_MASK) - 1) << 1;
        if (fps[j] === h1 >>> 0 && fps[j + 1] === h2 >>> 0) return -1;
      }
      slot = (slot + 1) & mask;
    }
    if (step >= MAX_META || instance >= MAX_META || this.count >= MAX_ENTRIES) {
      if (this.count >= MAX_ENTRIES) throw new RangeError(`FingerprintStore: more than ${MAX_ENTRIES} states`);
      throw new RangeError(`FingerprintStore: step ${step} / instance ${instance} exceeds ${MAX_META}`);
    }
    const idx = this.count;
    if (idx === this.cap) this.growEntries();
    this.fps[idx << 1] = h1;
    this.fps[(idx << 1) + 1] = h2;
    this.parents[idx] = parent;
    this.steps[idx] = step + 1;
    this.insts[idx] = instance + 1;
    table[slot] = tag | (idx + 1);
    this.count = idx + 1;
    if (this.count > this.threshold) this.rehash();
    return idx;
  }

  /** Index of a fingerprint, or -1. */
  find(h1: number, h2: number): number {
    const table = this.table;
    const fps = this.fps;
    const mask = this.mask;
    const tag = h2 & TAG_MASK;
    let slot = h1 & mask;
    for (;;) {
      const e = table[slot] as number;
      if (e === 0) return -1;
      if ((e & TAG_MASK) === tag) {
        const i = (e & IDX_MASK) - 1;
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

  private growEntries(): void {
    // 1.5× keeps the unused tail (counted in `bytes`) at most a third of the entry arrays.
    const cap = Math.ceil(this.cap * 1.5);
    const fps = new Uint32Array(cap * 2);
    fps.set(this.fps);
    const parents = new Int32Array(cap);
    parents.set(this.parents);
    const steps = new Uint16Array(cap);
    steps.set(this.steps);
    const insts = new Uint16Array(cap);
    insts.set(this.insts);
    this.fps = fps;
    this.parents = parents;
    this.steps = steps;
    this.insts = insts;
    this.cap = cap;
  }

  private rehash(): void {
    const slots = this.table.length * 2;
    const table = new Int32Array(slots);
    const mask = slots - 1;
    const fps = this.fps;
    for (let i = 0; i < this.count; i++) {
      let slot = (fps[i << 1] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = ((fps[(i << 1) + 1] as number) & TAG_MASK) | (i + 1);
    }
    this.table = table;
    this.mask = mask;
    this.threshold = Math.floor(slots * this.maxLoad);
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
 *   (8 bits at 10^7 states), so probing past another key almost never touches the fingerprint chunks.
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
    const want = Math.max(64, Math.ceil((opts.expectedStates ?? 0) / this.maxLoad) + 1);
    this.slotCount = Math.min(want, 0x7fffffff);
    this.table = new Int32Array(this.slotCount);
    this.scale = this.slotCount / TWO32;
    this.threshold = Math.floor(this.slotCount * this.maxLoad);
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

  /** Adds a fingerprint: its new index, or -1 when present. `parent` is -1 for an initial state. */
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
    const idx = this.count;
    if (idx >= MAX_ENTRIES) throw new RangeError(`CompactStore: more than ${MAX_ENTRIES} states`);
    if (idx === this.capacity) this.addChunk();
    const off = idx & CHUNK_MASK;
    const c = this.fpChunks[idx >>> CHUNK_BITS] as Uint32Array;
    c[off << 1] = u1;
    c[(off << 1) + 1] = u2;
    this.setParentLink(idx, parent);
    table[slot] = tag | (idx + 1);
    this.count = idx + 1;
    if (this.count > this.threshold) this.rehash();
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
      const fp = new Uint32Array(len * 4);
      fp.set(last);
      const dl = new Uint8Array(len * 2);
      dl.set(this.deltaChunks[k] as Uint8Array);
      this.fpChunks[k] = fp;
      this.deltaChunks[k] = dl;
      this.capacity = k * CHUNK + len * 2;
      return;
    }
    const len = this.capacity === 0 ? 1024 : CHUNK;
    this.fpChunks.push(new Uint32Array(len * 2));
    this.deltaChunks.push(new Uint8Array(len));
    this.capacity += len;
  }

  private setMasks(): void {
    // The index (+1) must fit every entry until the next growth.
    let bits = 1;
    while (2 ** bits <= this.threshold + 2) bits++;
    if (bits > 28) bits = 28;
    this.idxMask = bits === 32 ? -1 : (1 << bits) - 1;
    this.tagMask = ~this.idxMask;
  }

  private rehash(): void {
    if (this.count >= MAX_ENTRIES) throw new RangeError(`CompactStore: more than ${MAX_ENTRIES} states`);
    const n = Math.min(Math.ceil(this.slotCount * this.growth), Math.ceil((MAX_ENTRIES + 2) / this.maxLoad));
    const table = new Int32Array(n);
    this.slotCount = n;
    this.scale = n / TWO32;
    this.threshold = Math.floor(n * this.maxLoad);
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
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
