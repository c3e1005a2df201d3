/**
 * Issue 12 items 4, 5 and 6 in the runtime (what `spec2ts test` and the generated vitest files use):
 * `judgeRun` gives one verdict over safety and every property, and an expectation that rests on a
 * property that was not checked is unknown, never met.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkAllProperties } from "../../runtime/analyses/liveness.js";
import type { Expectation, Model } from "../../runtime/contract/model.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import { checkWorkloadForTest, judgeRun } from "../../runtime/workload/verdict.js";
import { compileTo } from "../emit/helpers.js";

async function load(name: string): Promise<Model<unknown>> {
  const r = await compileTo(`test/fixtures/verdicts/${name}.tspec`, `verdicts-${name}`);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as { createModel(w: string): Model<unknown> };
  return mod.createModel("w");
}

/** The same model with another `expect`. */
const expecting = (m: Model<unknown>, e: Expectation): Model<unknown> => Object.assign(Object.create(m) as Model<unknown>, { expect: e });

describe("issue 12 items 5 and 6: judgeRun", () => {
  it("properties not checked: verdict incomplete, `expect holds` unknown, never met", async () => {
    const m = await load("liveness-violated");
    const result = checkBfs(m);
    const run = judgeRun(m, result, undefined, "--por");
    expect(run.verdict).toBe("incomplete");
    expect(run.safety).toBe("holds");
    expect(run.properties.map((p) => [p.property, p.verdict, p.message])).toEqual([["Reaches", "not checked", "--por"]]);
    expect(run.expectation).toBe("unknown");
    expect(run.problems).toEqual(["property Reaches was not checked: --por"]);
    // `expect violates Reaches` depends on it too.
    expect(judgeRun(expecting(m, { kind: "violates", property: "Reaches" }), result, undefined, "--dfs").expectation).toBe("unknown");
  });

  it("checked: a violated liveness property makes the one verdict violated", async () => {
    const m = await load("liveness-violated");
    const result = checkBfs(m);
    const run = judgeRun(m, result, checkAllProperties(m as never));
    expect([run.verdict, run.safety, run.expectation]).toEqual(["violated", "holds", "not met"]);
    expect(judgeRun(expecting(m, { kind: "violates", property: "Reaches" }), result, checkAllProperties(m as never)).expectation).toBe("met");
  });

  it("an expectation decided by the safety search does not depend on unchecked properties", async () => {
    const m = await load("liveness-violated");
    const result = checkBfs(m);
    // `expect deadlock` rests on safety only: it is not met (no deadlock), whatever the properties.
    expect(judgeRun(expecting(m, { kind: "deadlock" }), result, undefined, "--por").expectation).toBe("not met");
  });

  it("the generated vitest path (checkWorkloadForTest) checks the properties and reports the verdict", async () => {
    const bad = checkWorkloadForTest(await load("liveness-violated"));
    expect(bad.run.verdict).toBe("violated");
    expect(bad.problems.length).toBeGreaterThan(0);
    const ok = checkWorkloadForTest(await load("liveness-holds"));
    expect([ok.run.verdict, ok.problems]).toEqual(["holds", []]);
  });
});

describe("issue 12 item 4: an `always X` violation is a replayable property counterexample", () => {
  it("kind `property`, the shortest trace, validated by validateTrace", async () => {
    const m = await load("always-violated");
    const result = checkBfs(m);
    const run = judgeRun(m, result, checkAllProperties(m as never));
    const p = run.properties[0];
    const cex = p?.counterexample;
    expect(cex?.violation).toMatchObject({ kind: "property", property: "Small" });
    expect(cex?.trace?.length).toBe(3);
    expect(validateTrace(m, cex as NonNullable<typeof cex>)).toEqual([]);
    // A trace cut one state short ends where x < 2 still holds: validation rejects it.
    const short = { ...(cex as NonNullable<typeof cex>), trace: cex?.trace?.slice(0, 2) };
    expect(validateTrace(m, short)).toEqual(["the last state of the trace satisfies x < 2"]);
    expect(run.expectation).toBe("met");
  });
});
