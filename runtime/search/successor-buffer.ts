/**
 * The successors of a batch of packed states, generated ahead of their processing: their words and steps
 * in generation order, and where each expanded state's successors end. Shared by the sequential search's
 * batch (packed-batch.ts) and the parallel workers' (runtime/parallel/worker-batch.ts), which differ only
 * in how they key the successors and which table they read ahead in.
 */

/** States expanded per batch. Their successors' slots (a few hundred cache lines for models with a
 * handful of successors per state) must still be in cache when they are probed: 64 keeps them within
 * L2 while giving the loads enough independent misses to overlap. */
export const BATCH_STATES = 64;

/** Successor buffers of one batch; one per search (or worker), reused. Subclasses key the successors. */
export class SuccessorBuffer {
  /** Successor words, `width` per successor. */
  words: Int32Array;
  /** Step index of each successor. */
  steps: Int32Array;
  /** `ends[j]`: successors of the batch's states 0 … j (state j's are `ends[j-1] … ends[j]`). */
  readonly ends = new Int32Array(BATCH_STATES);
  /** Successors generated. */
  count = 0;
  /** Appends the successor the step code just wrote (its report callback). */
  protected readonly onReport = (step: number): void => this.add(step);

  constructor(
    /** The step code's draft buffer: the successor being reported. */
    private readonly source: { readonly next: Int32Array },
    protected readonly width: number,
  ) {
    this.words = new Int32Array(width * 256);
    this.steps = new Int32Array(256);
  }

  /** Room for `n` successors: the subclass's per-successor arrays (keys) after a growth. */
  protected resized(n: number): void {
    void n;
  }

  private add(step: number): void {
    const k = this.count;
    const w = this.width;
    if (k === this.steps.length) this.grow();
    const next = this.source.next;
    const words = this.words;
    for (let i = 0; i < w; i++) words[k * w + i] = next[i] as number;
    this.steps[k] = step;
    this.count = k + 1;
  }

  private grow(): void {
    const n = this.steps.length * 2;
    const words = new Int32Array(n * this.width);
    words.set(this.words);
    this.words = words;
    const steps = new Int32Array(n);
    steps.set(this.steps);
    this.steps = steps;
    this.resized(n);
  }
}
