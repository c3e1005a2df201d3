/** Limits stop searches cleanly with verdict `incomplete`, the limit's name and the stats so far. */
import { describe, expect, it } from "vitest";
import { checkBfs, checkBfsAsync } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { simulate } from "../../runtime/search/simulate.js";
import type { Stats } from "../../runtime/search/result.js";
import { matchesExpectation } from "../../runtime/search/expect.js";
import { mutexN, mutexNDistinct } from "./models.js";

describe("limits", () => {
  it("maxStates stops BFS, DFS and simulation", () => {
    const m = mutexN(4, 4);
    for (const r of [checkBfs(m, { maxStates: 1000 }), checkDfs(m, { maxStates: 1000 }), simulate(m, { maxStates: 1000, seed: 1, runs: 10_000 })]) {
      expect(r.verdict).toBe("incomplete");
      expect(r.limit).toBe("maxStates");
      expect(r.complete).toBe(false);
      expect(r.stats.distinctStates).toBeGreaterThanOrEqual(1000);
      expect(r.stats.distinctStates).toBeLessThan(1000 + 10);
      expect(matchesExpectation(r, { kind: "holds" }).ok).toBe(false);
    }
  });

  it("maxSeconds stops a long search", () => {
    const r = checkBfs(mutexN(5, 8), { maxSeconds: 0.05 });
    expect(r.verdict).toBe("incomplete");
    expect(r.limit).toBe("maxSeconds");
    expect(r.stats.seconds).toBeLessThan(1);
    expect(r.stats.distinctStates).toBeLessThan(mutexNDistinct(5, 8));
  });

  it("maxMemoryBytes stops when the RSS is over it (sampled at the first poll)", () => {
    const r = checkBfs(mutexN(4, 4), { maxMemoryBytes: 1 });
    expect(r.limit).toBe("maxMemory");
    expect(r.verdict).toBe("incomplete");
  });

  it("an aborted signal interrupts before any work", () => {
    const ac = new AbortController();
    ac.abort();
    const r = checkBfs(mutexN(3, 3), { signal: ac.signal });
    expect(r.limit).toBe("interrupted");
    expect(r.stats.distinctStates).toBe(0);
  });

  it("the async variant lets an abort from a timer stop the search", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const r = await checkBfsAsync(mutexN(5, 8), { signal: ac.signal }, 5);
    expect(r.verdict).toBe("incomplete");
    expect(r.limit).toBe("interrupted");
    expect(r.stats.distinctStates).toBeGreaterThan(0);
    expect(r.stats.distinctStates).toBeLessThan(mutexNDistinct(5, 8));
  });

  it("the async variant gives the same result as the synchronous one", async () => {
    const sync = checkBfs(mutexN(3, 3));
    const async = await checkBfsAsync(mutexN(3, 3), {}, 0);
    expect(async.stats.distinctStates).toBe(sync.stats.distinctStates);
    expect(async.stats.statesGenerated).toBe(sync.stats.statesGenerated);
    expect(async.verdict).toBe("holds");
  });

  it("reports progress with the stats so far", () => {
    const seen: Stats[] = [];
    checkBfs(mutexN(4, 4), { onProgress: (s) => seen.push(s), progressIntervalMs: 0 });
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) {
      expect((seen[i] as Stats).distinctStates).toBeGreaterThanOrEqual((seen[i - 1] as Stats).distinctStates);
    }
  });
});
