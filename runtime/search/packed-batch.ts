/**
 * The successors of a run of packed states, generated, fingerprinted and looked up ahead of the BFS
 * processing them (runtime/search/bfs.ts, packed path).
 *
 * Why: on a large model nearly every visited-table lookup is a cache miss (the table is tens of MB and
 * the keys are uniformly mixed), and a search that generates one successor, probes the table, then
 * generates the next waits for each miss in turn. Here a run of up to `BATCH_STATES` states is expanded
 * first — successor words, steps and keys into flat arrays — and then one tight loop reads the home slot
 * of every key (`CompactStore.peek`): the reads are independent, so the processor overlaps their misses,
 * and the probes that follow find the slots in cache. The processing itself is unchanged and in the
 * same order (bfs.ts inserts, counts and checks each successor as before), so entry numbers, parents,
 * counts and counterexamples are exactly those of generating one successor at a time.
 *
 * Generation is pure (it reads the level's words and writes only these buffers), so generating ahead
 * changes nothing observable: a state whose steps fail stops the generation there (`error`), its
 * successors reported before the failure kept, and the states before it are processed first, as they
 * would have been; a batch abandoned early (a violation, a limit, a yield to the event loop) is
 * simply generated again from the first unprocessed state.
 */
import { SpecError } from "../contract/model.js";
import type { PackedSteps } from "../contract/packed-steps.js";
import { EXACT_BITS, permuteInto, type Fingerprinter } from "./fingerprint.js";
import { fingerprintWords } from "./packed-path.js";
import type { CompactStore } from "./store.js";
import { BATCH_STATES, SuccessorBuffer } from "./successor-buffer.js";

export { BATCH_STATES };

/** Successor buffers of one batch (see above); one per search, reused. */
export class PackedBatch extends SuccessorBuffer {
  /** Key lanes of each successor (3 per successor; the third 0 with 64-bit keys). */
  keys: Int32Array;
  /** States generated (the last one failed when `error` is set). */
  states = 0;
  /** The error that stopped generation in state `states - 1` (its successors before the failure are kept). */
  error: SpecError | undefined;
  /** Folds the prefetched slot words so that the reads are not optimised away. */
  private sink = 0;

  constructor(
    private readonly packed: PackedSteps,
    private readonly bits: number,
  ) {
    super(packed, packed.width);
    this.keys = new Int32Array(3 * this.steps.length);
  }

  protected override resized(n: number): void {
    this.keys = new Int32Array(3 * n);
  }

  /**
   * Expands `n` (≤ BATCH_STATES) states of `src`, state `first` onwards (`width` words each), then
   * fingerprints every successor with `fp` and touches its home slot in `store`.
   */
  fill(src: Int32Array, first: number, n: number, fp: Fingerprinter, store: CompactStore): void {
    this.count = 0;
    this.states = 0;
    this.error = undefined;
    const packed = this.packed;
    const w = this.width;
    for (let j = 0; j < n; j++) {
      this.states = j + 1;
      try {
        packed.successors(src, (first + j) * w, this.onReport);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        this.error = e;
        this.ends[j] = this.count;
        break;
      }
      this.ends[j] = this.count;
    }
    const count = this.count;
    const words = this.words;
    const keys = this.keys;
    const bits = this.bits;
    if (bits <= 32) {
      // Exact keys of one word (mutexN up to N=6): `fingerprintWords`'s `permute(w0, 0)`, inline.
      for (let k = 0; k < count; k++) {
        permuteInto(keys, 3 * k, words[k] as number, 0);
        keys[3 * k + 2] = 0;
      }
    } else if (bits <= EXACT_BITS) {
      for (let k = 0; k < count; k++) {
        permuteInto(keys, 3 * k, words[2 * k] as number, words[2 * k + 1] as number);
        keys[3 * k + 2] = 0;
      }
    } else {
      for (let k = 0; k < count; k++) {
        fingerprintWords(fp, words, k * w, bits);
        keys[3 * k] = fp.h1 | 0;
        keys[3 * k + 1] = fp.h2 | 0;
        keys[3 * k + 2] = fp.h3 | 0;
      }
    }
    let sink = this.sink;
    for (let k = 0; k < count; k++) sink ^= store.peek(keys[3 * k] as number);
    this.sink = sink;
  }
}
