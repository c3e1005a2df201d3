/**
 * The adaptive guard of partial-order reduction (runtime/reduce/guard.ts): it decides after its
 * sample and at each doubling, and a search it stops expands the rest fully — still with the same verdicts, and with the
 * full graph's counts when nothing was pruned before the stop.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { PorGuard, prunedFraction } from "../../runtime/reduce/guard.js";
import { BfsSearch, checkBfs } from "../../runtime/search/bfs.js";
import { runSync } from "../../runtime/search/explore.js";
import type { Model } from "../../runtime/contract/model.js";
import { compileTo } from "../emit/helpers.js";

describe("PorGuard", () => {
  it("stops after its sample when too little was pruned, and only then", () => {
    const g = new PorGuard({ sample: 3, minPruned: 0.25 });
    g.reducedExpansion(4, 3); // 1 of 4 pruned
    g.fullExpansion(4);
    expect(g.active).toBe(true);
    g.fullExpansion(4); // 1 of 12 pruned < 25%
    expect(g.active).toBe(false);
    expect(g.stats).toMatchObject({ reducedStates: 1, fullStates: 2, generated: 12, pruned: 1, stoppedAfter: 3 });
    expect(prunedFraction(g.stats)).toBeCloseTo(1 / 12);
  });

  it("keeps reducing when the sample pruned enough, and looks again at each doubling", () => {
    const g = new PorGuard({ sample: 2, minPruned: 0.25 });
    g.reducedExpansion(4, 2);
    g.reducedExpansion(4, 2); // check at 2: 4 of 8 pruned
    expect(g.active).toBe(true);
    g.fullExpansion(4);
    g.fullExpansion(4); // check at 4: 4 of 16 pruned, 25%: goes on
    expect(g.active).toBe(true);
    for (let i = 0; i < 3; i++) g.fullExpansion(4);
    expect(g.active).toBe(true); // 7 expansions: between checks
    g.fullExpansion(4); // check at 8: 4 of 32 pruned
    expect(g.active).toBe(false);
    expect(g.stats.stoppedAfter).toBe(8);
    g.provisoFailure();
    expect(g.stats.provisoFailures).toBe(1);
  });
});

describe("a search whose guard stops the reduction", () => {
  let grace: Model<unknown>;
  let noGrace: Model<unknown>;
  beforeAll(async () => {
    const r = await compileTo("specs/examples/rcu.tspec", "por-guard-rcu");
    const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
    grace = mod.createModel("grace-period");
    noGrace = mod.createModel("no-grace-period");
  }, 60_000);

  it("reduces with no guard, fully expands after a stop at once, and keeps the verdict", () => {
    const plain = checkBfs(grace);
    const free = new BfsSearch(grace, { por: true, porGuard: false });
    const reduced = runSync(free);
    expect(reduced.verdict).toBe("holds");
    expect(free.porStats.pruned).toBeGreaterThan(0);
    expect(reduced.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
    // Stopped after the first expansion, which pruned nothing (the initial state has no proper
    // stubborn set): the rest is the plain search, with its exact count.
    const stopped = new BfsSearch(grace, { por: true, porGuard: { sample: 1, minPruned: 1.01 } });
    const r = runSync(stopped);
    expect(stopped.porStats).toMatchObject({ stoppedAfter: 1, pruned: 0 });
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(plain.stats.distinctStates);
    expect(r.por?.stats.stoppedAfter).toBe(1);
    // Stopped after ten, which pruned some: a partly reduced graph, between the two.
    const later = new BfsSearch(grace, { por: true, porGuard: { sample: 10, minPruned: 1.01 } });
    const r10 = runSync(later);
    expect(later.porStats.pruned).toBeGreaterThan(0);
    expect(r10.verdict).toBe("holds");
    expect(r10.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
    expect(r10.stats.distinctStates).toBeGreaterThanOrEqual(reduced.stats.distinctStates);
  });

  it("finds the same violation with a shortest counterexample, the POR report marked re-derived", () => {
    const plain = checkBfs(noGrace);
    for (const porGuard of [false, { sample: 5, minPruned: 1.01 }] as const) {
      const r = checkBfs(noGrace, { por: true, porGuard });
      expect(r.violation?.kind).toBe(plain.violation?.kind);
      expect(r.trace?.length).toBe(plain.trace?.length);
      expect(r.stats.distinctStates).toBe(plain.stats.distinctStates);
      expect(r.por?.rederived).toBe(true);
    }
  });
});
