/**
 * The visited set of the parallel BFS: a lock-free open-addressing table in SharedArrayBuffers that
 * every worker inserts into directly (no per-state messages). Its finished part is laid out like the
 * sequential `CompactStore` (runtime/search/store.ts): states numbered in sequential BFS order, a key
 * per number, parent links as one-byte deltas.
 *
 * - **Keys** (8 bytes): `h1`, `h2` (the 64-bit fingerprint) of entry `n`, in segments of `SEG` entries
 *   (added, never moved, at the workers' growth points). Entries below `base` are *final*: entry `n` is
 *   the state with sequence number `n` (parallel-order.ts). Entries from `base` up are the level being
 *   built, numbered in claim order: each worker claims blocks of numbers from a shared counter (`ENTRIES`
 *   in parallel-control.ts, reset to `base` at each level), so claiming costs no contended atomic per
 *   state.
 * - **Ords** (4 bytes per entry of the level being built only, a scratch array indexed by `n - base`):
 *   0 while unused, else `ORD_INIT` (1) for an initial state and q + 2 for a state first found from the
 *   state with sequence number q. `insert` lowers it with a compare-and-swap, so it ends as the state's
 *   first discoverer in sequential order: its parent.
 * - **Slots** (4 bytes): `tag | (entry + 1)`, 0 empty; the home slot is the high bits of h1
 *   (multiply-shift), so the slot count need not be a power of two and the table grows by 1.3× once
 *   large, keeping its load in 0.65–0.85. The entry number gets the bits `entryLimit` needs, h2's high
 *   bits the rest as a tag, so probing past another key almost never reads a key.
 * - **Parents** of final entries: a one-byte delta to the previous entry's parent (parents are monotone
 *   in BFS order), an absolute checkpoint every 64 entries, and `ESCAPE` for a jump that does not fit
 *   (or the first entry of a worker's range): those the worker keeps in a list it reports at the end.
 *
 * At the end of a level (`finalize`, barriers around it) each worker gives the states it kept their
 * sequence numbers: it moves their keys (from its level list, not the table) to entries `seq`, repoints
 * their slots and writes their parent deltas. So 8 + 1 bytes per state plus 4 per slot: 14–16 bytes per
 * state at the loads above, against 12-byte entries with the link plus 4-byte slots at load 0.375–0.75
 * (17.3–22.7) before.
 *
 * Insert writes the key to its claimed entry and its ord, then publishes it with
 * `compareExchange(slot, 0, tag | entry + 1)`; a worker that loses the slot to another key keeps the entry
 * for its next insert (its ord is reset to 0, so a rehash skips it).
 *
 * Growth (at a barrier, nobody inserting): a new slot table rebuilt from the keys (each worker sorts its
 * share of the entries by bucket of slots, then fills its region of the slots from every worker's buckets),
 * so entry numbers never change; more key segments and a larger ord array (copied) when the
 * level needs them. The slot table is one Int32Array (at most `MAX_SLOTS` slots); `growTable` stays within
 * that, the memory left under the process's cap, and what the engine actually allocates; when not even the
 * smallest growth fits, the search stops (`storeLimit` / `maxMemory`).
 */

/** Entries per key segment. */
export const SEG_BITS = 18;
const SEG = 1 << SEG_BITS;
const SEG_MASK = SEG - 1;
/** Entries per parent checkpoint. */
const CHECK_BITS = 6;
const CHECK_MASK = (1 << CHECK_BITS) - 1;
/** A parent delta stored out of line. */
const ESCAPE = 255;
/** Bytes of a segment: keys (8 per entry), then checkpoints (4 per 64 entries), then deltas (1 per entry). */
const KEYS_BYTES = SEG * 8;
const CHECKS_BYTES = (SEG >>> CHECK_BITS) * 4;
export const SEG_BYTES = KEYS_BYTES + CHECKS_BYTES + SEG;
/** Smallest ord array (entries of one level). */
export const LEVEL_MIN = 4096;
/** Slot counts below this double when they grow; larger ones grow by `LARGE_GROWTH`. */
export const DOUBLE_BELOW = 2 ** 22;
export const LARGE_GROWTH = 1.3;

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

