/**
 * State constraints and `continue` against the reference semantics on hand-made specs whose numbers
 * are known (test/fixtures/constraint/grid.tspec, test/fixtures/continue/multi.tspec): the reachable
 * states, transitions, shortest counterexamples and every violation's shortest length must agree.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { frontEnd } from "../fuzz/harness.js";
import { differential } from "./differential.js";
import { referenceGraph } from "./graph.js";

const GRID = fs.readFileSync("test/fixtures/constraint/grid.tspec", "utf8");
const MULTI = fs.readFileSync("test/fixtures/continue/multi.tspec", "utf8");

function refOf(text: string, workload: string): ReturnType<typeof referenceGraph> {
  const o = frontEnd(text, `.cache/reference/${workload}.tspec`);
  const w = o.checked?.workloads.find((x) => x.name === workload);
  if (!o.checked || !w) throw new Error("fixture does not check");
  return referenceGraph(o.checked, w);
}

describe("reference: state constraints and every violation", () => {
  it("the reference's constrained graph has the hand-counted states and violations", () => {
    expect(refOf(GRID, "bounded").nodes.size).toBe(12);
    expect(refOf(GRID, "bounded").firsts.size).toBe(0);
    // x = 8 is outside `x <= 7 and y <= 0` but still checked: XBelow8 at 9 states.
    expect([...refOf(GRID, "sees-outside").firsts]).toEqual([["invariant:XBelow8", 9]]);
    const multi = refOf(MULTI, "all");
    expect(Object.fromEntries(multi.firsts)).toEqual({ "invariant:YBelow2": 3, assertion: 3, "invariant:XBelow3": 4, "invariant:XBelow5": 6, deadlock: 6 });
    expect(multi.nodes.size).toBe(16);
  });

  for (const [file, text, workloads] of [
    ["grid", GRID, ["bounded", "sees-outside", "free"]],
    ["multi", MULTI, ["all", "lax"]],
  ] as const) {
    for (const w of workloads) {
      it(`the checker agrees with the reference on ${file}/${w} (BFS, continue, DFS, parallel)`, { timeout: 120_000 }, async () => {
        const r = await differential(text, `cont-${file}-${w}`, { workload: w, parallel: true });
        expect(r.problems).toEqual([]);
      });
    }
  }
});
