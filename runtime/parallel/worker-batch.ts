/**
 * The successors of a run of a worker's packed states, generated, fingerprinted and their home slots read
 * ahead of the worker inserting them (parallel-worker.ts): runtime/search/packed-batch.ts for the shared
 * table.
 *
 * Why: nearly every insert into the shared table misses the cache (the slots are tens of MB, the keys
 * uniformly mixed). A worker that generates one successor, probes the table, then generates the next
 * waits for each miss in turn; here up to `BATCH_STATES` states are expanded first, then one tight loop
 * reads the home slot of every successor, so the misses overlap and the inserts that follow find their
 * slots in cache. The worker then inserts, keeps and counts each successor in the old order, so the
 * shared table sees the same inserts in the same order (the same ords, parents and counterexamples).
 *
 * Generation is pure (it reads the level's words, writes only these buffers), so a batch abandoned early
 * (a pause to grow the table, a stop) is generated again from its first unprocessed state; a state whose
 * steps fail ends the batch, its successors before the failure kept (`error`).
 */
import { SpecError } from "../contract/model.js";
import { isEvaluationStopped } from "../contract/budget.js";
import type { Fingerprinter } from "../search/fingerprint.js";
import type { WorkerSteps } from "./packed-worker-steps.js";
import { BATCH_STATES, SuccessorBuffer } from "../search/successor-buffer.js";

export { BATCH_STATES };

/** Successor buffers of one batch; one per worker, reused. */
export class WorkerBatch extends SuccessorBuffer {
  /** Key lanes of each successor. */
  h1: Int32Array;
  h2: Int32Array;
  /** States generated (the last one failed when `error` is set). */
  states = 0;
  /** The error that stopped generation in state `states - 1`, or `stopped` when an evaluation was stopped there. */
  error: SpecError | undefined;
  stopped = false;
  private sink = 0;

  constructor(
    private readonly packed: WorkerSteps,
    width: number,
  ) {
    super(packed, width);
    this.h1 = new Int32Array(this.steps.length);
    this.h2 = new Int32Array(this.steps.length);
  }

  protected override resized(n: number): void {
    this.h1 = new Int32Array(n);
    this.h2 = new Int32Array(n);
  }

  /**
   * Expands `n` (≤ BATCH_STATES) states of `src` from state `first`, fingerprints the successors with `fp`,
   * reads their home slots in `table` (none: the partitioned search inserts them later, owned-worker.ts).
   */
  fill(src: Int32Array, first: number, n: number, fp: Fingerprinter, table: { peek(h1: number): number } | undefined): void {
    this.count = 0;
    this.states = 0;
    this.error = undefined;
    this.stopped = false;
    const w = this.width;
    for (let j = 0; j < n; j++) {
      this.states = j + 1;
      try {
        this.packed.successors(src, (first + j) * w, this.onReport);
      } catch (e) {
        this.ends[j] = this.count;
        if (isEvaluationStopped(e)) this.stopped = true;
        else if (e instanceof SpecError) this.error = e;
        else throw e;
        break;
      }
      this.ends[j] = this.count;
    }
    const count = this.count;
    for (let k = 0; k < count; k++) {
      this.packed.fingerprint(fp, this.words, k * w);
      this.h1[k] = fp.h1 | 0;
      this.h2[k] = fp.h2 | 0;
    }
    if (table === undefined) return;
    let sink = this.sink;
    for (let k = 0; k < count; k++) sink ^= table.peek(this.h1[k] as number);
    this.sink = sink;
  }
}
