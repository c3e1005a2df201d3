/**
 * The plan rules (runtime/workload/plan.ts): which option combinations `checkWorkload` refuses and which
 * options it will not use, decided in one place for the CLI, `spec2ts test`, the generated tests and API callers.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Model } from "../../runtime/contract/model.js";
import { checkWorkload, checkWorkloadSync, type WorkloadPlan } from "../../runtime/workload/check-workload.js";
import { InvalidPlanError, PLAN_OPTION_NAMES, planNotes, planProblems, type PlanOptions } from "../../runtime/workload/plan.js";

const texts = (p: PlanOptions): string[] => planProblems(p).map((f) => f.text(PLAN_OPTION_NAMES));

describe("planProblems", () => {
  it("accepts the plans the commands build", () => {
    expect(texts({})).toEqual([]);
    expect(texts({ search: "dfs", maxDepth: 10 })).toEqual([]);
    expect(texts({ symmetry: true, workers: 4, maxStates: 1000 })).toEqual([]);
    expect(texts({ por: true, porForced: true })).toEqual([]);
    expect(texts({ continue: true, symmetry: false, maxSeconds: 0.5 })).toEqual([]);
    expect(texts({ expectedStates: 0 })).toEqual([]);
  });

  it("refuses each meaningless or unsound combination, naming both options", () => {
    const cases: [PlanOptions, string, string | undefined][] = [
      [{ maxDepth: 3 }, "maxDepth", "dfs"],
      [{ symmetry: true, por: true }, "symmetry", "por"],
      [{ search: "dfs", continue: true }, "continue", "dfs"],
      [{ continue: true, por: true }, "continue", "por"],
      [{ search: "dfs", por: true }, "por", "dfs"],
      [{ porForced: true }, "porForced", "por"],
      [{ workers: 0 }, "workers", undefined],
      [{ workers: 1.5 }, "workers", undefined],
      [{ maxStates: -1 }, "maxStates", undefined],
      [{ search: "dfs", maxDepth: 0 }, "maxDepth", undefined],
      [{ maxSeconds: 0 }, "maxSeconds", undefined],
      [{ maxMemoryBytes: Number.NaN }, "maxMemoryBytes", undefined],
      [{ expectedStates: -1 }, "expectedStates", undefined],
    ];
    for (const [plan, option, other] of cases) {
      const found = planProblems(plan);
      expect(found, JSON.stringify(plan)).toHaveLength(1);
      expect(found[0]?.option).toBe(option);
      expect(found[0]?.conflictsWith).toBe(other);
    }
  });

  it("words a finding in the caller's names", () => {
    const [p] = planProblems({ maxDepth: 3 });
    expect(p?.text(PLAN_OPTION_NAMES)).toBe('maxDepth bounds a depth-first search: add search: "dfs"');
    expect(p?.text({ ...PLAN_OPTION_NAMES, maxDepth: "--depth", dfs: "--dfs" })).toBe("--depth bounds a depth-first search: add --dfs");
  });
});

describe("planNotes", () => {
  it("names the worker count a run will not use, and only then", () => {
    const options = (p: PlanOptions): string[] => planNotes(p).map((f) => `${f.option}/${f.conflictsWith ?? ""}`);
    expect(options({ workers: 2, continue: true })).toEqual(["workers/continue"]);
    expect(options({ workers: 2, search: "dfs" })).toEqual(["workers/dfs"]);
    // A reduction, forced or by default, runs on the workers (runtime/parallel/parallel-por.ts).
    expect(options({ workers: 2, por: true, porForced: true })).toEqual([]);
    expect(options({ workers: 2 })).toEqual([]);
    expect(options({ workers: 1, continue: true })).toEqual([]);
    expect(options({ workers: 2, por: true })).toEqual([]);
  });
});

/** The shipped mutex example (two processes, a lock, a few dozen states). */
async function mutex(): Promise<Model<unknown>> {
  const url = pathToFileURL(path.resolve("generated/examples/mutex/model.ts")).href;
  const mod = (await import(/* @vite-ignore */ url)) as { createModel: (w: string) => Model<unknown>; workloads: Record<string, unknown> };
  return mod.createModel(Object.keys(mod.workloads)[0] as string);
}

describe("checkWorkload refuses an invalid plan before it searches", () => {
  it("throws InvalidPlanError with the problems, sync and async", async () => {
    const model = await mutex();
    expect(() => checkWorkloadSync(model, { maxDepth: 3 })).toThrow(InvalidPlanError);
    await expect(checkWorkload(model, { continue: true, por: true })).rejects.toThrow(/continue: true and por: true cannot be combined/);
  });

  it("agrees with planProblems on random plans (a plan runs iff it has no problem)", async () => {
    const model = await mutex();
    const plan = fc.record(
      {
        search: fc.constantFrom<"bfs" | "dfs">("bfs", "dfs"),
        maxDepth: fc.integer({ min: 0, max: 20 }),
        maxStates: fc.integer({ min: 0, max: 100 }),
        symmetry: fc.boolean(),
        por: fc.boolean(),
        porForced: fc.boolean(),
        continue: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(plan, (p: WorkloadPlan) => {
        let refused = false;
        try {
          checkWorkloadSync(model, p);
        } catch (e) {
          if (!(e instanceof InvalidPlanError)) throw e;
          refused = true;
        }
        expect(refused).toBe(planProblems(p).length > 0);
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });
});
