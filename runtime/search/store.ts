/**
 * The visited-state stores: a `VisitedTable` (64- or 96-bit keys in the slots, dense entry numbers,
 * the one probe and rehash loop) plus, per entry, the link trace reconstruction walks back: the index
 * of the state it was first reached from and, for `FingerprintStore`, the step and instance that
 * reached it. A lookup reads the table only; the link columns are written when an entry is added and
 * read when a trace is rebuilt.
 *
 * Entries are dense and numbered 0, 1, 2, … in insertion order (BFS relies on this: a level's states
 * occupy a contiguous index range, so the frontier needs no index array). Table growth moves slots,
 * never entry numbers, so parent indices never move.
 *
 * The stores keep no key per entry: "which state is entry i" is answered by fingerprinting a
 * candidate and asking `find(key) === i` (trace replay does this), so the keys live in the table only.
 */
import { allocate, FULL_LOAD, MAX_ENTRIES, MAX_TABLE_SLOTS, maxEntries, VisitedTable } from "./visited-table.js";
import type { FingerprintMode } from "./fingerprint.js";
import type { StoreLimits } from "./result.js";

export { FULL_LOAD, MAX_ENTRIES, MAX_TABLE_SLOTS, VisitedTable };

/** The lanes of a state's key, as a `Fingerprinter` holds them after `fingerprintInto` (h3 is 0 at 64 bits). */
export interface FingerprintKey {
  readonly h1: number;
  readonly h2: number;
  readonly h3: number;
}

/** Keys of a store built without a mode: 64-bit fingerprints, not known to be exact. */
const DEFAULT_MODE: FingerprintMode = { bits: 64, exact: false };

/** Largest step index / instance pid representable (Uint16, stored +1). */
export const MAX_META = 0xfffe;

/** Options for a `FingerprintStore`. */
export interface StoreOptions {
  /** Entries to allocate up front; default 4096 (small models stay small; growth is cheap). */
  readonly initialCapacity?: number;
  /** Table load that triggers doubling; default 0.7 (linear probing degrades quickly above ~0.75). */
  readonly maxLoad?: number;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
  /** The keys (default: 64-bit fingerprints). */
  readonly mode?: FingerprintMode;
}

/**
 * Key set with per-entry parent (Int32), step and instance (Uint16, stored +1 so that 0 means
 * "none"): 8 bytes of links per entry plus 12 (16 with 96-bit keys) per table slot (a power of two,
 * doubling at load 0.7), about 25–32 bytes per state. DFS, simulation and the liveness graph use it.
 */
export class FingerprintStore {
  /** The keys this store holds. */
  readonly fingerprint: FingerprintMode;
  private readonly visited: VisitedTable;
  private parents: Int32Array;
  private steps: Uint16Array;
  private insts: Uint16Array;
  private cap: number;
  private readonly maxEntries: number;

  constructor(opts: StoreOptions = {}) {
    const maxLoad = Math.min(0.9, Math.max(0.25, opts.maxLoad ?? 0.7));
    this.fingerprint = opts.mode ?? DEFAULT_MODE;
    const most = maxEntries(this.fingerprint.bits);
    this.maxEntries = Math.min(most, opts.limits?.maxEntries ?? most);
    this.cap = Math.min(this.maxEntries, Math.max(16, Math.ceil(opts.initialCapacity ?? 4096)));
    this.visited = new VisitedTable({
      what: "FingerprintStore",
      bits: this.fingerprint.bits,
      initialSlots: this.cap / maxLoad,
      maxLoad,
      growth: 2,
      powerOfTwo: true,
      ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
    });
    this.parents = new Int32Array(this.cap);
    this.steps = new Uint16Array(this.cap);
    this.insts = new Uint16Array(this.cap);
  }

  /** Number of fingerprints stored. */
  get size(): number {
    return this.visited.size;
  }

