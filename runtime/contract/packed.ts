/**
 * Fixed-width bit-packed states.
 *
 * A generated model whose state has only finite, bounded parts (every spec the language accepts, as
 * long as no set ranges over more than 31 values) packs each state into a vector of 32-bit words:
 * every field takes exactly the bits its declared type needs (`0..K-1` takes ⌈log2 K⌉ bits, an enum of
 * three members two, a set a bitmask over its element type, an absent option or a short sequence is
 * padded with zeros), so all states of a workload have the same width, `Model.packedBits`. Packing is
 * injective — two states pack equal exactly when they are equal — which is what lets the explorers
 * fingerprint the packed words instead of the longer canonical `encode` stream, and keep a BFS frontier
 * as plain words in typed arrays instead of millions of live objects.
 *
 * Values are written least-significant bit first. A value that does not fit its width is a bug in the
 * generated code (range checks run when values are assigned), so `put` refuses it instead of silently
 * merging two states.
 */

/** Bits needed for the values lo..hi (0 when the range has one value). */
export function bitsFor(lo: number, hi: number): number {
  const span = hi - lo;
  if (span <= 0) return 0;
  // Math.clz32 would truncate a span of 2^32 or more; such a field is too wide to pack anyway.
  return span < 2 ** 31 ? 32 - Math.clz32(span) : Math.ceil(Math.log2(span + 1));
}

/** States wider than this are not packed (a huge map would otherwise allocate huge levels). */
export const MAX_PACKED_BITS = 1 << 20;

/** The packed width of `model`'s states in bits, or -1 when the explorers must use `encode`. */
export function packedWidth<S>(model: { readonly packedBits?: number; pack?(s: S, w: BitWriter): void; unpack?(r: BitReader): S }): number {
  const bits = model.packedBits ?? -1;
  return model.pack === undefined || model.unpack === undefined || bits < 0 || bits > MAX_PACKED_BITS ? -1 : bits;
}

/** Largest width one `put`/`get` moves; wider parts are split by the generated code's types (never in practice). */
export const MAX_FIELD_BITS = 31;

const MASKS = Int32Array.from({ length: 33 }, (_, b) => (b >= 32 ? -1 : (1 << b) - 1));

/** Appends bit fields to a growable word buffer. */
export class BitWriter {
  /** The packed words; valid up to the count `end()` returned. */
  words = new Int32Array(16);
  private idx = 0;
  private acc = 0;
  private fill = 0;

  /** Starts a new vector at word 0. */
  begin(): void {
    this.idx = 0;
    this.acc = 0;
    this.fill = 0;
  }

  /** Writes `v` (0 ≤ v < 2^bits, bits ≤ 31) in `bits` bits. */
  put(v: number, bits: number): void {
    // One test covers negative values, values ≥ 2^bits and, for bits = 0, anything but 0.
    if (v >>> bits !== 0 || bits > MAX_FIELD_BITS) throw new RangeError(`packed state: ${v} does not fit in ${bits} bits`);
    let fill = this.fill;
    this.acc |= v << fill;
    fill += bits;
    if (fill >= 32) {
      if (this.idx === this.words.length) this.grow();
      this.words[this.idx++] = this.acc;
      fill -= 32;
      this.acc = fill === 0 ? 0 : v >>> (bits - fill);
    }
    this.fill = fill;
  }

  /** Writes `n` zero bits (padding of an absent option or the unused tail of a sequence). */
  skip(n: number): void {
    while (n > MAX_FIELD_BITS) {
      this.put(0, MAX_FIELD_BITS);
      n -= MAX_FIELD_BITS;
    }
    this.put(0, n);
  }

  /** Flushes the last partial word; returns the number of words written. */
  end(): number {
    if (this.fill > 0) {
      if (this.idx === this.words.length) this.grow();
      this.words[this.idx++] = this.acc;
      this.acc = 0;
      this.fill = 0;
    }
    return this.idx;
  }

  /** Bits written so far. */
  get bits(): number {
    return this.idx * 32 + this.fill;
  }

  private grow(): void {
    const w = new Int32Array(this.words.length * 2);
    w.set(this.words);
    this.words = w;
  }
}

/** Reads bit fields back, in the order they were written. */
export class BitReader {
  private words: Int32Array = new Int32Array(0);
  private pos = 0;

