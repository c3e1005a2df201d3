/**
 * One BFS level: the states discovered at one depth, in discovery order.
 *
 * `ObjectLevel` keeps the state objects. `PackedStateLevel` keeps each state as its packed words
 * (runtime/contract/packed.ts) and unpacks it when the level is expanded: a level of a large model holds
 * hundreds of thousands of states, and as objects they would all outlive the young generation and be
 * copied and then marked by the garbage collector; as words they cost `packedBits / 8` bytes each and
 * nothing to collect.
 */
import type { Model } from "../contract/model.js";
import { BitReader, BitWriter, PackedLevel, packedWidth } from "../contract/packed.js";

export interface Level<S> {
  readonly length: number;
  /**
   * Appends `s`. `packed` is the writer that last packed `s` when the caller has just fingerprinted it
   * (its words are copied instead of packing again), else undefined.
   */
  push(s: S, packed: BitWriter | undefined): void;
  /** State `i`; each index is taken once (an object level drops its reference so it can be collected). */
  take(i: number): S;
  /** A new empty level of the same kind. */
  fresh(): Level<S>;
  /**
   * An empty level of the same kind once this one has been expanded: a packed level empties itself
   * and keeps its words (no new typed array, whose pages the kernel would fault in again, per BFS
   * level); an object level is a fresh one.
   */
  recycle(): Level<S>;
}

export class ObjectLevel<S> implements Level<S> {
  private readonly states: (S | undefined)[] = [];

  get length(): number {
    return this.states.length;
  }

  push(s: S): void {
    this.states.push(s);
  }

  take(i: number): S {
    const s = this.states[i] as S;
    this.states[i] = undefined;
    return s;
  }

  fresh(): Level<S> {
    return new ObjectLevel<S>();
  }

  recycle(): Level<S> {
    return new ObjectLevel<S>();
  }
}

export class PackedStateLevel<S> implements Level<S> {
  private readonly level: PackedLevel;
  private readonly reader = new BitReader();
  private readonly writer = new BitWriter();

  constructor(
    private readonly model: Model<S> & Required<Pick<Model<S>, "pack" | "unpack" | "packedBits">>,
    readonly width: number,
  ) {
    this.level = new PackedLevel(width);
  }

  get length(): number {
    return this.level.length;
  }

  push(s: S, packed: BitWriter | undefined): void {
    if (packed !== undefined) {
      this.level.push(packed.words);
      return;
    }
    const w = this.writer;
    w.begin();
    this.model.pack(s, w);
    w.end();
    this.level.push(w.words);
  }

  take(i: number): S {
    this.reader.reset(this.level.words, this.level.offset(i));
    return this.model.unpack(this.reader);
  }

  /** Appends a state given as its packed words (`words[0 … width)`): the packed step path. */
  pushWords(words: Int32Array): void {
    this.level.push(words);
  }

  /** Appends the state at `words[off … off+width)` (the batched packed path's successor buffer). */
  pushFrom(words: Int32Array, off: number): void {
    this.level.pushFrom(words, off);
  }

  /** The words of this level (valid until the next push) and where state `i` starts in them. */
  get words(): Int32Array {
    return this.level.words;
  }

  offset(i: number): number {
    return this.level.offset(i);
  }

  fresh(): Level<S> {
    return new PackedStateLevel(this.model, this.width);
  }

  recycle(): Level<S> {
    this.level.clear();
    return this;
  }
}

/** A packed level when the model packs (every state the same width), else an object level. */
export function newLevel<S>(model: Model<S>): Level<S> {
  const bits = packedWidth(model);
  if (bits < 0) return new ObjectLevel<S>();
  const m = model as Model<S> & Required<Pick<Model<S>, "pack" | "unpack" | "packedBits">>;
  return new PackedStateLevel(m, Math.max(1, Math.ceil(bits / 32)));
}
