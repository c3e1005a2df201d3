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
    return (
      this.table.byteLength +
      this.fps.byteLength +
      this.parents.byteLength +
      this.steps.byteLength +
      this.insts.byteLength
    );
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