const TWO32 = 4294967296;
/** Slots of a rehash bucket (256 KB: its writes stay in the core's cache); at most 2¹⁶, as a sorted entry keeps its home as a Uint16 offset in its bucket. */
const BUCKET_BITS = 16;
const BUCKET_SLOTS = 1 << BUCKET_BITS;
const BUCKET_MASK = BUCKET_SLOTS - 1;

/**
 * The transient buffers of a bucketed rebuild (`SharedTable.rehashScratch`), sent to every worker: `words`
 * (4 bytes per entry: the old slot table when it has room, as nobody reads it during the rebuild and it is
 * garbage after it, else a new buffer) and `rest` (2 bytes per entry and the bucket starts).
 */
export interface RehashScratch {
  readonly words: SharedArrayBuffer;
  readonly rest: SharedArrayBuffer;
}

/**
 * The views of `scratch` for `claimed` entries, `workers` workers and `buckets` buckets: per entry its slot
 * word and its home's offset in its bucket (the entries of worker w's share, [w·claimed/workers,
 * (w+1)·claimed/workers), sorted by bucket within that range), and per worker where each bucket's entries
 * start in its share (`buckets` + 1 each).
 */
function sortViews(scratch: RehashScratch, claimed: number, workers: number, buckets: number): { words: Int32Array; homes: Uint16Array; starts: Int32Array } {
  const words = new Int32Array(scratch.words, 0, claimed);
  const starts = new Int32Array(scratch.rest, 0, workers * (buckets + 1));
  const homes = new Uint16Array(scratch.rest, starts.byteLength, claimed);
  return { words, homes, starts };
}

/** Buckets of a table of `slots` slots. */
function bucketsOf(slots: number): number {
  return Math.ceil(slots / BUCKET_SLOTS);
}

/** First entry of worker `id`'s share (of `n`) of entries [0, `claimed`). */
function shareStart(claimed: number, id: number, n: number): number {
  return Math.floor((claimed * id) / n);
}

/** The buffers of a table (what workers send each other). */
export interface TableBuffers {
  readonly slots: SharedArrayBuffer;
  readonly segs: readonly SharedArrayBuffer[];
  /** Ords of the level being built (Int32 each). */
  readonly level: SharedArrayBuffer;
}

/**
 * Entries kept free for the claims the workers make between one of them asking for a growth and all of
 * them pausing (a block and one state's successors each): `most`, less for small tables, so that the
 * ords a small table reserves stay small next to its slots.
 */
