/**
 * State constraints (`constraint C;` in a workload, TLC's CONSTRAINT): a state outside is checked
 * against the invariants when generated, but neither counted, stored nor expanded (so never a
 * deadlock); initial states too. Every explorer agrees: BFS, DFS, parallel BFS, simulation and the
 * liveness graph.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { simulate } from "../../runtime/search/simulate.js";
import { checkParallel } from "../../runtime/parallel/parallel.js";
import { buildStateGraph } from "../../runtime/analyses/graph.js";
import { checkAllProperties, type LiveModel } from "../../runtime/analyses/liveness.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";

interface Grid {
  readonly x: number;
  readonly y: number;
}

let modulePath = "";
let create: (w: string) => Model<Grid>;

beforeAll(async () => {
  const r = await compileTo("test/fixtures/constraint/grid.tspec", "constraint-grid");
  modulePath = path.resolve(r.dir, "model.ts");
  const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<Grid> };
  create = (w) => mod.createModel(w);
}, 120_000);

/** The states a naive search of the constrained graph reaches (the oracle). */
function naive(model: Model<Grid>): Set<string> {
  const inside = (s: Grid): boolean => (model.constraints ?? []).every((c) => c.holds(s));
  const seen = new Set<string>();
  const todo = model.init().filter(inside);
  for (const s of todo) seen.add(`${s.x},${s.y}`);
  while (todo.length > 0) {
    const s = todo.pop() as Grid;
    model.successors(s, (t) => {
      const k = `${t.state.x},${t.state.y}`;
      if (inside(t.state) && !seen.has(k)) {
        seen.add(k);
        todo.push(t.state);
      }
    });
  }
  return seen;
}

describe("state constraints", () => {
  it("the generated model lists the workload's constraints", () => {
    expect(create("bounded").constraints?.map((c) => c.name)).toEqual(["x <= 3", "y <= 2"]);
    expect(create("free").constraints).toEqual([]);
  });

  it("BFS counts and expands only the states inside (initial states too), and outside states are no deadlock", () => {
    const m = create("bounded");
    const r = checkBfs(m);
    expect(r.verdict).toBe("holds");
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(12);
    expect(naive(m).size).toBe(12);
    // Every inside state has IncX and IncY enabled: 2 transitions each, those leaving the constraint included.
    expect(r.stats.statesGenerated).toBe(24);
    expect(r.stats.depth).toBe(6);
    // Without the constraint the y = 5 initial state and everything up to x = 8 are reached.
    expect(checkBfs(create("free")).violation?.property).toBe("XBelow8");
  });

  it("an invariant violated by a state outside the constraint is reported, with that state last in a shortest trace", () => {
    const m = create("sees-outside");
    for (const r of [checkBfs(m), checkDfs(m)]) {
      expect(r.verdict).toBe("violated");
      expect(r.violation?.property).toBe("XBelow8");
      const last = r.trace?.[r.trace.length - 1]?.state;
      expect(last).toMatchObject({ x: 8, y: 0 });
      expect(validateTrace(m, r)).toEqual([]);
    }
    expect(checkBfs(m).trace?.length).toBe(9);
  });

  it("DFS explores the same constrained graph", () => {
    const r = checkDfs(create("bounded"));
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(12);
    expect(r.stats.statesGenerated).toBe(24);
    // At a depth bound, successors outside are not counted as cut off.
    const b = checkDfs(create("bounded"), { maxDepth: 4 });
    expect(b.stats.distinctStates + (b.stats.cutOff ?? 0)).toBeLessThanOrEqual(12);
  });

  it("parallel BFS agrees, including a trace that ends outside", { timeout: 60_000 }, async () => {
    const r = await checkParallel(modulePath, "bounded", { workers: 2, prefixStates: 1 });
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(12);
    expect(r.stats.statesGenerated).toBe(24);
    const v = await checkParallel(modulePath, "sees-outside", { workers: 2, prefixStates: 1 });
    expect(v.violation?.property).toBe("XBelow8");
    expect(v.trace?.length).toBe(9);
    expect(v.trace?.[8]?.state).toMatchObject({ x: 8, y: 0 });
    expect(validateTrace(create("sees-outside") as Model<unknown>, v)).toEqual([]);
  });

  it("simulation never walks past a state outside", () => {
    const m = create("bounded");
    const r = simulate(m, { seed: 7, runs: 200, maxDepth: 50 });
    expect(r.verdict).toBe("holds");
    // Every stored (visited and checked) state is inside: at most the 12.
    expect(r.stats.distinctStates).toBeLessThanOrEqual(12);
    expect(r.stats.depth).toBeLessThanOrEqual(7);
    const v = simulate(create("sees-outside"), { seed: 1, runs: 5000, maxDepth: 50 });
    expect(v.violation?.property).toBe("XBelow8");
    expect(v.trace?.[v.trace.length - 1]?.state.x).toBe(8);
  });

  it("the liveness graph holds only the states inside; steps leaving the constraint still count as enabled", () => {
    const m = create("bounded");
    const g = buildStateGraph(m);
    expect(g.size).toBe(12);
    expect(g.complete).toBe(true);
    // (3, y) for every y and (x, 2) for every x leave the constraint: 4 + 3 - 1 boundary states.
    expect(g.dropped.size).toBe(6);
    const [live] = checkAllProperties(m as unknown as LiveModel<Grid>);
    expect(live?.verdict).toBe("holds");
  });
});

describe("continue under a limit", () => {
  it("keeps the violations found so far, the limit, and is not complete", async () => {
    const r = await compileTo("test/fixtures/continue/multi.tspec", "continue-multi");
    const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
    const full = checkBfs(mod.createModel("all"), { continue: true });
    expect(full.complete).toBe(true);
    expect(full.violations?.map((f) => f.trace.length)).toEqual([3, 3, 4, 6, 6]);
    const cut = checkBfs(mod.createModel("all"), { continue: true, maxStates: 10 });
    expect(cut.verdict).toBe("violated");
    expect(cut.limit).toBe("maxStates");
    expect(cut.complete).toBe(false);
    expect(cut.violations?.length).toBeLessThan(5);
  });
});
