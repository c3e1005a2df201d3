/** BFS: exact state counts, shortest counterexamples, each violation kind, coverage, trace replay. */
import { describe, expect, it } from "vitest";
import { SpecError } from "../../runtime/contract/model.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import {
  counter,
  expectValidTrace,
  lostUpdate,
  mutexN,
  mutexNDistinct,
  mutexNTransitions,
  naiveMutex,
  oracleBfs,
  philosophers,
  picker,
  stepNames,
} from "./models.js";

describe("checkBfs on mutexN", () => {
  it.each([
    [2, 2, 32],
    [3, 3, 540],
  ])("N=%i K=%i has exactly %i states (K^N·(2^N + N·2^(N-1)))", (n, k, distinct) => {
    const m = mutexN(n, k);
    const r = checkBfs(m);
    expect(mutexNDistinct(n, k)).toBe(distinct);
    expect(r.verdict).toBe("holds");
    expect(r.complete).toBe(true);
    expect(r.violation).toBeUndefined();
    expect(r.stats.distinctStates).toBe(distinct);
    expect(r.stats.statesGenerated).toBe(mutexNTransitions(n, k));
    const oracle = oracleBfs(m);
    expect(r.stats.depth).toBe(oracle.depth);
    expect(r.stats.statesGenerated).toBe(oracle.transitions);
    expect(r.coverage.neverFired).toEqual([]);
    expect(r.coverage.counts.reduce((a, b) => a + b, 0)).toBe(r.stats.statesGenerated);
    expect(r.stats.bytesPerState).toBeGreaterThan(0);
  });

  it("counts N=4 K=3 like the oracle", () => {
    const m = mutexN(4, 3);
    const r = checkBfs(m);
    const o = oracleBfs(m);
    expect(r.stats.distinctStates).toBe(mutexNDistinct(4, 3));
    expect(o.distinct).toBe(mutexNDistinct(4, 3));
    expect(r.stats.depth).toBe(o.depth);
  });
});

