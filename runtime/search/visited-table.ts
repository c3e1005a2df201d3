/**
 * The one open-addressing table behind every sequential store (`FingerprintStore`, `CompactStore`):
 * a set of 64- or 96-bit keys with dense entry numbers 0, 1, 2, … in insertion order. The stores add
 * what they keep per entry (the parent link and, for DFS, step and instance) as their own columns
 * indexed by the entry number, touched only when an entry is added.
 *
 * - A slot is `stride` consecutive int32 words: `index + 1` (0 = empty), then the key's lanes (2 for
 *   64-bit keys, 3 for 96-bit). A lookup compares the key in the slot itself, so it reads one slot
 *   (one cache line, the next slots of a probe usually in the same line) and nothing else: no
 *   fingerprint column, no tag. The key is a fingerprint, or the state itself when it fits (exact
 *   mode: see fingerprint.ts), so the table needs no separate copy of the states either.
 * - The home slot is the high bits of lane 1 (multiply-shift), so the table need not be a power of two:
 *   it grows by `growth` (1.3 for BFS, whose load then stays in 0.61–0.8; 2 for DFS) when an insert
 *   would pass `maxLoad`, rehashing slot by slot into a new array (entry numbers never move).
 * - Limits: at its largest size (`maxTableSlots`, or a test's `maxTableBytes`) the table fills up to
 *   `FULL_LOAD`, then throws `EvaluationStopped("storeLimit")`; an allocation the engine refuses throws
 *   `EvaluationStopped("maxMemory")`. Either leaves the table as it was.
 */
import { EvaluationStopped } from "../contract/budget.js";
import type { FingerprintBits } from "./fingerprint.js";
import type { StoreLimits } from "./result.js";

/** Most elements of one typed array (V8 on 64-bit hosts, Node 20): the table is one Int32Array. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;
/** Load a table may reach once it cannot grow any more (linear probing is still fast enough at 0.9). */
export const FULL_LOAD = 0.9;

/** Int32 words per slot: the index, then the key lanes. */
export function slotStride(bits: FingerprintBits): 3 | 4 {
  return bits === 96 ? 4 : 3;
}

/** Most slots of a table of `bits`-bit keys: 1,431,655,765 (64-bit keys, 12 bytes each) or 2^30 (96-bit, 16 bytes). */
export function maxTableSlots(bits: FingerprintBits): number {
  return Math.floor(MAX_TYPED_ARRAY_LENGTH / slotStride(bits));
}

/** Most slots of a table of 64-bit keys (the default). */
export const MAX_TABLE_SLOTS = maxTableSlots(64);

/**
 * Most entries a table holds: its largest size at `FULL_LOAD` — 1,288,490,188 with 64-bit keys
 * (about 17 GB of table), 966,367,641 with 96-bit keys. Both stay below 2^31 − 1, so `index + 1` is a
 * non-negative int32. See docs/performance.md for the plan past them.
 */
export function maxEntries(bits: FingerprintBits): number {
  return Math.floor(maxTableSlots(bits) * FULL_LOAD);
}

/** `maxEntries(64)`. */
export const MAX_ENTRIES = maxEntries(64);

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

const TWO32 = 4294967296;

/** How a `VisitedTable` is sized and grows. */
export interface VisitedTableOptions {
  /** Named in limit messages (the store that owns the table). */
  readonly what: string;
  /** Key width (default 64). */
  readonly bits?: FingerprintBits;
  /** Slots to start with (rounded up to a power of two with `powerOfTwo`); at least 16. */
  readonly initialSlots: number;
  /** Load that triggers growth. */
  readonly maxLoad: number;
  /** Growth factor of the table. */
  readonly growth: number;
  /**
   * Below this many slots the table doubles instead of growing by `growth` (default 0: always
   * `growth`). Each growth allocates a new table whose pages the kernel faults in and zeroes as they
   * are first written, and rehashes every entry: small tables cost little memory, so growing them in
   * fewer, larger steps saves most of that work.
   */
  readonly doubleBelow?: number;
  /** Keep the slot count a power of two (DFS's doubling table; its tests count slots so). */
  readonly powerOfTwo?: boolean;
  /** Test hook: caps below the real limits. */
  readonly limits?: StoreLimits;
}

/** Open-addressing set of 64- or 96-bit keys with dense entry numbers (see above). */
export class VisitedTable {
  /** Key width. */
  readonly bits: FingerprintBits;
  private table: Int32Array;
  private slotCount: number;
  private scale: number;
  private threshold: number;
  private readonly stride: number;
  private readonly what: string;
  private readonly maxLoad: number;
  private readonly growth: number;
  private readonly doubleBelow: number;
  private readonly maxSlots: number;
  private readonly maxEntries: number;
  private count = 0;

  constructor(opts: VisitedTableOptions) {
    this.what = opts.what;
    this.bits = opts.bits ?? 64;
    this.stride = slotStride(this.bits);
    this.maxLoad = opts.maxLoad;
    this.growth = opts.growth;
    this.doubleBelow = opts.doubleBelow ?? 0;
    const limits = opts.limits ?? {};
    let maxSlots = Math.max(16, Math.min(maxTableSlots(this.bits), Math.floor((limits.maxTableBytes ?? Infinity) / (4 * this.stride))));
    if (opts.powerOfTwo === true) maxSlots = 2 ** Math.floor(Math.log2(maxSlots));
    this.maxSlots = maxSlots;
    this.maxEntries = Math.min(maxEntries(this.bits), limits.maxEntries ?? Infinity);
    let slots = Math.max(16, Math.ceil(opts.initialSlots));
    if (opts.powerOfTwo === true) slots = 2 ** Math.ceil(Math.log2(slots));
    this.slotCount = Math.min(slots, this.maxSlots);
    this.table = this.initialTable();
    this.scale = this.slotCount / TWO32;
    this.threshold = this.thresholdFor(this.slotCount, this.maxLoad);
  }