export function entryMargin(slots: number, most: number): number {
  return Math.min(most, Math.max(1024, slots >>> 2));
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
  readonly keys: Int32Array[];
  private readonly checks: Int32Array[];
  private readonly deltas: Uint8Array[];
  readonly ords: Int32Array;
  /** Number of slots. */
  readonly slots: number;
  private readonly scale: number;
  private readonly idxMask: number;
  private readonly tagMask: number;
  /** First entry of the level being built: the entries below are final (numbered in sequential order). */
  base = 0;
  /** The ord an entry had before the last LOWERED `insert` of this view. */
  prev = 0;
  /** The entry and the slot of the last `insert`. */
  at = -1;
  slotAt = -1;

  /**
   * `claims` (workers only): the shared claim counter, and the PAUSE word to set when fewer than
   * `margin` entries are left (the workers then grow); `block`: this worker's claimed block,
   * carried over from the view of the table before a growth.
   */
  constructor(
    readonly buffers: TableBuffers,
    private readonly claims?: { readonly ctrl: Int32Array; readonly counter: number; readonly pause: number; readonly margin: number },
    readonly block: EntryBlock = { next: 0, end: 0, pending: -1 },
  ) {
    this.slotArr = new Int32Array(buffers.slots);
    this.slots = this.slotArr.length;
    this.scale = this.slots / TWO32;
    this.keys = buffers.segs.map((b) => new Int32Array(b, 0, 2 * SEG));
    this.checks = buffers.segs.map((b) => new Int32Array(b, KEYS_BYTES, SEG >>> CHECK_BITS));
    this.deltas = buffers.segs.map((b) => new Uint8Array(b, KEYS_BYTES + CHECKS_BYTES, SEG));
    this.ords = new Int32Array(buffers.level);
    // The slot words of a table keep their layout while segments are added (no rehash): the entry
    // numbers a table of this size may hold are fixed by its size.
    ({ idxMask: this.idxMask, tagMask: this.tagMask } = masks(SharedTable.entryLimit(this.slots)));
  }

  /** Most entries a table of `slots` slots may number (its states stay below its emergency load, plus a level of claims). */
  static entryLimit(slots: number): number {
    return Math.max(2 * slots, SEG);
  }

  /** This thread's view of `buffers` grown from this table: the same level and claimed block, with `claims`. */
  grown(buffers: TableBuffers, claims: ConstructorParameters<typeof SharedTable>[1]): SharedTable {
    const t = new SharedTable(buffers, claims, this.block);
    t.base = this.base;
    return t;
  }

  /** Entry numbers this table has room for now (keys, ords of the level, slot words). */
  get capacity(): number {
    return Math.min(this.keys.length * SEG, this.base + this.ords.length, SharedTable.entryLimit(this.slots));
  }

  /** Bytes of a table of `slots` slots with key segments for `entries` entries and `level` ords. */
  static bytesFor(slots: number, entries = 0, level = LEVEL_MIN): number {
    return slots * 4 + Math.ceil(entries / SEG) * SEG_BYTES + Math.max(LEVEL_MIN, level) * 4;
  }

  /** The most slots (at least 16) whose slot table fits `maxBytes` and `MAX_SLOTS`. */
  static maxSlots(maxBytes = Infinity): number {
    let slots = MAX_SLOTS;
    while (slots > 16 && slots * 4 > maxBytes) slots /= 2;
    return slots;
  }

  /**
   * Buffers of `slots` slots (`old`'s slot table when it is that size, else a new, empty one), key
   * segments for `entries` entries (within `entryLimit`; `old`'s and more) and room for `level` ords
   * (`old`'s array, or a larger copy of it). A RangeError when the engine cannot allocate them.
   */
  static buffers(slots: number, entries: number, old?: TableBuffers, level = LEVEL_MIN): TableBuffers {
    slots = Math.max(16, Math.ceil(slots));
    if (slots > MAX_SLOTS) throw new RangeError(`SharedTable: ${slots} slots exceed the largest table (${MAX_SLOTS} slots)`);
    const segs = [...(old?.segs ?? [])];
    const want = Math.min(entries, SharedTable.entryLimit(slots));
    while (segs.length * SEG < want) segs.push(new SharedArrayBuffer(SEG_BYTES));
    let ords = old?.level;
    if (ords === undefined || ords.byteLength < level * 4) {
      ords = new SharedArrayBuffer(Math.max(LEVEL_MIN, level) * 4);
      if (old !== undefined) new Int32Array(ords).set(new Int32Array(old.level));
    }
    const same = old !== undefined && old.slots.byteLength === slots * 4;
    return { slots: same ? old.slots : new SharedArrayBuffer(slots * 4), segs, level: ords };
  }

  get bytes(): number {
    return this.buffers.slots.byteLength + this.keys.length * SEG_BYTES + this.buffers.level.byteLength;
  }

  /** Lane 1 of entry `e`'s key. */
  h1(e: number): number {
    return (this.keys[e >>> SEG_BITS] as Int32Array)[(e & SEG_MASK) * 2] as number;
  }

  /** Lane 2 of entry `e`'s key. */
  h2(e: number): number {
    return (this.keys[e >>> SEG_BITS] as Int32Array)[(e & SEG_MASK) * 2 + 1] as number;
  }

  /** The ord of entry `e` of the level being built (0: unused). */
  ord(e: number): number {
    return Atomics.load(this.ords, e - this.base);
  }

  /** Starts a level at entry `base` (every worker's view, after the barrier that finished the one before). */
  startLevel(base: number): void {
    this.base = base;
    this.block.next = this.block.end = 0;
    this.block.pending = -1;
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
      const cap = this.capacity;
      if (start + size > cap - entryMargin(this.slots, c.margin)) Atomics.store(c.ctrl, c.pause, 1);
      if (start + size > cap) throw new Error("SharedTable: entries full (growth did not keep up)");
      b.next = start;
      b.end = start + size;
    }
    b.pending = b.next++;
    return b.pending;
  }

  /**
   * Inserts fingerprint (h1, h2) reached with ord `ord`. Returns INSERTED when this call added it; for
   * an entry of the level being built LOWERED when `ord` was smaller than its ord (the entry now has
   * this ord, and `prev` the ord it had), else SAME_LEVEL; OLDER for a final entry. `at` is the entry,
   * `slotAt` its slot.
   */
  insert(h1: number, h2: number, ord: number): number {
    const t = this.slotArr;
    const n = this.slots;
    const idxMask = this.idxMask;
    const tag = h2 & this.tagMask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = Math.floor((k1 >>> 0) * this.scale);
    for (let probes = 0; ; probes++) {
      let v = Atomics.load(t, i);
      if (v === 0) {
        const e = this.claim();
        const keys = this.keys[e >>> SEG_BITS] as Int32Array;
        const o = (e & SEG_MASK) * 2;
        keys[o] = k1;
        keys[o + 1] = k2;
        this.ords[e - this.base] = ord;
        v = Atomics.compareExchange(t, i, 0, tag | (e + 1));
        if (v === 0) {
          this.block.pending = -1;
          this.at = e;
          this.slotAt = i;
          return INSERTED;
        }
        // Another key took the slot: the entry stays this worker's for its next insert, skipped by rehashes meanwhile.
        this.ords[e - this.base] = 0;
      }
      if ((v & ~idxMask) === tag) {
        const e = (v & idxMask) - 1;
        const keys = this.keys[e >>> SEG_BITS] as Int32Array;
        const o = (e & SEG_MASK) * 2;
        if (keys[o] === k1 && keys[o + 1] === k2) {
          this.at = e;
          this.slotAt = i;
          return e < this.base ? OLDER : this.lower(e - this.base, ord);
        }
      }
      if (probes >= n) throw new Error("SharedTable: full (growth did not keep up)");
      if (++i === n) i = 0;
    }
  }

  /**
   * The word in `h1`'s home slot: read ahead of an insert by a batch (worker-batch.ts) so that the
   * insert's cache miss overlaps others. Reads only; the value means nothing.
   */
  peek(h1: number): number {
    return this.slotArr[Math.floor((h1 >>> 0) * this.scale)] as number;
  }

  /** Gives entry `base + k` ord `ord` when `ord` is smaller than its own. */
  private lower(k: number, ord: number): number {
    const ords = this.ords;
    for (;;) {
      const v = Atomics.load(ords, k);
      if (ord >= v) return SAME_LEVEL;
      if (Atomics.compareExchange(ords, k, v, ord) === v) {
        this.prev = v;
        return LOWERED;
      }
    }
  }

  /** Entry of fingerprint (h1, h2), or -1. */
  find(h1: number, h2: number): number {
    const t = this.slotArr;
    const n = this.slots;
    const tag = h2 & this.tagMask;
    const k1 = h1 | 0;
    const k2 = h2 | 0;
    let i = Math.floor((k1 >>> 0) * this.scale);
    for (let probes = 0; probes < n; probes++) {
      const v = Atomics.load(t, i);
      if (v === 0) return -1;
      if ((v & ~this.idxMask) === tag) {
        const e = (v & this.idxMask) - 1;
        if (this.h1(e) === k1 && this.h2(e) === k2) return e;
      }
      if (++i === n) i = 0;
    }
    return -1;
  }

  /**
   * Whether (h1, h2) is a state of a finished level: its entry is below `base` (final, numbered in
   * sequential order), while a state of the level being built has an entry from `base` up whoever
   * inserted it. So the answer does not depend on the inserts of the level being built (parallel-por.ts).
   */
  finished(h1: number, h2: number): boolean {
    const e = this.find(h1, h2);
    return e >= 0 && e < this.base;
  }

  /** The slot of entry `e` whose key's lanes are (h1, h2) (after a growth, when the slot `insert` gave has moved). */
  slotOf(e: number, h1: number, h2: number): number {
    const word = (h2 & this.tagMask) | (e + 1);
    const n = this.slots;
    let i = Math.floor(((h1 | 0) >>> 0) * this.scale);
    for (let probes = 0; probes < n; probes++) {
      if (Atomics.load(this.slotArr, i) === word) return i;
      if (++i === n) i = 0;
    }
    throw new Error(`SharedTable: entry ${e} has no slot`);
  }

  /**
   * Makes the kept state of the level at slot `slot`, key (h1, h2), final as entry `seq`.
   * The caller has found every slot of its states first (`slotOf` reads slot words another worker's
   * `finalize` may rewrite), and nobody reads keys of the level meanwhile (barriers around).
   */
  finalize(slot: number, h1: number, h2: number, seq: number): void {
    // A plain store (an atomic one is a full barrier on x86, waiting for each miss): the barrier after
    // the level's end publishes it.
    this.slotArr[slot] = (h2 & this.tagMask) | (seq + 1);
    const keys = this.keys[seq >>> SEG_BITS] as Int32Array;
    const o = (seq & SEG_MASK) * 2;
    keys[o] = h1;
    keys[o + 1] = h2;
  }

  /**
   * Records the parent (sequence number, -1 for an initial state) of final entry `seq`, given the parent
   * of entry `seq - 1` when this worker wrote it (else NaN). False when the link does not fit a delta:
   * the caller keeps (seq, parent) in its escape list.
   */
  setParent(seq: number, parent: number, prev: number): boolean {
    if ((seq & CHECK_MASK) === 0) {
      (this.checks[seq >>> SEG_BITS] as Int32Array)[(seq & SEG_MASK) >>> CHECK_BITS] = parent;
      return true;
    }
    const d = parent - prev;
    const ok = d >= 0 && d < ESCAPE;
    (this.deltas[seq >>> SEG_BITS] as Uint8Array)[seq & SEG_MASK] = ok ? d : ESCAPE;
    return ok;
  }

  /** Parent of final entry `seq` (-1 for an initial state); `escapes` maps the entries whose link did not fit. */
  parent(seq: number, escapes: ReadonlyMap<number, number>): number {
    const start = seq & ~CHECK_MASK;
    let v = (this.checks[start >>> SEG_BITS] as Int32Array)[(start & SEG_MASK) >>> CHECK_BITS] as number;
    for (let j = start + 1; j <= seq; j++) {
      const d = (this.deltas[j >>> SEG_BITS] as Uint8Array)[j & SEG_MASK] as number;
      if (d !== ESCAPE) v += d;
      else {
        const p = escapes.get(j);
        if (p === undefined) throw new Error(`SharedTable: missing parent of entry ${j}`);
        v = p;
      }
    }
    return v;
  }

  /** First slot of worker `id`'s region (of `n`) of this table's slots. */
  private regionStart(id: number, n: number): number {
    return Math.floor((this.slots * id) / n);
  }

  /**
   * Bytes a bucketed rebuild of `claimed` entries by `workers` workers allocates, whatever the table's size
   * (parallel-grow.ts counts them under the memory cap): 6 per entry (2 when the old slot table, of
   * `oldSlotBytes`, holds the words), plus each worker's bucket starts.
   */
  static rehashBytes(claimed: number, workers: number, oldSlotBytes = 0): number {
    return claimed * (oldSlotBytes >= claimed * 4 ? 2 : 6) + workers * (MAX_SLOTS / BUCKET_SLOTS + 1) * 4;
  }

  /**
   * The transient buffers of the bucketed rebuild of a new table of `slots` slots from entries [0,
   * `claimed`) by `workers` workers (allocated once, sent to all of them), the words in `oldSlots` (the
   * slot table the new one replaces) when they fit; null when the engine refuses them: the rebuild then
   * goes entry by entry.
   */
  static rehashScratch(slots: number, claimed: number, workers: number, oldSlots?: SharedArrayBuffer): RehashScratch | null {
    try {
      const rest = new SharedArrayBuffer(claimed * 2 + workers * (bucketsOf(slots) + 1) * 4);
      const words = oldSlots !== undefined && oldSlots.byteLength >= claimed * 4 ? oldSlots : new SharedArrayBuffer(claimed * 4);
      return { words, rest };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return null;
    }
  }

  /**
   * Phase 1 of a growth's rebuild of this new table's slots (nobody inserts), worker `id` of `n`: its share of
   * the entries [0, `claimed`) (every final entry and the entries of the level being built in use) sorted
   * by the bucket of BUCKET_SLOTS slots their home slot is in (a counting sort: the keys of the share read
   * twice, in order), into `scratch`. Each worker reads only its share; after a barrier every worker's
   * sorted entries are there for `rehashRegion`.
   */
  rehashSort(id: number, n: number, claimed: number, scratch: RehashScratch): void {
    const buckets = bucketsOf(this.slots);
    const { words, homes, starts: all } = sortViews(scratch, claimed, n, buckets);
    const starts = all.subarray(id * (buckets + 1), (id + 1) * (buckets + 1));
    const a = shareStart(claimed, id, n);
    const b = shareStart(claimed, id + 1, n);
    const scale = this.scale;
    const tagMask = this.tagMask;
    const base = this.base;
    const ords = this.ords;
    starts.fill(0);
    for (let s = a; s < b;) {
      const keys = this.keys[s >>> SEG_BITS] as Int32Array;
      const end = Math.min(b, ((s >>> SEG_BITS) + 1) * SEG);
      for (let e = s, o = (s & SEG_MASK) * 2; e < end; e++, o += 2) {
        if (e >= base && ords[e - base] === 0) continue;
        starts[(Math.floor(((keys[o] as number) >>> 0) * scale) >>> BUCKET_BITS) + 1]++;
      }
      s = end;
    }
    for (let k = 0; k < buckets; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
    const fill = starts.slice(0, buckets);
    for (let s = a; s < b;) {
      const keys = this.keys[s >>> SEG_BITS] as Int32Array;
      const end = Math.min(b, ((s >>> SEG_BITS) + 1) * SEG);
      for (let e = s, o = (s & SEG_MASK) * 2; e < end; e++, o += 2) {
        if (e >= base && ords[e - base] === 0) continue;
        const i = Math.floor(((keys[o] as number) >>> 0) * scale);
        const k = a + fill[i >>> BUCKET_BITS]!++;
        homes[k] = i & BUCKET_MASK;
        words[k] = ((keys[o + 1] as number) & tagMask) | (e + 1);
      }
      s = end;
    }
  }

  /**
   * Phase 2 (after the barrier that ends phase 1), worker `id` of `n`: fills its region of the slots with
   * the entries whose home slot lies in it, each bucket of the region from every worker's sorted share in
   * turn, with plain stores (each bucket's writes stay in cache, where entries in number order would miss
   * on nearly every slot). An entry whose probe would leave the region is appended to `deferred` for
   * `rehashDeferred`. Without `scratch` (the engine refused it) entry by entry: the worker reads every
   * entry's key and keeps those of its region.
   */
  rehashRegion(id: number, n: number, claimed: number, scratch: RehashScratch | null, deferred: number[]): void {
    const t = this.slotArr;
    const lo = this.regionStart(id, n);
    const hi = this.regionStart(id + 1, n);
    const idxMask = this.idxMask;
    if (scratch === null) {
      this.rehashEntries(lo, hi, claimed, deferred);
      return;
    }
    const buckets = bucketsOf(this.slots);
    const { words, homes, starts } = sortViews(scratch, claimed, n, buckets);
    for (let bucket = lo >>> BUCKET_BITS; bucket < buckets && bucket << BUCKET_BITS < hi; bucket++) {
      const first = bucket << BUCKET_BITS;
      // A bucket the region's bounds cut is read by both workers, each keeping its side.
      const whole = first >= lo && first + BUCKET_SLOTS <= hi;
      for (let w = 0; w < n; w++) {
        const a = shareStart(claimed, w, n);
        const at = w * (buckets + 1) + bucket;
        const end = a + (starts[at + 1] as number);
        for (let k = a + (starts[at] as number); k < end; k++) {
          let i = first + (homes[k] as number);
          if (!whole && (i < lo || i >= hi)) continue;
          while (i < hi && t[i] !== 0) i++;
          const word = words[k] as number;
          if (i === hi) deferred.push((word & idxMask) - 1);
          else t[i] = word;
        }
      }
    }
  }

  /** `rehashRegion` without its buckets: entry by entry (each slot write a cache miss). */
  private rehashEntries(lo: number, hi: number, claimed: number, deferred: number[]): void {
    const t = this.slotArr;
    const scale = this.scale;
    for (let e = 0; e < claimed; e++) {
      if (e >= this.base && this.ords[e - this.base] === 0) continue;
      const keys = this.keys[e >>> SEG_BITS] as Int32Array;
      const o = (e & SEG_MASK) * 2;
      let i = Math.floor(((keys[o] as number) >>> 0) * scale);
      if (i < lo || i >= hi) continue;
      while (i < hi && t[i] !== 0) i++;
      if (i === hi) deferred.push(e);
      else t[i] = ((keys[o + 1] as number) & this.tagMask) | (e + 1);
    }
  }

  /** Phase 3 (after a barrier): puts the entries `rehashRegion` deferred into the slots (the workers' lists at once, so with compare-and-swaps). */
  rehashDeferred(deferred: readonly number[]): void {
    const t = this.slotArr;
    const n = this.slots;
    for (const e of deferred) {
      const keys = this.keys[e >>> SEG_BITS] as Int32Array;
      const o = (e & SEG_MASK) * 2;
      let i = Math.floor(((keys[o] as number) >>> 0) * this.scale);
      const word = ((keys[o + 1] as number) & this.tagMask) | (e + 1);
      while (t[i] !== 0 || Atomics.compareExchange(t, i, 0, word) !== 0) if (++i === n) i = 0;
    }
  }

  /** The whole rebuild from one thread (tests, the single-thread benchmark). */
  rehash(claimed: number): void {
    const deferred: number[] = [];
    const scratch = SharedTable.rehashScratch(this.slots, claimed, 1);
    if (scratch !== null) this.rehashSort(0, 1, claimed, scratch);
    this.rehashRegion(0, 1, claimed, scratch, deferred);
    this.rehashDeferred(deferred);
  }
}

