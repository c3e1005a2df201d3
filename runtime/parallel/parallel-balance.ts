/**
 * Load balance between levels. "Whoever discovers keeps" lets the workers' shares of a level drift
 * apart (a worker holding more states discovers more of the next level), and every level takes as long
 * as its busiest worker. So after each level the workers compute, from the counts they all published,
 * the same plan moving the excess of the over-full workers to the others through a MessageChannel.
 * A packed model's states move as a transferred range of words (a few ns per state), so the workers
 * correct every drift past 2%: on mutexN N=5 K=10 that moves ~2.5% of the states and keeps the
 * per-level imbalance at 0.4% (3.5% with the 10% threshold). State objects of a model that does not
 * pack are structured-cloned, which is dear — about 8-15 µs of CPU per mutexN state, cloning plus
 * collecting, several times the cost of expanding it — so for them this is only a safety net against
 * a runaway drift (10% threshold): correcting every drift past 5% cost more CPU than the idle time it
 * saved.
 */

/** One move: `count` states from the end of `from`'s level to `to`. */
export interface Move {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Moves that even out `counts` (states per worker), or none when the busiest worker is within
 * `tolerance` (relative) or `minMove` states of the mean: small moves cost more than they save.
 */
export function balancePlan(counts: readonly number[], tolerance = 0.05, minMove = 1024): Move[] {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const mean = Math.floor(total / n);
  const max = Math.max(...counts);
  if (n < 2 || max - mean < Math.max(minMove, mean * tolerance)) return [];
  const excess = counts.map((c) => Math.max(0, c - mean));
  const deficit = counts.map((c) => Math.max(0, mean - c));
  const moves: Move[] = [];
  let to = 0;
  for (let from = 0; from < n; from++) {
    while (excess[from]! > 0) {
      while (to < n && deficit[to]! === 0) to++;
      if (to === n) return moves;
      const count = Math.min(excess[from]!, deficit[to]!);
      moves.push({ from, to, count });
      excess[from]! -= count;
      deficit[to]! -= count;
    }
  }
  return moves;
}
