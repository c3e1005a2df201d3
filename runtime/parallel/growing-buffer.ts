/**
 * A shared array that any thread may grow (a growable SharedArrayBuffer): the partitioned parallel
 * search (owned-worker.ts) writes its streams, frontiers and parent links into arrays whose final size
 * nobody knows in advance, from several threads, without a message or a barrier per growth.
 *
 * Why not a length-tracking typed array over the buffer: V8 (Node 20) runs element accesses on those
 * about ten times slower; a fixed-length view over a growable buffer runs at full speed. So each thread
 * keeps a fixed view and makes a new one when the buffer has grown (`view` after `ensure`, or
 * `refresh` when another thread may have grown it).
 */

/** Largest growable SharedArrayBuffer V8 accepts (its maxByteLength): 4 GiB. */
export const MAX_GROWABLE_BYTES = 2 ** 32;

/** ES2024's growable SharedArrayBuffer (Node 20 has it; the project's TypeScript lib is older). */
const Growable = SharedArrayBuffer as unknown as new (bytes: number, opts: { maxByteLength: number }) => SharedArrayBuffer;
type GrowableBuffer = SharedArrayBuffer & { grow(bytes: number): void };

/** A growth past `MAX_GROWABLE_BYTES` (the search's store limit, as against memory the engine refuses). */
export class GrowingArrayFull extends RangeError {}

type Ctor<A> = { new (b: SharedArrayBuffer, off: number, len: number): A; readonly BYTES_PER_ELEMENT: number };

/** A growable shared Int32Array or Uint8Array; each thread makes its own `GrowingArray` over the same buffer. */
export class GrowingArray<A extends Int32Array | Uint8Array> {
  view: A;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly ctor: Ctor<A>,
    /** Growth factor (a growable buffer grows in place, without a copy: small factors cost little). */
    private readonly factor = 1.5,
    /** Largest size (bytes): 4 GiB, less in tests. */
    private readonly maxBytes = MAX_GROWABLE_BYTES,
  ) {
    this.view = this.make();
  }

  /** A new growable buffer of `bytes` bytes (rounded up to a page), growable to 4 GiB. */
  static create(bytes: number): SharedArrayBuffer {
    return new Growable(pageRound(Math.max(4096, bytes)), { maxByteLength: MAX_GROWABLE_BYTES });
  }

  private make(): A {
    return new this.ctor(this.buffer, 0, this.buffer.byteLength / this.ctor.BYTES_PER_ELEMENT);
  }

  /** The view again when another thread grew the buffer since it was made. */
  refresh(): A {
    if (this.view.byteLength !== this.buffer.byteLength) this.view = this.make();
    return this.view;
  }

  /**
   * Room for `length` elements: grows the buffer (by `factor` at least) when it is shorter. Safe
   * against other threads growing it at the same time (a growth to less than the buffer's length already
   * is refused: the loop then finds the room made by the other thread). Throws a RangeError past 4 GiB
   * or when the engine refuses the memory.
   */
  ensure(length: number): A {
    const bytes = length * this.ctor.BYTES_PER_ELEMENT;
    while (this.buffer.byteLength < bytes) {
      const want = Math.min(this.maxBytes, pageRound(Math.max(bytes, this.factor * this.buffer.byteLength)));
      if (want < bytes) throw new GrowingArrayFull(`growing buffer: ${bytes} bytes exceed the largest shared buffer (${this.maxBytes})`);
      try {
        (this.buffer as GrowableBuffer).grow(want);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        // Another thread grew it past `want` first, or the engine refused: the loop tells which.
        if (this.buffer.byteLength < bytes && this.buffer.byteLength < want) throw e;
      }
    }
    return this.refresh();
  }
}

function pageRound(bytes: number): number {
  return Math.ceil(bytes / 4096) * 4096;
}
