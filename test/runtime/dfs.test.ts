/** DFS: same verdicts as BFS, stack traces, honest completeness under a depth bound. */
import { describe, expect, it } from "vitest";
import type { Model } from "../../runtime/contract/model.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { expectValidTrace, lostUpdate, mutexN, mutexNDistinct, naiveMutex, philosophers, picker } from "./models.js";

describe("checkDfs", () => {
  it("explores all of mutexN when unbounded", () => {
    const r = checkDfs(mutexN(3, 3));
    expect(r.verdict).toBe("holds");
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(mutexNDistinct(3, 3));
    expect(r.stats.statesGenerated).toBe(1296);
  });

  it("finds the same kinds of violations as BFS, with a valid stack trace", () => {
    const sameAsBfs = <S>(m: Model<S>): void => {
      const b = checkBfs(m);
      const d = checkDfs(m);
      expect(d.verdict).toBe("violated");
      expect(d.violation?.kind).toBe(b.violation?.kind);
      expect(d.trace?.length).toBeGreaterThanOrEqual(b.trace?.length ?? 0);
      expectValidTrace(m, d.trace ?? []);
    };
    sameAsBfs(naiveMutex());
    sameAsBfs(philosophers(3));
    sameAsBfs(lostUpdate());
    sameAsBfs(picker(7));
  });

  it("misses a violation beyond the depth bound and says the search was not complete", () => {
    const m = naiveMutex();
    const shallow = checkDfs(m, { maxDepth: 4 });
    expect(shallow.verdict).toBe("holds");
    expect(shallow.complete).toBe(false);
    expect(shallow.stats.cutOff).toBeGreaterThan(0);
    expect(shallow.maxDepth).toBe(4);
    expect(shallow.stats.depth).toBeLessThanOrEqual(4);
    const enough = checkDfs(m, { maxDepth: 5 });
    expect(enough.verdict).toBe("violated");
    expect(enough.trace).toHaveLength(5);
    expectValidTrace(m, enough.trace ?? []);
  });

  it("is complete when the bound covers the longest shortest path (re-exploring shallower paths)", () => {
    const m = mutexN(3, 2);
    const depth = checkBfs(m).stats.depth;
    const exact = checkDfs(m, { maxDepth: depth });
    expect(exact.verdict).toBe("holds");
    expect(exact.complete).toBe(true);
    expect(exact.stats.cutOff).toBe(0);
    expect(exact.stats.distinctStates).toBe(mutexNDistinct(3, 2));
    const short = checkDfs(m, { maxDepth: depth - 1 });
    expect(short.complete).toBe(false);
    expect(short.stats.distinctStates).toBeLessThan(mutexNDistinct(3, 2));
  });

  it("checks deadlocks at the bound", () => {
    // The philosophers' deadlock state is at depth 4; with maxDepth 4 it is reached and expanded.
    expect(checkDfs(philosophers(3), { maxDepth: 4 }).violation?.kind).toBe("deadlock");
  });
});
