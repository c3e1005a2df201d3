/**
 * Determinism (issue "Robustness and safety"): the same spec and flags give byte-identical generated
 * code, identical statistics (distinct states, generated, depth, queue) and the identical
 * counterexample (steps, instances, picks and states) across repeated runs — for BFS, DFS and seeded
 * simulation, on repository specs and on a fresh module instance.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../generator/api.js";
import { checkBfs, checkDfs, simulate, type CheckResult, type Model } from "../../runtime/index.js";
import { ROOT, writeFiles } from "../fuzz/harness.js";

const SPECS: readonly [string, string][] = [
  ["specs/examples/racy-counter.tspec", "two"],
  ["test/fixtures/emit/kitchen.tspec", "small"],
  ["test/fixtures/hostile/injection.tspec", "two"],
];

function fingerprintOf(r: CheckResult<unknown>, m: Model<unknown>): unknown {
  const { seconds: _s, statesPerSec: _p, ...stats } = r.stats;
  void _s;
  void _p;
  return {
    verdict: r.verdict,
    complete: r.complete,
    limit: r.limit,
    violation: r.violation,
    stats,
    coverage: r.coverage.counts,
    trace: r.trace?.map((t) => ({ index: t.index, step: t.step?.name, instance: t.instance, picks: t.picks, view: m.view(t.state) })),
  };
}

describe("determinism", () => {
  it("generates byte-identical code for the same spec and flags", async () => {
    for (const [spec] of SPECS) {
      const a = await compileFile(spec, { outDir: ".cache/robustness/det/a" });
      const b = await compileFile(spec, { outDir: ".cache/robustness/det/a" });
      expect(a.files?.length, spec).toBeGreaterThan(0);
      expect(
        b.files?.map((f) => [f.path, f.content]),
        spec,
      ).toEqual(a.files?.map((f) => [f.path, f.content]));
    }
  });

  it("gives identical statistics and counterexamples across runs (BFS, DFS, seeded simulation)", async () => {
    let k = 0;
    for (const [spec, workload] of SPECS) {
      const runs: unknown[][] = [];
      for (let rep = 0; rep < 2; rep++) {
        // A separate module instance per repetition: no state may leak between runs.
        const dir = `.cache/robustness/det/${k++}`;
        const r = await compileFile(spec, { outDir: dir });
        writeFiles(new Map((r.files ?? []).map((f) => [f.path, f.content])));
        const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
        const out: unknown[] = [];
        for (let again = 0; again < 2; again++) {
          const m = mod.createModel(workload);
          out.push(fingerprintOf(checkBfs(m, { maxStates: 200_000 }), m));
          out.push(fingerprintOf(checkDfs(m, { maxStates: 200_000 }), m));
          out.push(fingerprintOf(simulate(m, { seed: 12345, runs: 200, maxDepth: 50 }), m));
        }
        runs.push(out);
      }
      const first = runs[0] as unknown[];
      expect(first[0], spec).toEqual(first[3]);
      expect(first[1], spec).toEqual(first[4]);
      expect(first[2], spec).toEqual(first[5]);
      expect(runs[1], spec).toEqual(first);
    }
  });
});
