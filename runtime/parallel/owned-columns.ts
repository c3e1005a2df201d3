/**
 * What the partitioned parallel search (owned-worker.ts) keeps per state, indexed by its sequence number
 * (its place in the sequential BFS order), in growable shared arrays that every worker writes its own
 * states into and the main thread reads to rebuild a counterexample:
 *
 * - the parent link, as in the sequential `CompactStore`: a one-byte delta to the parent of the state
 *   numbered just before (parents are monotone in BFS order), an absolute checkpoint every 64 states,
 *   and `ESCAPE` for a link kept out of line (a jump past 254, or the first state of a worker's run,
 *   whose predecessor another worker wrote);
 * - the state's owner: the worker whose table holds its key (`ownerOf`), in `ownerBits(n)` bits.
 */
import { GrowingArray } from "./growing-buffer.js";

const CHECK_BITS = 6;
const CHECK_MASK = (1 << CHECK_BITS) - 1;
/** A parent delta stored out of line. */
export const ESCAPE = 255;

/**
 * The worker that owns a key (inserts it, keeps it in its table): the high bits of its second lane, so
 * that it is independent of the table's home slot (the high bits of the first lane).
 */
export function ownerOf(h2: number, n: number): number {
  return Math.floor(((h2 >>> 0) * n) / 4294967296);
}

/** Bits of an owner field: 0 for one worker, else the power of two that holds n − 1 (fields never straddle words). */
export function ownerBits(n: number): number {
  if (n <= 1) return 0;
  let b = 1;
  while (1 << b < n) b <<= 1;
  return b;
}

/** The shared buffers of the columns (sent to every worker). */
export interface ColumnBuffers {
  readonly deltas: SharedArrayBuffer;
  readonly checks: SharedArrayBuffer;
  readonly owners: SharedArrayBuffer;
}

export function createColumns(): ColumnBuffers {
  return { deltas: GrowingArray.create(1 << 16), checks: GrowingArray.create(1 << 12), owners: GrowingArray.create(1 << 12) };
}

/** One thread's view of the columns. */
export class Columns {
  private readonly deltas: GrowingArray<Uint8Array>;
  private readonly checks: GrowingArray<Int32Array>;
  private readonly owners: GrowingArray<Int32Array>;
  private readonly bits: number;
  private readonly perWord: number;
  private readonly fieldMask: number;

  constructor(
    readonly buffers: ColumnBuffers,
    readonly n: number,
    /** Largest buffer (bytes; tests). */
    maxBytes?: number,
  ) {
    // They stay for the whole search (they are most of its memory after the tables): grown in small steps.
    this.deltas = new GrowingArray(buffers.deltas, Uint8Array, 1.125, maxBytes);
    this.checks = new GrowingArray(buffers.checks, Int32Array, 1.125, maxBytes);
    this.owners = new GrowingArray(buffers.owners, Int32Array, 1.125, maxBytes);
    this.bits = ownerBits(n);
    this.perWord = this.bits === 0 ? 0 : 32 / this.bits;
    this.fieldMask = this.bits === 32 ? -1 : (1 << this.bits) - 1;
  }

  /** Room for the states numbered below `seqs` (a worker, before writing its run of a level). */
  ensure(seqs: number): void {
    this.deltas.ensure(seqs);
    this.checks.ensure((seqs >>> CHECK_BITS) + 1);
    if (this.bits > 0) this.owners.ensure(Math.ceil(seqs / this.perWord) + 1);
  }

  /** Views again after other threads grew the buffers (before reading them). */
  refresh(): void {
    this.deltas.refresh();
    this.checks.refresh();
    this.owners.refresh();
  }

  /** Bytes of the buffers (their allocated length). */
  get bytes(): number {
    return this.buffers.deltas.byteLength + this.buffers.checks.byteLength + this.buffers.owners.byteLength;
  }

  /**
   * Records state `seq`'s parent (−1 for an initial state) and owner, given the parent of state `seq − 1`
   * when this worker wrote it (else NaN). False when the link does not fit a delta: the caller keeps
   * (seq, parent) in its escape list.
   */
  set(seq: number, parent: number, prev: number, owner: number): boolean {
    if (this.bits > 0) {
      const word = Math.floor(seq / this.perWord);
      // Neighbouring runs of a level belong to different workers and may share a word.
      Atomics.or(this.owners.view, word, owner << ((seq - word * this.perWord) * this.bits));
    }
    if ((seq & CHECK_MASK) === 0) {
      this.checks.view[seq >>> CHECK_BITS] = parent;
      return true;
    }
    const d = parent - prev;
    const ok = d >= 0 && d < ESCAPE;
    this.deltas.view[seq] = ok ? d : ESCAPE;
    return ok;
  }

  /** Parent of state `seq` (−1 for an initial state); `escapes` holds the links that did not fit. */
  parent(seq: number, escapes: ReadonlyMap<number, number>): number {
    const start = seq & ~CHECK_MASK;
    let v = this.checks.view[start >>> CHECK_BITS] as number;
    for (let j = start + 1; j <= seq; j++) {
      const d = this.deltas.view[j] as number;
      if (d !== ESCAPE) v += d;
      else {
        const p = escapes.get(j);
        if (p === undefined) throw new Error(`parallel BFS: missing parent of state ${j}`);
        v = p;
      }
    }
    return v;
  }

  /** Owner of state `seq`. */
  owner(seq: number): number {
    if (this.bits === 0) return 0;
    const word = Math.floor(seq / this.perWord);
    return ((this.owners.view[word] as number) >>> ((seq - word * this.perWord) * this.bits)) & this.fieldMask;
  }
}