  /**
   * Adds a key: returns its new index, or `-1 - index` of the entry that has it already (nothing
   * changes; one probe either way). `parent` is -1 for an initial state; `step`/`instance` are -1 when
   * not applicable. Throws `EvaluationStopped` (nothing added) when the store cannot grow to hold it.
   */
  insert(k: FingerprintKey, parent: number, step: number, instance: number): number {
    if (step >= MAX_META || instance >= MAX_META) {
      const found = this.find(k);
      if (found >= 0) return -1 - found;
      throw new RangeError(`FingerprintStore: step ${step} / instance ${instance} exceeds ${MAX_META}`);
    }
    // Room in the link columns first, so that a failed allocation adds nothing.
    if (this.visited.size === this.cap && this.cap < this.maxEntries) this.growEntries();
    const idx = this.visited.insertOrFind(k.h1 | 0, k.h2 | 0, k.h3 | 0);
    if (idx < 0) return idx;
    this.parents[idx] = parent;
    this.steps[idx] = step + 1;
    this.insts[idx] = instance + 1;
    return idx;
  }

  /** Index of a key, or -1. */
  find(k: FingerprintKey): number {
    return this.visited.find(k.h1 | 0, k.h2 | 0, k.h3 | 0);
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
    return this.visited.bytes + this.parents.byteLength + this.steps.byteLength + this.insts.byteLength;
  }

  /** Number of hash-table slots (for tests of the growth policy). */
  get slots(): number {
    return this.visited.slots;
  }

  private growEntries(): void {
    // 1.5× keeps the unused tail (counted in `bytes`) at most a third of the link arrays.
    const cap = Math.min(this.maxEntries, Math.ceil(this.cap * 1.5));
    const [parents, steps, insts] = allocate("FingerprintStore", () => [new Int32Array(cap), new Uint16Array(cap), new Uint16Array(cap)] as const);
    parents.set(this.parents);
    steps.set(this.steps);
    insts.set(this.insts);
    this.parents = parents;
    this.steps = steps;
    this.insts = insts;
    this.cap = cap;
  }
}

/**
 * The compact visited set used by BFS: about 16–21 bytes per state with 64-bit keys (see `bytes`), by
 *
 * - keeping no step/instance per entry: trace replay regenerates each state's successors and picks the
 *   first (in successor order) whose key the store maps to the recorded entry, which is a real
 *   transition whichever step produced it;
 * - compact parent links: BFS expands states in index order, so the parent index of successive entries
 *   never decreases. Each entry stores the difference to the previous entry's parent in one byte
 *   (255 = "escape": the absolute value is in a sorted side list); an absolute checkpoint every 64
 *   entries makes `parent(i)` a walk of at most 63 bytes. Any sequence is representable (a decrease or a
 *   jump ≥ 255 is an escape), monotone ones cost ~1.07 bytes per entry;
 * - a `VisitedTable` that grows by 1.3× when its load passes 0.8, so its load stays in 0.61–0.8
 *   (15–19.7 bytes per state with 12-byte slots, 20–26 with the 16-byte slots of 96-bit keys), once
 *   past `DOUBLE_BELOW` slots; below that it doubles (load 0.4–0.8: a small table is cheap, and each
 *   growth costs an allocation whose pages are faulted in plus a rehash).
 */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const CHECKPOINT_BITS = 6;
const ESCAPE = 255;

export interface CompactStoreOptions {
  /** Distinct states expected: pre-sizes the table (default small; growth is incremental anyway). */
  readonly expectedStates?: number;
  /** Load that triggers growth (default 0.8). */
  readonly maxLoad?: number;
  /** Table growth factor (default 1.3). */
  readonly growth?: number;
  /** Table size below which it doubles (default `DOUBLE_BELOW`; see `VisitedTableOptions.doubleBelow`). */
  readonly doubleBelow?: number;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
  /** The keys (default: 64-bit fingerprints). */
  readonly mode?: FingerprintMode;
}

/**
 * The BFS table doubles up to 2^22 slots (48 MiB with 64-bit keys), then grows by 1.3: a model of a
 * few million states pays for half the allocations and rehashes, and a large one keeps the 0.61–0.8
 * load, so the bytes per state of large runs are unchanged.
 */
