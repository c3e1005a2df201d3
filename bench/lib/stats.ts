/** Pure statistics of the benchmark: medians, the rotated run order of a round, ratio summaries. */

/** The median of `xs` (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The order in which round `round` of `rounds` runs `items`: the list rotated left by
 * ⌊round·n/rounds⌋, so that the rounds spread each item's position evenly over the list (with as many
 * rounds as items, each item runs once in every position). A machine whose load drifts during the run
 * then favours no tool by always running it first or last.
 */
export function rotation<T>(items: readonly T[], round: number, rounds = items.length): T[] {
  const n = items.length;
  if (n === 0) return [];
  const shift = Math.floor((round * n) / Math.max(1, rounds));
  const k = ((shift % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Min, median and max of a list of per-round values. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

/** The spread of `xs` (NaN fields for an empty list). */
export function spread(xs: readonly number[]): Spread {
  return { min: xs.length ? Math.min(...xs) : NaN, median: median(xs), max: xs.length ? Math.max(...xs) : NaN, n: xs.length };
}

/**
 * Per-round ratios of `mine` to `theirs` (each a value per round, e.g. states/s; a round where either
 * is missing is left out), as a spread. Ratios are taken inside a round, never between medians of
 * different rounds, so that both sides of each ratio ran under the same load.
 */
export function roundRatios(mine: ReadonlyMap<number, number>, theirs: ReadonlyMap<number, number>): Spread {
  const rs: number[] = [];
  for (const [round, a] of mine) {
    const b = theirs.get(round);
    if (b !== undefined && b > 0 && Number.isFinite(a)) rs.push(a / b);
  }
  return spread(rs);
}

/** Per round, the largest value over several series (e.g. Rumur's best thread count in each round). */
export function bestPerRound(series: readonly ReadonlyMap<number, number>[]): Map<number, number> {
  const best = new Map<number, number>();
  for (const s of series) for (const [round, v] of s) if (v > (best.get(round) ?? -Infinity)) best.set(round, v);
  return best;
}
