/** `check --workers`: when the safety search goes parallel (cli/parallel.ts), and what it reports. */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkSafety } from "../../cli/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import type { Model } from "../../runtime/contract/model.js";
import { jsonWorkload, spec2ts } from "./helpers.js";

async function load(spec: string, w: string): Promise<{ dir: string; model: Model<unknown> }> {
  const r = await compileTo(spec, `cli-par-${path.basename(spec, ".tspec")}`);
  const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
  return { dir: path.resolve(r.dir), model: mod.createModel(w) };
}

/** The generated module the workers import (checkSafety takes the model's file, not its directory). */
function modelFile(dir: string): string {
  return path.join(dir, "model.ts");
}

describe("check --workers", () => {
  it("restarts on the workers once the sequential search passes its budget", async () => {
    const { dir, model } = await load("test/models/mutexn.tspec", "n4k4");
    const seq = checkBfs(model);
    const par = await checkSafety(model, modelFile(dir), {}, { workers: 2, por: false, budget: 1000 });
    expect(par.workers).toBe(2);
    expect(par.result.verdict).toBe("holds");
    expect(par.result.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(par.result.stats.depth).toBe(seq.stats.depth);
    // The workers ran the step code on packed words, as the sequential search does here; --object-steps keeps them on objects.
    expect(seq.stepCode).toBe("packed");
    expect(par.result.stepCode).toBe("packed");
    const objects = await checkSafety(model, modelFile(dir), { stepCode: "object" }, { workers: 2, por: false, budget: 1000 });
    expect(objects.workers).toBe(2);
    expect(objects.result.stepCode).toBe("object");
    expect(objects.result.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(objects.result.stats.statesGenerated).toBe(par.result.stats.statesGenerated);
  }, 60_000);

  it("stays sequential within the budget, with --workers 1, or a state limit inside the budget", async () => {
    const { dir, model } = await load("test/models/mutexn.tspec", "n4k4");
    expect((await checkSafety(model, modelFile(dir), {}, { workers: 2, por: false, budget: 100_000 })).workers).toBe(1);
    expect((await checkSafety(model, modelFile(dir), {}, { workers: 1, por: false, budget: 1000 })).workers).toBe(1);
    const capped = await checkSafety(model, modelFile(dir), { maxStates: 500 }, { workers: 2, por: false, budget: 1000 });
    expect(capped.workers).toBe(1);
    expect(capped.result.limit).toBe("maxStates");
  }, 60_000);

  it("a symmetric search goes parallel too, with the sequential orbit count", async () => {
    const { dir, model } = await load("test/models/mutexn-sym.tspec", "n4k4");
    const seq = checkBfs(model, { symmetry: true });
    const par = await checkSafety(model, modelFile(dir), { symmetry: true }, { workers: 2, por: false, budget: 100 });
    expect(par.workers).toBe(2);
    expect(par.result.verdict).toBe("holds");
    expect(par.result.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(par.result.stats.distinctStates).toBeLessThan(checkBfs(model).stats.distinctStates);
    expect(par.result.stats.depth).toBe(seq.stats.depth);
    // Symmetry fingerprints orbits of state objects: the workers step objects, as the sequential search does.
    expect(par.result.stepCode).toBe("object");
  }, 60_000);

  it("POR (by default, or --por) restarts on the workers past the budget, which reduce as the sequential search does", async () => {
    const { dir, model } = await load("specs/examples/rcu.tspec", "three-readers");
    const full = checkBfs(model);
    // The guard keeps the reduction at 1,000 expansions and stops it at 2,000 (22.9%), on the workers as sequentially.
    const seq = checkBfs(model, { por: true });
    const guarded = await checkSafety(model, modelFile(dir), {}, { workers: 2, por: true, budget: 500 });
    expect(guarded.workers).toBe(2);
    expect(guarded.result.por).toEqual(seq.por);
    expect(guarded.result.por?.stats.stoppedAfter).toBe(2000);
    expect(guarded.result.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(guarded.result.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    // --por: no guard.
    const forced = await checkSafety(model, modelFile(dir), {}, { workers: 2, por: true, porForced: true, budget: 500 });
    expect(forced.workers).toBe(2);
    expect(forced.result.por).toEqual(checkBfs(model, { por: true, porGuard: false }).por);
    // BarriersPlusCal prunes nothing: the guard stops after 1,000, and the workers expand the rest fully.
    const b = await load("test/conformance/BarriersPlusCal/BarriersPlusCal.tspec", "Barriers");
    const stopped = await checkSafety(b.model, modelFile(b.dir), {}, { workers: 2, por: true, budget: 1500 });
    expect(stopped.workers).toBe(2);
    expect(stopped.result.por?.stats.stoppedAfter).toBe(1000);
    expect(stopped.result.stats.distinctStates).toBe(29_279);
  }, 120_000);

  it("a parallel violation keeps the shortest counterexample", async () => {
    const { dir, model } = await load("specs/pfncache/b2-6.2.tspec", "refresh-deactivate");
    const par = await checkSafety(model, modelFile(dir), {}, { workers: 2, por: false, budget: 10 });
    expect(par.workers).toBe(2);
    expect(par.result.violation?.property).toBe("ValidImpliesActive");
    expect(par.result.trace?.length).toBe(10);
  }, 60_000);

  it("--json says how many workers ran; --workers must be a positive integer", async () => {
    const r = await spec2ts(["check", "specs/examples/mutex.tspec", "-w", "two", "--json", "--workers", "2"]);
    expect(r.code).toBe(0);
    expect(jsonWorkload(r.stdout).workers).toBe(1);
    const bad = await spec2ts(["check", "specs/examples/mutex.tspec", "--workers", "0"]);
    expect(bad.code).toBe(2);
  }, 60_000);
});
