/**
 * Load balance between levels, keeping the sequential order. Each worker holds a contiguous range of the
 * level in sequential order (worker 0 the first states, worker n-1 the last; parallel-order.ts), and
 * "whoever discovers first in sequential order keeps" lets the workers' shares drift apart (a worker
 * holding more states discovers more of the next level), while every level takes as long as its busiest
 * worker. So after each level the workers compute, from the counts they all published, the same plan:
 * new cut points that even out the counts, and the moves that realise them — each worker sends the parts
 * of its range that now belong to another worker (a neighbour's head or tail), through a MessageChannel.
 * A packed model's states move as a transferred range of words (a few ns per state), so the workers
 * correct every drift past 2%; state objects of a model that does not pack are structured-cloned, which
 * is dear (about 8-15 µs of CPU per mutexN state, cloning plus collecting, several times the cost of
 * expanding it), so for them this is only a safety net against a runaway drift (10% threshold).
 */

/** One move: the states at global positions [lo, hi) of the level, from worker `from` to worker `to`. */
export interface RangeMove {
  readonly from: number;
  readonly to: number;
  readonly lo: number;
  readonly hi: number;
}

/** Where each worker's range of the level starts (`cuts[w]`, `cuts[n]` = the level's size) and the moves to get there. */
export interface RangePlan {
  readonly cuts: readonly number[];
  readonly moves: readonly RangeMove[];
}

/** The cut points of ranges of `counts` states, in worker order. */
export function cutsOf(counts: readonly number[]): number[] {
  const cuts = [0];
  for (const c of counts) cuts.push(cuts[cuts.length - 1]! + c);
  return cuts;
}

/**
 * The plan for ranges of `counts` states (worker w holds positions cutsOf(counts)[w] up to the next):
 * even cuts and the moves to them, or the ranges as they are when the busiest worker is within
 * `tolerance` (relative) or `minMove` states of the mean: small moves cost more than they save.
 */
export function rangePlan(counts: readonly number[], tolerance = 0.05, minMove = 1024): RangePlan {
  const n = counts.length;
  const held = cutsOf(counts);
  const total = held[n]!;
  const mean = Math.floor(total / n);
  const max = Math.max(...counts);
  if (n < 2 || max - mean < Math.max(minMove, mean * tolerance)) return { cuts: held, moves: [] };
  const cuts = Array.from({ length: n + 1 }, (_, w) => Math.floor((total * w) / n));
  const moves: RangeMove[] = [];
  for (let from = 0; from < n; from++)
    for (let to = 0; to < n; to++) {
      if (to === from) continue;
      const lo = Math.max(held[from]!, cuts[to]!);
      const hi = Math.min(held[from + 1]!, cuts[to + 1]!);
      if (lo < hi) moves.push({ from, to, lo, hi });
    }
  return { cuts, moves };
}

/** The worker whose range (`cuts`) holds position `pos`. */
export function ownerOf(cuts: readonly number[], pos: number): number {
  let w = 0;
  while (w < cuts.length - 2 && pos >= cuts[w + 1]!) w++;
  return w;
}
