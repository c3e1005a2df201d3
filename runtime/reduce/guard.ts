/**
 * The adaptive guard of partial-order reduction: POR costs per state (the stubborn-set closures, the
 * cycle proviso's look-ups), and on a spec where its ample sets rarely exclude anything that cost is
 * all it does (pfncache d-mainline `full`: 3% of the states saved, 2.6× the CPU). The guard watches the
 * first `sample` expansions of a search; when the ample sets pruned less than `minPruned` of the
 * successors generated there, it stops the reduction and the search expands every later state fully,
 * on the plain search's own path, so such a spec pays for `sample` expansions and nothing more. It
 * looks again at every doubling (2·sample, 4·sample, …: a few checks per search) with the fraction
 * over everything expanded so far, because a start that prunes well does not promise a search that
 * does (pfncache b2-external-lock `memslot`: over 25% in its first 1,000 expansions, 15.8% overall).
 *
 * Soundness of stopping half-way: the proof in por.ts asks, of every state the search expands, only
 * that the transitions it follows form an ample set satisfying S0–S3 at that state. The set of all
 * enabled transitions always does: S0 (some enabled transition is in it) trivially, S1 and S2 with P
 * = every instance (there are no outsiders, so there is nothing for them to depend on or change), and
 * S3 holds because every cycle of the reduced graph still contains a fully expanded state — the
 * reduced expansions before the stop only created edges from BFS level d to d + 1 (their proviso), so
 * a cycle needs an edge that goes back or stays on a level, and only a full expansion makes one.
 * So a search that reduces some states and expands the rest fully is a search with a valid ample set
 * at every state, and keeps every safety verdict. Its state count is of that partly reduced graph,
 * equal to the full graph's exactly when no successor was ever pruned (`exact` in the report).
 *
 * The tuning constants are measured (docs/performance.md, "Partial-order reduction by default"; the
 * table comes from bench/por-table.ts).
 */

/** When the guard decides, and below which pruned fraction it stops the reduction. */
export interface PorGuardOptions {
  /** Expansions watched before deciding (the search's first states; a smaller search never decides). */
  readonly sample: number;
  /** The fraction of successors the ample sets must have pruned (so far, at each check) to keep reducing. */
  readonly minPruned: number;
}

/**
 * The defaults. The sample is what a spec the reduction cannot help pays: at 2–3× the plain cost per
 * state (pfncache), 1,000 expansions cost about 0.1 s, and they reach past the first BFS levels. 0.25:
 * the big pfncache workloads prune 4–23% of the successors there and save 1–3% of the states for 2–5×
 * the CPU; where the reduction pays (bench/por/local-work.tspec) it prunes over 60% (the table in
 * docs/performance.md). A proxy for time, not a measurement of it.
 */
export const POR_GUARD: PorGuardOptions = { sample: 1_000, minPruned: 0.25 };

/** What the reduction did in one search (reported by `check` and in `--json`'s `por`). */
export interface PorStats {
  /** States expanded along a proper ample set. */
  readonly reducedStates: number;
  /** States the reduction expanded fully (no proper stubborn set, or the proviso failed for each). */
  readonly fullStates: number;
  /** Ample candidates rejected by the cycle proviso. */
  readonly provisoFailures: number;
  /** Successors generated at the states the reduction expanded (all enabled transitions). */
  readonly generated: number;
  /** Of those, the ones left out of the ample sets. */
  readonly pruned: number;
  /** Expansions after which the guard stopped the reduction (undefined: it never did). */
  readonly stoppedAfter?: number;
}

/** Counts what the reduction does and decides, at its checks, whether it goes on. */
export class PorGuard {
  private reduced = 0;
  private full = 0;
  private proviso = 0;
  private generated = 0;
  private pruned = 0;
  private stopped: number | undefined;
  /** The expansion count of the next check (`sample`, then doubling). */
  private nextCheck: number;

  constructor(private readonly opts: PorGuardOptions = POR_GUARD) {
    this.nextCheck = opts.sample;
  }

  /** Whether the search should still try ample sets (false once the guard stopped the reduction). */
  get active(): boolean {
    return this.stopped === undefined;
  }

  /** A state expanded along an ample set: `kept` of its `generated` successors followed. */
  reducedExpansion(generated: number, kept: number): void {
    this.reduced++;
    this.generated += generated;
    this.pruned += generated - kept;
    this.decide();
  }

  /** A state the reduction expanded fully (every candidate failed, or none was proper). */
  fullExpansion(generated: number): void {
    this.full++;
    this.generated += generated;
    this.decide();
  }

  /** An ample candidate rejected by the cycle proviso. */
  provisoFailure(): void {
    this.proviso++;
  }

  /** The counts so far. */
  get stats(): PorStats {
    return {
      reducedStates: this.reduced,
      fullStates: this.full,
      provisoFailures: this.proviso,
      generated: this.generated,
      pruned: this.pruned,
      ...(this.stopped !== undefined ? { stoppedAfter: this.stopped } : {}),
    };
  }

  private decide(): void {
    const n = this.reduced + this.full;
    if (n !== this.nextCheck || this.stopped !== undefined) return;
    if (this.pruned < this.opts.minPruned * this.generated) this.stopped = n;
    else this.nextCheck *= 2;
  }
}

/** The pruned fraction of the successors generated (0 when none were). */
export function prunedFraction(s: PorStats): number {
  return s.generated > 0 ? s.pruned / s.generated : 0;
}
