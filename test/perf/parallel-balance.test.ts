/** The between-level load-balancing plan (runtime/parallel/parallel-balance.ts). */
import { describe, expect, it } from "vitest";
import { balancePlan } from "../../runtime/parallel/parallel-balance.js";

describe("balancePlan", () => {
  it("moves the excess of over-full workers to the others, evening the counts out", () => {
    const counts = [10_000, 4_000, 7_000];
    const moves = balancePlan(counts, 0.05, 100);
    const after = [...counts];
    for (const m of moves) {
      after[m.from]! -= m.count;
      after[m.to]! += m.count;
    }
    expect(after.reduce((a, b) => a + b, 0)).toBe(21_000);
    expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
    expect(moves.every((m) => m.from === 0 && m.count > 0)).toBe(true);
  });

  it("leaves small drifts alone (moving costs more than it saves)", () => {
    expect(balancePlan([10_400, 9_600], 0.05, 100)).toEqual([]);
    expect(balancePlan([600, 400], 0.05, 1024)).toEqual([]);
    expect(balancePlan([5_000], 0.05, 1)).toEqual([]);
  });
});
