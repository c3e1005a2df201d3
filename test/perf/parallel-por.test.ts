/**
 * Partial-order reduction on the parallel BFS (runtime/parallel/parallel-por.ts) is the sequential POR
 * search (runtime/search/bfs.ts): with 1, 2 and 3 workers — split into ranges from the first level and
 * rebalanced on every drift, from a tiny table growing mid-level, or with the default prefix where every
 * worker expands the small levels — the reduced graph has the sequential distinct-state count, depth and
 * queue, the verdict and the counterexample are the sequential ones (same parents: the reduced search's
 * own trace, `porShortest: false`), and the reduction's statistics (states reduced and expanded fully,
 * proviso failures, successors generated and pruned, where the guard stopped) are equal. On pfncache
 * workloads (holding and violated, with cycle-proviso failures), shipped examples with several processes
 * and POR-shaped generated specs (test/perf/por-arb.ts: processes spinning in cycles), under the guard's
 * default, guards that stop the reduction or keep it through many checkpoints (decided inline in the
 * prefix, and by the planning pass after the split), and no guard. Every compared group must contain
 * workloads the reduction shrinks, so a worker that expanded fully would fail here.
 * Also: the shortest-counterexample re-run (`porShortest`, re-derived by a plain parallel search) and
 * the CLI's path (`searchSafety` restarting a POR search on the workers past its budget).
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkParallel, type ParallelOptions } from "../../runtime/parallel/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { POR_GUARD, type PorGuardOptions } from "../../runtime/reduce/guard.js";
import { searchSafety } from "../../runtime/workload/safety.js";
import type { Model } from "../../runtime/contract/model.js";
import { loadSpecText, ROOT } from "../fuzz/harness.js";
import { porSpec } from "./por-arb.js";
import { expectSameSearch, traceKey } from "./same-search.js";

type Mod = { readonly workloads: Record<string, unknown>; createModel(w: string): Model<unknown> };
type Guard = PorGuardOptions | false;

const RUNS: readonly (ParallelOptions & { readonly workers: number })[] = [
  { workers: 1 },
  { workers: 2, prefixStates: 1, balanceMinMove: 1 },
  { workers: 3, prefixStates: 1, balanceMinMove: 1, initialSlots: 1024, growAhead: 0 },
];

/**
 * Guards that stop the reduction after passing a few checkpoints (d-mainline lifecycle-race: at the
 * 256th expansion, 30.5% pruned up to there; b2-6.2 reactivate-reader-oops: at the 32nd, before the
 * violation), and one that keeps it through checkpoint after checkpoint.
 */
const LATE_STOP: Guard = { sample: 16, minPruned: 0.31 };
const EARLY_STOP: Guard = { sample: 4, minPruned: 0.25 };
const KEEPS: Guard = { sample: 16, minPruned: 0.1 };

/** What the comparisons covered (each group asserts on it). */
interface Tally {
  compared: number;
  violated: number;
  /** Comparisons where the reduced graph is smaller than the full one. */
  reduced: number;
  provisoFailures: number;
  stopped: number;
}
const tally = (): Tally => ({ compared: 0, violated: 0, reduced: 0, provisoFailures: 0, stopped: 0 });

/** Compares the workers with the sequential POR search on workload `w` of the module, under `guard`. */
async function compare(modulePath: string, w: string, guard: Guard, t: Tally, runs = RUNS, cap = 20_000): Promise<void> {
  const mod = (await import(pathToFileURL(modulePath).href)) as Mod;
  const model = mod.createModel(w);
  const seq = checkBfs(model, { por: true, porShortest: false, porGuard: guard, maxStates: cap });
  if (seq.verdict === "incomplete") return;
  const plain = checkBfs(model, { maxStates: cap });
  t.compared++;
  if (seq.verdict === "violated") t.violated++;
  if (seq.verdict === "holds" && seq.stats.distinctStates < plain.stats.distinctStates) t.reduced++;
  if (seq.verdict === "violated" && seq.por!.stats.pruned > 0) t.reduced++;
  t.provisoFailures += seq.por!.stats.provisoFailures;
  if (seq.por!.stats.stoppedAfter !== undefined) t.stopped++;
  for (const o of runs) {
    const r = await checkParallel(modulePath, w, { ...o, por: true, porShortest: false, porGuard: guard });
    const what = `${path.relative(ROOT, modulePath)} ${w} guard ${JSON.stringify(guard)} ${JSON.stringify(o)}`;
    expectSameSearch(model, r, seq, what);
    expect(r.por, what).toEqual(seq.por);
    if (seq.verdict === "holds") expect(r.coverage, what).toEqual(seq.coverage);
  }
}

