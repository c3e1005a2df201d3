/**
 * A worker's private table in the partitioned parallel search (owned-worker.ts): the keys it owns, with
 * dense entry numbers in insertion order, in 13–18 bytes per key (8 for the key, 4 per slot at load
 * 0.4–0.8), where the sequential `VisitedTable` (runtime/search/visited-table.ts, keys in the slots) takes 15–20.
 *
 * - **Keys**: 8 bytes per entry (two int32 lanes) in entry order, in a growable shared buffer (it grows in
 *   place, and the main thread reads it after the search to rebuild a counterexample).
 * - **Slots**: 4 bytes, `tag | (entry + 1)`, 0 empty; the home slot is the high bits of lane 1
 *   (multiply-shift, so the slot count need not be a power of two). The entry gets the low bits it needs,
 *   the tag the rest, taken from lane 2's low bits (its high bits chose the owner, `ownerOf`): probing past
 *   another key almost never reads a key. Linear probing; doubles at load 0.8 (`GROWTH`).
 *
 * A lookup that finds a key reads its slot and then its key, two misses in tables of tens of MB: the
 * caller reads the home slots of a batch of keys ahead (`peekSlot`), so those misses overlap.
 */
import { EvaluationStopped } from "../contract/budget.js";
import { GrowingArray, GrowingArrayFull, MAX_GROWABLE_BYTES } from "./growing-buffer.js";

const TWO32 = 4294967296;
const MAX_LOAD = 0.8;
/**
 * The table doubles. Growing by 1.3 (as the sequential table does above 4M slots) keeps the load in
 * 0.61–0.8 but rebuilds the slots twice as often: the workers' tables fill at the same rate, so they
 * rebuild at the same time and compete for the memory bus, and on mutexN N=5 K=10 the rebuilds then
 * cost 0.6 s of a 4.5 s search (1.5: 0.3 s). Doubling leaves the load in 0.4–0.8 (12.9–19 bytes per
 * state with the parent links; 15.2 there).
 */
const GROWTH = 2;
/** Most slots: a 2 GiB slot array. */
const MAX_SLOTS = 2 ** 29;
/** Most entries: the keys' buffer (4 GiB, 8 bytes each). */
export const MAX_OWNED_ENTRIES = MAX_GROWABLE_BYTES / 8 - 1;

/** Bits for entry numbers + 1 below `limit`. */
function indexBits(limit: number): number {
  let bits = 1;
  while (2 ** bits <= limit + 1) bits++;
  return bits;
}

/** What the main thread needs to look keys up after the search (a snapshot of a finished table). */
export interface OwnedTableSnapshot {
  readonly slots: Int32Array;
  readonly keys: SharedArrayBuffer;
  readonly bits: number;
}

export class OwnedTable {
  private slots: Int32Array;
  private n: number;
  private scale: number;
  private bits: number;
  private idxMask: number;
  private threshold: number;
  private readonly keyArray: GrowingArray<Int32Array>;
  private keys: Int32Array;
  private count = 0;
  /** Slot arrays replaced by growth so far. */
  growths = 0;

  constructor(
    keys: SharedArrayBuffer,
    initialSlots: number,
    /** Largest slot array (bytes); smaller in tests. */
    private readonly maxBytes = Infinity,
  ) {
    this.keyArray = new GrowingArray(keys, Int32Array, 1.125);
    this.keys = this.keyArray.view;
    this.n = Math.max(16, Math.min(initialSlots, this.maxSlots()));
    this.slots = new Int32Array(this.n);
    this.scale = this.n / TWO32;
    this.bits = indexBits(this.entryLimit(this.n));
    this.idxMask = this.bits >= 31 ? 0x7fffffff : (1 << this.bits) - 1;
    this.threshold = Math.floor(this.n * MAX_LOAD);
  }

  private maxSlots(): number {
    return Math.max(16, Math.min(MAX_SLOTS, Math.floor(this.maxBytes / 4)));
  }

  /** Entries a table of `n` slots may number (the entry field's width; growth re-lays the slots). */
  private entryLimit(n: number): number {
    return Math.min(MAX_OWNED_ENTRIES, Math.ceil(n * 0.95));
  }

  get size(): number {
    return this.count;
  }

  get slotCount(): number {
    return this.n;
  }

  /** Bytes held: the slots and the keys' buffer. */
  get bytes(): number {
    return this.slots.byteLength + this.keyArray.buffer.byteLength;
  }

  snapshot(): OwnedTableSnapshot {
    return { slots: this.slots, keys: this.keyArray.buffer, bits: this.bits };
  }

  /** Reads `h1`'s home slot (read-ahead; the value means nothing). */
  peekSlot(h1: number): number {
    return this.slots[Math.floor((h1 >>> 0) * this.scale)] as number;
  }

  /**
   * Adds key (h1, h2) (int32 lanes) as entry `size` and returns it, or returns `-1 - entry` of the entry
   * that has it. Throws `EvaluationStopped` (nothing added) when the table cannot grow to hold it.
   */
  insert(h1: number, h2: number): number {
    const t = this.slots;
    const n = this.n;
    const idxMask = this.idxMask;
    const tag = h2 << this.bits;
    let i = Math.floor((h1 >>> 0) * this.scale);
    for (;;) {
      const v = t[i] as number;
      if (v === 0) break;
      if ((v & ~idxMask) === tag) {
        const e = (v & idxMask) - 1;
        if (this.keys[2 * e] === h1 && this.keys[2 * e + 1] === h2) return -1 - e;
      }
      if (++i === n) i = 0;
    }
    if (this.count >= this.threshold) {
      this.grow();
      return this.insert(h1, h2);
    }
    const e = this.count;
    if (2 * e + 2 > this.keys.length) this.keys = this.room(2 * e + 2);
    this.keys[2 * e] = h1;
    this.keys[2 * e + 1] = h2;
    t[i] = tag | (e + 1);
    this.count = e + 1;
    return e;
  }