export const DOUBLE_BELOW = 2 ** 22;

/** Key set with compact, monotone-friendly parent links (see above). */
export class CompactStore {
  /** The keys this store holds. */
  readonly fingerprint: FingerprintMode;
  private readonly visited: VisitedTable;
  private deltaChunks: Uint8Array[] = [];
  private checkpoints: Int32Array = new Int32Array(64);
  private escIdx: Int32Array = new Int32Array(64);
  private escVal: Int32Array = new Int32Array(64);
  private escCount = 0;
  private lastParent = -1;
  private capacity = 0;

  constructor(opts: CompactStoreOptions = {}) {
    const maxLoad = Math.min(0.95, Math.max(0.3, opts.maxLoad ?? 0.8));
    this.fingerprint = opts.mode ?? DEFAULT_MODE;
    this.visited = new VisitedTable({
      what: "CompactStore",
      bits: this.fingerprint.bits,
      initialSlots: Math.max(64, Math.ceil((opts.expectedStates ?? 0) / maxLoad) + 1),
      maxLoad,
      growth: Math.min(4, Math.max(1.1, opts.growth ?? 1.3)),
      doubleBelow: opts.doubleBelow ?? DOUBLE_BELOW,
      ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
    });
  }

  get size(): number {
    return this.visited.size;
  }

  get slots(): number {
    return this.visited.slots;
  }

  /** Bytes held by the typed arrays (table, parent chunks, checkpoints, escapes). */
  get bytes(): number {
    let b = this.visited.bytes + this.checkpoints.byteLength + this.escIdx.byteLength + this.escVal.byteLength;
    for (const c of this.deltaChunks) b += c.byteLength;
    return b;
  }

  /**
   * Adds a key: its new index, or `-1 - index` of the entry that has it already (one probe either
   * way; the parent column is written only for a new entry). `parent` is -1 for an initial state.
   * Throws `EvaluationStopped` (nothing added) when the store cannot grow to hold it.
   */
  insert(k: FingerprintKey, parent: number): number {
    // Room in the parent column first, so that a failed allocation adds nothing.
    if (this.visited.size === this.capacity) this.addChunk();
    const idx = this.visited.insertOrFind(k.h1 | 0, k.h2 | 0, k.h3 | 0);
    if (idx >= 0) this.setParentLink(idx, parent);
    return idx;
  }

  /** `insert` of the key with int32 lanes (k1, k2, k3): the batched packed path keeps keys in an array. */
  insertLanes(k1: number, k2: number, k3: number, parent: number): number {
    if (this.visited.size === this.capacity) this.addChunk();
    const idx = this.visited.insertOrFind(k1, k2, k3);
    if (idx >= 0) this.setParentLink(idx, parent);
    return idx;
  }

  /** Reads the home slot of a key's first lane ahead of its probe (see `VisitedTable.peek`). */
  peek(k1: number): number {
    return this.visited.peek(k1);
  }

  /** Index of a key, or -1. */
  find(k: FingerprintKey): number {
    return this.visited.find(k.h1 | 0, k.h2 | 0, k.h3 | 0);
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

  /** Parent deltas are chunked like the table's fingerprints: the first chunk doubles from 1024, then whole chunks. */
  private addChunk(): void {
    const k = this.capacity >>> CHUNK_BITS;
    const last = this.deltaChunks[k];
    if (last !== undefined && last.length < CHUNK) {
      const dl = allocate("CompactStore", () => new Uint8Array(last.length * 2));
      dl.set(last);
      this.deltaChunks[k] = dl;
      this.capacity = k * CHUNK + dl.length;
      return;
    }
    const len = this.capacity === 0 ? 1024 : CHUNK;
    this.deltaChunks.push(allocate("CompactStore", () => new Uint8Array(len)));
    this.capacity += len;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = allocate("CompactStore", () => new Int32Array(a.length * 2));
  b.set(a);
  return b;
}
