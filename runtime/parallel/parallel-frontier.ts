/**
 * One worker's share of a BFS level in the parallel search (parallel-worker.ts), in sequential order.
 *
 * Levels are kept as in the sequential search (runtime/search/frontier.ts): when the model packs, as
 * packed words in a typed array (copied from the fingerprinter right after fingerprinting, unpacked when
 * expanded), so millions of frontier states cost a few words each and nothing to the garbage collector,
 * and a range moved to another worker is a transferred word range; otherwise as state objects
 * (structured-cloned when moved). Each state also carries its fingerprint and table entry and, for the
 * level being built, the discovery that kept it: its parent's `ord` (shared-table.ts), the index of the
 * successor among its parent's (parallel-order.ts) and the table slot the insert found it in.
 */
import type { Model } from "../contract/model.js";
import { BitReader } from "../contract/packed.js";

/** A growable Int32 list reused across levels. */
export class IntList {
  a = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
}

/** Fingerprints already kept on the level being built (prefix only: every worker keeps every new state). */
export class LevelSet {
  private m = new Map<number, number | number[]>();
  /** Adds (h1, h2); false when already present. */
  add(h1: number, h2: number): boolean {
    const v = this.m.get(h1);
    if (v === undefined) {
      this.m.set(h1, h2);
      return true;
    }
    if (typeof v === "number") {
      if (v === h2) return false;
      this.m.set(h1, [v, h2]);
      return true;
    }
    if (v.includes(h2)) return false;
    v.push(h2);
    return true;
  }
  clear(): void {
    this.m.clear();
  }
}

/** A contiguous range of a worker's level sent to another worker. */
export interface LevelPiece {
  readonly states: unknown[] | null;
  readonly words: Int32Array | null;
  readonly h1: Int32Array;
  readonly h2: Int32Array;
  readonly ent: Int32Array;
}

/**
 * States in order with their fingerprints and discovery ranks: packed words (`width` per state, unpacked
 * when expanded) when the model packs (`width` > 0), else state objects. Reused across levels, so a packed
 * level's buffer is allocated (and its pages faulted in) only while levels still grow.
 */
export class WorkerLevel {
  objs: unknown[] = [];
  words: Int32Array;
  readonly h1 = new IntList();
  readonly h2 = new IntList();
  /** Ord of the discovery that kept the state (its parent's sequence number + 2; 1 for an initial state). */
  readonly ords = new IntList();
  /** Index of the state among its parent's successors (among the initial states for level 1). */
  readonly js = new IntList();
  /** The state's table entry. */
  readonly ent = new IntList();
  /** Its slot in the table (parallel-finalize.ts). */
  readonly slot = new IntList();
  length = 0;
  private readonly reader = new BitReader();

  constructor(
    private readonly model: Model<unknown>,
    readonly width: number,
  ) {
    this.words = new Int32Array(width * 1024);
  }

  clear(): void {
    this.objs = [];
    this.length = 0;
    this.h1.length = 0;
    this.h2.length = 0;
    this.ords.length = 0;
    this.js.length = 0;
    this.ent.length = 0;
    this.slot.length = 0;
  }

  private room(states: number): void {
    const need = (this.length + states) * this.width;
    if (need <= this.words.length) return;
    const w = new Int32Array(Math.max(need, this.words.length * 2));
    w.set(this.words.subarray(0, this.length * this.width));
    this.words = w;
  }

  /** Appends `s`, whose packed words are in `src` from word `at` (the fingerprinter's, when packed). */
  push(s: unknown, src: Int32Array, at: number, h1: number, h2: number, ord: number, j: number, ent: number, slot: number): void {
    const width = this.width;
    if (width === 0) this.objs.push(s);
    else {
      this.room(1);
      const w = this.words;
      let o = this.length * width;
      for (let k = 0; k < width; k++) w[o++] = src[at + k] as number;
    }
    this.h1.push(h1);
    this.h2.push(h2);
    this.ords.push(ord);
    this.js.push(j);
    this.ent.push(ent);
    this.slot.push(slot);
    this.length++;
  }

  /** State `i`, each index taken once (an object level drops its reference so it can be collected). */
  take(i: number): unknown {
    if (this.width === 0) {
      const s = this.objs[i];
      this.objs[i] = undefined;
      return s;
    }
    this.reader.reset(this.words, i * this.width);
    return this.model.unpack!(this.reader);
  }

  /** State `i`, leaving it in place (taken again later). */
  peek(i: number): unknown {
    if (this.width === 0) return this.objs[i];
    this.reader.reset(this.words, i * this.width);
    return this.model.unpack!(this.reader);
  }

  /** Keeps only the states `i` for which `keep(i)` holds, in order (ranks included). */
  retain(keep: (i: number) => boolean): void {
    const width = this.width;
    let to = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(i)) continue;
      if (to !== i) {
        if (width === 0) this.objs[to] = this.objs[i];
        else this.words.copyWithin(to * width, i * width, (i + 1) * width);
        this.h1.a[to] = this.h1.a[i] as number;
        this.h2.a[to] = this.h2.a[i] as number;
        this.ords.a[to] = this.ords.a[i] as number;
        this.js.a[to] = this.js.a[i] as number;
        this.ent.a[to] = this.ent.a[i] as number;
        this.slot.a[to] = this.slot.a[i] as number;
      }
      to++;
    }
    if (width === 0) this.objs.length = to;
    this.length = this.h1.length = this.h2.length = this.ords.length = this.js.length = this.ent.length = this.slot.length = to;
  }

  /** States [from, to) as a message (packed words and fingerprints are transferable; ranks are not needed any more). */
  slice(from: number, to: number): LevelPiece {
    const w = this.width;
    return {
      states: w === 0 ? this.objs.slice(from, to) : null,
      words: w === 0 ? null : this.words.slice(from * w, to * w),
      h1: this.h1.a.slice(from, to),
      h2: this.h2.a.slice(from, to),
      ent: this.ent.a.slice(from, to),
    };
  }

  /** Appends a piece of another worker's level. */
  append(m: LevelPiece): void {
    const count = m.h1.length;
    if (this.width !== 0) {
      this.room(count);
      this.words.set(m.words!, this.length * this.width);
    }
    for (let k = 0; k < count; k++) {
      if (this.width === 0) this.objs.push(m.states![k]);
      this.h1.push(m.h1[k] as number);
      this.h2.push(m.h2[k] as number);
      this.ent.push(m.ent[k] as number);
      this.ords.push(0);
      this.js.push(0);
      this.slot.push(0);
    }
    this.length += count;
  }

  /** Appends states [from, to) of `src`. */
  appendRange(src: WorkerLevel, from: number, to: number): void {
    if (from >= to) return;
    this.append(src.slice(from, to));
  }
}
