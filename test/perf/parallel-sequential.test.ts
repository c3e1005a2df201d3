/**
 * The parallel BFS reports what the sequential BFS reports (issue 17 item 4): on every workload of the
 * shipped examples, on pfncache variants with violations, and on fuzz-generated specs (test/fuzz), two
 * and three workers — partitioned (owned-worker.ts, where the run steps packed words) from tiny tables,
 * and on the shared table split into ranges from the first level, rebalanced on every drift, from a tiny
 * table growing mid-level — give the sequential verdict, the identical counterexample (same parents,
 * the first violation in sequential order), and the same distinct-state count, depth and queue; also
 * under symmetry reduction.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkParallel, type ParallelOptions } from "../../runtime/parallel/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import type { Model } from "../../runtime/contract/model.js";
import { loadSpecText, ROOT, specFiles } from "../fuzz/harness.js";
import { wellFormedSpec } from "../fuzz/spec-arb.js";
import { expectSameSearch } from "./same-search.js";

/** Workloads larger than this are left to the other tests (each run starts worker threads). */
const CAP = 30_000;

/** Both parallel searches: the partitioned one wherever the run steps packed words (the default), and the shared-table one. */
const RUNS: readonly (ParallelOptions & { readonly workers: number })[] = [
  { workers: 2, prefixStates: 1, balanceMinMove: 1 },
  { workers: 3, initialSlots: 16 },
  { workers: 3, engine: "shared", prefixStates: 1, balanceMinMove: 1, initialSlots: 1024, growAhead: 0 },
];

type Mod = { readonly workloads: Record<string, unknown>; createModel(w: string): Model<unknown> };

/** Compares every run of `RUNS` with the sequential search on each workload of the module; returns how many were compared. */
async function compareAll(modulePath: string, tally: { violated: number }, only?: readonly string[], symmetry = false): Promise<number> {
  const mod = (await import(pathToFileURL(modulePath).href)) as Mod;
  let compared = 0;
  for (const w of only ?? Object.keys(mod.workloads)) {
    const model = mod.createModel(w);
    // The readable step methods sequentially; the workers run the packed step code where the run allows it.
    const seq = checkBfs(model, { maxStates: CAP, symmetry, stepCode: "object" });
    if (seq.verdict === "incomplete") continue;
    compared++;
    if (seq.verdict === "violated") tally.violated++;
    for (const o of RUNS) {
      const r = await checkParallel(modulePath, w, { ...o, symmetry });
      const what = `${path.relative(ROOT, modulePath)} ${w} ${JSON.stringify(o)}`;
      expectSameSearch(model, r, seq, what);
    }
  }
  return compared;
}

describe("parallel BFS = sequential BFS", () => {
  it("on every workload of the shipped examples", async () => {
    const tally = { violated: 0 };
    let compared = 0;
    for (const spec of specFiles("specs/examples").filter((f) => !f.includes("/refinement/"))) {
      const r = await compileTo(spec, `par-seq-${path.basename(spec, ".tspec")}`);
      compared += await compareAll(path.resolve(r.dir, "model.ts"), tally);
    }
    expect(compared).toBeGreaterThan(15);
    expect(tally.violated).toBeGreaterThan(5);
  }, 900_000);

  it("on pfncache variants with violations", async () => {
    const tally = { violated: 0 };
    for (const [spec, workloads] of [
      ["specs/pfncache/a-5.18.tspec", ["refresh-deactivate", "full"]],
      ["specs/pfncache/c-no-refresh-lock.tspec", ["refresh-refresh-past-warn", "reactivate-reader-past-warn", "refresh-refresh", "refresh-deactivate"]],
    ] as const) {
      const r = await compileTo(spec, `par-seq-${path.basename(spec, ".tspec")}`);
      await compareAll(path.resolve(r.dir, "model.ts"), tally, workloads);
    }
    expect(tally.violated).toBeGreaterThan(0);
  }, 900_000);

  it("under symmetry reduction", async () => {
    const tally = { violated: 0 };
    let compared = 0;
    for (const spec of ["test/models/mutexn-sym.tspec", "test/models/sym-forks.tspec", "test/models/sym-workers.tspec", "test/models/sym-two-types.tspec"]) {
      const r = await compileTo(spec, `par-seq-sym-${path.basename(spec, ".tspec")}`);
      compared += await compareAll(path.resolve(r.dir, "model.ts"), tally, undefined, true);
    }
    expect(compared).toBeGreaterThan(3);
  }, 900_000);

  it("on fuzz-generated specs", async () => {
    const tally = { violated: 0 };
    const texts = fc.sample(wellFormedSpec, { numRuns: 12, seed: 17 });
    let compared = 0;
    for (const [i, text] of texts.entries()) {
      const dir = `.cache/par-seq-fuzz/d${i}`;
      await loadSpecText(text, dir);
      compared += await compareAll(path.resolve(ROOT, dir, "model.ts"), tally);
    }
    expect(compared).toBeGreaterThan(6);
    expect(tally.violated).toBeGreaterThan(2);
  }, 900_000);
});
