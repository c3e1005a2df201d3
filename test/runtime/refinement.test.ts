/**
 * Refinement checking (runtime/contract/refinement.ts): a refining model's transitions and initial states are
 * checked against the abstract spec's generated model by every explorer — BFS, DFS, the parallel
 * workers and simulation — and a violation is a `refinement` counterexample that replays.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { simulate } from "../../runtime/search/simulate.js";
import { porUnsupported } from "../../runtime/reduce/por.js";
import { refinementOf } from "../../runtime/contract/refinement.js";
import { validateTrace, judgeWorkload } from "../../runtime/workload/testing.js";
import { formatResult } from "../../runtime/search/format.js";
import { checkSafety } from "../../cli/parallel.js";
import type { Model } from "../../runtime/contract/model.js";

async function load(spec: string, name: string, workload: string): Promise<{ model: Model<unknown>; dir: string }> {
  const r = await compileTo(spec, `refinement-${name}`);
  const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
  return { model: mod.createModel(workload), dir: r.dir };
}

describe("refinement", () => {
  it("Peterson refines Lock: every transition is checked, the search holds with the same state count", async () => {
    const { model, dir } = await load("specs/examples/refinement/peterson.tspec", "peterson", "two");
    const ref = refinementOf(model);
    expect(ref?.spec).toBe("Lock");
    expect(ref?.hasFairness).toBe(false);
    const bfs = checkBfs(model);
    expect(bfs.verdict).toBe("holds");
    expect(bfs.stats.distinctStates).toBe(42);
    // Successors are computed once per abstract state reached: Lock has at most 12 (TLC's count).
    expect(ref?.computed).toBeGreaterThan(0);
    expect(ref?.computed).toBeLessThanOrEqual(12);
    expect(checkDfs(model).verdict).toBe("holds");
    const par = await checkSafety(model, path.resolve(dir, "model.ts"), {}, { workers: 2, por: false, budget: 5 });
    expect(par.workers).toBe(2);
    expect(par.result.verdict).toBe("holds");
    expect(par.result.stats.distinctStates).toBe(42);
  });

  it("Peterson without its await is a refinement violation in BFS, DFS, the parallel workers and simulation", async () => {
    const { model, dir } = await load("specs/examples/refinement/peterson-no-await.tspec", "peterson-no-await", "two");
    const bfs = checkBfs(model);
    expect(bfs.violation?.kind).toBe("refinement");
    expect(bfs.violation?.step?.name).toBe("a3");
    expect(bfs.violation?.instance).toBe(1);
    expect(bfs.trace?.length).toBe(8);
    expect(bfs.violation?.refinement?.before).toEqual({ lock: 0, pc: { 1: "L_cs", 2: "L_l1" } });
    expect(bfs.violation?.refinement?.after).toEqual({ lock: 0, pc: { 1: "L_cs", 2: "L_cs" } });
    expect(validateTrace(model, bfs)).toEqual([]);
    expect(judgeWorkload(model, bfs)).toEqual([]);
    const text = formatResult(model, bfs);
    expect(text).toContain("is not a step of Lock");
    expect(text).toContain("Lock before: lock = 0");
    expect(text).toContain("mapped change: pc[2]: L_l1 → L_cs");

    const dfs = checkDfs(model);
    expect(dfs.violation?.kind).toBe("refinement");
    expect(validateTrace(model, dfs)).toEqual([]);

    const par = await checkSafety(model, path.resolve(dir, "model.ts"), {}, { workers: 2, por: false, budget: 5 });
    expect(par.workers).toBe(2);
    expect(par.result.violation?.kind).toBe("refinement");
    expect(par.result.violation?.refinement?.abstract).toBe("Lock");
    expect(par.result.trace?.length).toBe(8);

    const sim = simulate(model, { seed: 7, runs: 500, maxDepth: 30 });
    expect(sim.violation?.kind).toBe("refinement");
    expect(validateTrace(model, sim)).toEqual([]);
  });

  it("turns partial-order and symmetry reduction off (every transition must be checked)", async () => {
    const { model } = await load("specs/examples/refinement/peterson-no-await.tspec", "peterson-no-await-por", "two");
    expect(porUnsupported(model)).toMatch(/refines/);
    const r = checkBfs(model, { por: true, porShortest: false });
    expect(r.violation?.kind).toBe("refinement");
    expect(r.trace?.length).toBe(8);
  });

  it("a step that maps to no abstract step, and abstract constants from the mapping", async () => {
    const ok = await load("test/fixtures/refinement/impl-counter.tspec", "counter", "two");
    const r = refinementOf(ok.model);
    expect(r?.hasFairness).toBe(true);
    // Max = N + 1 = 3 from the mapping (AbsCounter's default is also 3; its constant is passed).
    expect((r?.abstract as unknown as { c: { Max: number } }).c.Max).toBe(3);
    expect(checkBfs(ok.model).verdict).toBe("holds");

    const bad = await load("test/fixtures/refinement/impl-counter-broken.tspec", "counter-broken", "two");
    const b = checkBfs(bad.model);
    expect(b.violation?.kind).toBe("refinement");
    expect(b.violation?.step?.name).toBe("Write");
    expect(b.violation?.refinement?.before).toEqual({ x: 0, mode: "idle" });
    expect(b.violation?.refinement?.after).toEqual({ x: 2, mode: "idle" });
    expect(validateTrace(bad.model, b)).toEqual([]);
  });

  it("an initial state that maps outside the abstract initial states is a one-state counterexample", async () => {
    const { model } = await load("test/fixtures/refinement/impl-counter-badinit.tspec", "counter-badinit", "two");
    for (const r of [checkBfs(model), checkDfs(model)]) {
      expect(r.violation?.kind).toBe("refinement");
      expect(r.violation?.step).toBeUndefined();
      expect(r.trace?.length).toBe(1);
      expect(r.violation?.refinement?.after).toEqual({ x: 1, mode: "idle" });
      expect(validateTrace(model, r)).toEqual([]);
      expect(formatResult(model, r)).toContain("is violated by initial state 1");
    }
  });
});