  /**
   * The first table. A large one is a pre-sizing hint (`expectedStates`): when the engine refuses it,
   * the table starts at 16 slots and grows (a later growth that fails is the `maxMemory` limit).
   */
  private initialTable(): Int32Array {
    try {
      return new Int32Array(this.slotCount * this.stride);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.slotCount = 16;
      return new Int32Array(16 * this.stride);
    }
  }

  /** Entries stored. */
  get size(): number {
    return this.count;
  }

  /** Hash-table slots (for tests of the growth policy). */
  get slots(): number {
    return this.slotCount;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /**
   * Adds key (k1, k2, k3) as entry `size` and returns that index, or returns `-1 - index` of the entry
   * that already has the key (nothing changes): one probe either way. `k3` is ignored with 64-bit
   * keys. Lanes are int32 (`h | 0`: a uint32 above 2^31 would be boxed at this call). Throws
   * `EvaluationStopped` (nothing added) when the table cannot grow to hold a new key.
   */
  insertOrFind(k1: number, k2: number, k3: number): number {
    const table = this.table;
    const stride = this.stride;
    const n = this.slotCount;
    let slot = Math.floor((k1 >>> 0) * this.scale);
    let at = slot * stride;
    for (;;) {
      const e = table[at] as number;
      if (e === 0) break;
      if (table[at + 1] === k1 && table[at + 2] === k2 && (stride === 3 || table[at + 3] === k3)) return -e;
      at += stride;
      if (++slot === n) {
        slot = 0;
        at = 0;
      }
    }
    if (this.count >= this.threshold) {
      // Grow before adding, so that a growth that fails leaves the table as it was.
      this.makeRoom();
      at = this.emptySlot(k1) * stride;
    }
    const idx = this.count;
    const t = this.table;
    t[at] = idx + 1;
    t[at + 1] = k1;
    t[at + 2] = k2;
    if (stride === 4) t[at + 3] = k3;
    this.count = idx + 1;
    return idx;
  }

  /**
   * The first word of `k1`'s home slot: read ahead of a probe by a batched search (packed-batch.ts) so
   * that the probe's cache miss overlaps others. Reads only; the value means nothing.
   */
  peek(k1: number): number {
    return this.table[Math.floor((k1 >>> 0) * this.scale) * this.stride] as number;
  }

  /** Index of key (k1, k2, k3) (int32 lanes; `k3` ignored with 64-bit keys), or -1. */
  find(k1: number, k2: number, k3: number): number {
    const table = this.table;
    const stride = this.stride;
    const n = this.slotCount;
    let slot = Math.floor((k1 >>> 0) * this.scale);
    let at = slot * stride;
    for (;;) {
      const e = table[at] as number;
      if (e === 0) return -1;
      if (table[at + 1] === k1 && table[at + 2] === k2 && (stride === 3 || table[at + 3] === k3)) return e - 1;
      at += stride;
      if (++slot === n) {
        slot = 0;
        at = 0;
      }
    }
  }

  /** Entries a table of `slots` slots takes at `load` (never more than the entry cap). */
  private thresholdFor(slots: number, load: number): number {
    return Math.min(this.maxEntries, Math.floor(slots * load));
  }

  /**
   * Room for one more entry at the threshold: grow the table by `growth`; at its largest size, let it
   * fill up to FULL_LOAD (no rehash: the slots do not change); past that, the store limit.
   */
  private makeRoom(): void {
    const n = Math.min(this.maxSlots, Math.ceil(this.slotCount * (this.slotCount < this.doubleBelow ? 2 : this.growth)));
    if (n > this.slotCount && this.thresholdFor(n, this.maxLoad) > this.count) this.rehash(n);
    else if (this.threshold < this.thresholdFor(this.slotCount, FULL_LOAD)) this.threshold = this.thresholdFor(this.slotCount, FULL_LOAD);
    else throw new EvaluationStopped("storeLimit", `${this.what}: store limit reached at ${this.count} states`);
  }

  /** The first empty slot on `k1`'s probe chain (the key is known to be absent). */
  private emptySlot(k1: number): number {
    let slot = Math.floor((k1 >>> 0) * this.scale);
    while (this.table[slot * this.stride] !== 0) if (++slot === this.slotCount) slot = 0;
    return slot;
  }

  /** Moves every entry into a new table of `n` slots (the old one is read slot by slot: keys live nowhere else). */
  private rehash(n: number): void {
    const stride = this.stride;
    const old = this.table;
    const table = allocate(this.what, () => new Int32Array(n * stride));
    const scale = n / TWO32;
    for (let from = 0; from < old.length; from += stride) {
      const e = old[from] as number;
      if (e === 0) continue;
      const k1 = old[from + 1] as number;
      let slot = Math.floor((k1 >>> 0) * scale);
      while (table[slot * stride] !== 0) if (++slot === n) slot = 0;
      const at = slot * stride;
      table[at] = e;
      table[at + 1] = k1;
      table[at + 2] = old[from + 2] as number;
      if (stride === 4) table[at + 3] = old[from + 3] as number;
    }
    this.table = table;
    this.slotCount = n;
    this.scale = scale;
    this.threshold = this.thresholdFor(n, this.maxLoad);
  }
}