  /** Starts reading the vector that begins at word `start` of `words`. */
  reset(words: Int32Array, start: number): void {
    this.words = words;
    this.pos = start * 32;
  }

  /** Reads a `bits`-bit field (bits ≤ 31). */
  get(bits: number): number {
    if (bits === 0) return 0;
    const pos = this.pos;
    const i = pos >>> 5;
    const off = pos & 31;
    let v = (this.words[i] as number) >>> off;
    if (off + bits > 32) v |= (this.words[i + 1] as number) << (32 - off);
    this.pos = pos + bits;
    return v & (MASKS[bits] as number);
  }

  /** Reads a `bits`-bit index into `values` (enum members, labels). */
  pick<T>(values: readonly T[], bits: number): T {
    return values[this.get(bits)] as T;
  }

  /** Skips `n` bits and returns null: the padding of an absent option. */
  none(n: number): null {
    this.pos += n;
    return null;
  }

  /**
   * Reads a variant value: its case ordinal (`tagBits`), then that case's fields (`cases[k]` reads
   * them), then skips to the width of the widest case (`pad[k]` bits), so every value has one width.
   */
  variant<T>(tagBits: number, cases: readonly (() => T)[], pad: readonly number[]): T {
    const k = this.get(tagBits);
    const v = (cases[k] as () => T)();
    this.pos += pad[k] as number;
    return v;
  }

  /** Reads an optional pid written as pid + 1 (0 = none): a lock owner or `option<pid>`-like field. */
  pidOrNull(bits: number): number | null {
    const v = this.get(bits);
    return v === 0 ? null : v - 1;
  }

  /** Reads `n` values with `read` into a fresh array (maps, per-instance parts). */
  array<T>(n: number, read: () => T): T[] {
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = read();
    return out;
  }

  /** Reads a sequence of at most `max` elements: its length, the elements, then the padding. */
  seq<T>(lenBits: number, max: number, elemBits: number, read: () => T): T[] {
    const n = this.get(lenBits);
    const out = this.array(n, read);
    this.pos += (max - n) * elemBits;
    return out;
  }

  /** Reads a `card`-bit mask as the ascending ints `lo + i` for each set bit i (a set of a range or of pids). */
  intSet(card: number, lo: number): number[] {
    const m = this.get(card);
    const out: number[] = [];
    for (let i = 0; i < card; i++) if ((m >>> i) & 1) out.push(lo + i);
    return out;
  }

  /** Reads a `card`-bit mask as the members of `values` whose bit is set, in `values` order. */
  maskedValues<T>(values: readonly T[]): T[] {
    const m = this.get(values.length);
    const out: T[] = [];
    for (let i = 0; i < values.length; i++) if ((m >>> i) & 1) out.push(values[i] as T);
    return out;
  }
}

/**
 * Packed states of one BFS level, appended one after another in a growable word array (`width`
 * words each). Holding a level as words instead of objects keeps it out of the garbage collector's
 * way: millions of frontier states would otherwise all survive into the old generation.
 */
export class PackedLevel {
  words: Int32Array;
  private n = 0;

  constructor(
    readonly width: number,
    initialStates = 1024,
  ) {
    this.words = new Int32Array(Math.max(1, width) * initialStates);
  }

  get length(): number {
    return this.n;
  }

  /** Appends the first `width` words of `src`. */
  push(src: Int32Array): void {
    const w = this.width;
    let off = this.n * w;
    if (off + w > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, off + w));
      grown.set(this.words);
      this.words = grown;
    }
    for (let k = 0; k < w; k++) this.words[off++] = src[k] as number;
    this.n++;
  }

  /** Appends the `width` words of `src` from `off`. */
  pushFrom(src: Int32Array, off: number): void {
    const w = this.width;
    let at = this.n * w;
    if (at + w > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, at + w));
      grown.set(this.words);
      this.words = grown;
    }
    for (let k = 0; k < w; k++) this.words[at++] = src[off + k] as number;
    this.n++;
  }

  /** Word offset of state `i`. */
  offset(i: number): number {
    return i * this.width;
  }

  /** Empties the level, keeping its words for the next states (BFS reuses the level it has expanded). */
  clear(): void {
    this.n = 0;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.words.byteLength;
  }
}