  private room(words: number): Int32Array {
    try {
      return this.keyArray.ensure(words);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      if (e instanceof GrowingArrayFull) throw new EvaluationStopped("storeLimit", `parallel BFS worker table: store limit reached at ${this.count} states`);
      throw new EvaluationStopped("maxMemory", `parallel BFS worker table: cannot allocate memory for its keys (${e.message})`);
    }
  }

  /** Entry of key (h1, h2), or −1 (tests). */
  find(h1: number, h2: number): number {
    return findOwned(this.snapshot(), h1, h2);
  }

  /** A larger slot array (by `GROWTH`), rebuilt from the keys. */
  private grow(): void {
    const most = this.maxSlots();
    const target = Math.min(most, Math.ceil(this.n * GROWTH));
    if (target <= this.n || this.count >= this.entryLimit(target)) {
      // At its largest: fill up to the entry field's limit, then stop.
      if (this.count + 1 < this.entryLimit(this.n) && this.threshold < Math.floor(this.n * 0.9)) {
        this.threshold = Math.floor(this.n * 0.9);
        return;
      }
      throw new EvaluationStopped("storeLimit", `parallel BFS worker table: store limit reached at ${this.count} states`);
    }
    let slots: Int32Array;
    try {
      slots = new Int32Array(target);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new EvaluationStopped("maxMemory", `parallel BFS worker table: cannot allocate memory to grow (${e.message})`);
    }
    // Written before any read: a page first read maps the zero page, and its first write then flushes
    // the TLBs of the other cores running this process (see runtime/search/visited-table.ts `rehash`).
    slots.fill(0);
    const bits = indexBits(this.entryLimit(target));
    const scale = target / TWO32;
    rebuild(slots, scale, bits, this.keys, this.count);
    this.slots = slots;
    this.n = target;
    this.scale = scale;
    this.bits = bits;
    this.idxMask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
    this.threshold = Math.floor(target * MAX_LOAD);
    this.growths++;
  }
}

/** Slots of a rehash bucket (256 KB: the slots it writes stay in the core's cache). */
const BUCKET_BITS = 16;

/**
 * Fills the empty `slots` (home scale `scale`, entry field `bits` wide) with entries 0 … count − 1 of
 * `keys`. Entry by entry, every slot write would miss the cache and the TLB (the keys are in entry order,
 * the homes random): so the entries are first sorted by home bucket (a counting sort, two passes over
 * the keys in order, 8 transient bytes per entry), then placed bucket by bucket. Entry by entry when the
 * engine refuses the transient memory.
 */
function rebuild(slots: Int32Array, scale: number, bits: number, keys: Int32Array, count: number): void {
  const n = slots.length;
  const home = (e: number): number => Math.floor(((keys[2 * e] as number) >>> 0) * scale);
  const word = (e: number): number => ((keys[2 * e + 1] as number) << bits) | (e + 1);
  const place = (i: number, w: number): void => {
    while (slots[i] !== 0) if (++i === n) i = 0;
    slots[i] = w;
  };
  let homes: Int32Array;
  let words: Int32Array;
  try {
    homes = new Int32Array(count);
    words = new Int32Array(count);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    for (let e = 0; e < count; e++) place(home(e), word(e));
    return;
  }
  const buckets = Math.ceil(n / (1 << BUCKET_BITS));
  const fill = new Int32Array(buckets + 1);
  for (let e = 0; e < count; e++) fill[(home(e) >>> BUCKET_BITS) + 1]++;
  for (let b = 0; b < buckets; b++) fill[b + 1] = (fill[b + 1] as number) + (fill[b] as number);
  for (let e = 0; e < count; e++) {
    const h = home(e);
    const k = fill[h >>> BUCKET_BITS]!++;
    homes[k] = h;
    words[k] = word(e);
  }
  for (let k = 0; k < count; k++) place(homes[k] as number, words[k] as number);
}

/** Entry of key (h1, h2) (int32 lanes) in a finished table, or −1. */
export function findOwned(t: OwnedTableSnapshot, h1: number, h2: number): number {
  const slots = t.slots;
  const n = slots.length;
  const keys = new Int32Array(t.keys, 0, t.keys.byteLength >>> 2);
  const idxMask = t.bits >= 31 ? 0x7fffffff : (1 << t.bits) - 1;
  const tag = (h2 | 0) << t.bits;
  let i = Math.floor((h1 >>> 0) * (n / TWO32));
  for (let probes = 0; probes < n; probes++) {
    const v = slots[i] as number;
    if (v === 0) return -1;
    if ((v & ~idxMask) === tag) {
      const e = (v & idxMask) - 1;
      if (keys[2 * e] === (h1 | 0) && keys[2 * e + 1] === (h2 | 0)) return e;
    }
    if (++i === n) i = 0;
  }
  return -1;
}
