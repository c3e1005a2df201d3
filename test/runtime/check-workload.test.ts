/**
 * checkWorkload (runtime/workload/check-workload.ts): the one check-a-workload pipeline behind `check`,
 * `test` and the generated tests — a holding workload (one pass: properties and lock order recorded),
 * a violating one, `continue`, limits, properties not checked, the separate-pass fallback, and the
 * sync and async entry points agreeing.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkWorkload, checkWorkloadSync, symmetryApplies } from "../../runtime/workload/check-workload.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";
import { counter, naiveMutex } from "./models.js";

type Factory = (w: string) => Model<unknown>;

async function generated(name: string): Promise<Factory> {
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`generated/examples/${name}/model.ts`)).href)) as { createModel: Factory };
  return (w) => mod.createModel(w);
}

/** Counts `successors` calls on `m` itself (expansions, replays, separate passes). */
function counting<S>(m: Model<S>): { model: Model<S>; calls: () => number } {
  let n = 0;
  const successors = m.successors.bind(m);
  (m as { successors: Model<S>["successors"] }).successors = (s, out) => {
    n++;
    successors(s, out);
  };
  return { model: m, calls: () => n };
}

describe("checkWorkload", () => {
  it("a holding workload with properties: one pass, the properties checked on the recorded graph", async () => {
    const create = await generated("readers-writers");
    const { model, calls } = counting(create("each_strong"));
    const r = await checkWorkload(model, { lockOrder: true });
    expect(r.result.verdict).toBe("holds");
    expect(r.run.verdict).toBe("holds");
    expect(r.run.expectation).toBe("met");
    expect(r.run.properties.map((p) => p.verdict)).toEqual(["holds"]);
    expect(r.analyses.properties).toBe("recorded");
    expect(r.workers).toBe(1);
    expect(r.symmetry).toBe(false);
    // Nothing explored after the search: every call was one state's expansion.
    expect(calls()).toBe(r.result.stats.distinctStates);
  });

  it("a workload with locks: the lock-order analysis recorded by the search, or its own pass under POR", async () => {
    const create = await generated("mutex");
    const { model, calls } = counting(create("two"));
    const r = await checkWorkload(model, { lockOrder: true });
    expect(r.run.expectation).toBe("met");
    expect(r.analyses.lockOrder).toBe("recorded");
    expect(r.lockOrder?.complete).toBe(true);
    expect(calls()).toBe(r.result.stats.distinctStates);
    // POR: nothing recorded (a reduced graph is not the state space), the same answer from a pass of its own.
    const por = await checkWorkload(create("two"), { lockOrder: true, por: true });
    expect(por.analyses.lockOrder).toBe("own pass");
    expect(por.lockOrder?.inversions).toEqual(r.lockOrder?.inversions);
    // Not asked: not run.
    expect((await checkWorkload(create("two"))).analyses.lockOrder).toBe("not run");
  });

  it("a violated liveness property: verdict violated, the expectation met with a lasso", async () => {
    const create = await generated("readers-writers");
    const r = checkWorkloadSync(create("shared_weak"));
    expect(r.result.verdict).toBe("holds");
    expect(r.run.verdict).toBe("violated");
    expect(r.run.expectation).toBe("met");
    expect(r.liveness?.[0]?.lasso).toBeDefined();
  });

  it("a violating workload: its counterexample replays, and the fewest-preemptions pass keeps it shortest", async () => {
    const m = naiveMutex();
    const r = await checkWorkload(m, { minPreemptions: true });
    expect(r.result.verdict).toBe("violated");
    expect(r.result.violation?.property).toBe("MutualExclusion");
    expect(r.run.expectation).toBe("met");
    expect(validateTrace(m, r.result)).toEqual([]);
    expect(r.result.trace?.length).toBe((await checkWorkload(naiveMutex())).result.trace?.length);
    expect(r.analyses.properties).toBe("not run");
  });

  it("continue: every distinct violation once, the search complete", async () => {
    // x < 2 fails at 2; at 3 nothing is enabled: a deadlock too.
    const m = counter({ limit: 3, invariant: (x) => x < 2 });
    const r = await checkWorkload(m, { continue: true, minPreemptions: true });
    expect(r.result.violations?.map((v) => v.violation.kind)).toEqual(["invariant", "deadlock"]);
    expect(r.result.violations?.map((v) => v.trace.length)).toEqual([3, 4]);
    expect(r.result.complete).toBe(true);
    expect(r.run.verdict).toBe("violated");
    // Without continue the search stops at the first.
    expect((await checkWorkload(counter({ limit: 3, invariant: (x) => x < 2 }))).result.violations).toBeUndefined();
  });

  it("a limit: incomplete, the expectation unknown, no analysis run", async () => {
    const r = await checkWorkload(counter({ limit: 100, doneAtLimit: true }), { maxStates: 10, lockOrder: true });
    expect(r.result.verdict).toBe("incomplete");
    expect(r.result.limit).toBe("maxStates");
    expect(r.result.stats.distinctStates).toBe(10);
    expect(r.run.verdict).toBe("incomplete");
    expect(r.run.expectation).toBe("unknown");
    expect(r.analyses).toEqual({ properties: "not run", lockOrder: "not run" });
  });

  it("properties not checked, with the reason given; DFS", async () => {
    const create = await generated("readers-writers");
    const r = await checkWorkload(create("each_strong"), { properties: { notChecked: "--no-liveness" } });
    expect(r.run.properties).toEqual([{ property: "ReaderProgress", verdict: "not checked", message: "--no-liveness" }]);
    expect(r.run.verdict).toBe("incomplete");
    expect(r.run.expectation).toBe("unknown");
    const dfs = await checkWorkload(counter({ limit: 20, doneAtLimit: true }), { search: "dfs", maxDepth: 5 });
    expect(dfs.result.mode).toBe("dfs");
    expect(dfs.run.expectation).toBe("unknown");
  });

  it("sync and async give the same report; symmetry applies only when declared and not refused", async () => {
    const create = await generated("readers-writers");
    const a = await checkWorkload(create("shared_strong"));
    const s = checkWorkloadSync(create("shared_strong"));
    expect(s.run.verdict).toBe(a.run.verdict);
    expect(s.run.expectation).toBe(a.run.expectation);
    expect(s.result.stats.distinctStates).toBe(a.result.stats.distinctStates);
    expect(s.run.properties.map((p) => p.message)).toEqual(a.run.properties.map((p) => p.message));
    expect(symmetryApplies(create("shared_strong"), {})).toBe(false);
    expect(symmetryApplies(naiveMutex(), { symmetry: true })).toBe(false);
  });
});