async function compiled(spec: string): Promise<string> {
  const r = await compileTo(spec, `par-por-${path.basename(spec, ".tspec")}`);
  return path.resolve(r.dir, "model.ts");
}

describe("parallel BFS with partial-order reduction = sequential POR search", () => {
  it("on pfncache workloads", async () => {
    const t = tally();
    const lifecycle = await compiled("specs/pfncache/d-mainline.tspec");
    for (const guard of [POR_GUARD, LATE_STOP, KEEPS, false] as const) await compare(lifecycle, "lifecycle-race", guard, t);
    // A violation with a 19-state counterexample (the guard stops the reduction on the way), and one with proviso failures.
    await compare(await compiled("specs/pfncache/b2-6.2.tspec"), "reactivate-reader-oops", EARLY_STOP, t);
    await compare(await compiled("specs/pfncache/c-no-refresh-lock.tspec"), "refresh-refresh", false, t);
    expect(t.compared).toBe(6);
    expect(t.violated).toBe(2);
    expect(t.reduced).toBe(6);
    expect(t.provisoFailures).toBeGreaterThan(0);
    expect(t.stopped).toBe(2);
  }, 600_000);

  it("on shipped examples with several processes", async () => {
    const t = tally();
    const two = RUNS.slice(1);
    await compare(await compiled("specs/examples/rcu.tspec"), "three-readers", KEEPS, t, two);
    await compare(await compiled("specs/examples/rcu.tspec"), "no-grace-period", false, t, two);
    await compare(await compiled("specs/examples/double-checked-locking.tspec"), "correct", false, t, two);
    await compare(await compiled("specs/examples/lost-wakeup.tspec"), "test-then-queue", false, t, two);
    await compare(await compiled("specs/examples/seqlock.tspec"), "no-odd-check", POR_GUARD, t, two);
    expect(t.compared).toBe(5);
    expect(t.violated).toBe(3);
    expect(t.reduced).toBe(5);
  }, 600_000);

  it("on POR-shaped generated specs", async () => {
    const t = tally();
    const texts = fc.sample(porSpec, { numRuns: 4, seed: 17 });
    for (const [i, text] of texts.entries()) {
      const dir = `.cache/par-por-fuzz/d${i}`;
      await loadSpecText(text, dir);
      await compare(path.resolve(ROOT, dir, "model.ts"), "w", i % 2 === 0 ? false : KEEPS, t, RUNS.slice(1), 5_000);
    }
    expect(t.compared).toBeGreaterThan(2);
    expect(t.reduced).toBeGreaterThan(0);
  }, 600_000);

  it("re-derives a violation as a shortest counterexample, as checkBfs does", async () => {
    const modulePath = await compiled("specs/pfncache/b2-6.2.tspec");
    const model = ((await import(pathToFileURL(modulePath).href)) as Mod).createModel("reactivate-reader-oops");
    const seq = checkBfs(model, { por: true, porGuard: false });
    expect(seq.por?.rederived).toBe(true);
    const r = await checkParallel(modulePath, "reactivate-reader-oops", { workers: 2, prefixStates: 1, por: true, porGuard: false });
    expect(traceKey(model, r)).toBe(traceKey(model, seq));
    expect(r.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(r.por).toEqual(seq.por);
  }, 600_000);

  it("runs on the workers when the search outgrows the sequential budget (the CLI's path)", async () => {
    const modulePath = await compiled("specs/pfncache/d-mainline.tspec");
    const model = ((await import(pathToFileURL(modulePath).href)) as Mod).createModel("lifecycle-race");
    const seq = checkBfs(model, { por: true });
    const run = await searchSafety(model, {}, { workers: 2, por: true, budget: 200, modelFile: modulePath });
    expect(run.workers).toBe(2);
    expect(run.result.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(run.result.por).toEqual(seq.por);
    expect(seq.stats.distinctStates).toBeLessThan(checkBfs(model, {}).stats.distinctStates);
  }, 600_000);
});
