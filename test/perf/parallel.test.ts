/**
 * Parallel BFS (runtime/parallel/parallel.ts) against the sequential search: for 1, 2 and 3 workers the
 * same distinct-state count, depth and queue, and after a violation the sequential search's own
 * counterexample (identical trace: same parents, the first violation in sequential order) and state
 * count; limits, and table growth (level-boundary and mid-level) from a tiny table.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkParallel, type ParallelOptions, type ParallelResult } from "../../runtime/parallel/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";
import { traceKey } from "./same-search.js";

const CASES: readonly [string, string][] = [
  ["test/models/mutexn.tspec", "n4k4"],
  ["test/models/ticket-lock.tspec", "three"],
  ["test/models/counter.tspec", "three"],
  ["test/models/philosophers.tspec", "three"],
  ["test/models/naive-mutex.tspec", "two"],
  ["specs/pfncache/b2-external-lock.tspec", "full"],
  ["specs/pfncache/b2-6.2.tspec", "refresh-deactivate"],
  ["specs/pfncache/b2-6.2.tspec", "full"],
];

/** Worker counts and options: the redundant prefix only, the split right after level 1, and growth from a tiny table. */
const RUNS: readonly (ParallelOptions & { readonly workers: number })[] = [
  { workers: 1 },
  { workers: 2 },
  { workers: 2, prefixStates: 1 },
  { workers: 3, prefixStates: 1, initialSlots: 1024, growAhead: 0 },
];

async function load(spec: string, w: string): Promise<{ modulePath: string; model: Model<unknown> }> {
  const r = await compileTo(spec, `par-${path.basename(spec, ".tspec")}`);
  const modulePath = path.resolve(r.dir, "model.ts");
  const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<unknown> };
  return { modulePath, model: mod.createModel(w) };
}

/** The trace as compared across worker counts: steps, instances, picks and the states shown. */

describe("parallel BFS", () => {
  for (const [spec, w] of CASES) {
    it(`${spec} ${w}: same count, depth and counterexample for 1, 2 and 3 workers`, async () => {
      const { modulePath, model } = await load(spec, w);
      const seq = checkBfs(model);
      const runs: ParallelResult[] = [];
      for (const o of RUNS) runs.push(await checkParallel(modulePath, w, o));
      for (const [i, r] of runs.entries()) {
        const what = `${RUNS[i]!.workers} workers ${JSON.stringify(RUNS[i])}`;
        expect(r.verdict, what).toBe(seq.verdict);
        expect(r.parallel.workers, what).toBe(RUNS[i]!.workers);
        if (seq.verdict === "holds") {
          expect(r.stats.distinctStates, what).toBe(seq.stats.distinctStates);
          expect(r.stats.depth, what).toBe(seq.stats.depth);
          expect(r.stats.queue, what).toBe(seq.stats.queue);
          expect(r.stats.statesGenerated, what).toBe(seq.stats.statesGenerated);
          expect(r.coverage.counts, what).toEqual(seq.coverage.counts);
          expect(r.complete, what).toBe(true);
        } else {
          expect(r.violation?.kind, what).toBe(seq.violation?.kind);
          expect(r.violation?.property, what).toBe(seq.violation?.property);
          expect(r.trace?.length, what).toBe(seq.trace?.length);
          expect(r.stats.depth, what).toBe(seq.stats.depth);
          expect(r.stats.queue, what).toBe(seq.stats.queue);
          expect(r.stats.distinctStates, what).toBe(seq.stats.distinctStates);
          expect(validateTrace(model, r), what).toEqual([]);
          expect(traceKey(model, r), what).toBe(traceKey(model, seq));
        }
      }
    }, 120_000);
  }

  it("refresh-deactivate: the depth-10 ValidImpliesActive counterexample", async () => {
    const { modulePath, model } = await load("specs/pfncache/b2-6.2.tspec", "refresh-deactivate");
    const r = await checkParallel(modulePath, "refresh-deactivate", { workers: 2, prefixStates: 1 });
    expect(r.violation?.property).toBe("ValidImpliesActive");
    expect(r.trace?.length).toBe(10);
    expect(validateTrace(model, r)).toEqual([]);
  }, 60_000);

  it("grows the shared table at level boundaries and in the middle of a level", async () => {
    const { modulePath, model } = await load("test/models/mutexn.tspec", "n4k4");
    const seq = checkBfs(model);
    const shared = { engine: "shared" as const, workers: 2, prefixStates: 1, initialSlots: 1024 };
    const ahead = await checkParallel(modulePath, "n4k4", shared);
    const pause = await checkParallel(modulePath, "n4k4", { ...shared, growAhead: 0 });
    for (const r of [ahead, pause]) {
      expect(r.stats.distinctStates).toBe(seq.stats.distinctStates);
      // 12,288 states from 1,024 slots at load ≤ 0.85: at least four doublings.
      expect(r.parallel.growths).toBeGreaterThanOrEqual(4);
      expect(r.stats.storeBytes).toBeGreaterThanOrEqual(16384 * 4 + 12288 * 12);
    }
  }, 60_000);

  it("honours maxStates, maxSeconds and an abort signal", async () => {
    const { modulePath } = await load("test/models/mutexn.tspec", "peers-n5k8");
    const capped = await checkParallel(modulePath, "peers-n5k8", { workers: 2, maxStates: 5000 });
    expect(capped.verdict).toBe("incomplete");
    expect(capped.limit).toBe("maxStates");
    expect(capped.stats.distinctStates).toBeGreaterThanOrEqual(5000);
    // Checked every 64 new states per worker, plus one state's successors.
    expect(capped.stats.distinctStates).toBeLessThan(5000 + 2 * 64 + 100);
    const timed = await checkParallel(modulePath, "peers-n5k8", { workers: 2, maxSeconds: 0.001 });
    expect(timed.verdict).toBe("incomplete");
    expect(timed.limit).toBe("maxSeconds");
    expect(timed.stats.distinctStates).toBeLessThan(3670016);
    const ac = new AbortController();
    ac.abort();
    const aborted = await checkParallel(modulePath, "peers-n5k8", { workers: 2, signal: ac.signal });
    expect(aborted.verdict).toBe("incomplete");
    expect(aborted.limit).toBe("interrupted");
  }, 60_000);

  it("shared-table search: moves states between workers to even out the levels, and still finds the same states", async () => {
    const { modulePath, model } = await load("test/models/mutexn.tspec", "n4k4");
    const seq = checkBfs(model);
    // Every drift above 5% is corrected, from a tiny table (moves interleave with growth messages).
    const r = await checkParallel(modulePath, "n4k4", { engine: "shared", workers: 3, prefixStates: 1, balanceMinMove: 1, initialSlots: 1024, growAhead: 0 });
    expect(r.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(r.stats.depth).toBe(seq.stats.depth);
    const moved = r.parallel.donated.reduce((a, b) => a + b, 0);
    expect(moved).toBeGreaterThan(0);
    expect(r.parallel.received.reduce((a, b) => a + b, 0)).toBe(moved);
  }, 60_000);
});
