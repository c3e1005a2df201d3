/** Simulation: reproducible from the seed, finds shallow bugs, never claims completeness. */
import { describe, expect, it } from "vitest";
import { simulate } from "../../runtime/search/simulate.js";
import { Random } from "../../runtime/search/random.js";
import type { CheckResult } from "../../runtime/search/result.js";
import { expectValidTrace, mutexN, naiveMutex, philosophers, stepNames } from "./models.js";

/** A result without its timing, for equality across runs. */
function untimed<S>(r: CheckResult<S>): unknown {
  const { seconds: _s, statesPerSec: _p, ...stats } = r.stats;
  return { ...r, stats };
}

describe("simulate", () => {
  it("is reproducible: the same seed gives the same result and trace", () => {
    const m = naiveMutex();
    const a = simulate(m, { seed: 42, runs: 50, maxDepth: 30 });
    const b = simulate(naiveMutex(), { seed: 42, runs: 50, maxDepth: 30 });
    expect(a.verdict).toBe("violated");
    expect(a.seed).toBe(42);
    expect(untimed(b)).toEqual(untimed(a));
    expect(stepNames(m, b.trace ?? [])).toEqual(stepNames(m, a.trace ?? []));
    expectValidTrace(m, a.trace ?? []);
  });

  it("depends on the seed", () => {
    const traces = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const m = naiveMutex();
      traces.add(stepNames(m, simulate(m, { seed, runs: 50, maxDepth: 30 }).trace ?? []).join(" "));
    }
    expect(traces.size).toBeGreaterThan(1);
  });

  it("reports holds, not complete, when no run finds a violation", () => {
    const r = simulate(mutexN(3, 3), { seed: 7, runs: 20, maxDepth: 15 });
    expect(r.verdict).toBe("holds");
    expect(r.complete).toBe(false);
    expect(r.stats.runs).toBe(20);
    expect(r.stats.depth).toBe(15);
    expect(r.stats.distinctStates).toBeGreaterThan(1);
    expect(r.stats.distinctStates).toBeLessThanOrEqual(540);
  });

  it("finds a deadlock and draws a seed when none is given", () => {
    const r = simulate(philosophers(2), { runs: 200 });
    expect(r.violation?.kind).toBe("deadlock");
    expect(typeof r.seed).toBe("number");
    const again = simulate(philosophers(2), { runs: 200, seed: r.seed ?? 0 });
    expect(untimed(again)).toEqual(untimed(r));
  });
});

describe("Random", () => {
  it("is deterministic per seed and roughly uniform", () => {
    const a = new Random(123);
    const b = new Random(123);
    const counts = [0, 0, 0, 0, 0, 0];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      const x = a.int(6);
      xs.push(x);
      ys.push(b.int(6));
      counts[x] = (counts[x] as number) + 1;
    }
    expect(ys).toEqual(xs);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(new Random(1).nextUint32()).not.toBe(new Random(2).nextUint32());
  });
});