/** What `growTable` did: new buffers, or the limit that left no room for them. */
export type Growth = { readonly buffers: TableBuffers } | { readonly limit: "storeLimit" | "maxMemory" };

/** How a table grows (parallel-worker.ts): see `growTable`. */
export interface GrowthPolicy {
  /** Growth factor of a slot table below `DOUBLE_BELOW` slots (larger ones grow by `LARGE_GROWTH`). */
  readonly factor: number;
  /** Load the new slot table may have with `needed` entries. */
  readonly maxLoad: number;
  /** Largest table (slots, keys, ords; bytes); smaller in tests. */
  readonly maxBytes: number;
  /** Memory left under the process's cap (Infinity without one). */
  readonly freeBytes: number;
}

/**
 * A table with more slots than `old` and room for `needed` states at `maxLoad` (`entries`: entry numbers
 * the workers may claim before the next growth; `level`: ords for the level being built): its factor (or
 * more, for `needed`), but never past `maxBytes` (then `storeLimit`) nor `freeBytes` (then `maxMemory`):
 * halved down to the smallest growth (2× below `DOUBLE_BELOW` slots, `LARGE_GROWTH`× above). An
 * allocation the engine refuses is retried smaller. When not even the smallest growth fits, the limit
 * that prevented it; the caller keeps `old` (it still has room until its emergency load).
 */
