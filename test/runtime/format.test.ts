/** Human-readable and JSON rendering of results, and matching results against expectations. */
import { describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { simulate } from "../../runtime/search/simulate.js";
import { diffViews, formatResult, formatValue, resultToJson } from "../../runtime/search/format.js";
import { matchesExpectation } from "../../runtime/search/expect.js";
import { counter, lostUpdate, mutexN, naiveMutex, philosophers, picker } from "./models.js";

describe("formatResult", () => {
  it("prints numbered steps with only the changed variables, as dotted paths", () => {
    const m = naiveMutex();
    const text = formatResult(m, checkBfs(m));
    expect(text).toMatch(/^Verdict: violated — invariant MutualExclusion violated\n/);
    expect(text).toContain("Counterexample (5 states):");
    expect(text).toContain('Step 1: initial state\n  locked = false\n  P[0] = {pc: "check"}');
    expect(text).toContain('Step 4: P[0] set (naive.tspec:4)\n  locked: false → true\n  P[0].pc: "set" → "cs"\nStep 5');
    expect(text).toContain("Invariant MutualExclusion at naive.tspec:20 is violated in state 5.");
  });

  it("prints full states on request", () => {
    const m = naiveMutex();
    const text = formatResult(m, checkBfs(m), { full: true });
    expect(text).toContain('Step 5: P[1] set (naive.tspec:4)\n  locked = true\n  P[0] = {pc: "cs"}\n  P[1] = {pc: "cs"}');
  });

  it("names the failing step of an assertion", () => {
    const m = lostUpdate();
    const text = formatResult(m, checkBfs(m));
    expect(text).toContain("Step 6: Checker check (lost.tspec:9) fails:\n  assertion failed: x = 2 at lost.tspec:10:7");
  });

  it("explains a deadlock with the blocked reasons", () => {
    const m = philosophers(3);
    const text = formatResult(m, checkBfs(m));
    expect(text).toContain("Deadlock in state 4");
    expect(text).toContain("  Phil[2]: waits for lock fork[0] held by Phil[0]");
    expect(text).toContain('  forks[2]: none → 2\n  pc[2]: "first" → "second"');
  });

  it("shows picks and says what a verdict means", () => {
    expect(formatResult(picker(5), checkBfs(picker(5)))).toContain("Step 3: add (picker.tspec:3) with d = 2\n  x: 1 → 3");
    expect(formatResult(mutexN(2, 2), checkBfs(mutexN(2, 2)))).toMatch(
      /^Verdict: holds — all 32 reachable states explored \(bfs\)\n32 distinct states, 56 transitions, depth 10/,
    );
    expect(formatResult(mutexN(2, 2), checkDfs(mutexN(2, 2), { maxDepth: 3 }))).toMatch(/^Verdict: holds up to depth 3 — not exhaustive/);
    expect(formatResult(mutexN(2, 2), simulate(mutexN(2, 2), { seed: 3, runs: 5 }))).toMatch(/^Verdict: no violation found in 5 runs \(seed 3/);
    expect(formatResult(mutexN(2, 2), checkBfs(mutexN(2, 2), { maxStates: 5 }))).toMatch(/^Verdict: incomplete — stopped by the state limit/);
    expect(formatResult(counter({ limit: 1 }), checkBfs(counter({ limit: 1 })))).toContain("Step 2: inc (counter.tspec:4)\n  x: 0 → 1\nDeadlock in state 2");
  });
});

describe("diffViews / formatValue", () => {
  it("descends into records and equal-length arrays, and shows whole values otherwise", () => {
    const plain = (cs: ReturnType<typeof diffViews>): object[] => cs.map(({ path, before, after }) => ({ path, before, after }));
    expect(plain(diffViews({ a: 1, r: { x: [1, 2], y: "s" }, q: [1] }, { a: 1, r: { x: [1, 3], y: "s" }, q: [1, 2] }))).toEqual([
      { path: "r.x[1]", before: 2, after: 3 },
      { path: "q", before: [1], after: [1, 2] },
    ]);
    expect(plain(diffViews({ a: 1 }, { b: 2 }))).toEqual([
      { path: "a", before: 1, after: undefined },
      { path: "b", before: undefined, after: 2 },
    ]);
    expect(formatValue({ w: null, r: [1, 2], s: "x", b: true })).toBe('{w: none, r: [1, 2], s: "x", b: true}');
  });
});

describe("resultToJson", () => {
  it("has the documented shape", () => {
    const m = lostUpdate();
    const j = resultToJson(m, checkBfs(m));
    expect(j).toMatchObject({
      spec: "lost",
      workload: "default",
      verdict: "violated",
      violation: { kind: "assertion", message: "x = 2", location: "lost.tspec:10:7", action: "check", process: "Checker" },
      stats: { distinctStates: 14, statesGenerated: 15 },
    });
    expect(Object.keys(j.stats)).toEqual(["distinctStates", "statesGenerated", "depth", "seconds", "fingerprints"]);
    // The test models do not pack: hash compaction, 14 states.
    expect(j.stats.fingerprints).toEqual({ exact: false, bits: 64, collisionProbability: (14 * 13) / 2 ** 65 });
    expect(j.trace?.[0]).toEqual({ index: 1, action: "init", state: m.view(m.init()[0] as never) });
    expect(j.trace?.[1]).toMatchObject({ index: 2, process: "Inc[0]", action: "read", location: "lost.tspec:4" });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    expect(resultToJson(mutexN(2, 2), checkBfs(mutexN(2, 2))).trace).toBeUndefined();
  });
});

describe("matchesExpectation", () => {
  it("matches each verdict kind", () => {
    const naive = checkBfs(naiveMutex());
    expect(matchesExpectation(naive, { kind: "violates", property: "MutualExclusion" }).ok).toBe(true);
    expect(matchesExpectation(naive, { kind: "violates", property: "Other" })).toEqual({
      ok: false,
      description: "expected violates Other, got invariant MutualExclusion violated",
    });
    expect(matchesExpectation(naive, { kind: "holds" }).ok).toBe(false);
    expect(matchesExpectation(checkBfs(mutexN(2, 2)), { kind: "holds" }).ok).toBe(true);
    expect(matchesExpectation(checkBfs(philosophers(3)), { kind: "deadlock" }).ok).toBe(true);
    const lost = checkBfs(lostUpdate());
    expect(matchesExpectation(lost, { kind: "assertion" }).ok).toBe(true);
    expect(matchesExpectation(lost, { kind: "assertion", message: "x = 2" }).ok).toBe(true);
    expect(matchesExpectation(lost, { kind: "assertion", message: "other" }).ok).toBe(false);
    expect(matchesExpectation(checkBfs(philosophers(1)), { kind: "lock_error" }).ok).toBe(true);
    expect(matchesExpectation(checkBfs(counter({ limit: 4, invariantThrowsAt: 1 })), { kind: "spec_error" }).ok).toBe(true);
    const sim = matchesExpectation(simulate(mutexN(2, 2), { seed: 1, runs: 3 }), { kind: "holds" });
    expect(sim).toEqual({ ok: true, description: "expected holds: no violation found (simulation, not exhaustive)" });
  });
});
