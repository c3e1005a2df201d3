/** The between-level load-balancing plan (runtime/parallel/parallel-balance.ts): contiguous ranges in sequential order. */
import { describe, expect, it } from "vitest";
import { cutsOf, ownerOf, rangePlan } from "../../runtime/parallel/parallel-balance.js";

/** Applies `plan` to ranges of `counts`: each worker's new range as the list of global positions it holds, in order. */
function apply(counts: readonly number[], plan: ReturnType<typeof rangePlan>): number[][] {
  const held = cutsOf(counts);
  return counts.map((_, w) => {
    const pieces: [number, number][] = plan.moves.filter((m) => m.to === w).map((m) => [m.lo, m.hi]);
    const lo = Math.max(held[w]!, plan.cuts[w]!);
    const hi = Math.min(held[w + 1]!, plan.cuts[w + 1]!);
    if (lo < hi) pieces.push([lo, hi]);
    pieces.sort((a, b) => a[0] - b[0]);
    return pieces.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k));
  });
}

describe("rangePlan", () => {
  it("evens the counts out and keeps every worker's range contiguous, in worker order", () => {
    for (const counts of [
      [10_000, 4_000, 7_000],
      [0, 0, 21_000],
      [21_000, 0, 0],
      [3_000, 9_000],
      [1, 5_000, 1, 5_000],
    ]) {
      const plan = rangePlan(counts, 0.05, 100);
      const ranges = apply(counts, plan);
      const total = counts.reduce((a, b) => a + b, 0);
      // The concatenation is the whole level in order: nothing lost, duplicated or reordered.
      expect(ranges.flat()).toEqual(Array.from({ length: total }, (_, k) => k));
      const sizes = ranges.map((r) => r.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      for (const [w, r] of ranges.entries()) if (r.length > 0) expect(ownerOf(plan.cuts, r[0]!)).toBe(w);
      expect(plan.moves.every((m) => m.from !== m.to && m.lo < m.hi)).toBe(true);
    }
  });

  it("leaves small drifts alone (moving costs more than it saves)", () => {
    expect(rangePlan([10_400, 9_600], 0.05, 100).moves).toEqual([]);
    expect(rangePlan([10_400, 9_600], 0.05, 100).cuts).toEqual([0, 10_400, 20_000]);
    expect(rangePlan([600, 400], 0.05, 1024).moves).toEqual([]);
    expect(rangePlan([5_000], 0.05, 1).moves).toEqual([]);
  });

  it("finds the owner of a position, skipping empty ranges", () => {
    expect(ownerOf([0, 0, 5, 5, 9], 0)).toBe(1);
    expect(ownerOf([0, 0, 5, 5, 9], 4)).toBe(1);
    expect(ownerOf([0, 0, 5, 5, 9], 5)).toBe(3);
    expect(ownerOf([0, 0, 5, 5, 9], 8)).toBe(3);
  });
});