export function growTable(old: SharedTable, needed: number, entries: number, p: GrowthPolicy, level = LEVEL_MIN): Growth {
  const small = old.slots < DOUBLE_BELOW;
  const step = small ? p.factor : LARGE_GROWTH;
  const least = Math.min(MAX_SLOTS, Math.ceil(old.slots * (small ? Math.min(2, p.factor) : LARGE_GROWTH)));
  let slots = Math.ceil(old.slots * step);
  while (needed > slots * p.maxLoad && slots < MAX_SLOTS) slots = Math.ceil(slots * step);
  slots = Math.min(slots, MAX_SLOTS);
  let limit: "storeLimit" | "maxMemory" = "storeLimit";
  const segEntries = (s: number): number => Math.max(old.keys.length * 2 ** SEG_BITS, Math.min(entries, SharedTable.entryLimit(s)));
  const bytes = (s: number): number => SharedTable.bytesFor(s, segEntries(s), Math.max(level, old.ords.length));
  const added = (s: number): number => bytes(s) - old.bytes;
  const smaller = (s: number): number => Math.max(least, Math.floor(s / 2));
  while (slots > least && bytes(slots) > p.maxBytes) slots = smaller(slots);
  while (slots > least && added(slots) > p.freeBytes) {
    slots = smaller(slots);
    limit = "maxMemory";
  }
  if (slots <= old.slots || bytes(slots) > p.maxBytes) return { limit };
  if (added(slots) > p.freeBytes) return { limit: "maxMemory" };
  for (;;) {
    try {
      return { buffers: SharedTable.buffers(slots, entries, old.buffers, level) };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      limit = "maxMemory";
    }
    if (slots === least) return { limit };
    slots = smaller(slots);
  }
}