describe("checkBfs counterexamples", () => {
  it("finds the shortest mutual-exclusion violation of the naive mutex (5 states)", () => {
    // By hand: each process needs `check` then `set` to enter, so 4 steps, 5 states. BFS expands P[0]
    // before P[1]; the first violating state found is check0, check1, set0, set1.
    const m = naiveMutex();
    const r = checkBfs(m);
    expect(r.verdict).toBe("violated");
    expect(r.complete).toBe(false);
    expect(r.violation).toMatchObject({ kind: "invariant", property: "MutualExclusion", loc: "naive.tspec:20" });
    expect(r.trace).toHaveLength(5);
    expect(stepNames(m, r.trace ?? [])).toEqual(["init", "P[0].check", "P[1].check", "P[0].set", "P[1].set"]);
    expect(r.trace?.[4]?.state.pc).toEqual(["cs", "cs"]);
    expect(r.stats.depth).toBe(5);
    expectValidTrace(m, r.trace ?? []);
  });

  it("reports the dining philosophers' deadlock with a shortest trace", () => {
    const m = philosophers(3);
    const r = checkBfs(m);
    expect(r.verdict).toBe("violated");
    expect(r.violation?.kind).toBe("deadlock");
    expect(stepNames(m, r.trace ?? [])).toEqual(["init", "Phil[0].first", "Phil[1].first", "Phil[2].first"]);
    expect(r.trace?.[3]?.state.forks).toEqual([0, 1, 2]);
    expectValidTrace(m, r.trace ?? []);
  });

  it("does not report that deadlock when deadlock checking is off", () => {
    const r = checkBfs(philosophers(3, { checkDeadlock: false }));
    expect(r.verdict).toBe("holds");
    expect(r.complete).toBe(true);
  });

  it("treats states where every process is done as terminal, not deadlocked", () => {
    const m = philosophers(3, { ordered: true, eatOnce: true });
    const r = checkBfs(m);
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(oracleBfs(m).distinct);
  });

  it("reports an assertion at the failing step, with the path to where it was attempted", () => {
    const m = lostUpdate();
    const r = checkBfs(m);
    expect(r.verdict).toBe("violated");
    expect(r.violation).toMatchObject({
      kind: "assertion",
      message: "x = 2",
      loc: "lost.tspec:10:7",
      step: m.steps[2],
      instance: 2,
    });
    const trace = r.trace ?? [];
    expect(trace).toHaveLength(5);
    expect(trace[4]?.state).toMatchObject({ x: 1, pc: ["done", "done"] });
    expectValidTrace(m, trace);
  });

  it("reports a lock error from a step", () => {
    // Two philosophers sharing one fork index (N=1): taking the "second" fork re-acquires the first.
    const m = philosophers(1);
    const r = checkBfs(m);
    expect(r.violation).toMatchObject({ kind: "lock_error", step: m.steps[1], instance: 0 });
    expect(r.violation?.message).toMatch(/already holds/);
    expect(stepNames(m, r.trace ?? [])).toEqual(["init", "Phil[0].first"]);
  });

  it("reports a spec error thrown by successors, unattributed", () => {
    const m = counter({ limit: 10, throwAt: { x: 3, error: new SpecError("spec_error", "x = 4 is outside its type 0..3", "c.tspec:5:3") } });
    const r = checkBfs(m);
    expect(r.violation).toEqual({ kind: "spec_error", message: "x = 4 is outside its type 0..3", loc: "c.tspec:5:3" });
    expect(r.trace?.map((t) => t.state)).toEqual([0, 1, 2, 3]);
  });

  it("reports an invariant violated in an initial state", () => {
    const r = checkBfs(counter({ limit: 3, invariant: (x) => x > 0 }));
    expect(r.violation?.kind).toBe("invariant");
    expect(r.trace?.map((t) => t.state)).toEqual([0]);
    expect(r.stats.depth).toBe(1);
  });

  it("reports a spec error in init with an empty trace", () => {
    const r = checkBfs(counter({ limit: 3, initError: new SpecError("spec_error", "bad constant", "c.tspec:1:1") }));
    expect(r.verdict).toBe("violated");
    expect(r.violation).toMatchObject({ kind: "spec_error", message: "bad constant" });
    expect(r.trace).toEqual([]);
  });

  it("reports a spec error raised while evaluating an invariant", () => {
    const r = checkBfs(counter({ limit: 5, invariantThrowsAt: 2 }));
    expect(r.violation).toMatchObject({ kind: "spec_error", property: "Lookup", loc: "counter.tspec:8:20" });
    expect(r.trace?.map((t) => t.state)).toEqual([0, 1, 2]);
  });

  it("reports a deadlock at the end of a counter, unless it is done there", () => {
    expect(checkBfs(counter({ limit: 3 })).violation?.kind).toBe("deadlock");
    expect(checkBfs(counter({ limit: 3 })).trace?.map((t) => t.state)).toEqual([0, 1, 2, 3]);
    expect(checkBfs(counter({ limit: 3, doneAtLimit: true })).verdict).toBe("holds");
    expect(checkBfs(counter({ limit: 3, checkDeadlock: false })).verdict).toBe("holds");
  });

  it("keeps the picks of nondeterministic choices in the trace", () => {
    const m = picker(5);
    const r = checkBfs(m);
    // Shortest path to 5 with steps of 1 or 2: three steps, found as 0 →1 → 3 → 5 (BFS order: d=1 first).
    expect(r.trace?.map((t) => t.state)).toEqual([0, 1, 3, 5]);
    expect(r.trace?.slice(1).map((t) => t.picks)).toEqual([{ d: 1 }, { d: 2 }, { d: 2 }]);
    expectValidTrace(m, r.trace ?? []);
  });

  it("counts coverage per step and lists steps that never fired", () => {
    const m = naiveMutex();
    const r = checkBfs({ ...m, invariants: [] });
    expect(r.coverage.counts).toHaveLength(3);
    expect(r.coverage.counts.reduce((a, b) => a + b, 0)).toBe(r.stats.statesGenerated);
    expect(r.coverage.neverFired).toEqual([]);
    const stuck = checkBfs(counter({ limit: 0, doneAtLimit: true }));
    expect(stuck.coverage.counts).toEqual([0]);
    expect(stuck.coverage.neverFired.map((s) => s.name)).toEqual(["inc"]);
  });

  it("explains replay failure as nondeterminism", () => {
    // The counter expands 0, 1, 2 (3 calls) and finds 3 violating; replay's calls then drift by 2.
    const m = counter({ limit: 10, invariant: (x) => x < 3, driftAfterCalls: 3 });
    expect(() => checkBfs(m)).toThrow(/nondeterministic/);
  });
});
