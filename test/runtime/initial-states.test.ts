/**
 * Issue 12 item 7: a model with no initial state has no behaviour, so a search of it must never say
 * "holds". Every explorer reports it as a spec error, whoever produced the empty `init()`.
 */
import { describe, expect, it } from "vitest";
import { checkBfs, checkDfs, simulate, initialStates, SpecError, type Model } from "../../runtime/index.js";
import * as path from "node:path";
import { checkParallel } from "../../runtime/parallel/parallel.js";
import { load } from "../emit/values-harness.js";
import { naiveMutex } from "./models.js";

/** The naive mutex with its initial states removed. */
function noInit(): Model<unknown> {
  const m = naiveMutex() as unknown as Model<unknown>;
  return { ...m, init: () => [] };
}

describe("issue 12 item 7: zero initial states", () => {
  it("issue 12 item 7: BFS, DFS and simulation report a spec error, never holds", () => {
    for (const r of [checkBfs(noInit(), {}), checkDfs(noInit(), {}), simulate(noInit(), { runs: 5, seed: 1 })]) {
      expect(r.verdict).toBe("violated");
      expect(r.violation?.kind).toBe("spec_error");
      expect(r.violation?.message).toMatch(/no initial state/);
      expect(r.stats.distinctStates).toBe(0);
    }
  });

  it("issue 12 item 7: the parallel search (2 workers) reports it too", async () => {
    await load(
      "no-init-parallel",
      `spec NoInit
var x: 0..3 in {i in 0..3 : i > 5};
invariant Ok: x >= 0;
workload w { check deadlock = false; expect holds; }`,
    );
    const r = await checkParallel(path.resolve(".cache/test-values/no-init-parallel/model.ts"), "w", { workers: 2, prefixStates: 1 });
    expect(r.verdict).toBe("violated");
    expect(r.violation?.kind).toBe("spec_error");
    expect(r.violation?.message).toMatch(/no initial state: the set of initial values of x is empty/);
  }, 60_000);

  it("initialStates passes non-empty initial states through", () => {
    const m = naiveMutex();
    expect(initialStates(m)).toEqual(m.init());
    expect(() => initialStates(noInit())).toThrow(SpecError);
  });
});
